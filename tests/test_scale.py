"""Pages at scale: the queries that aggregate in DuckDB, page long tables and keep the top of long
charts give what the whole-table versions give; the status rules in SQL are the per-row rules of
tracker.progress.status; packs cap their tables. On a SYNTHETIC project (scripts/synthetic.py) with progress."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import status_reference as reference
from tracker.build import run_build
from tracker.config import Config, load_config
from tracker.progress import follow_up, rankings, status
from tracker.progress.status_table import of_frames
from tracker.reports import brief, charts
from tracker.store import queries as q
from tracker.store.db import connect_readonly

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import synthetic  # noqa: E402

TODAY = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = synthetic.write_corpus(tmp_path_factory.mktemp("scale"), 80, seed=9, towns=10, departments=8)
    run_build(load_config(config, must_exist=True))
    synthetic.write_progress(config, 0.4, 9, TODAY)
    return config


@pytest.fixture(scope="module")
def con(project: Path):  # noqa: ANN201
    cfg = load_config(project, must_exist=True)
    c = connect_readonly(cfg.database_path)
    yield c
    c.close()


@pytest.fixture(scope="module")
def view(project: Path, con: duckdb.DuckDBPyConnection) -> q.StatusView:
    """The status view the dashboard and packs hand the queries, as known on TODAY."""
    return status.status_view(con, load_config(project, must_exist=True), TODAY)


F = q.Filters(as_of=TODAY)
SOME = [F, q.Filters(unit_kind="town", as_of=TODAY), q.Filters(statuses=("推进中", "滞后"), as_of=TODAY)]


def ids(frame: pd.DataFrame, col: str = "commitment_id") -> list[str]:
    return list(frame[col])


@pytest.mark.parametrize("f", SOME, ids=["all", "towns", "two statuses"])
def test_pages_of_a_table_are_the_whole_table_in_order(
    con: duckdb.DuckDBPyConnection, f: q.Filters, view: q.StatusView
) -> None:
    whole = q.commitments(con, f, status=view)
    assert q.count_commitments(con, f, status=view) == len(whole) > 7
    pages = [q.commitments(con, f, limit=7, offset=o, status=view) for o in range(0, len(whole), 7)]
    assert sum((ids(p) for p in pages), []) == ids(whole)
    late = q.overdue(con, f, TODAY, status=view)
    text, assumed = (q.overdue(con, f, TODAY, due_source=s, status=view) for s in ("text", "default"))
    assert sorted(ids(text) + ids(assumed)) == sorted(ids(late)) and len(assumed)
    head = q.headline(con, f, TODAY, status=view)
    assert (head["overdue"], head["overdue_assumed"]) == (len(late), len(assumed))
    assert ids(q.overdue(con, f, TODAY, limit=3, offset=3, status=view)) == ids(late)[3:6]


def test_commitments_per_meeting_or_per_month(con: duckdb.DuckDBPyConnection, view: q.StatusView) -> None:
    rows = q.commitments(con, F, status=view)
    per = q.commitments_by_meeting(
        con, F, max_bars=10**6, status=view
    )  # one bar per meeting (task documents included)
    expected = rows.groupby("meeting_id").size()
    got = per.set_index("meeting_id")["n_commitments"]
    assert {m: int(n) for m, n in got.items() if n} == {m: int(n) for m, n in expected.items()}
    months = q.commitments_by_meeting(con, F, max_bars=3, status=view)
    assert months["meeting_id"].isna().all() and len(months) > 3
    dated = per.dropna(subset=["date"])
    assert int(months["n_commitments"].sum()) == int(dated["n_commitments"].sum())
    assert int(months["n_meetings"].sum()) == len(dated)
    recent = q.recent_meetings(con, F, 5, status=view)
    assert ids(recent, "meeting_id") == ids(q.meetings(con, F).head(5), "meeting_id")
    assert list(recent["n_commitments"]) == [int(expected.get(m, 0)) for m in recent["meeting_id"]]


def test_follow_up_list_in_sql_is_the_status_follow_up(
    project: Path, con: duckdb.DuckDBPyConnection, view: q.StatusView
) -> None:
    cfg = load_config(project, must_exist=True)
    full = follow_up.follow_up(status.commitment_status(con, cfg, TODAY))
    assert q.count_follow_up(con, status=view) == len(full) > 5
    assert ids(q.follow_up_rows(con, status=view)) == ids(full)
    unit = full["unit_id"].iloc[0]
    assert ids(q.follow_up_rows(con, unit, limit=2, status=view)) == ids(full[full["unit_id"] == unit])[:2]


def test_rankings_from_database_counts_equal_rankings_of_the_rows(
    project: Path, con: duckdb.DuckDBPyConnection, view: q.StatusView
) -> None:
    cfg = load_config(project, must_exist=True)
    units = q.unit_options(con)
    for f in SOME:
        a = rankings.rank_units(q.ranking_inputs(con, f, status=view), units, cfg.progress.ranking)
        # each unit ranked on every item it holds (lead, responsible, support), as the unit pages count
        held = q.unit_holdings(con, f, status=view)[["commitment_id", "unit_id"]]
        rows = q.commitments(con, replace(f, unit_ids=(), unit_kind=None), status=view).drop(
            columns="unit_id"
        )
        b = rankings.unit_rankings(held.merge(rows, on="commitment_id"), units, cfg.progress.ranking)
        pd.testing.assert_frame_equal(a, b)
        assert (a["group"] == rankings.RANKED).any()


def test_figure_groups_pages_and_top(con: duckdb.DuckDBPyConnection) -> None:
    whole = q.figures(con, F)
    assert q.count_figures(con, F) == len(whole) > 20
    for by in ("topic", "meeting", "unit", "measure"):
        groups = q.figure_groups(con, F, by)
        assert int(groups["n"].sum()) == len(whole)
        got = []
        for g in groups["grp"]:
            key = None if g is None or (not isinstance(g, str) and pd.isna(g)) else g
            got += ids(q.figures_in_group(con, F, by, key), "figure_id")
        assert sorted(got) == sorted(ids(whole, "figure_id"))
    top = q.top_figures(con, F, 3, 2)
    sizes = whole.assign(m=whole["measure"].fillna("")).groupby("m").size().sort_values(ascending=False)
    assert set(top["measure"].fillna("")) == set(sizes.index[:2])
    for m, part in top.assign(m=top["measure"].fillna("")).groupby("m"):
        mine = whole[whole["measure"].fillna("") == m]
        assert sorted(part["value"], reverse=True) == sorted(mine["value"], reverse=True)[:3]
        assert set(part["n_measure"]) == {len(mine)}


def test_meeting_choices_are_the_latest_and_the_chosen(con: duckdb.DuckDBPyConnection) -> None:
    every = q.meetings(con, q.Filters())
    oldest = every["meeting_id"].iloc[-1]
    got = q.meeting_choices(con, q.Filters(), 3, (oldest,))
    assert ids(got, "meeting_id") == ids(every.head(3), "meeting_id") + [oldest]
    assert q.count_meetings(con, q.Filters()) == len(every)


def test_long_unit_charts_keep_the_top_and_group_the_rest(
    con: duckdb.DuckDBPyConnection, view: q.StatusView
) -> None:
    counts = q.unit_status_counts(con, F, "town", (), status=view)
    drawn, rest = charts.top_units(counts, 4, "其他")
    assert rest == counts["unit_name"].nunique() - 4 > 0
    assert int(drawn["n"].sum()) == int(counts["n"].sum())
    assert drawn["unit_name"].nunique() == 5
    same, none = charts.top_units(counts, 100, "其他")
    assert none == 0 and same is counts


def test_a_pack_lists_at_most_max_rows_and_says_how_many_more(
    project: Path, con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.reports.brief import pack

    cfg = load_config(project, must_exist=True)
    data = brief.gather(con, cfg, brief.BriefOptions(as_of=TODAY, lang="zh"))
    n = len(brief.overdue_table(data))
    monkeypatch.setattr(pack, "MAX_TABLE_ROWS", 4)
    cells = brief.overdue_cells(data)
    assert n > 4 and len(cells) == 5 and cells[-1][0] == f"另有 {n - 4} 项未列出（完整名单见跟踪清单导出）"
    assert [c[0] for c in cells[:4]] == [c[0] for c in pack.overdue_cells(data)[:4]]
    sources = brief.sources_cells(data)
    assert len(sources) == 5 and sources[-1][0] == f"另有 {len(data.meetings) - 4} 次会议未列出"


def test_the_briefing_preview_is_the_pack_laid_out_once(
    project: Path, con: duckdb.DuckDBPyConnection
) -> None:
    """The 简报 page's preview (one outline of the pack) says what each chart slide of the pack says; a chart's
    source note names the first meetings and counts all of them."""
    from tracker.app.briefing import PREVIEW_ROWS, preview_of

    cfg = load_config(project, must_exist=True)
    data = brief.gather(con, cfg, brief.BriefOptions(as_of=TODAY, lang="zh"))
    view = preview_of(data)
    specs = [brief.CHARTS_BY_NAME[n] for n in brief.included_charts(data)]
    notes = [brief.sources_note(data, list(s.rows(data)["meeting_id"])) for s in specs]
    assert view.charts == tuple(
        (s.name, s.full_title(data), s.takeaway(data), note) for s, note in zip(specs, notes, strict=True)
    )
    assert view.titles == tuple(brief.slide_titles(brief.outline(data)))
    assert view.overdue_n == len(brief.overdue_table(data)) > 0
    assert view.overdue_cells == brief.overdue_cells(data)[:PREVIEW_ROWS]
    assert view.headline == brief.headline(data) and view.notes == brief.summary_notes(data)
    every = brief.sources_note(data, list(data.meetings["meeting_id"]))
    n = len(data.meetings)
    assert n > 3 and f"等{n}次会议" in every and every.count("（") >= 3


def test_the_commitments_page_shows_a_page_at_a_time(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from tracker import app as ui

    monkeypatch.setenv(ui.CONFIG_ENV, str(project))
    monkeypatch.setenv(ui.TODAY_ENV, TODAY.isoformat())
    monkeypatch.setenv(ui.AUTO_REBUILD_ENV, "0")
    monkeypatch.setattr(q, "PAGE_SIZE", 10)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    at.switch_page("pages/commitments.py").run()
    assert not at.exception and not at.error
    total = q.count_commitments(connect_readonly(load_config(project).database_path), F)
    pager = at.number_input(key="commitments-table-page")
    assert pager.max == -(-total // 10)
    first = at.dataframe[0].value
    assert len(first) == 10
    pager.set_value(2).run()
    second = at.dataframe[0].value
    assert len(second) == 10 and list(first.iloc[:, 6]) != list(second.iloc[:, 6])


def test_a_page_of_search_results_fits_a_readers_memory_when_whole_rows_do_not(
    project: Path, tmp_path: Path
) -> None:
    """A search on the commitments page picks its page on the searched and ordered columns, then reads whole
    rows for that page only: at a million commitments, sorting whole rows exceeded the reader's 512 MB."""
    cfg = load_config(project, must_exist=True)
    big = tmp_path / "big.duckdb"
    synthetic.replicate_database(cfg.database_path, big, 20)
    w = duckdb.connect(str(big))
    w.execute("UPDATE commitments SET addressee = repeat('某', 3000)")  # ~9 KB a row the search never reads
    n = w.execute("SELECT count(*) FROM commitments").fetchall()[0][0]
    w.close()
    copy = tmp_path / "copy.duckdb"  # the same rows on a connection without the memory bound, for the answer
    copy.write_bytes(big.read_bytes())
    free = duckdb.connect(str(copy), read_only=True)
    tight = duckdb.connect(
        str(big), read_only=True, config={"memory_limit": "48MB", "temp_directory": str(tmp_path)}
    )
    assert n * 9000 > 48e6 * 1.5  # the whole rows are well beyond the bound
    free_view = status.status_view(free, cfg, TODAY)
    whole = q.commitments(free, F, "工程", status=free_view)
    assert len(whole) > 60
    page = q.commitments(tight, F, "工程", limit=50, offset=10, status=free_view)
    assert q.count_commitments(tight, F, "工程", status=free_view) == len(whole)
    assert ids(page) == ids(whole)[10:60]
    assert list(page["addressee"].str.len()) == [3000] * 50  # whole rows for the page
    free.close()
    tight.close()


# --- the status rules in SQL are the per-row rules --------------------------------------------------------

DAY = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2026, 12, 31))
EDGES = [-31, -30, -29, -15, -14, -13, -1, 0, 1, 13, 14, 15, 29, 30, 31]
NEAR = st.one_of(st.sampled_from(EDGES), st.integers(-60, 60))  # days around today, thresholds (14, 30) often


@settings(max_examples=100, deadline=None)
@pytest.mark.slow  # a property test over generated items, with the others
@given(
    today=DAY,
    meeting=st.one_of(st.none(), st.integers(-10, 400)),
    due=st.one_of(st.none(), NEAR),
    kind=st.sampled_from(["requirement", "focus_area", "project", "task", "request", "other"]),
    rule=st.sampled_from(["year_end", "half_year_end", "quarter_end", "none", 30, 400]),
    report=st.one_of(
        st.none(),
        st.tuples(
            st.sampled_from(["未启动", "推进中", "已完成", "滞后", "待销号"]),
            st.floats(0, 100, allow_nan=False),
            NEAR,
        ),
    ),
    silent_colour=st.sampled_from(["yellow", "red"]),
    extended=st.one_of(st.none(), NEAR),
)
def test_one_commitments_status_in_sql_follows_the_rules_of_status_py(
    today: dt.date,
    meeting: int | None,
    due: int | None,
    kind: str,
    rule: object,
    report: tuple[str, float, int] | None,
    silent_colour: str,
    extended: int | None,
) -> None:
    extended = None if extended is None else today + dt.timedelta(days=extended)  # type: ignore[assignment]
    meeting = None if meeting is None else today - dt.timedelta(days=meeting)  # type: ignore[assignment]
    due = None if due is None else today + dt.timedelta(days=due)  # type: ignore[assignment]
    if report is not None:
        report = (report[0], report[1], today + dt.timedelta(days=report[2]))  # type: ignore[assignment]
    config = Config(
        progress={
            "due_defaults": {k: rule for k in ("requirement", "task")},
            "rules": {"silent_colour": silent_colour},
        }
    )
    cm = pd.DataFrame(
        [{"commitment_id": "c", "parent_id": None, "kind": kind, "due_date": due, "meeting_date": meeting}]
    )
    entries = pd.DataFrame(
        columns=["commitment_id", "status", "percent", "as_of", "entered_at", "note", "entered_by"]
    )
    if report is not None:
        entries = pd.DataFrame(
            [
                {
                    "commitment_id": "c",
                    "status": report[0],
                    "percent": report[1],
                    "as_of": report[2],
                    "entered_at": "2023-01-01T00:00:00",
                    "note": "",
                    "entered_by": "t",
                }
            ]
        )
    ext = pd.DataFrame([{"commitment_id": "c", "new_due": extended}]) if extended is not None else None
    row = of_frames(cm, entries, None, config, today, ext).iloc[0]
    own = report if report is not None and report[2] <= today else None
    effective_due, due_source = reference.effective_due(
        due, extended, kind, meeting, config.progress.due_defaults
    )  # type: ignore[arg-type]
    assert row["due_date"] == effective_due
    assert (None if pd.isna(row["due_source"]) else row["due_source"]) == due_source
    expected = reference.expected_percent(meeting, effective_due, today)
    assert (row["expected_percent"] is None or pd.isna(row["expected_percent"])) == (expected is None)
    if expected is not None:
        assert row["expected_percent"] == expected
    st_, pct, last = (own[0], own[1], own[2]) if own else ("未填报", None, None)
    silent = (today - last).days if last else ((today - meeting).days if meeting else None)
    colour, reasons = reference.colour_for(
        st_, pct, expected, effective_due, silent, today, config.progress.rules
    )
    assert (row["status"], row["colour"], row["reasons"]) == (st_, colour, ",".join(reasons))
