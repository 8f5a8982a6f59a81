"""When a source's wording changes, ids change: review and progress entries follow the clear best match, or are
listed as orphaned until a person re-attaches or closes them. Also: as-of views ignore later reviews, and
review.required counts reviewed items only."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.review_fixtures import (
    REQ_PROPAGANDA,
    TASK_EDU,
    TASK_HONGSHAN,
    TASK_MARKET,
    build,
    cli,
    commitment,
    set_review,
    table,
)
from tracker.build import run_build
from tracker.config import load_config
from tracker.progress.follow_up import follow_up
from tracker.progress.log import Update, append_updates
from tracker.progress.status import commitment_status
from tracker.reports.brief.model import BriefOptions
from tracker.reports.brief.select import gather
from tracker.store import queries
from tracker.store.db import connect_readonly


@pytest.fixture
def project(built_project: Path) -> Path:
    """A copy of the built seed project: `build(project)` finds it up to date until a test changes it."""
    return built_project


SEED = "data/sources/000_41c53f3caae606d6.txt"


def _reword(project: Path, old: str, new: str) -> None:
    path = project.parent / SEED
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _log(project: Path) -> list[dict]:
    path = load_config(project).review_log_path
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_reworded_source_reattaches_clear_matches_and_lists_the_rest_as_orphans(project: Path) -> None:
    cfg = build(project)
    assert (
        cli(
            project, "review", "edit", REQ_PROPAGANDA, "--title", "把握宣传思想文化工作形势", "--user", "张三"
        )[0]
        == 0
    )
    append_updates(
        cfg.progress_log_path,
        [Update(TASK_MARKET, "推进中", 30.0, dt.date(2024, 3, 1), "已开展整治")],
        source="cli",
        entered_by="测试",
    )
    # a small correction inside the requirement (its id changes), and the market task's sentence rewritten
    _reword(project, "战略机遇和风险挑战并存", "战略机遇与风险挑战并存")
    _reword(project, "由市场监管部门开展春节网络环境整治专项行动。", "有关情况另行通报。")
    run_build(load_config(project))

    assert commitment(project, REQ_PROPAGANDA) is None  # the old id is gone
    moved = [e for e in _log(project) if e["action"] == "reattach"]
    assert len(moved) == 1 and moved[0]["commitment_id"] == REQ_PROPAGANDA and moved[0]["source"] == "build"
    new_id = moved[0]["values"]["into"]
    row = commitment(project, new_id)
    assert row["title"] == "把握宣传思想文化工作形势" and row["review_state"] == "edited"  # the edit followed
    assert "战略机遇与风险挑战并存" in row["quote"]

    orphans = table(project, "SELECT * FROM review_orphans")
    assert list(orphans["commitment_id"]) == [TASK_MARKET]
    assert int(orphans["n_progress"][0]) == 1 and "春节网络环境整治" in orphans["quote"][0]
    assert [e["action"] for e in _log(project) if e["commitment_id"] == TASK_MARKET] == ["orphan"]
    rc, out, err = cli(project, "review", "orphans")
    assert rc == 0 and TASK_MARKET in out and "进展记录 1 条" in out

    # a rebuild (even from scratch) decides the same and records nothing twice
    n_entries = len(_log(project))
    cfg.database_path.unlink()
    run_build(load_config(project))
    assert len(_log(project)) == n_entries
    assert commitment(project, new_id)["title"] == "把握宣传思想文化工作形势"
    assert list(table(project, "SELECT commitment_id FROM review_orphans")["commitment_id"]) == [TASK_MARKET]

    # a person re-attaches the orphan: its progress now counts for that item
    rc, out, err = cli(project, "review", "reattach", TASK_MARKET, "--to", TASK_EDU, "--user", "李四")
    assert rc == 0, err
    assert table(project, "SELECT * FROM review_orphans").empty
    con = connect_readonly(cfg.database_path)
    try:
        status = commitment_status(con, load_config(project)).set_index("commitment_id")
    finally:
        con.close()
    assert status.at[TASK_EDU, "percent"] == 30.0


def test_an_orphan_can_be_closed(project: Path) -> None:
    cfg = build(project)
    append_updates(
        cfg.progress_log_path,
        [Update(TASK_MARKET, "推进中", 30.0, dt.date(2024, 3, 1), "")],
        source="cli",
        entered_by="测试",
    )
    _reword(project, "由市场监管部门开展春节网络环境整治专项行动。", "有关情况另行通报。")
    run_build(load_config(project))
    assert len(table(project, "SELECT * FROM review_orphans")) == 1
    assert cli(project, "review", "close", TASK_MARKET, "--user", "张三")[0] == 2  # needs --why
    assert cli(project, "review", "close", TASK_MARKET, "--why", "该项已取消", "--user", "张三")[0] == 0
    assert table(project, "SELECT * FROM review_orphans").empty
    rc, out, err = cli(project, "review", "orphans")
    assert "没有无法挂接的记录" in out


def test_a_view_as_of_an_earlier_day_ignores_later_reviews(project: Path) -> None:
    cfg = build(project)
    assert cli(project, "review", "reject", TASK_HONGSHAN, "--why", "不是事项", "--user", "张三")[0] == 0
    assert cli(project, "review", "edit", TASK_EDU, "--due", "2024-05-01", "--user", "张三")[0] == 0
    today = dt.date.today()
    earlier = dt.date(2025, 12, 31)  # after the meetings, before the reviews were made
    con = connect_readonly(cfg.database_path)
    try:
        now_ids = set(queries.commitments(con, queries.Filters(as_of=today))["commitment_id"])
        then = queries.commitments(con, queries.Filters(as_of=earlier)).set_index("commitment_id")
        status_then = commitment_status(con, cfg, as_of=earlier).set_index("commitment_id")
        pack_now = gather(con, cfg, BriefOptions(as_of=today))
        pack_then = gather(con, cfg, BriefOptions(as_of=earlier))
    finally:
        con.close()
    assert TASK_HONGSHAN not in now_ids
    assert TASK_HONGSHAN in then.index and then.at[TASK_HONGSHAN, "review_state"] == "unreviewed"
    assert status_then.at[TASK_EDU, "due_source"] != "review"
    assert pack_then.counts["commitments"] == pack_now.counts["commitments"] + 1


def test_review_required_counts_reviewed_items_only(project: Path) -> None:
    build(project)
    assert cli(project, "review", "confirm", TASK_HONGSHAN, TASK_EDU, "--user", "张三")[0] == 0
    set_review(project, required=True)
    cfg = load_config(project)
    run_build(cfg)
    con = connect_readonly(cfg.database_path)
    try:
        f = queries.Filters(reviewed_only=cfg.review.required)
        rows = queries.commitments(con, f)
        waiting = queries.review_waiting(con, f)
        total = len(queries.commitments(con, queries.Filters()))
        pack = gather(con, cfg, BriefOptions())
        status = commitment_status(con, cfg)
    finally:
        con.close()
    assert set(rows["commitment_id"]) == {TASK_HONGSHAN, TASK_EDU}
    assert waiting == total - 2
    assert pack.counts["commitments"] == 2 and pack.waiting == total - 2
    assert set(follow_up(status, reviewed_only=True)["commitment_id"]) <= {TASK_HONGSHAN, TASK_EDU}
    assert len(follow_up(status)) > len(follow_up(status, reviewed_only=True))
