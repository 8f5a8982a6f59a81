"""The status table after a progress, sign-off or extension entry is the last one with only the touched items' rows
computed again (tracker/progress/status_update.py), and equals a full recompute, on real DuckDB files with the logs
in each store."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tracker.config import Config, load_config
from tracker.progress import status, status_table, status_update
from tracker.progress.extension import ExtensionEntry, approved_dues, open_extension_log, read_extensions
from tracker.progress.log import Update, append_updates, open_progress_log
from tracker.progress.signoff import SignoffEntry, open_signoff_log
from tracker.store import logfile
from tracker.store.db import connect_readonly, write_database

TODAY = dt.date(2024, 7, 1)
TEXT = "合成测试文本（synthetic test text）" * 10
STATUSES = ("未启动", "推进中", "已完成", "滞后")


def _item(cid: str, parent: str | None, unit: str, meeting: str, due: dt.date | None = None) -> dict:
    return {
        "commitment_id": cid,
        "meeting_id": meeting,
        "parent_id": parent,
        "kind": "task" if parent else "requirement",
        "ordinal": 1,
        "title": f"synthetic {cid}",
        "quote": TEXT[:5],
        "unit_id": unit,
        "due_date": due,
        "source_id": "s1",
        "char_start": 0,
        "char_end": 5,
    }


def _rows() -> dict:
    """Two meetings, three units, trees three deep, a lone item and one whose parent is not in the database."""
    items = []
    for t in range(3):
        meeting = f"m{t % 2 + 1}"
        items.append(_item(f"r{t}", None, "u-a", meeting))
        for k in range(3):
            items.append(_item(f"r{t}-{k}", f"r{t}", ("u-a", "u-b", "u-c")[k], meeting))
            for j in range(2):
                due = dt.date(2024, 3 + j * 6, 28) if (t + k + j) % 2 else None
                items.append(_item(f"r{t}-{k}-{j}", f"r{t}-{k}", "u-b", meeting, due))
    items += [_item("lone", None, "u-c", "m2", dt.date(2024, 7, 5)), _item("stray", "gone", "u-a", "m1")]
    meetings = [
        {"meeting_id": m, "source_id": "s1", "date": d, "title": "合成会议", "quote": "x", "char_start": 0,
         "char_end": 1}
        for m, d in (("m1", dt.date(2024, 1, 1)), ("m2", dt.date(2024, 4, 1)))
    ]  # fmt: skip
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
        "meetings": meetings,
        "units": [
            {"unit_id": u, "name": n, "kind": k, "in_gazetteer": True}
            for u, n, k in (("u-a", "甲镇", "town"), ("u-b", "乙局", "department"), ("u-c", "丙乡", "town"))
        ],
        "commitments": items,
    }


IDS = [str(c["commitment_id"]) for c in _rows()["commitments"]] + ["unknown"]


def _project(folder: Path, store) -> Config:
    db = folder / "t.duckdb"
    write_database(db, _rows())
    data = {"database": str(db), "progress": {"log": "progress.jsonl", "require_signoff": True}}
    data.update(yaml.safe_load(store.config_lines()))
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_config(path, must_exist=True)


def _reference(config: Config) -> pd.DataFrame:
    """The whole table computed from the start, as status.py did before it was kept current."""
    con = connect_readonly(config.database_path)
    try:
        log = open_progress_log(config)
        entries = status.loop_entries(config, log, con, TODAY)
        dues = approved_dues(read_extensions(config))
        return _sorted(status_table.frame(status_update.compute_slim(con, config, TODAY, entries, dues)))
    finally:
        con.close()


def _current(config: Config) -> pd.DataFrame:
    con = connect_readonly(config.database_path)
    try:
        return _sorted(status_table.frame(status.slim_status(con, config, TODAY)))
    finally:
        con.close()


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("commitment_id").reset_index(drop=True)


def _one_entry(config: Config, rng: random.Random) -> str:
    """Append one random progress report, sign-off decision or extension entry; what kind it was."""
    kind = rng.choice(["progress", "progress", "progress", "signoff", "extension"])
    now = dt.datetime(2024, 6, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=rng.randrange(100000))
    stamp = now.isoformat()
    if kind == "progress":
        cid = rng.choice(IDS)
        day = dt.date(2024, 5, 1) + dt.timedelta(days=rng.randrange(70))  # some after TODAY: not known yet
        update = Update(cid, rng.choice(STATUSES), float(rng.randrange(0, 101, 10)), day)
        append_updates(open_progress_log(config), [update], source="cli", needs_signoff=rng.random() < 0.7,
                       now=now)  # fmt: skip
    elif kind == "signoff":
        done = [e for e in open_progress_log(config).read().entries if e.status == "已完成"]
        if not done:
            return _one_entry(config, rng)
        e = rng.choice(done)
        decision = SignoffEntry(
            entry_id=uuid.uuid4().hex, commitment_id=e.commitment_id, progress_entry_id=e.entry_id,
            decision=rng.choice(["signoff", "return"]), reason="合成", entered_by="ducha", entered_at=stamp,
        )  # fmt: skip
        open_signoff_log(config).append_batch(lambda cur: [decision])
    else:
        cid, rid = rng.choice(IDS[:-1]), uuid.uuid4().hex
        new_due = (dt.date(2024, 6, 1) + dt.timedelta(days=rng.randrange(120))).isoformat()
        ask = ExtensionEntry(entry_id=rid, request_id=rid, commitment_id=cid, action="request", new_due=new_due,
                             reason="合成", entered_by="hs", entered_at=stamp)  # fmt: skip
        answer = ExtensionEntry(
            entry_id=uuid.uuid4().hex, request_id=rid, commitment_id=cid, action=rng.choice(["approve", "refuse"]),
            new_due=new_due, entered_by="ducha", entered_at=stamp,
        )  # fmt: skip
        open_extension_log(config).append_batch(lambda cur: [ask])
        open_extension_log(config).append_batch(lambda cur: [answer])
    return kind


# one random sequence for every edit; the others with the property and fuzz tests (slow)
@pytest.mark.parametrize(
    "seed", [1, pytest.param(2, marks=pytest.mark.slow), pytest.param(3, marks=pytest.mark.slow)]
)
def test_status_after_each_entry_equals_a_full_recompute(tmp_path: Path, store, seed: int) -> None:
    config = _project(tmp_path, store)
    rng = random.Random(seed)
    _current(config)  # the first table: computed whole
    full = status_update.RECOMPUTES["full"]
    for _ in range(12):
        _one_entry(config, rng)
        pd.testing.assert_frame_equal(_current(config), _reference(config))
    assert status_update.RECOMPUTES["full"] == full  # every table after an entry was kept current, not redone


def test_a_status_after_an_entry_reads_and_computes_only_what_is_new(tmp_path: Path, store) -> None:
    config = _project(tmp_path, store)
    log = open_progress_log(config)
    append_updates(log, [Update(c, "推进中", 30, dt.date(2024, 6, 1)) for c in IDS[:20]], source="cli")
    _current(config)
    full, inc = status_update.RECOMPUTES["full"], status_update.RECOMPUTES["incremental"]
    read = logfile.READ_COUNT["records"]
    append_updates(log, [Update("r1-2-1", "已完成", 100, dt.date(2024, 6, 20))], source="cli")
    got = _current(config).set_index("commitment_id")
    assert logfile.READ_COUNT["records"] - read == 1  # the new record only, not the log from its start
    assert status_update.RECOMPUTES["full"] == full and status_update.RECOMPUTES["incremental"] == inc + 1
    assert got.loc["r1-2-1", "status"] == "已完成" and got.loc["r1-2", "rollup_percent"] == 65
    pd.testing.assert_frame_equal(got.reset_index(), _reference(config))


def test_another_day_or_rules_or_an_edited_log_is_a_full_recompute(tmp_path: Path) -> None:
    from tests.log_stores import Store

    config = _project(tmp_path, Store("jsonl", tmp_path))
    append_updates(
        config.progress_log_path, [Update("r0-0", "推进中", 30, dt.date(2024, 6, 1))], source="cli"
    )
    _current(config)
    full = status_update.RECOMPUTES["full"]
    rules = config.progress.rules.model_copy(update={"silent_days": 5})
    stricter = config.model_copy(update={"progress": config.progress.model_copy(update={"rules": rules})})
    con = connect_readonly(config.database_path)
    try:
        status.slim_status(con, stricter, TODAY)
        status.slim_status(con, config, TODAY - dt.timedelta(days=1))
    finally:
        con.close()
    assert status_update.RECOMPUTES["full"] == full + 2
    path = config.progress_log_path
    path.write_bytes(path.read_bytes().replace(b'"percent": 30.0', b'"percent": 60.0'))  # a hand edit
    append_updates(path, [Update("r2-0", "推进中", 10, dt.date(2024, 6, 1))], source="cli")
    got = _current(config)
    assert status_update.RECOMPUTES["full"] == full + 3
    assert got.set_index("commitment_id").loc["r0-0", "percent"] == 60
    pd.testing.assert_frame_equal(got, _reference(config))
