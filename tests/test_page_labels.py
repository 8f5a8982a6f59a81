"""What pages show for days, meetings and the meetings chart (tracker.app.labels), and the commitment ids an
imported progress sheet is checked against (tracker.store.progress_queries): plain functions, no Streamlit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from tests.dashboard_fixtures import rows, write_synthetic_db
from tracker.app import labels
from tracker.i18n import t
from tracker.store import queries
from tracker.store.db import connect_readonly
from tracker.store.progress_queries import commitment_ids


def test_a_day_is_written_in_the_readers_language_and_a_missing_one_is_said() -> None:
    assert labels.day_text(dt.date(2024, 2, 20), "zh") == "2024年2月20日"
    assert labels.day_text(pd.Timestamp("2024-02-20"), "en") == "20 Feb 2024"
    assert labels.day_text(dt.date(2024, 2, 20), "zh", iso=True) == "2024-02-20"
    assert labels.day_text(None, "zh") == "日期不详"
    assert labels.day_text(pd.NaT, "en") == "date unknown"


def test_meeting_labels_keep_the_rows_order_with_day_and_title() -> None:
    frame = pd.DataFrame(
        {"meeting_id": ["m2", "m1"], "date": [pd.Timestamp("2024-03-05"), None], "title": ["调度会", "文件"]}
    )
    assert labels.meeting_labels(frame, "zh", iso=True) == {"m2": "2024-03-05 调度会", "m1": "日期不详 文件"}
    assert list(labels.meeting_labels(frame, "zh").values()) == ["2024年3月5日 调度会", "日期不详 文件"]


def test_many_meetings_are_charted_per_month_and_say_how_many(tmp_path: Path) -> None:
    con = connect_readonly(write_synthetic_db(tmp_path / "d.duckdb"))
    per_meeting = queries.commitments_by_meeting(con)
    fig, n = labels.meetings_chart(per_meeting, "t", "zh")
    assert n is None and len(fig.data[0].y) == len(per_meeting)
    per_month = queries.commitments_by_meeting(con, max_bars=1)
    fig, n = labels.meetings_chart(per_month, "t", "zh")
    assert n == int(per_month["n_meetings"].sum()) == len(per_meeting.dropna(subset=["date"]))
    assert len(fig.data[0].x) == len(per_month)


def test_the_ids_a_progress_import_may_name_are_every_commitment(tmp_path: Path) -> None:
    con = connect_readonly(write_synthetic_db(tmp_path / "d.duckdb"))
    assert commitment_ids(con) == {r["commitment_id"] for r in rows()["commitments"]}


def test_figure_groups_are_named_for_a_person_and_a_missing_key_says_why() -> None:
    figs = pd.DataFrame(
        {
            "topic": ["就业", None],
            "meeting_title": [None, "调度会"],
            "unit_name": [None, "财政局"],
            "measure": ["人数", None],
            "source_title": ["一季度报告", "二季度报告"],
        }
    )
    assert labels.figure_group_names(figs, "topic", "zh") == ["就业", "二季度报告"]
    assert labels.figure_group_names(figs, "meeting", "en") == [
        "(not tied to a meeting: 一季度报告)",
        "调度会",
    ]
    assert labels.figure_group_names(figs, "unit", "zh") == [t("no_unit", "zh"), "财政局"]
    assert labels.figure_group_names(figs, "measure", "zh") == ["人数", "—"]
    found = pd.DataFrame({"grp": [None, "调度会"], "source_title": ["一季度报告", "二季度报告"], "n": [3, 1]})
    assert labels.group_names(found, "meeting", "zh") == ["（未归入会议：一季度报告）", "调度会"]
    assert labels.group_names(found.assign(grp=["人数", None]), "measure", "zh") == ["人数", "—"]


def test_the_figures_page_groups_named_by_the_query_match_its_rows(tmp_path: Path) -> None:
    con = connect_readonly(write_synthetic_db(tmp_path / "d.duckdb"))
    f = queries.Filters()
    for group_by in labels.FIGURE_GROUP_COLUMNS:
        every = set(labels.figure_group_names(queries.figures(con, f), group_by, "zh"))
        assert set(labels.group_names(queries.figure_groups(con, f, group_by), group_by, "zh")) == every
