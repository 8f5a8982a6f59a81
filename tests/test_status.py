"""The status model on real DuckDB files with synthetic rows: due dates, colours, roll-up, rankings, follow-up."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.status_reference import colour_for, default_due
from tracker.config import Config, DueDefaults, RankingScoring, StatusRules, parse_config
from tracker.progress.follow_up import follow_up, follow_up_bytes
from tracker.progress.log import Update, append_updates, read_log
from tracker.progress.rankings import unit_rankings
from tracker.progress.rules import roll_up, rolled_status
from tracker.progress.status import commitment_status
from tracker.progress.timeline import timeline
from tracker.store.db import connect_readonly, write_database

TODAY = dt.date(2024, 7, 1)
TEXT = "合成测试文本（synthetic test text）" * 10


def _c(
    cid: str, unit: str | None, parent: str | None = None, kind: str = "task", due: dt.date | None = None
) -> dict:
    return {
        "commitment_id": cid,
        "meeting_id": "m1",
        "parent_id": parent,
        "kind": kind,
        "ordinal": 1,
        "title": f"synthetic {cid}",
        "quote": TEXT[:5],
        "unit_id": unit,
        "due_date": due,
        "source_id": "s1",
        "char_start": 0,
        "char_end": 5,
    }


ROWS = {
    "sources": [
        {"source_id": "s1", "path": "x.txt", "sha256": "0", "title": "t", "encoding": "utf-8", "text": TEXT}
    ],
    "meetings": [
        {
            "meeting_id": "m1",
            "source_id": "s1",
            "date": dt.date(2024, 1, 1),
            "title": "合成会议",
            "quote": "x",
            "char_start": 0,
            "char_end": 1,
        }
    ],
    "units": [
        {"unit_id": "u-a", "name": "甲镇", "kind": "town", "in_gazetteer": True},
        {"unit_id": "u-b", "name": "乙局", "kind": "department", "in_gazetteer": True},
        {"unit_id": "u-c", "name": "丙乡", "kind": "town", "in_gazetteer": True},
    ],
    "commitments": [
        _c("req", None, kind="requirement"),
        _c("a1", "u-a", parent="req", kind="focus_area"),
        _c("a2", "u-a", parent="req", kind="focus_area"),
        _c("a3", "u-a", parent="req", kind="focus_area"),
        _c("b1", "u-b", due=dt.date(2024, 3, 31)),
    ],
}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "t.duckdb"
    write_database(path, ROWS)
    return path


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return parse_config({"progress": {"log": "data/progress.jsonl"}}, tmp_path / "config.yaml")


def _status(db: Path, config: Config) -> pd.DataFrame:
    con = connect_readonly(db)
    try:
        return commitment_status(con, config, as_of=TODAY).set_index("commitment_id")
    finally:
        con.close()


def test_no_report_is_未填报_with_default_due_dates(db: Path, config: Config) -> None:
    s = _status(db, config)
    assert set(s["status"]) == {"未填报"}
    assert s.loc["a1", "due_date"] == dt.date(2024, 12, 31) and s.loc["a1", "due_source"] == "default"
    assert s.loc["b1", "due_date"] == dt.date(2024, 3, 31) and s.loc["b1", "due_source"] == "text"
    assert (
        s.loc["b1", "colour"] == "red"
        and "overdue" in s.loc["b1", "reasons"]
        and s.loc["b1", "days_overdue"] == 92
    )
    assert (
        s.loc["a1", "colour"] == "yellow" and "silent" in s.loc["a1", "reasons"]
    )  # 182 days since the meeting
    assert s.loc["a1", "unit_name"] == "甲镇" and s.loc["a1", "meeting_title"] == "合成会议"


def test_a_new_entry_shows_without_a_rebuild_and_parents_roll_up(db: Path, config: Config) -> None:
    log = config.progress_log_path
    assert _status(db, config).loc["a1", "status"] == "未填报"  # memoised until the log changes
    append_updates(log, [Update("a1", "推进中", 40, dt.date(2024, 6, 20))], source="form")
    assert _status(db, config).loc["a1", "status"] == "推进中"
    append_updates(log, [Update("a2", "已完成", 100, dt.date(2024, 6, 25))], source="cli")
    s = _status(db, config)
    assert (
        s.loc["a1", "status"] == "推进中"
        and s.loc["a1", "percent"] == 40
        and s.loc["a1", "days_since_update"] == 11
    )
    assert s.loc["a2", "colour"] == "green"
    # a3 has no report: it does not drag the parent's average down
    assert s.loc["req", "percent"] == 70 and s.loc["req", "status"] == "推进中"
    assert s.loc["req", "status_source"] == "children" and s.loc["req", "last_update"] == dt.date(2024, 6, 25)
    assert s.loc["a3", "status"] == "未填报" and pd.isna(s.loc["a3", "percent"])


def test_a_rebuild_with_a_new_meeting_keeps_updates_attached(db: Path, config: Config) -> None:
    append_updates(
        config.progress_log_path, [Update("b1", "滞后", 20, dt.date(2024, 6, 1), "资金未到位")], source="form"
    )
    db.unlink()  # deleting the database loses nothing
    rows = {**ROWS, "commitments": [*ROWS["commitments"], _c("new", "u-c")]}
    write_database(db, rows)
    s = _status(db, config)
    assert s.loc["b1", "status"] == "滞后" and s.loc["b1", "note"] == "资金未到位" and len(s) == 6
    assert len(read_log(config.progress_log_path).entries) == 1


def _rules(**kw: object) -> StatusRules:
    return StatusRules(**kw)


@pytest.mark.parametrize(
    ("args", "colour", "reason"),
    [
        (("已完成", 100, 100, dt.date(2024, 1, 1), 500), "green", "done"),
        (("推进中", 50, 50, dt.date(2024, 6, 30), 0), "red", "overdue"),
        (("滞后", 50, 50, dt.date(2024, 12, 31), 0), "red", "late"),
        (("推进中", 10, 50, dt.date(2024, 12, 31), 0), "red", "behind"),
        (("推进中", 30, 50, dt.date(2024, 12, 31), 0), "yellow", "behind"),
        (("推进中", 50, 50, dt.date(2024, 7, 10), 0), "yellow", "due_soon"),
        (("推进中", 50, 50, dt.date(2024, 12, 31), 30), "yellow", "silent"),
        (("推进中", 50, 50, dt.date(2024, 12, 31), 29), "green", "on_track"),
        (("未填报", None, 50, dt.date(2024, 12, 31), 3), "grey", "no_report"),
    ],
)
def test_colour_rules(args: tuple, colour: str, reason: str) -> None:
    got, reasons = colour_for(*args[:2], args[2], args[3], args[4], TODAY, _rules())
    assert got == colour and reason in reasons


def test_colour_thresholds_come_from_config() -> None:
    strict = _rules(behind_red_points=5, behind_yellow_points=1, silent_days=10, silent_colour="red")
    assert colour_for("推进中", 44, 50, dt.date(2024, 12, 31), 0, TODAY, strict)[0] == "red"
    assert colour_for("推进中", 50, 50, dt.date(2024, 12, 31), 10, TODAY, strict)[0] == "red"


def test_due_defaults_per_kind() -> None:
    d = DueDefaults(task=90, project="quarter_end", request="half_year_end", focus_area="none")
    m = dt.date(2024, 2, 20)
    assert default_due("task", m, d) == dt.date(2024, 5, 20)
    assert default_due("project", m, d) == dt.date(2024, 3, 31)
    assert default_due("request", dt.date(2024, 8, 1), d) == dt.date(2024, 12, 31)
    assert default_due("focus_area", m, d) is None and default_due("requirement", m, d) == dt.date(
        2024, 12, 31
    )
    assert default_due("task", None, d) is None


trees = st.dictionaries(
    st.sampled_from("abcdefgh"), st.one_of(st.none(), st.sampled_from("abcdefgh")), min_size=1
)


@given(trees, st.dictionaries(st.sampled_from("abcdefgh"), st.one_of(st.none(), st.floats(0, 100))))
def test_roll_up_properties(parents: dict, own: dict) -> None:
    got = roll_up(parents, own)
    kids: dict[str, list[str]] = {}
    for c, p in parents.items():
        if p is not None and p in parents:
            kids.setdefault(p, []).append(c)
    for c in parents:
        if own.get(c) is not None:
            assert got[c] == own[c]  # an item's own report wins
        elif not kids.get(c):
            assert got[c] is None  # a leaf with no report has no value
        else:
            vals = [got[k] for k in kids[c] if got[k] is not None]
            if got[c] is not None:  # the mean lies between the reported children's values
                assert min(vals) - 1e-9 <= got[c] <= max(vals) + 1e-9


@given(st.lists(st.floats(0, 100), min_size=1, max_size=6), st.integers(0, 5))
def test_unreported_children_do_not_drag_the_average(values: list[float], unreported: int) -> None:
    parents = {"p": None, **{f"k{i}": "p" for i in range(len(values) + unreported)}}
    own = {f"k{i}": v for i, v in enumerate(values)}
    assert roll_up(parents, own)["p"] == pytest.approx(sum(values) / len(values))


def test_rolled_status() -> None:
    assert rolled_status(["已完成", "已完成"], 2) == "已完成"
    assert rolled_status(["已完成", "未填报"], 2) == "推进中"
    assert rolled_status(["推进中", "滞后"], 2) == "滞后"
    assert rolled_status(["未填报"], 1) == "未填报"
    assert rolled_status(["未启动", "未填报"], 2) == "未启动"


def test_rankings_score_units_and_keep_empty_ones(db: Path, config: Config) -> None:
    log = config.progress_log_path
    append_updates(
        log, [Update(c, "已完成", 100, dt.date(2024, 6, 30)) for c in ("a1", "a2", "a3")], source="import"
    )
    s = _status(db, config).reset_index()
    r = unit_rankings(s, pd.DataFrame(ROWS["units"]), RankingScoring()).set_index("unit_id")
    assert r.loc["u-a", "rank"] == 1 and r.loc["u-a", "score"] == 100 and r.loc["u-a", "n_done"] == 3
    # 乙局 has an item but has never reported: listed apart, not ranked (and not scored)
    assert r.loc["u-b", "group"] == "not_reporting" and pd.isna(r.loc["u-b", "rank"])
    assert r.loc["u-b", "n_overdue"] == 1 and pd.isna(r.loc["u-b", "score"])
    assert (
        pd.isna(r.loc["u-c", "rank"]) and r.loc["u-c", "n_items"] == 0 and r.loc["u-c", "group"] == "no_items"
    )
    append_updates(log, [Update("b1", "推进中", 10, dt.date(2024, 6, 30))], source="import")
    penalised = unit_rankings(
        _status(db, config).reset_index(), pd.DataFrame(ROWS["units"]), RankingScoring(overdue_penalty=5)
    ).set_index("unit_id")
    # 乙局 now reports: completion 10% × 0.5 + timeliness 0 + reporting 100% × 0.2 = 25 points, minus 5 for its overdue item
    assert penalised.loc["u-b", "rank"] == 2 and penalised.loc["u-b", "score"] == 20


def test_follow_up_lists_open_red_and_yellow_items_per_unit(db: Path, config: Config) -> None:
    append_updates(
        config.progress_log_path, [Update("a1", "已完成", 100, dt.date(2024, 6, 30))], source="form"
    )
    s = _status(db, config).reset_index()
    items = follow_up(s)
    assert list(items["commitment_id"]) == ["b1", "a2", "a3"]  # 乙局's overdue item, then 甲镇's silent ones
    assert list(follow_up(s, "u-b")["commitment_id"]) == ["b1"]
    csv_text = follow_up_bytes(items, "csv", "zh").decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("责任单位,事项") and "乙局" in csv_text
    back = pd.read_excel(io.BytesIO(follow_up_bytes(items, "xlsx", "zh")))
    assert list(back["事项编号"]) == ["b1", "a2", "a3"]


def test_timeline_has_creation_updates_with_old_values_and_evidence(db: Path, config: Config) -> None:
    log = config.progress_log_path
    append_updates(
        log, [Update("b1", "推进中", 20, dt.date(2024, 2, 1), "开工")], source="form", entered_by="张三"
    )
    append_updates(
        log, [Update("b1", "推进中", 60, dt.date(2024, 3, 1), "过半")], source="cli", entered_by="李四"
    )
    from tracker.progress.status import load_entries

    s = _status(db, config).reset_index()
    row = s[s["commitment_id"] == "b1"].iloc[0].to_dict()
    ev = pd.DataFrame(
        [
            {
                "commitment_id": "b1",
                "kind": "completion",
                "hint": "done",
                "date": dt.date(2024, 4, 1),
                "quote": "合成",
            }
        ]
    )
    tl = timeline(row, load_entries(log), ev)
    assert list(tl["event"]) == ["created", "update", "update", "evidence:completion"]
    assert (
        tl.loc[2, "old_percent"] == 20 and tl.loc[2, "percent"] == 60 and tl.loc[2, "who"].startswith("李四")
    )
    assert tl.loc[3, "source"] == "report"
