"""审核销号 and 延期申请 through the commands (`progress add`, `signoff`, `extension`) on the synthetic database,
with the logs in each store: a unit's 已完成 waits for an administrator (待销号, not done in status or rankings),
the unit cannot sign it off, a return needs a reason and shows it, an approved extension moves the due date and
the overdue count; entries from before sign-off existed count as done and say so."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
import yaml

from tests.auth_fixtures import ACCOUNTS, write_accounts
from tests.conftest import SHIPPED_CONFIG
from tests.dashboard_fixtures import write_synthetic_db
from tracker.cli import main as tracker_main
from tracker.config import load_config
from tracker.progress import extension, signoff
from tracker.progress.log import ProgressEntry, open_progress_log
from tracker.progress.rankings import unit_rankings
from tracker.progress.status import commitment_status, load_entries, loop_entries
from tracker.store.db import connect_readonly

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2024, 4, 10)


def make_project(folder: Path, store, **progress: object) -> Path:
    """A config on the synthetic database with the logs in `store`, the test accounts; the config path."""
    db = write_synthetic_db(folder / "data" / "tracker.duckdb")
    data = yaml.safe_load(SHIPPED_CONFIG.read_text(encoding="utf-8"))
    data.update({"city": "示例市", "language": "zh", "database": str(db), "sources": []})
    data.update(yaml.safe_load(store.config_lines()))
    data.setdefault("progress", {}).update(progress)
    out = folder / "config.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    write_accounts(folder / "data" / "users.yaml")
    return out


def run(config: Path, account: str | None, *args: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """One `python -m tracker …` command in-process, signed in as `account` (TRACKER_PASSWORD)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    if account is not None:
        monkeypatch.setenv("TRACKER_PASSWORD", ACCOUNTS[account][2])
        args = (*args, "--user", account)
    else:
        monkeypatch.delenv("TRACKER_PASSWORD", raising=False)
    return tracker_main([args[0], "--config", str(config), *args[1:]])


def done(config: Path, account: str, cid: str, monkeypatch: pytest.MonkeyPatch) -> int:
    return run(config, account, "progress", "add", cid, "--status", "已完成", "--as-of", "2024-04-01",
               monkeypatch=monkeypatch)  # fmt: skip


def status_of(config: Path, cid: str) -> dict:
    cfg = load_config(config)
    con = connect_readonly(cfg.database_path)
    try:
        rows = commitment_status(con, cfg, TODAY)
    finally:
        con.close()
    return rows.set_index("commitment_id").loc[cid].to_dict() | {"_all": rows}


def n_done(config: Path, unit_id: str) -> int:
    rows = status_of(config, "c-task1")["_all"]
    units = rows[["unit_id", "unit_name"]].dropna().drop_duplicates().rename(columns={"unit_name": "name"})
    ranks = unit_rankings(rows, units, load_config(config).progress.ranking).set_index("unit_id")
    return int(ranks.at[unit_id, "n_done"])


def test_a_units_done_waits_for_sign_off_and_only_an_admin_decides(
    tmp_path: Path, store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    config = make_project(tmp_path, store)
    assert done(config, "hs", "c-task1", monkeypatch) == 0, capsys.readouterr().err
    row = status_of(config, "c-task1")
    assert (row["status"], row["percent"]) == ("待销号", 100.0)
    assert n_done(config, "u-hongshan") == 0  # not counted done in the ranking either
    capsys.readouterr()
    assert run(config, None, "signoff", "list", monkeypatch=monkeypatch) == 0
    out = capsys.readouterr().out
    assert "c-task1" in out and "共 1 项待销号" in out

    # the unit's own editor (and any editor) cannot sign off; a viewer neither
    for account in ("hs", "two", "viewer"):
        assert run(config, account, "signoff", "sign", "c-task1", monkeypatch=monkeypatch) == 2
        err = capsys.readouterr().err
        assert err.startswith("错误：只有管理员可以审核销号；账号 "), err
    assert status_of(config, "c-task1")["status"] == "待销号"

    # a return needs a reason; with one, the item is 推进中 and the reason is in its history
    assert run(config, "admin", "signoff", "return", "c-task1", monkeypatch=monkeypatch) == 2
    assert capsys.readouterr().err == "错误：事项 c-task1：退回须写明理由（--reason）\n"
    assert run(config, "admin", "signoff", "return", "c-task1", "--reason", "缺少验收材料",
               monkeypatch=monkeypatch) == 0  # fmt: skip
    assert status_of(config, "c-task1")["status"] == "推进中"
    assert n_done(config, "u-hongshan") == 0
    capsys.readouterr()
    assert run(config, None, "signoff", "history", "c-task1", monkeypatch=monkeypatch) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[1:] for line in lines] == [
        ["报告已完成（已退回）", "hs"],
        ["退回", "admin：缺少验收材料"],
    ]
    # nothing waits any more: a second decision is refused
    assert run(config, "admin", "signoff", "sign", "c-task1", monkeypatch=monkeypatch) == 2
    assert "没有待销号的进展" in capsys.readouterr().err

    # reported done again, then signed off: done everywhere
    assert done(config, "hs", "c-task1", monkeypatch) == 0
    assert status_of(config, "c-task1")["status"] == "待销号"
    assert run(config, "admin", "signoff", "sign", "c-task1", monkeypatch=monkeypatch) == 0
    assert capsys.readouterr().out.strip().endswith("已销号：c-task1（admin）")
    assert status_of(config, "c-task1")["status"] == "已完成"
    assert n_done(config, "u-hongshan") == 1


def test_done_by_an_admin_before_sign_off_or_with_it_off_counts_and_says_why(
    tmp_path: Path, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path, store)
    assert done(config, "admin", "c-task2", monkeypatch) == 0  # the office's own 已完成
    cfg = load_config(config)
    # an entry written before sign-off existed: a line without the needs_signoff key
    legacy = ProgressEntry(entry_id="old-1", commitment_id="c-req3", status="已完成", percent=100.0,
                           as_of="2024-04-02", entered_by="admin", entered_at="2024-04-02T09:00:00+08:00",
                           source="cli")  # fmt: skip
    line = json.dumps(legacy.model_dump(exclude={"needs_signoff"}), ensure_ascii=False)
    if store.kind == "jsonl":
        with open(cfg.progress_log_path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
    else:
        store.add_raw(line)
    assert status_of(config, "c-task2")["status"] == "已完成"
    assert status_of(config, "c-req3")["status"] == "已完成"
    entries = loop_entries(cfg, open_progress_log(cfg))
    states = dict(zip(entries["commitment_id"], entries["signoff"], strict=True))
    assert states == {"c-task2": "not_needed", "c-req3": "before"}

    off = make_project(tmp_path / "off", store, require_signoff=False)
    assert done(off, "hs", "c-task1", monkeypatch) == 0
    assert status_of(off, "c-task1")["status"] == "已完成"
    raw = load_entries(
        open_progress_log(load_config(off))
    )  # (one PostgreSQL schema holds both projects' logs)
    assert list(raw[raw["commitment_id"] == "c-task1"]["needs_signoff"]) == [False]


def test_sign_off_rule_per_entry() -> None:
    assert signoff.state_of("已完成", True, None, True) == "pending"
    assert signoff.state_of("已完成", True, None, False) == "not_needed"
    assert signoff.state_of("已完成", True, "signoff", True) == "signed"
    assert signoff.state_of("已完成", True, "return", True) == "returned"
    assert signoff.state_of("已完成", None, None, True) == "before"
    assert signoff.state_of("已完成", False, None, True) == "not_needed"
    assert signoff.state_of("推进中", True, None, True) == ""


def test_an_extension_moves_the_due_date_and_the_overdue_count(
    tmp_path: Path, store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    config = make_project(tmp_path, store)
    before = status_of(config, "c-task2")  # due 2024-03-31 in the text: overdue on TODAY
    assert (str(before["due_date"]), before["due_source"], before["days_overdue"]) == (
        "2024-03-31",
        "text",
        10,
    )
    overdue = int((before["_all"]["days_overdue"] > 0).sum())

    ask = ("extension", "request", "c-task2", "--to", "2024-06-30", "--reason", "资金未到位")
    assert run(config, "hs", *ask, monkeypatch=monkeypatch) == 2  # another unit's item
    assert "只能为 红山街道 的事项申请延期" in capsys.readouterr().err
    assert run(config, "edu", "extension", "request", "c-task2", "--to", "2024-03-01", "--reason", "x",
               monkeypatch=monkeypatch) == 2  # fmt: skip
    assert "不晚于现在的时限 2024-03-31" in capsys.readouterr().err
    assert run(config, "edu", *ask, monkeypatch=monkeypatch) == 0, capsys.readouterr().err
    assert run(config, "edu", *ask, monkeypatch=monkeypatch) == 2  # one request waits at a time
    assert "已有一份延期申请在等待审批" in capsys.readouterr().err
    assert status_of(config, "c-task2")["due_source"] == "text"  # a waiting request changes nothing
    capsys.readouterr()
    assert run(config, None, "extension", "list", monkeypatch=monkeypatch) == 0
    assert "原定 2024-03-31 → 申请 2024-06-30  edu：资金未到位" in capsys.readouterr().out

    assert run(config, "edu", "extension", "approve", "c-task2", monkeypatch=monkeypatch) == 2
    assert "只有管理员可以审批延期申请" in capsys.readouterr().err
    assert run(config, "admin", "extension", "approve", "c-task2", monkeypatch=monkeypatch) == 0
    assert capsys.readouterr().out.strip() == "已批准延期：c-task2 时限改为 2024-06-30（原定 2024-03-31）"
    after = status_of(config, "c-task2")
    assert (str(after["due_date"]), after["due_source"], after["days_overdue"]) == (
        "2024-06-30",
        "extended",
        0,
    )
    assert int((after["_all"]["days_overdue"] > 0).sum()) == overdue - 1
    dues = extension.approved_dues(extension.read_extensions(load_config(config)))
    assert dues.to_dict("records") == [
        {"commitment_id": "c-task2", "new_due": dt.date(2024, 6, 30), "old_due": dt.date(2024, 3, 31)}
    ]

    # a refusal leaves the date alone
    assert run(config, "edu", "extension", "request", "c-task2", "--to", "2024-09-30", "--reason", "再延",
               monkeypatch=monkeypatch) == 0  # fmt: skip
    assert (
        run(config, "admin", "extension", "refuse", "c-task2", "--reason", "不同意", monkeypatch=monkeypatch)
        == 0
    )
    assert str(status_of(config, "c-task2")["due_date"]) == "2024-06-30"
    assert extension.waiting(extension.read_extensions(load_config(config))) == []
