"""Fair rankings: a unit with items but no reports never ranks above one that reported, units with no
items are not ranked, ties are stated as ties, and averages say how many items they cover."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from tracker.config import RankingScoring, parse_config
from tracker.progress.log import Update, append_updates
from tracker.progress.rankings import coverage_label, rank_label, unit_rankings
from tracker.progress.status import commitment_status
from tracker.reports import brief
from tracker.store.db import connect_readonly, write_database

TODAY = dt.date(2024, 7, 1)
TEXT = "合成测试文本（排名测试数据，非真实报道）。" * 20
UNITS = [
    ("u-a", "甲镇", "town"),  # 10 items, reported 2 (both done)
    ("u-b", "乙局", "department"),  # 3 items, never reported
    ("u-c", "丙局", "department"),  # 2 items, never reported
    ("u-d", "丁乡", "town"),  # no items
    ("u-e", "戊镇", "town"),  # 1 item reported, the same score as 己镇
    ("u-f", "己镇", "town"),
]


def _c(cid: str, unit: str, meeting: str) -> dict:
    return {
        "commitment_id": cid,
        "meeting_id": meeting,
        "kind": "task",
        "title": f"排名测试{cid}",
        "quote": TEXT[:6],
        "unit_id": unit,
        "source_id": "s1",
        "char_start": 0,
        "char_end": 6,
    }


def _rows() -> dict:
    meetings = [("m-old", dt.date(2024, 1, 10)), ("m-new", dt.date(2024, 6, 20))]
    com = [_c(f"a{i}", "u-a", "m-old") for i in range(10)]  # an old meeting: unreported items are silent
    com += [_c(f"b{i}", "u-b", "m-new") for i in range(3)]  # a recent one: not yet silent, not overdue
    com += [_c(f"c{i}", "u-c", "m-new") for i in range(2)]
    com += [_c("e0", "u-e", "m-new"), _c("f0", "u-f", "m-new")]
    return {
        "sources": [
            {
                "source_id": "s1",
                "path": "x.txt",
                "sha256": "0",
                "title": "t",
                "encoding": "utf-8",
                "text": TEXT,
            }
        ],
        "meetings": [
            {
                "meeting_id": m,
                "source_id": "s1",
                "date": d,
                "title": m,
                "quote": "x",
                "char_start": 0,
                "char_end": 1,
            }
            for m, d in meetings
        ],
        "units": [{"unit_id": u, "name": n, "kind": k, "in_gazetteer": True} for u, n, k in UNITS],
        "commitments": com,
    }


@pytest.fixture
def status(tmp_path: Path) -> pd.DataFrame:
    db = tmp_path / "r.duckdb"
    write_database(db, _rows())
    config = parse_config({}, tmp_path / "config.yaml")
    updates = [Update(c, "已完成", 100, dt.date(2024, 6, 28)) for c in ("a0", "a1")]
    updates += [Update(c, "推进中", 50, dt.date(2024, 6, 28)) for c in ("e0", "f0")]
    append_updates(config.progress_log_path, updates, source="import")
    con = connect_readonly(db)
    try:
        return commitment_status(con, config, as_of=TODAY)
    finally:
        con.close()


def _units() -> pd.DataFrame:
    return pd.DataFrame(UNITS, columns=["unit_id", "name", "kind"])


def test_units_that_never_reported_are_listed_apart_not_ranked_first(status: pd.DataFrame) -> None:
    r = unit_rankings(status, _units(), RankingScoring()).set_index("unit_name")
    # the old scoring gave 乙局 and 丙局 30 points (timeliness only) and ranked them above 甲镇 (20 points)
    assert r.loc["甲镇", "score"] == pytest.approx(20.0)
    ranked = list(r.index[r["group"] == "ranked"])
    assert set(ranked[:2]) == {"戊镇", "己镇"} and ranked[2] == "甲镇"
    assert r.loc["甲镇", "rank"] == 3
    for silent in ("乙局", "丙局"):
        assert r.loc[silent, "group"] == "not_reporting" and pd.isna(r.loc[silent, "rank"])
        assert pd.isna(r.loc[silent, "score"])
    assert r.loc["丁乡", "group"] == "no_items" and pd.isna(r.loc["丁乡", "rank"])
    order = list(r.index)
    assert order.index("甲镇") < order.index("乙局") and order.index("丙局") < order.index("丁乡")


def test_ties_share_a_rank_and_say_so(status: pd.DataFrame) -> None:
    r = unit_rankings(status, _units(), RankingScoring()).set_index("unit_name")
    assert (
        r.loc["戊镇", "rank"] == r.loc["己镇", "rank"] == 1
        and r.loc["戊镇", "tied"]
        and r.loc["己镇", "tied"]
    )
    assert not r.loc["甲镇", "tied"]
    assert rank_label(r.loc["戊镇", "rank"], True, "zh") == "并列1" and rank_label(3, False, "zh") == "3"
    assert rank_label(None, False, "zh") == "—"  # never "None"


def test_averages_say_how_many_items_they_cover(status: pd.DataFrame) -> None:
    r = unit_rankings(status, _units(), RankingScoring()).set_index("unit_name")
    a = r.loc["甲镇"]
    assert (a["reported_percent"], a["n_reported"], a["n_items"]) == (100.0, 2, 10)
    assert coverage_label(a["reported_percent"], 2, 10, "zh") == "100%（10项中2项已填报）"
    assert coverage_label(a["reported_percent"], 2, 10, "en") == "100% (2 of 10 reported)"
    assert a["completion"] == pytest.approx(0.2)  # the score counts unreported items as 0


def test_the_packs_progress_chart_labels_each_average_with_its_coverage(status: pd.DataFrame) -> None:
    rows = status.assign(due_source=status["due_source"])
    ranks = unit_rankings(rows, _units(), RankingScoring())
    empty = pd.DataFrame(columns=["meeting_id", "date", "title", "path", "source_title"])
    data = brief.BriefData(
        city="示例市",
        options=brief.BriefOptions(as_of=TODAY, lang="zh"),
        as_of=TODAY,
        meetings=empty,
        commitments=rows.assign(overdue=False, has_report=rows["status"] != "未填报"),
        figures=pd.DataFrame(),
        units=_units(),
        towns=(),
        has_progress=True,
        rankings=ranks,
    )
    fig = brief.build_chart(data, "progress")
    labels = dict(zip(fig.data[0].y, fig.data[0].text, strict=True))
    assert labels["甲镇"] == "100%（10项中2项已填报）"
    assert set(labels) == {"甲镇", "戊镇", "己镇"}  # units that never reported get no bar
    takeaway = brief.CHARTS_BY_NAME["progress"].takeaway(data)
    assert "2个单位有事项但尚未填报：乙局、丙局" in takeaway
