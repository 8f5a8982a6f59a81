"""Assumed versus stated due dates: a due date the text states and one the config's default rule
assumed look different everywhere — table cell style and legend, pack table mark and footnote, the due chart —
overdue counts are split by the two, and the overview says how many deadlines were assumed and by which rule."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pptx import Presentation
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from tests.conftest import SHIPPED_CONFIG
from tests.numbers_fixtures import make
from tracker import app as ui
from tracker.config import load_config
from tracker.reports import brief
from tracker.store import queries
from tracker.store.db import connect_readonly

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2025, 12, 31)
# on 2025-12-31 (fixture): 15 commitments known; the text states the due dates of c-r1a, c-t1, c-p2 and c-t5,
# c-x1 and c-x2 have no meeting and so no default: 9 are assumed. Overdue: c-r1a and c-p2 (stated), 7 assumed.
STATED = {"c-r1a", "c-t1", "c-p2", "c-t5"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("assumed"), SHIPPED_CONFIG)


@pytest.fixture
def at(project: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    monkeypatch.setenv(ui.CONFIG_ENV, str(project))
    monkeypatch.setenv(ui.TODAY_ENV, AS_OF.isoformat())
    monkeypatch.setenv(ui.AUTO_REBUILD_ENV, "0")
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()


def test_the_overview_says_how_many_deadlines_were_assumed_and_splits_overdue(at: AppTest) -> None:
    assert not at.exception
    captions = [c.value for c in at.caption]
    assumed = next(c for c in captions if "项事项的截止日期是按默认规则推定的" in c)
    assert assumed.startswith("9 项") and "单位任务：年底" in assumed and "要求：年底" in assumed
    assert "逾期 9 项：原文写明时限的 2 项，按默认时限推定的 7 项。" in captions
    assert [t.label for t in at.tabs] == ["原文写明时限（2）", "默认推定时限（7）"]


def _styled(df) -> tuple[list[str], set[int]]:  # noqa: ANN001
    """A table's displayed due column and the rows whose due cell is grey italic."""
    shown = convert_arrow_bytes_to_pandas_df(df.proto.arrow_data.styler.display_values)
    col = list(df.value.columns).index("截止日期")
    css = df.proto.arrow_data.styler.styles
    italic = set()
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        if "italic" in body:
            italic |= {int(r) for r, c in re.findall(r"row(\d+)_col(\d+)", selectors) if int(c) == col}
    return [str(v) for v in shown.iloc[:, col]], italic


def test_tables_show_assumed_due_dates_grey_italic_and_marked_with_a_legend(at: AppTest) -> None:
    at.switch_page("pages/commitments.py").run()
    table = at.dataframe[0]
    ids = list(
        at.session_state["_tracker_page_context"].call(
            queries.commitments, at.session_state["_tracker_page_context"].filters
        )["commitment_id"]
    )
    due, italic = _styled(table)
    raw = table.value["截止日期"]
    for i, cid in enumerate(ids):
        if cid in STATED:
            assert i not in italic and due[i] == str(raw.iloc[i]) and "默认" not in due[i], cid
        elif raw.iloc[i] is not None and str(raw.iloc[i]) not in ("NaT", "None"):
            assert i in italic and due[i] == f"{raw.iloc[i]}（默认）", cid
    assert len(italic) == 9
    assert any(c.value.startswith("灰色、标“（默认）”的截止日期是按默认规则推定的") for c in at.caption)


def test_the_pack_marks_assumed_dates_and_says_how_they_were_set(project: Path) -> None:
    config = load_config(project, must_exist=True)
    con = connect_readonly(config.database_path)
    try:
        data = brief.gather(con, config, brief.BriefOptions(as_of=AS_OF, charts=("due",), lang="zh"))
    finally:
        con.close()
    cells = {r[0]: r[2] for r in brief.overdue_cells(data)}
    table = brief.overdue_table(data)
    for title, cid, source in zip(table["title"], table["commitment_id"], table["due_source"], strict=True):
        assert cells[title].endswith("（默认）") == (source == "default"), cid
    assert cells["测试事项c-p2"] == "2025-03-31"  # stated in the text: no mark
    footnote = brief.overdue_footnote(data)
    assert (
        footnote.startswith("（默认）：原文未写明完成时限，按配置的默认规则推定")
        and "单位任务：年底" in footnote
    )
    assert any("9项事项的完成时限是按默认规则推定的" in n for n in brief.summary_notes(data))
    due = brief.build_chart(data, "due")
    assert [tr.name for tr in due.data] == ["原文写明的时限", "默认推定的时限"]
    assert sum(sum(tr.y) for tr in due.data if tr.name == "默认推定的时限") == 9
    tiny = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGP4z8DwHwyBDAAq5Af5v3yGCgAAAABJRU5ErkJggg=="
    )
    pack = brief.assemble(data, images=[tiny])
    slides = Presentation(io.BytesIO(brief.to_pptx(pack))).slides
    red = [s for s in slides if s.shapes.title.text.startswith("红色及逾期事项")]
    texts = [sh.text_frame.text for s in red for sh in s.shapes if sh.has_text_frame]
    assert footnote in texts
