"""One definition per number: the dashboard's headline figures and a briefing pack's agree for several
filters, units and as-of dates on a varied synthetic database, and "as of" means as known on that day."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from tests.conftest import SHIPPED_CONFIG
from tests.numbers_fixtures import MEETINGS, UNITS, make
from tracker import app as ui
from tracker.cli import main as tracker_main
from tracker.config import load_config
from tracker.progress.status import commitment_status, status_view
from tracker.reports import brief
from tracker.store import queries
from tracker.store.db import connect_readonly

ROOT = Path(__file__).resolve().parent.parent
AS_OF = (dt.date(2025, 12, 31), dt.date(2026, 6, 30))
# (name, sidebar settings, pack options): the same selection on both sides
SELECTIONS = [
    ("all", {}, {}),
    ("year 2025", {"period": "2025"}, {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31)}),
    ("one meeting", {"meeting": ["m2"]}, {"meetings": ("m2",)}),
    ("two units", {"unit": ["u-hs", "u-edu"]}, {"units": ("红山街道", "教育体育局")}),
]
METRICS = {  # overview metric label -> queries.headline key
    "会议与文件": "meetings",
    "事项": "commitments",
    "有事项的单位": "units",
    "数据指标": "figures",
    "已逾期": "overdue",
    "从未更新": "no_report",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("numbers"), SHIPPED_CONFIG)


def pack_data(config_path: Path, as_of: dt.date, **options: object) -> brief.BriefData:
    config = load_config(config_path, must_exist=True)
    con = connect_readonly(config.database_path)
    try:
        return brief.gather(con, config, brief.BriefOptions(as_of=as_of, **options))  # type: ignore[arg-type]
    finally:
        con.close()


def overview(project: Path, monkeypatch: pytest.MonkeyPatch, as_of: dt.date, sidebar: dict) -> dict[str, int]:
    monkeypatch.setenv(ui.CONFIG_ENV, str(project))
    monkeypatch.setenv(ui.TODAY_ENV, as_of.isoformat())
    monkeypatch.setenv(ui.AUTO_REBUILD_ENV, "0")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    for key, value in sidebar.items():
        widget = at.selectbox(key=key) if key == "period" else at.multiselect(key=key)
        widget.set_value(value).run()
    assert not at.exception and not at.error, ([e.value for e in at.exception], [e.value for e in at.error])
    return {key: int(next(m.value for m in at.metric if m.label == label)) for label, key in METRICS.items()}


@pytest.mark.parametrize("as_of", AS_OF, ids=str)
@pytest.mark.parametrize(("name", "sidebar", "options"), SELECTIONS, ids=[s[0] for s in SELECTIONS])
def test_the_overview_and_the_pack_show_the_same_headline_figures(
    project: Path, monkeypatch: pytest.MonkeyPatch, as_of: dt.date, name: str, sidebar: dict, options: dict
) -> None:
    shown = overview(project, monkeypatch, as_of, sidebar)
    data = pack_data(project, as_of, **options)
    assert shown == {key: data.counts[key] for key in shown}, name
    head = dict(brief.headline(data))  # what the summary slide prints
    assert head["会议与文件"] == f"{shown['meetings']}个" and head["事项"] == f"{shown['commitments']}项"
    assert (
        head["有事项的单位（部门、乡镇）"] == f"{shown['units']}个"
        and head["逾期"] == f"{shown['overdue']}项"
    )
    assert head["报道指标"] == f"{shown['figures']}项"


def test_the_synthetic_numbers_are_what_the_fixture_says(project: Path) -> None:
    """Worked out by hand from numbers_fixtures, so the comparisons above compare something."""
    data = pack_data(project, AS_OF[0])
    c = data.counts
    # m4 (2026-02-05) is not known on 2025-12-31; c-x1 and c-x2 have no meeting and are counted
    assert (c["meetings"], c["commitments"], c["figures"]) == (3, 15, 4)
    assert c["units"] == 5  # 红山街道, 尚店镇, 教育体育局, 公安局, 财政局 (八台镇 has nothing)
    assert c["done"] == 2  # c-t1 and c-t4; c-t5 is done only from 2026-01-15
    # past due on 2025-12-31 and not done: r1, r1a, r1b, t2, t3, p1, p2, p3, q1; r1a and p2 have dates in the text
    assert (c["overdue"], c["overdue_assumed"]) == (9, 7)
    later = pack_data(project, AS_OF[1]).counts
    assert (later["meetings"], later["commitments"], later["figures"], later["done"]) == (4, 17, 5, 3)


def test_n_meetings_counts_the_meetings_of_the_selected_items(project: Path) -> None:
    data = pack_data(project, AS_OF[0], units=("红山街道", "教育体育局"))
    # 红山街道 and 教育体育局 have items from m1, m2 and m3 (and c-x1 from no meeting), not from every meeting
    note = brief.summary_notes(data)[0]
    assert note.startswith("3次会议共提出事项6项，另有1项未归入具体会议；合计7项")
    one = pack_data(project, AS_OF[0], units=("尚店镇",))
    assert brief.summary_notes(one)[0].startswith("2次会议共提出事项2项；")  # c-r1b (m1) and c-q1 (m2)
    assert sorted(one.commitments["meeting_id"].unique()) == ["m1", "m2"]


def test_items_without_a_meeting_are_in_the_pack_as_on_the_dashboard(project: Path) -> None:
    data = pack_data(project, AS_OF[0])
    assert {"c-x1", "c-x2"} <= set(data.commitments["commitment_id"])
    assert "f4" in set(data.figures["figure_id"])


def test_as_of_ignores_later_entries_evidence_and_meetings(project: Path) -> None:
    config = load_config(project, must_exist=True)
    con = connect_readonly(config.database_path)
    try:
        early = commitment_status(con, config, as_of=AS_OF[0]).set_index("commitment_id")
        late = commitment_status(con, config, as_of=AS_OF[1]).set_index("commitment_id")
    finally:
        con.close()
    assert (
        early.loc["c-t5", "status"] == "推进中" and early.loc["c-t5", "percent"] == 60
    )  # 2026-01-15 not yet
    assert late.loc["c-t5", "status"] == "已完成"
    assert early.loc["c-t6", "status"] == "未填报" and late.loc["c-t6", "status"] == "推进中"
    assert early.loc["c-t2", "evidence_count"] == 0 and late.loc["c-t2", "evidence_count"] == 1
    assert set(pack_data(project, AS_OF[0]).meetings["meeting_id"]) == {"m1", "m2", "m3"}


def test_brief_as_of_does_not_count_an_entry_dated_later(project: Path, tmp_path: Path) -> None:
    """`python -m tracker brief --as-of 2025-12-31` with an entry dated 2026 (c-t5 done on 2026-01-15)."""
    config = load_config(project, must_exist=True)
    done = {}
    for as_of in AS_OF:
        out = tmp_path / f"brief-{as_of}.pptx"
        args = ["brief", "--config", str(project), "--db", str(config.database_path), "--chart", "status"]
        assert tracker_main([*args, "--as-of", as_of.isoformat(), "--out", str(out)]) == 0
        summary = Presentation(io.BytesIO(out.read_bytes())).slides[1]
        texts = [s.text_frame.text for s in summary.shapes if s.has_text_frame]
        done[as_of] = next(t.split("\n")[0] for t in texts if t.endswith("\n已完成"))
    assert done == {AS_OF[0]: "2项", AS_OF[1]: "3项"}


def test_the_dashboards_commitments_are_the_packs_rows(project: Path) -> None:
    """Not only the totals: the same commitments, with the same status and due date, on both sides."""
    config = load_config(project, must_exist=True)
    data = pack_data(project, AS_OF[0], units=("红山街道",))
    con = connect_readonly(config.database_path)
    try:
        f = queries.Filters(unit_ids=("u-hs",), as_of=AS_OF[0])
        rows = queries.commitments(con, f, status=status_view(con, config, AS_OF[0]))
    finally:
        con.close()
    key = ["commitment_id", "status", "due_source"]
    assert sorted(map(tuple, rows[key].values.tolist())) == sorted(
        map(tuple, data.commitments[key].values.tolist())
    )
    assert set(MEETINGS) >= set(data.commitments["meeting_id"].dropna()) and UNITS["u-hs"][0] == "红山街道"


def _bar_totals(fig: dict) -> dict[str, int]:
    """Per unit, the sum of its stacked bars in a plotly figure's JSON (units with 0 left out)."""
    out: dict[str, int] = {}
    for trace in fig["data"]:
        for unit, n in zip(trace["y"], trace["x"], strict=True):
            out[unit] = out.get(unit, 0) + int(n)
    return {u: n for u, n in out.items() if n}


@pytest.mark.parametrize("as_of", AS_OF, ids=str)
@pytest.mark.parametrize(("page", "chart"), [("towns", "towns"), ("departments", "departments")])
def test_the_unit_pages_and_the_packs_unit_charts_count_every_holder_alike(
    project: Path, monkeypatch: pytest.MonkeyPatch, as_of: dt.date, page: str, chart: str
) -> None:
    monkeypatch.setenv(ui.CONFIG_ENV, str(project))
    monkeypatch.setenv(ui.TODAY_ENV, as_of.isoformat())
    monkeypatch.setenv(ui.AUTO_REBUILD_ENV, "0")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception and not at.error
    shown = _bar_totals(json.loads(at.get("plotly_chart")[0].proto.spec))
    packed = _bar_totals(json.loads(brief.build_chart(pack_data(project, as_of), chart).to_json()))
    assert shown == packed
    if as_of == AS_OF[0]:
        # worked out by hand: 尚店镇 is responsible for c-p1, 财政局 supports c-t2 (each also counted under its lead)
        expected = (
            {"红山街道": 3, "尚店镇": 3} if page == "towns" else {"教育体育局": 4, "公安局": 2, "财政局": 3}
        )
        assert shown == expected


def test_a_units_list_says_how_it_holds_each_commitment(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ui.CONFIG_ENV, str(project))
    monkeypatch.setenv(ui.TODAY_ENV, AS_OF[0].isoformat())
    monkeypatch.setenv(ui.AUTO_REBUILD_ENV, "0")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page("pages/departments.py").run()
    at.selectbox(key="pick_department").set_value("财政局").run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    roles = dict(zip(table["事项"], table["承担方式"], strict=True))
    assert roles == {"测试事项c-t3": "牵头", "测试事项c-p3": "牵头", "测试事项c-t2": "配合"}
    assert any("其中牵头 2 项、负责 0 项、配合 1 项" in c.value for c in at.caption)
