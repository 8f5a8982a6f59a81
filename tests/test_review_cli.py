"""Review through the command line on the real seed build: every action reaches the database before the command
returns, and survives a rebuild from scratch and the addition of a new meeting."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.review_fixtures import (
    MISSED_WORDS,
    REQUEST_SHANGDIAN,
    SEED_SOURCE,
    TASK_EDU,
    TASK_HONGSHAN,
    TASK_YAKOU,
    TASK_ZHULAN,
    add_meeting,
    build,
    cli,
    commitment,
    reviewer,
    table,
)
from tracker.build import run_build
from tracker.config import load_config
from tracker.progress.log import Update, append_updates
from tracker.progress.status import commitment_status
from tracker.review.log import ReviewEntry, review_log
from tracker.store import queries
from tracker.store.db import connect_readonly


@pytest.fixture
def project(built_project: Path) -> Path:
    """A copy of the built seed project: `build(project)` finds it up to date until a test changes it."""
    return built_project


def _check_all(project: Path, added: str) -> None:
    """What the five actions below must have left in the database."""
    assert commitment(project, TASK_HONGSHAN)["review_state"] == "confirmed"
    assert commitment(project, REQUEST_SHANGDIAN) is None  # rejected: not in the commitments table
    edited = commitment(project, TASK_YAKOU)
    assert edited["title"] == "推进老旧小区改造"
    assert str(edited["due_date"])[:10] == "2024-06-30"
    assert edited["review_state"] == "edited"
    owners = table(
        project,
        "SELECT u.name, cu.role FROM commitment_units cu JOIN units u USING (unit_id) "
        "WHERE commitment_id = ? ORDER BY role",
        [TASK_YAKOU],
    )
    assert list(zip(owners["name"], owners["role"], strict=True)) == [
        ("红山街道", "lead"),
        ("公安局", "support"),
    ]
    assert (
        edited["unit_id"] == table(project, "SELECT unit_id FROM units WHERE name = '红山街道'")["unit_id"][0]
    )
    new = commitment(project, added)
    text = table(project, "SELECT text FROM sources WHERE source_id = ?", [SEED_SOURCE])["text"][0]
    assert new["review_state"] == "added" and new["quote"] == MISSED_WORDS
    assert text[new["char_start"] : new["char_end"]] == MISSED_WORDS  # a span like every other row
    assert new["meeting_id"] is not None and new["title"] == "打击侵害消费者权益行为"
    assert commitment(project, TASK_ZHULAN) is None  # merged into TASK_EDU
    assert commitment(project, TASK_EDU) is not None
    # the extractor's own values stay queryable beside the reviewed ones
    was = table(project, "SELECT title FROM commitments_extracted WHERE commitment_id = ?", [TASK_YAKOU])
    assert was["title"][0] != "推进老旧小区改造"
    assert len(
        table(project, "SELECT * FROM commitments_extracted WHERE commitment_id = ?", [REQUEST_SHANGDIAN])
    )


def test_each_action_reaches_the_database_and_survives_rebuilds_and_a_new_meeting(project: Path) -> None:
    cfg = build(project)
    # progress on the duplicate that will be merged: it must move to the item it is merged into
    append_updates(
        cfg.progress_log_path,
        [Update(TASK_ZHULAN, "推进中", 40.0, dt.date(2024, 3, 1), "网格员到位")],
        source="cli",
        entered_by="测试",
    )
    n_before = len(table(project, "SELECT * FROM commitments"))

    rc, out, err = cli(project, "review", "confirm", TASK_HONGSHAN, "--user", "张三")
    assert rc == 0, err
    assert "已确认" in out and commitment(project, TASK_HONGSHAN)["review_state"] == "confirmed"

    rc, out, err = cli(
        project, "review", "reject", REQUEST_SHANGDIAN, "--why", "是诉求，不是任务", "--user", "张三"
    )
    assert rc == 0, err
    assert commitment(project, REQUEST_SHANGDIAN) is None

    rc, out, err = cli(
        project, "review", "edit", TASK_YAKOU, "--title", "推进老旧小区改造",
        "--owner", "红山街道:lead", "--owner", "公安局:support", "--due", "2024-06-30", "--user", "李四",
    )  # fmt: skip
    assert rc == 0, err
    assert commitment(project, TASK_YAKOU)["title"] == "推进老旧小区改造"

    rc, out, err = cli(
        project, "review", "add", "--source", SEED_SOURCE, "--quote", MISSED_WORDS,
        "--title", "打击侵害消费者权益行为", "--owner", "市场监管局", "--kind", "task", "--user", "王五",
    )  # fmt: skip
    assert rc == 0, err
    added = out.split()[1].split("“")[0].removeprefix("已添加")
    log = [json.loads(line) for line in cfg.review_log_path.read_text(encoding="utf-8").splitlines()]
    assert log[-1]["action"] == "add" and log[-1]["commitment_id"].startswith("a-")
    added = log[-1]["commitment_id"]
    assert commitment(project, added) is not None  # visible as soon as the command returns

    rc, out, err = cli(project, "review", "merge", TASK_ZHULAN, "--into", TASK_EDU, "--user", "赵六")
    assert rc == 0, err
    assert commitment(project, TASK_ZHULAN) is None
    assert len(table(project, "SELECT * FROM commitments")) == n_before - 2 + 1

    # who, when and why are in the log; the acting user of each command is recorded
    assert [e["entered_by"] for e in log] == ["张三", "张三", "李四", "王五"]
    assert log[1]["why"] == "是诉求，不是任务" and log[1]["anchor"]["source_id"] == SEED_SOURCE
    _check_all(project, added)
    _merged_progress_counts_for_the_target(project)

    # a rebuild from scratch: the database is derived, the review is not
    cfg.database_path.unlink()
    run_build(load_config(project))
    _check_all(project, added)
    _merged_progress_counts_for_the_target(project)

    # a new meeting: the old decisions stay, the new items wait for review
    add_meeting(project)
    run_build(load_config(project))
    _check_all(project, added)
    new = table(project, "SELECT review_state FROM commitments WHERE source_id = 'extra'")
    assert len(new) >= 3 and set(new["review_state"]) == {"unreviewed"}


def _merged_progress_counts_for_the_target(project: Path) -> None:
    cfg = load_config(project)
    con = connect_readonly(cfg.database_path)
    try:
        status = commitment_status(con, cfg).set_index("commitment_id")  # today: after the reviews
    finally:
        con.close()
    assert TASK_ZHULAN not in status.index
    assert status.at[TASK_EDU, "status"] == "推进中" and status.at[TASK_EDU, "percent"] == 40.0


def test_bad_actions_are_refused_with_exit_2_and_write_nothing(project: Path) -> None:
    cfg = build(project)
    cases = [
        (["reject", TASK_HONGSHAN], "--why ''：驳回时请说明原因"),
        (["confirm", "c-nope"], "ID 'c-nope'：不是已知的事项"),
        (["edit", TASK_YAKOU, "--owner", "不存在的东西"], "“不存在的东西”不是已知的单位"),
        (["edit", TASK_YAKOU, "--due", "明年"], "--due '明年'：不是日期"),
        (["edit", TASK_YAKOU, "--kind", "杂项"], "--kind '杂项'：不是事项类型"),
        (["edit", TASK_YAKOU, "--parent", TASK_YAKOU], "上级事项不能是它自己或它的下级"),
        (
            ["add", "--source", SEED_SOURCE, "--quote", "这段话不在原文里出现过"],
            "在来源 wugang-2024-02 中找不到这段文字",
        ),
        (["add", "--source", "nope", "--quote", MISSED_WORDS], "--source 'nope'：不是已知的来源"),
        (["merge", TASK_ZHULAN, "--into", TASK_ZHULAN], "请用 --into 给出要合并到的另一个事项"),
        (["reattach", TASK_ZHULAN, "--to", TASK_EDU], "不在无法挂接的清单中"),
    ]
    for args, expected in cases:
        rc, out, err = cli(project, "review", *args, "--user", "张三")
        assert rc == 2, (args, out, err)
        assert err.startswith("错误：") and expected in err, (args, err)
        assert len(err.strip().splitlines()) == 1
    assert not cfg.review_log_path.exists()


def test_an_added_item_can_be_given_orally_and_is_found_when_pasted_with_other_spacing(project: Path) -> None:
    build(project)
    spaced = " ".join(MISSED_WORDS[:6]) + "\n" + MISSED_WORDS[6:]
    rc, out, err = cli(project, "review", "add", "--source", SEED_SOURCE, "--quote", spaced, "--user", "张三")
    assert rc == 0, err
    rows = table(project, "SELECT * FROM commitments WHERE review_state = 'added'")
    assert list(rows["quote"]) == [MISSED_WORDS]
    rc, out, err = cli(
        project,
        "review",
        "add",
        "--source",
        SEED_SOURCE,
        "--title",
        "会上口头布置的检查",
        "--kind",
        "task",
        "--user",
        "张三",
    )
    assert rc == 0, err
    oral = table(project, "SELECT * FROM commitments WHERE title = '会上口头布置的检查'")
    assert len(oral) == 1 and oral["quote"][0] == "" and oral["char_start"][0] == oral["char_end"][0] == 0
    # pasting the words of an existing item is refused: review that item instead
    quote = table(project, "SELECT quote FROM commitments WHERE commitment_id = ?", [TASK_HONGSHAN])["quote"][
        0
    ]
    rc, out, err = cli(project, "review", "add", "--source", SEED_SOURCE, "--quote", quote, "--user", "张三")
    assert rc == 2 and f"这段文字已是事项 {TASK_HONGSHAN}" in err


def test_list_log_and_reopen(project: Path) -> None:
    build(project)
    assert cli(project, "review", "reject", TASK_EDU, TASK_YAKOU, "--why", "重复", "--user", "张三")[0] == 0
    rc, out, err = cli(project, "review", "list", "--state", "rejected")
    assert rc == 0 and TASK_EDU in out and TASK_YAKOU in out and "共 2 项" in out
    rc, out, err = cli(project, "review", "list", "--format", "csv")
    assert out.splitlines()[0].startswith("事项编号,会议,原文")
    assert cli(project, "review", "reopen", TASK_EDU, "--user", "张三")[0] == 0
    assert commitment(project, TASK_EDU)["review_state"] == "unreviewed"
    rc, out, err = cli(project, "review", "log", TASK_EDU)
    assert rc == 0 and len(out.strip().splitlines()) == 2 and "驳回" in out and "恢复" in out


def test_a_damaged_review_log_line_is_named_and_skipped(project: Path) -> None:
    cfg = build(project)
    assert cli(project, "review", "confirm", TASK_EDU, "--user", "张三")[0] == 0
    with cfg.review_log_path.open("a", encoding="utf-8") as f:
        f.write('{"v": 1, "entry_id": "x", "commitment_id": "c-1", "action": "smile"}\n')
    rc, out, err = cli(project, "review", "list")
    assert rc == 0
    assert "警告：" in err and "review.jsonl 第 2 行" in err
    assert commitment(project, TASK_EDU)["review_state"] == "confirmed"


def test_rejected_and_merged_items_leave_every_count(project: Path) -> None:
    cfg = build(project)

    def counts() -> dict[str, object]:
        con = connect_readonly(cfg.database_path)
        try:
            f = queries.Filters()
            rows = queries.commitments(con, f)
            return {
                "headline": queries.headline(con, f, dt.date(2024, 7, 1))["commitments"],
                "status": int(queries.status_counts(con, f)["n"].sum()),
                "towns": int(queries.unit_status_counts(con, f, "town")["n"].sum()),
                "meetings": int(queries.meetings(con, f)["n_commitments"].sum()),
                "spans": int((queries.spans(con, SEED_SOURCE)["span_kind"] == "commitment").sum()),
                "ids": set(rows["commitment_id"]),
            }
        finally:
            con.close()

    before = counts()
    assert cli(project, "review", "reject", REQUEST_SHANGDIAN, "--why", "不是事项", "--user", "张三")[0] == 0
    assert cli(project, "review", "merge", TASK_ZHULAN, "--into", TASK_EDU, "--user", "张三")[0] == 0
    after = counts()
    for key in ("headline", "status", "towns", "meetings", "spans"):
        assert after[key] == before[key] - 2, key
    assert after["ids"] == before["ids"] - {REQUEST_SHANGDIAN, TASK_ZHULAN}


def test_who_may_review_what(project: Path) -> None:
    cfg = build(project)
    rc, _out, err = cli(project, "review", "confirm", TASK_HONGSHAN)
    assert rc == 2 and err.strip() == (
        f"错误：{cfg.users_file_path} 中还没有账号，不能审核：先用 python -m tracker users add 名称 --role admin 创建。"
    )
    reviewer(project, "管理员")
    rc, _out, err = cli(project, "review", "confirm", TASK_HONGSHAN)
    assert rc == 2 and err.strip() == (
        "错误：审核需要账号：加上 --user 账号名（密码在提示时输入，脚本中放在环境变量 TRACKER_PASSWORD）。"
    )
    reviewer(project, "看看", role="viewer")
    reviewer(project, "红山", role="editor", units=("红山街道",))
    rc, _out, err = cli(project, "review", "confirm", TASK_HONGSHAN, "--user", "看看")
    assert rc == 2 and "是查看者" in err
    rc, _out, err = cli(project, "review", "confirm", TASK_EDU, "--user", "红山")
    assert rc == 2 and "红山街道" in err and TASK_EDU in err
    rc, _out, err = cli(project, "review", "confirm", TASK_HONGSHAN, TASK_EDU, "--user", "红山")
    assert rc == 2  # one foreign item refuses the whole batch
    rc, _out, err = cli(
        project, "review", "edit", TASK_HONGSHAN, "--owner", "教育体育局:lead", "--user", "红山"
    )
    assert rc == 2 and "属于 教育体育局" in err  # an editor may not hand its item to another unit
    assert not cfg.review_log_path.exists()
    rc, _out, err = cli(project, "review", "confirm", TASK_HONGSHAN, "--user", "红山")
    assert rc == 0, err
    assert commitment(project, TASK_HONGSHAN)["review_state"] == "confirmed"
    log = [json.loads(line) for line in cfg.review_log_path.read_text(encoding="utf-8").splitlines()]
    assert [e["entered_by"] for e in log] == ["红山"]


def test_review_in_either_log_store_survives_a_rebuild(project: Path, store) -> None:
    """The review log in a JSONL file and in PostgreSQL (`logs.store`): decisions recorded, applied, kept."""
    with open(project, "a", encoding="utf-8") as f:
        f.write("\n" + store.config_lines())
    cfg = build(project)
    assert cfg.logs.store == store.kind
    assert cli(project, "review", "confirm", TASK_HONGSHAN, "--user", "张三")[0] == 0
    assert cli(project, "review", "reject", TASK_EDU, "--why", "重复", "--user", "张三")[0] == 0
    kept = store.log(ReviewEntry, "review") if store.kind == "postgres" else review_log(cfg.review_log_path)
    assert [(e.action, e.entered_by) for e in kept.read().entries] == [
        ("confirm", "张三"),
        ("reject", "张三"),
    ]
    assert (store.kind == "jsonl") == cfg.review_log_path.exists()
    cfg.database_path.unlink()
    build(project)
    assert commitment(project, TASK_HONGSHAN)["review_state"] == "confirmed"
    assert commitment(project, TASK_EDU) is None
