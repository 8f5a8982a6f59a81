"""The record log (tracker/store/logfile.py) and the progress log on it: bad lines are skipped and named, never
fatal; batches are whole; derived fields are taken under the lock, which many writer processes prove.

Tests taking `store` run against both stores (tests/log_stores.py): the JSONL file and PostgreSQL
(tracker/store/pglog.py), where a "line" of a problem is the row's seq; the others are about the file itself.
PostgreSQL-only guarantees are in tests/test_pglog.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import Field

from tests.log_stores import Store
from tracker.errors import UserError
from tracker.progress.log import Update, append_updates, progress_log, read_log
from tracker.store.logfile import JsonlLog, LogError, Record, RecordLog

ROOT = Path(__file__).resolve().parent.parent


class Review(Record):
    """A review action of a made-up model: the log is generic over its model."""

    review_id: str = Field(min_length=1)
    row_id: str
    action: str
    by: str = ""
    at: str = ""
    previous: str | None = None


def review(rid: str, row: str = "c-1", action: str = "confirm") -> Review:
    return Review(review_id=rid, row_id=row, action=action)


def test_a_log_of_another_model_appends_batches_and_reads_them_back(store: Store) -> None:
    log: RecordLog[Review] = store.log(Review, "review")
    assert log.version() is None
    first = log.append_batch(lambda cur: [review("r1"), review("r2", "c-2")])
    second = log.append_batch(
        lambda cur: [review("r3", action="correct").model_copy(update={"previous": cur[-1].review_id})]
    )
    got = log.read()
    assert got.problems == []
    assert [r.review_id for r in got.entries] == ["r1", "r2", "r3"]
    assert {r.batch_size for r in first} == {2} and len({r.batch for r in first}) == 1
    assert second[0].previous == "r2" and second[0].batch != first[0].batch
    version = log.version()
    assert log.append_batch(lambda cur: []) == [] and len(log.read().entries) == 3
    assert log.version() == version is not None  # nothing written, same version
    log.append_batch(lambda cur: [review("r4")])
    assert log.version() != version  # what caches of the log are keyed on


def test_records_read_back_share_their_set_of_fields_and_short_strings(store: Store) -> None:
    """A reader keeps every record of a log: equal given-field sets and equal short strings are held once (a log
    of 50,000 records took 300 MB with its own copies), and a record copied with changes gets a set of its own."""
    log: RecordLog[Review] = store.log(Review, "review")
    log.append_batch(lambda cur: [review("r1", "c-" + "1" * 3), review("r2", "c-" + "1" * 3)])
    a, b = log.read().entries
    assert a.model_fields_set is b.model_fields_set and a.model_fields_set == set(Review.model_fields)
    assert a.row_id is b.row_id and a.batch is b.batch and a.action is b.action
    changed = a.model_copy(update={"by": "x"})
    assert changed.by == "x" and changed.model_fields_set is not b.model_fields_set and b.by == ""


def test_prepare_sees_the_valid_entries_and_an_error_in_it_writes_nothing(store: Store) -> None:
    log = store.log(Review, "review")
    log.append_batch(lambda cur: [review("r1")])
    store.add_raw('{"review_id": "", "row_id": "c-1", "action": "x"}', "review")  # invalid: empty id
    seen: list[list[str]] = []

    def refuse(cur):
        seen.append([r.review_id for r in cur])
        raise UserError("no")

    before = store.stored("review")
    with pytest.raises(UserError):
        log.append_batch(refuse)
    assert seen == [["r1"]] and store.stored("review") == before


# --- bad lines: skipped, named by file and line, never blocking a writer ------------------------------

GOOD = {
    "v": 1,
    "entry_id": "e-1",
    "commitment_id": "c-aaa",
    "status": "推进中",
    "percent": 40.0,
    "as_of": "2024-05-01",
    "note": "",
    "evidence": "",
    "entered_by": "张三",
    "entered_at": "2024-05-02T09:00:00+08:00",
    "source": "form",
    "old_status": None,
    "old_percent": None,
    "old_as_of": None,
    "old_entry_id": None,
    "batch": "b-1",
    "batch_size": 1,
}


def _without(key: str) -> dict:
    return {k: v for k, v in GOOD.items() if k != key}


BAD_LINES = {
    "missing entered_at": (
        json.dumps(_without("entered_at")),
        "{log} 第 2 行：缺少字段 entered_at，已跳过",
    ),
    "as_of null": (
        json.dumps({**GOOD, "as_of": None}),
        "{log} 第 2 行：字段 as_of 的值 null 无效（应为 YYYY-MM-DD 格式的日期），已跳过",
    ),
    "percent abc": (
        json.dumps({**GOOD, "percent": "abc"}),
        '{log} 第 2 行：字段 percent 的值 "abc" 无效（应为数字），已跳过',
    ),
    "impossible date": (
        json.dumps({**GOOD, "as_of": "2024-13-45"}),
        '{log} 第 2 行：字段 as_of 的值 "2024-13-45" 无效（应为 YYYY-MM-DD 格式的日期），已跳过',
    ),
    "unknown status": (
        json.dumps({**GOOD, "status": "差不多"}, ensure_ascii=False),
        "{log} 第 2 行：字段 status 的值 \"差不多\" 无效（应为 '未启动', '推进中', '已完成' or '滞后'），已跳过",
    ),
    "not an object": ("[1, 2, 3]", "{log} 第 2 行：不是一条记录（应为 JSON 对象），已跳过"),
    "a string": ('"just a string"', "{log} 第 2 行：不是一条记录（应为 JSON 对象），已跳过"),
}
# lines a file can hold and a database cannot (PostgreSQL's json column refuses them: tests/test_pglog.py)
UNDECODABLE_LINES = {
    "not JSON": ("{not json", "{log} 第 2 行：不是完整的 JSON 记录（写入被中断或被手工改动），已跳过"),
    "not UTF-8": (
        b"\xff\xfe{}".decode("latin-1"),
        "{log} 第 2 行：不是 UTF-8 文本，已跳过；请勿用其他编码保存日志",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_a_bad_record_is_skipped_named_and_does_not_block_the_next_append(store: Store, case: str) -> None:
    log = store.progress()
    append_updates(log, [Update("c-aaa", "推进中", 40, dt.date(2024, 5, 1))], source="form")
    line, expected = BAD_LINES[case]
    store.add_raw(line)
    got = read_log(log)
    assert [str(p) for p in got.problems] == [expected.format(log=log)]
    assert len(got.entries) == 1
    # the next writer is not blocked, and chains to the last valid entry
    (entry,) = append_updates(log, [Update("c-aaa", "推进中", 60, dt.date(2024, 5, 2))], source="cli")
    assert entry["old_entry_id"] == got.entries[0]["entry_id"] and entry["old_percent"] == 40
    after = read_log(log)
    assert [e["percent"] for e in after.entries] == [40, 60] and len(after.problems) == 1


@pytest.mark.parametrize("case", sorted(UNDECODABLE_LINES))
def test_an_undecodable_line_is_skipped_named_and_does_not_block_the_next_append(
    tmp_path: Path, case: str
) -> None:
    log = tmp_path / "progress.jsonl"
    append_updates(log, [Update("c-aaa", "推进中", 40, dt.date(2024, 5, 1))], source="form")
    line, expected = UNDECODABLE_LINES[case]
    with open(log, "ab") as f:
        f.write((line.encode("latin-1") if case == "not UTF-8" else line.encode("utf-8")) + b"\n")
    got = read_log(log)
    assert [str(p) for p in got.problems] == [expected.format(log=log)]
    assert len(got.entries) == 1
    # the next writer is not blocked, and chains to the last valid entry
    (entry,) = append_updates(log, [Update("c-aaa", "推进中", 60, dt.date(2024, 5, 2))], source="cli")
    assert entry["old_entry_id"] == got.entries[0]["entry_id"] and entry["old_percent"] == 40
    after = read_log(log)
    assert [e["percent"] for e in after.entries] == [40, 60] and len(after.problems) == 1


def test_a_torn_last_line_is_ignored_and_the_next_append_starts_a_new_line(tmp_path: Path) -> None:
    log = tmp_path / "progress.jsonl"
    append_updates(log, [Update("c-aaa", "推进中", 40, dt.date(2024, 5, 1))], source="form")
    with open(log, "ab") as f:
        f.write(json.dumps(GOOD).encode()[:50])  # a crash in the middle of a write
    assert [str(p) for p in read_log(log).problems] == [
        f"{log} 第 2 行：最后一行不完整（写入被中断？），已忽略"
    ]
    append_updates(log, [Update("c-bbb", "推进中", 10, dt.date(2024, 5, 1))], source="form")
    got = read_log(log)
    assert [e["commitment_id"] for e in got.entries] == ["c-aaa", "c-bbb"]
    assert [(p.line, p.code) for p in got.problems] == [(2, "not_json")]


def test_a_partly_written_batch_is_dropped_whole_and_reported(tmp_path: Path) -> None:
    log = tmp_path / "progress.jsonl"
    ups = [Update(c, "推进中", 10, dt.date(2024, 5, 1)) for c in ("c-a", "c-b", "c-c")]
    append_updates(log, ups, source="import")
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:2]) + lines[2][:30])  # the third line was cut by a crash
    got = read_log(log)
    assert got.entries == []
    assert [str(p) for p in got.problems] == [
        f"{log} 第 3 行：最后一行不完整（写入被中断？），已忽略",
        f"{log} 第 1 行：所属的一批 3 条记录只写入了 2 条（写入被中断？），整批已忽略，请重新录入或导入",
    ]


def test_a_hand_damaged_line_inside_a_complete_batch_drops_only_that_line(tmp_path: Path) -> None:
    log = tmp_path / "progress.jsonl"
    ups = [Update(c, "推进中", 10, dt.date(2024, 5, 1)) for c in ("c-a", "c-b")]
    append_updates(log, ups, source="import")
    lines = log.read_text(encoding="utf-8").splitlines()
    obj = json.loads(lines[1])
    del obj["entered_at"]
    log.write_text(lines[0] + "\n" + json.dumps(obj, ensure_ascii=False) + "\n", encoding="utf-8")
    got = read_log(log)
    assert [e["commitment_id"] for e in got.entries] == ["c-a"]
    assert [(p.line, p.code) for p in got.problems] == [(2, "missing_field")]


def test_a_bad_record_in_a_complete_batch_drops_only_that_record_and_a_short_batch_drops_whole(
    store: Store,
) -> None:
    batch = {"batch": "b-2", "batch_size": 2}
    store.add_raw(json.dumps({**GOOD, **batch, "entry_id": "e-1"}, ensure_ascii=False))
    store.add_raw(json.dumps({**_without("entered_at"), **batch, "entry_id": "e-2"}, ensure_ascii=False))
    store.add_raw(
        json.dumps({**GOOD, "entry_id": "e-3", "batch": "b-3", "batch_size": 2}, ensure_ascii=False)
    )
    got = read_log(store.progress())
    assert [e["entry_id"] for e in got.entries] == ["e-1"]  # b-2 is whole (2 stored); b-3 has 1 of 2
    assert [(p.line, p.code) for p in got.problems] == [(2, "missing_field"), (3, "partial_batch")]


def test_old_logs_without_the_new_fields_still_read(store: Store) -> None:
    # a line exactly as older versions wrote it, before reported_by and import_sha256 were recorded
    store.add_raw(json.dumps(GOOD, ensure_ascii=False))
    got = read_log(store.progress())
    assert got.problems == [] and got.entries[0]["entered_by"] == "张三"
    assert got.entries[0]["reported_by"] == "" and got.entries[0]["import_sha256"] is None


def test_problems_read_in_english_too(store: Store) -> None:
    store.add_raw(json.dumps({**GOOD, "percent": "abc"}))
    log = store.progress()
    (p,) = read_log(log).problems
    assert p.text("en") == (
        f'{log}, line 1: the field percent has a bad value "abc" (should be a number); the line is skipped'
    )


# --- durability ------------------------------------------------------------------------------------


def test_the_file_and_on_creation_its_folder_are_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real = os.fsync

    def spy(fd: int) -> None:
        synced.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    log = JsonlLog(tmp_path / "review.jsonl", Review)
    log.append_batch(lambda cur: [review("r1")])
    assert synced == ["file", "dir"]
    synced.clear()
    log.append_batch(lambda cur: [review("r2")])
    assert synced == ["file"]


def test_a_failed_write_takes_back_what_it_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "review.jsonl"
    log = JsonlLog(path, Review)
    log.append_batch(lambda cur: [review("r1")])
    before = path.read_bytes()
    real_write = os.write

    def half_then_full_disk(fd: int, data: bytes | memoryview) -> int:
        if len(data) > 20:
            return real_write(fd, bytes(data[:20]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full_disk)
    with pytest.raises(LogError) as got:
        log.append_batch(lambda cur: [review("r2"), review("r3")])
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert (
        got.value.text("en")
        == f"{path}: could not write the log (No space left on device); nothing new was saved"
    )


def test_a_folder_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "progress.jsonl"
    path.mkdir()
    with pytest.raises(LogError) as got:
        progress_log(path).read()
    assert str(got.value) == f"{path}：这是一个文件夹，不是日志文件；请在配置中改正日志路径"
    with pytest.raises(LogError):
        append_updates(path, [Update("c-a", "推进中", 1, dt.date(2024, 5, 1))], source="cli")


# --- many writer processes on one commitment -------------------------------------------------------

_WRITER = """
import datetime as dt, os, sys
from pathlib import Path
from tests.log_stores import Store
from tracker.progress.log import Update, append_updates
kind, folder, url, schema, n = sys.argv[1:6]
log = Store(kind, Path(folder), url, schema).progress()
sys.stdin.read(1)  # start together, so the appends overlap
for i in range(int(n)):
    append_updates(log, [Update("c-one", "推进中", i, dt.date(2024, 5, 1))], source="cli", entered_by=str(os.getpid()))
"""


@pytest.mark.slow  # many writer processes
def test_many_writer_processes_on_one_commitment_form_one_chain(store: Store) -> None:
    log = store.progress()
    writers, per = 6, 25
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [store.kind, str(store.folder), store.url, store.schema, str(per)]
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, *argv], env=env, stdin=subprocess.PIPE, cwd=ROOT)
        for _ in range(writers)
    ]
    for p in procs:  # every interpreter is up before any of them starts writing
        assert p.stdin is not None
        p.stdin.write(b"g")
        p.stdin.close()
    assert [p.wait(timeout=300) for p in procs] == [0] * writers
    got = read_log(log)
    assert got.problems == [] and len(got.entries) == writers * per
    # each entry's predecessor is the entry before it in the log: one chain, no predecessor claimed twice
    claimed = [e["old_entry_id"] for e in got.entries]
    assert claimed[0] is None
    assert claimed[1:] == [e["entry_id"] for e in got.entries[:-1]]
    assert len(set(claimed)) == len(claimed)
    times = [e["entered_at"] for e in got.entries]
    assert times == sorted(times)  # taken under the lock: file order is time order
