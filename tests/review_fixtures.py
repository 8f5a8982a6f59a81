"""Shared helpers of the review tests: a built seed project, the CLI in-process, the database read back."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pandas as pd
import yaml

from tests.auth_fixtures import hashed
from tracker.auth import Account, load_accounts, save_accounts
from tracker.build import run_build
from tracker.cli import main as tracker_main
from tracker.config import Config, load_config
from tracker.store.db import connect_readonly, query_df

SEED_SOURCE = "wugang-2024-02"
# Items of the seed build used by the tests (their ids come from source id, list, quote and unit: stable).
TASK_HONGSHAN = "c-6390fd9525a7"  # 红山街道 task
REQUEST_SHANGDIAN = "c-594970da328e"  # 尚店镇's request to the city
TASK_YAKOU = "c-95fec1e6731b"  # 垭口街道 task
TASK_ZHULAN = "c-a316bce777cc"  # 朱兰街道 task
TASK_EDU = "c-e83662de3c46"  # 教育体育局 task
REQ_PROPAGANDA = "c-415eddbcc619"  # 一要立足发展大局… (a long requirement)
TASK_MARKET = "c-56383674496e"  # 由市场监管部门开展春节网络环境整治专项行动
# Words of the seed that no extracted item covers (for "add an item the extractor missed").
MISSED_WORDS = "严厉打击侵害消费者合法权益的行为"

# A synthetic later meeting (sample text written for the tests, not a real article).
NEW_MEETING = (
    "舞钢市召开安全生产工作会议（测试用样例）\n\n3月5日，舞钢市召开2024年安全生产工作会议。"
    "会议提出三点要求：一要压实安全责任；二要开展隐患排查；三要强化应急值守。\n"
)


REVIEWER_PASSWORD = "reviewer-pass-1"  # every reviewer account the tests make (administrators)


def reviewer(config: Path, name: str, role: str = "admin", units: tuple[str, ...] = ()) -> None:
    """Make sure the project's accounts file has account `name` (password REVIEWER_PASSWORD)."""
    users = load_config(config, must_exist=True).users_file_path
    have = list(load_accounts(users).accounts) if users.exists() else []
    if not any(a.id == name for a in have):
        have.append(Account(id=name, role=role, units=units, password=hashed(REVIEWER_PASSWORD)))
        save_accounts(users, have)


def cli(config: Path, *args: str) -> tuple[int, str, str]:
    """`python -m tracker …` in this process: (exit status, stdout, stderr). The account a `--user` names is
    made first (an administrator) and signs in with its password from TRACKER_PASSWORD."""
    if "--user" in args:
        reviewer(config, args[args.index("--user") + 1])
    out, err = io.StringIO(), io.StringIO()
    before = os.environ.get("TRACKER_PASSWORD")
    os.environ["TRACKER_PASSWORD"] = REVIEWER_PASSWORD
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = tracker_main([args[0], "--config", str(config), *args[1:]])
    finally:
        if before is None:
            os.environ.pop("TRACKER_PASSWORD", None)
        else:
            os.environ["TRACKER_PASSWORD"] = before
    return rc, out.getvalue(), err.getvalue()


def build(config_path: Path) -> Config:
    """Load the config and build its database; the config."""
    cfg = load_config(config_path, must_exist=True)
    run_build(cfg)
    return cfg


def table(config: Config | Path, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    """A query on the built database."""
    cfg = config if isinstance(config, Config) else load_config(config, must_exist=True)
    con = connect_readonly(cfg.database_path)
    try:
        return query_df(con, sql, params or [])
    finally:
        con.close()


def commitment(config: Config | Path, cid: str) -> dict | None:
    """One row of the reviewed commitments table, or None when the item is not there."""
    found = table(config, "SELECT * FROM commitments WHERE commitment_id = ?", [cid])
    return None if found.empty else found.iloc[0].to_dict()


def add_meeting(config_path: Path, text: str = NEW_MEETING, source_id: str = "extra") -> None:
    """Add a report (a new meeting) to the project's config."""
    folder = config_path.parent / "data" / "sources"
    (folder / f"{source_id}.txt").write_text(text, encoding="utf-8")
    data = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    data["sources"].append({"id": source_id, "path": f"data/sources/{source_id}.txt", "year": 2024})
    config_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def set_review(config_path: Path, **settings: object) -> None:
    """Set keys under `review:` in the project's config."""
    data = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    data.setdefault("review", {}).update(settings)
    config_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
