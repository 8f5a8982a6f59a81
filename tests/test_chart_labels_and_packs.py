"""Chart and pack details: markers that need no emoji font, chart labels that keep the year, ties stated as
ties, packs without empty charts and with one measure word per axis."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import SHIPPED_CONFIG
from tests.numbers_fixtures import make
from tracker.app.styling import warning_markdown, warning_text
from tracker.config import load_config
from tracker.reports import brief, charts
from tracker.store.db import connect_readonly

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("details"), SHIPPED_CONFIG)


def gather(project: Path, **options: object) -> brief.BriefData:
    config = load_config(project, must_exist=True)
    con = connect_readonly(config.database_path)
    try:
        return brief.gather(con, config, brief.BriefOptions(as_of=AS_OF, lang="zh", **options))  # type: ignore[arg-type]
    finally:
        con.close()


def _emoji(text: str) -> list[str]:
    return [ch for ch in text if ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) <= 0x27BF or ch == "\ufe0f"]


def test_warning_markers_are_text_not_emoji() -> None:
    assert warning_text("red", "zh") == "● 红灯" and warning_text("yellow", "en") == "● Yellow"
    assert warning_markdown("red", "zh") == ":red[● 红灯]" and warning_text("grey", "zh") == ""
    shown = [p for folder in ("tracker", "pages") for p in (ROOT / folder).rglob("*.py")] + [
        ROOT / "dashboard.py"
    ]
    found = {str(p.relative_to(ROOT)): _emoji(p.read_text(encoding="utf-8")) for p in shown}
    assert {k: v for k, v in found.items() if v} == {}  # nothing shown depends on a colour-emoji font


def test_meeting_labels_keep_the_year_when_the_meetings_span_years() -> None:
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-12-18", "2025-03-10"]),
            "title": ["冬季会", "春季会"],
            "n_commitments": [2, 3],
        }
    )
    fig = charts.meetings_bar(frame, "会议 · 2024年12月18日至2025年3月10日会议", "zh")
    assert list(fig.data[0].y) == ["2024-12-18 冬季会", "2025-03-10 春季会"]
    one_year = charts.meetings_bar(frame.iloc[:1], "会议", "zh")
    assert list(one_year.data[0].y) == ["12-18 冬季会"]  # the subtitle carries the year


def test_the_packs_meeting_chart_keeps_the_year(project: Path) -> None:
    fig = brief.build_chart(gather(project), "meetings")
    assert [y.split()[0] for y in fig.data[0].y] == ["2024-11-20", "2024-12-18", "2025-03-10"]


def test_ties_are_stated_as_ties(project: Path) -> None:
    data = gather(project, meetings=("m3",))  # 公安局, 红山街道, 教育体育局: one item each
    units = brief.CHARTS_BY_NAME["units"].takeaway(data)
    assert units == "3个单位有事项，公安局、教育体育局、红山街道并列最多（各1项）。"
    depts = brief.CHARTS_BY_NAME["departments"].takeaway(data)
    assert "公安局、教育体育局并列最多（各1项）" in depts
    # m2: 尚店镇 leads c-q1 and is responsible for c-p1 (红山街道's): every holder counts
    held = brief.CHARTS_BY_NAME["units"].takeaway(gather(project, meetings=("m2",)))
    assert held == "4个单位有事项，尚店镇最多（2项）。"
    alone = brief.CHARTS_BY_NAME["units"].takeaway(gather(project))
    assert "教育体育局最多（4项）" in alone and "并列" not in alone
    meetings = brief.CHARTS_BY_NAME["meetings"].takeaway(gather(project, units=("公安局",)))
    assert meetings == "2次会议共提出2项事项，测试冬季调度会、测试春季部署会并列最多（各1项）。"


def test_the_pack_leaves_out_charts_with_nothing_to_show(project: Path) -> None:
    data = gather(project, units=("财政局",))  # items, no reports, no figures, no department-town links
    assert brief.skipped_charts(data) == ("towns", "links", "progress", "figures")
    pack = brief.outline(data)
    assert "towns" not in pack.chart_names and len(pack.charts) == len(brief.DEFAULT_CHARTS) - 4
    assert (
        "以下图表在所选范围内没有数据，未列出：各乡镇（街道）承担事项、部门与乡镇共同事项、各单位平均完成进度、报道中的数字指标。"
        in pack.notes
    )


def test_figures_are_never_compared_across_measure_words(project: Path) -> None:
    fig = brief.build_chart(gather(project), "figures")
    per_axis: dict[str, set[str]] = {}
    for trace in fig.data:
        per_axis.setdefault(trace.xaxis or "x", set()).update(c[1] for c in trace.customdata)
    assert all(len(measures) == 1 for measures in per_axis.values()), per_axis
    assert sorted(m for ms in per_axis.values() for m in ms) == sorted(["个", "人", "亩"])
    titles = {a.text for a in fig.layout.annotations}
    assert titles == {"以“个”计（1项）", "以“亩”计（1项）", "以“人”计（1项）"}  # the pack shows three panels
    takeaway = brief.CHARTS_BY_NAME["figures"].takeaway(gather(project))
    assert "涉及4种量词" in takeaway and "图中分3栏、每栏最多4项，共画出3项" in takeaway
    page = charts.figures_chart(gather(project).figures.assign(group="g"), "指标", "zh")  # the dashboard: all
    axes: dict[str, set[str]] = {}
    for trace in page.data:
        axes.setdefault(trace.xaxis or "x", set()).update(c[1] for c in trace.customdata)
    assert sorted(m for ms in axes.values() for m in ms) == sorted(["个", "人", "亩", "元"])
    assert all(len(ms) == 1 for ms in axes.values())
