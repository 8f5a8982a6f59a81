"""tracker.queries against a synthetic database (exact expectations) and the real seed build (provenance)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.conftest import SHIPPED_CONFIG
from tests.dashboard_fixtures import TEXT, write_empty_db, write_synthetic_db
from tracker.config import load_config
from tracker.store import queries as q
from tracker.store.db import connect_readonly

ALL = q.Filters()


@pytest.fixture(scope="module")
def syn(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    con = connect_readonly(write_synthetic_db(tmp_path_factory.mktemp("syn") / "syn.duckdb"))
    yield con
    con.close()


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    con = connect_readonly(write_empty_db(tmp_path_factory.mktemp("empty") / "empty.duckdb"))
    yield con
    con.close()


@pytest.fixture(scope="module")
def seed(seed_db: Path) -> duckdb.DuckDBPyConnection:
    con = connect_readonly(seed_db)
    yield con
    con.close()


def ids(frame: pd.DataFrame, col: str = "commitment_id") -> list[str]:
    return sorted(frame[col])


# ---------------------------------------------------------------- status


def test_status_is_no_report_for_every_commitment_by_default(syn: duckdb.DuckDBPyConnection) -> None:
    rows = q.commitments(syn)
    assert len(rows) == 7
    assert set(rows["status"]) == {"未填报"}
    assert rows["percent"].isna().all()
    counts = q.status_counts(syn)
    assert counts.to_dict("records") == [{"status": "未填报", "n": 7}]


def test_a_status_view_sets_the_status_of_the_query_it_is_given_to(syn: duckdb.DuckDBPyConnection) -> None:
    view = q.StatusView(
        pd.DataFrame(
            {
                "commitment_id": ["c-task2", "c-task1"],
                "status": ["已完成", "滞后"],
                "percent": [100.0, 10.0],
                "due_date": [dt.date(2024, 3, 31), dt.date(2024, 3, 15)],
            }
        )
    )
    rows = q.commitments(syn, status=view).set_index("commitment_id")
    assert rows.loc["c-task2", "status"] == "已完成"
    assert rows.loc["c-task1", "status"] == "滞后"
    assert rows.loc["c-req1", "status"] == "未填报"  # not in the view: still no report
    assert rows.loc["c-task1", "percent"] == 10.0
    counts = q.status_counts(syn, status=view)
    assert dict(zip(counts["status"], counts["n"], strict=True)) == {"未填报": 5, "已完成": 1, "滞后": 1}
    # done items are never overdue; the view's due date wins over the text's
    assert ids(q.overdue(syn, ALL, dt.date(2024, 4, 1), status=view)) == ["c-task1"]
    assert ids(q.commitments(syn, q.Filters(statuses=("滞后",)), status=view)) == ["c-task1"]
    # nothing is kept between calls: a query given no view shows the database's own status
    assert set(q.commitments(syn)["status"]) == {"未填报"}
    assert ids(q.overdue(syn, ALL, dt.date(2024, 4, 1))) != ["c-task1"]


def test_a_commitment_status_table_in_the_database_is_used(tmp_path: Path) -> None:
    path = write_synthetic_db(tmp_path / "with_status.duckdb")
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE commitment_status AS SELECT 'c-fa1' AS commitment_id, '推进中' AS status, 40.0 AS percent"
    )
    con.close()
    ro = connect_readonly(path)
    try:
        rows = q.commitments(ro).set_index("commitment_id")
        assert rows.loc["c-fa1", "status"] == "推进中"
        assert rows.loc["c-fa1", "percent"] == 40.0
        assert rows.loc["c-fa2", "status"] == "未填报"
    finally:
        ro.close()


# ---------------------------------------------------------------- filters


def test_each_filter_narrows_the_commitments(syn: duckdb.DuckDBPyConnection) -> None:
    march = q.Filters(*q.period_range("2024-03"))
    assert ids(q.commitments(syn, march)) == sorted(
        ["c-req1", "c-fa1", "c-fa2", "c-req2", "c-task1", "c-task2"]
    )
    assert ids(q.commitments(syn, q.Filters(meeting_ids=("m2",)))) == ["c-req3"]
    assert ids(q.commitments(syn, q.Filters(unit_kind="department"))) == ["c-task2"]
    assert ids(q.commitments(syn, q.Filters(unit_kind="town"))) == ["c-req3", "c-task1"]
    assert ids(q.commitments(syn, q.Filters(unit_ids=("u-hongshan", "u-edu")))) == ["c-task1", "c-task2"]
    assert q.commitments(syn, q.Filters(statuses=("已完成",))).empty
    both = q.Filters(*q.period_range("2024-Q2"), unit_kind="town")
    assert ids(q.commitments(syn, both)) == ["c-req3"]


def test_search_matches_every_word_in_title_quote_unit_or_meeting(syn: duckdb.DuckDBPyConnection) -> None:
    assert ids(q.commitments(syn, search="任务一")) == ["c-task1"]
    assert ids(q.commitments(syn, search="测试任务 尚店镇")) == ["c-task2"]  # quote mentions 尚店镇
    assert ids(q.commitments(syn, search="红山街道")) == ["c-task1"]  # the unit name
    assert ids(q.commitments(syn, search="第二次测试会议")) == ["c-req3"]  # the meeting title
    assert q.commitments(syn, search="' OR 1=1 --").empty
    assert q.commitments(syn, search="%").empty  # no wildcard semantics


def test_period_codes_and_ranges(syn: duckdb.DuckDBPyConnection) -> None:
    assert q.periods(syn) == ["2024", "2024-Q2", "2024-Q1", "2024-04", "2024-03"]
    assert q.period_range("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert q.period_range("2024-Q4") == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert q.period_range("2023") == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert q.period_range(None) == (None, None)


# ---------------------------------------------------------------- units and heatmap


def test_unit_counts_keep_every_gazetteer_town(syn: duckdb.DuckDBPyConnection) -> None:
    towns = ("红山街道", "尚店镇", "八台镇", "杨庄乡")
    counts = q.unit_status_counts(syn, ALL, "town", towns)
    assert sorted(counts["unit_name"]) == sorted(towns)
    by = counts.set_index("unit_name")
    assert by.loc["红山街道", "n"] == 1 and by.loc["尚店镇", "n"] == 1
    assert by.loc["八台镇", "n"] == 0 and pd.isna(by.loc["八台镇", "status"])
    # filters keep the blanks: in April only 尚店镇 has work, the others are still listed
    april = q.unit_status_counts(syn, q.Filters(*q.period_range("2024-04")), "town", towns).set_index(
        "unit_name"
    )
    assert april.loc["红山街道", "n"] == 0 and april.loc["尚店镇", "n"] == 1
    # a unit filter names the units to show
    only = q.unit_status_counts(syn, q.Filters(unit_ids=("u-hongshan",)), "town", towns)
    assert list(only["unit_name"]) == ["红山街道"]


def test_department_town_links_come_from_owner_and_names_in_the_quote(syn: duckdb.DuckDBPyConnection) -> None:
    links = q.dept_town_links(syn)
    assert sorted(map(tuple, links[["department", "town", "n"]].values.tolist())) == [
        ("公安局", "红山街道", 1),
        ("教育体育局", "尚店镇", 1),
    ]
    assert ids(q.linked_commitments(syn, ALL, "公安局", "红山街道")) == ["c-task1"]
    assert q.linked_commitments(syn, ALL, "公安局", "尚店镇").empty
    assert q.dept_town_links(syn, q.Filters(meeting_ids=("m2",))).empty
    assert q.departments_in_data(syn) == sorted(["公安局", "教育体育局"])


# ---------------------------------------------------------------- meetings, sources, figures


def test_meetings_with_counts_newest_first(syn: duckdb.DuckDBPyConnection) -> None:
    m = q.meetings(syn)
    assert list(m["meeting_id"]) == ["m2", "m1"]
    assert list(m["n_commitments"]) == [1, 6]
    assert list(m["n_figures"]) == [0, 2]
    assert q.meeting_dates(syn) == (dt.date(2024, 3, 1), dt.date(2024, 4, 2))
    assert q.meeting_dates(syn, q.Filters(meeting_ids=("m2",))) == (dt.date(2024, 4, 2), dt.date(2024, 4, 2))
    assert ids(q.meeting_commitments(syn, "m1")) == sorted(
        ["c-req1", "c-fa1", "c-fa2", "c-req2", "c-task1", "c-task2"]
    )


def test_spans_point_into_the_source_text(syn: duckdb.DuckDBPyConnection) -> None:
    src = q.source(syn, "synthetic-1")
    assert src is not None and src["text"] == TEXT
    spans = q.spans(syn, "synthetic-1")
    assert set(spans["span_kind"]) == {"meeting", "commitment", "figure"}
    assert len(spans) == 2 + 7 + 3
    commitments = q.commitments(syn).set_index("commitment_id")
    for r in spans[spans["span_kind"] == "commitment"].itertuples():
        assert TEXT[r.char_start : r.char_end] == commitments.loc[r.span_id, "quote"]
    assert q.source(syn, "no-such-source") is None


def test_figures_follow_meeting_and_unit_filters(syn: duckdb.DuckDBPyConnection) -> None:
    assert ids(q.figures(syn), "figure_id") == ["f1", "f2", "f3"]
    assert ids(q.figures(syn, q.Filters(meeting_ids=("m1",))), "figure_id") == ["f1", "f2"]
    assert ids(q.figures(syn, q.Filters(unit_ids=("u-hongshan",))), "figure_id") == ["f2"]
    assert ids(q.figures(syn, q.Filters(*q.period_range("2024-04"))), "figure_id") == []
    f2 = q.figures(syn).set_index("figure_id").loc["f2"]
    assert (f2["value"], f2["measure"], f2["qualifier"], f2["unit_name"]) == (300.0, "人次", "约", "红山街道")


def _counts(head: dict[str, int]) -> dict[str, int]:
    return {k: head[k] for k in ("meetings", "commitments", "units", "figures")}


def test_headline_and_overdue(syn: duckdb.DuckDBPyConnection) -> None:
    assert _counts(q.headline(syn)) == {"meetings": 2, "commitments": 7, "units": 3, "figures": 3}
    assert _counts(q.headline(syn, q.Filters(unit_ids=("u-shangdian",)))) == {
        "meetings": 1,
        "commitments": 1,
        "units": 1,
        "figures": 0,
    }
    head = q.headline(syn, as_of=dt.date(2024, 4, 1))
    assert (head["overdue"], head["overdue_assumed"], head["no_due"]) == (1, 0, 6)  # c-task2's date is stated
    # as known on 2024-03-15: the meeting of 4月2日 and what it raised and reported are not counted yet
    early = q.headline(syn, q.Filters(as_of=dt.date(2024, 3, 15)))
    assert _counts(early) == {"meetings": 1, "commitments": 6, "units": 2, "figures": 3 - 0}
    assert ids(q.overdue(syn, ALL, dt.date(2024, 4, 1))) == ["c-task2"]  # due 2024-03-31, no report
    assert q.overdue(syn, ALL, dt.date(2024, 3, 31)).empty  # due today is not overdue
    assert q.build_meta(syn)["built_at"].startswith("2024-05-01")


def test_an_empty_database_gives_empty_frames_not_errors(empty: duckdb.DuckDBPyConnection) -> None:
    assert q.commitments(empty).empty
    assert q.status_counts(empty).empty
    assert q.meetings(empty).empty and q.figures(empty).empty
    assert q.periods(empty) == []
    assert q.meeting_dates(empty) == (None, None)
    assert set(q.headline(empty).values()) == {0}
    counts = q.unit_status_counts(empty, ALL, "town", ("八台镇", "杨庄乡"))
    assert sorted(counts["unit_name"]) == ["八台镇", "杨庄乡"] and (counts["n"] == 0).all()
    assert q.dept_town_links(empty).empty


# ---------------------------------------------------------------- the real seed build


def test_seed_every_town_listed_and_every_row_traces_to_its_source(
    seed: duckdb.DuckDBPyConnection, project_root: Path
) -> None:
    cfg = load_config(SHIPPED_CONFIG)
    towns = tuple(tw.name for tw in cfg.towns)
    counts = q.unit_status_counts(seed, ALL, "town", towns)
    assert sorted(counts["unit_name"].unique()) == sorted(towns) and len(towns) == 14
    assigned = set(counts.loc[counts["n"] > 0, "unit_name"])
    assert {"红山街道", "尚店镇", "垭口街道", "朱兰街道"} <= assigned
    rows = q.commitments(seed)
    assert len(rows) > 0 and set(rows["status"]) == {"未填报"}
    texts = {sid: q.source(seed, sid)["text"] for sid in rows["source_id"].unique()}
    for r in rows.itertuples():
        assert texts[r.source_id][r.char_start : r.char_end] == r.quote
    for r in q.figures(seed).itertuples():
        assert q.source(seed, r.source_id)["text"][r.char_start : r.char_end] == r.quote
    assert len(q.meetings(seed)) == 4
    assert q.meeting_dates(seed) == (dt.date(2024, 2, 20), dt.date(2024, 2, 23))


def test_queries_never_write(seed_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(seed_db, copy)
    before = copy.read_bytes()
    con = connect_readonly(copy)
    try:
        q.headline(con)
        q.unit_status_counts(con, ALL, "town", ())
        q.dept_town_links(con)
    finally:
        con.close()
    assert copy.read_bytes() == before


def test_frame_helpers_agree_with_the_sql_versions(syn: duckdb.DuckDBPyConnection) -> None:
    view = q.StatusView(
        pd.DataFrame({"commitment_id": ["c-task2"], "status": ["已完成"], "due_date": [dt.date(2024, 3, 2)]})
    )

    for f in (ALL, q.Filters(unit_kind="town"), q.Filters(statuses=("未填报",))):
        rows = q.commitments(syn, f)
        frames = (rows, q.figures(syn, f), q.meetings(syn, f), q.unit_holdings(syn, f))
        assert q.headline_counts(*frames, f) == q.headline(syn, f)
        pd.testing.assert_frame_equal(q.status_counts_of(rows), q.status_counts(syn, f), check_dtype=False)
        for day in (dt.date(2024, 3, 1), dt.date(2024, 4, 1)):
            assert ids(q.overdue_rows(rows, day)) == ids(q.overdue(syn, f, day))
    rows = q.commitments(syn, status=view)
    assert (
        ids(q.overdue_rows(rows, dt.date(2024, 4, 1)))
        == ids(q.overdue(syn, ALL, dt.date(2024, 4, 1), status=view))
        == []
    )
