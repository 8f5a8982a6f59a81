"""Reading a log after an append reads only what was appended (tracker/store/logfile.py's read position), and
gives exactly what a full read gives, whatever happened to the file in between: appends, bad or torn lines,
hand edits and rewrites that force a full read."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import Field

from tests.log_stores import Store
from tracker.store import logfile
from tracker.store.logfile import JsonlLog, Record


class Note(Record):
    entry_id: str = Field(min_length=1)
    text: str = ""


def _full(log: JsonlLog) -> logfile.LogRead:
    """What a first read from the start gives (no read position kept)."""
    data = log.path.read_bytes() if log.path.exists() else b""
    return log.parse(data)


def _same(a: logfile.LogRead, b: logfile.LogRead) -> bool:
    return [r.model_dump() for r in a.entries] == [
        r.model_dump() for r in b.entries
    ] and a.problems == b.problems


def test_a_read_after_an_append_reads_only_the_new_records(tmp_path: Path) -> None:
    log = JsonlLog(tmp_path / "n.jsonl", Note)
    log.append_batch(lambda cur: [Note(entry_id=f"e{i}") for i in range(200)])
    assert len(log.read().entries) == 200
    before = logfile.READ_COUNT["records"]
    log.append_batch(lambda cur: [Note(entry_id="new", text=str(len(cur)))])  # the append reads no old line
    got = JsonlLog(tmp_path / "n.jsonl", Note).read()  # a new log object: the position is the process's
    assert [r.entry_id for r in got.entries][-2:] == ["e199", "new"] and got.entries[-1].text == "200"
    assert logfile.READ_COUNT["records"] - before == 1  # the new line, once; not the 200 before it


def test_a_hand_edit_before_the_position_is_a_full_read(tmp_path: Path) -> None:
    log = JsonlLog(tmp_path / "n.jsonl", Note)
    log.append_batch(lambda cur: [Note(entry_id="a", text="x"), Note(entry_id="b", text="y")])
    log.read()
    path = tmp_path / "n.jsonl"
    path.write_bytes(path.read_bytes().replace(b'"x"', b'"z"'))  # same length, same file
    before = logfile.READ_COUNT["records"]
    assert [r.text for r in log.read().entries] == ["z", "y"]
    assert logfile.READ_COUNT["records"] - before == 2


LINES = [
    b'{"entry_id": "bad"',  # not JSON
    b'{"text": "no id"}',  # missing field
    b"[1, 2]",  # not an object
    b"\xff\xfe",  # not UTF-8
    b"",  # blank
    b'{"entry_id": "dup", "batch": "b1", "batch_size": 1}',  # a duplicate once copied twice
    b'{"entry_id": "half", "batch": "b2", "batch_size": 2}',  # a batch cut short
]

step = st.one_of(
    st.tuples(st.just("append"), st.integers(1, 3)),
    st.tuples(st.just("raw"), st.sampled_from(LINES)),
    st.tuples(st.just("torn"), st.just(b'{"entry_id": "to')),
    st.tuples(st.just("edit"), st.integers(0, 10_000)),
    st.tuples(st.just("cut"), st.integers(0, 10_000)),
    st.tuples(st.just("replace"), st.integers(0, 3)),
    st.tuples(st.just("read"), st.just(0)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=25))
def test_reading_on_from_the_position_equals_a_full_read(steps: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "n.jsonl"
        log = JsonlLog(path, Note)
        counter = 0
        for kind, arg in steps:
            if kind == "append":
                log.append_batch(lambda cur, n=arg, c=counter: [Note(entry_id=f"e{c + i}") for i in range(n)])
                counter += arg
            elif kind in ("raw", "torn"):
                with open(path, "ab") as f:
                    f.write(arg + (b"\n" if kind == "raw" else b""))
            elif kind == "edit" and path.exists() and path.stat().st_size:
                data = bytearray(path.read_bytes())  # a hand edit in place: one byte changed, same length
                i = arg % len(data)
                data[i] = ord("x") if data[i] != ord("x") else ord("y")
                with open(path, "r+b") as f:
                    f.write(bytes(data))
            elif kind == "cut" and path.exists() and path.stat().st_size:
                data = path.read_bytes()  # truncated, then maybe appended to again
                os.truncate(path, arg % len(data))
            elif kind == "replace" and path.exists():
                lines = path.read_bytes().split(b"\n")  # rewritten as a new file (an editor's save)
                del lines[arg % len(lines)]
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(b"\n".join(lines))
                os.replace(tmp, path)
            assert _same(log.read(), _full(log))


def test_either_store_reads_on_from_where_it_was(store: Store) -> None:
    log = store.log(Note, "notes")
    log.append_batch(lambda cur: [Note(entry_id=f"e{i}") for i in range(50)])
    assert len(log.read().entries) == 50
    before = logfile.READ_COUNT["records"]
    log.append_batch(lambda cur: [Note(entry_id="new", text=str(len(cur)))])
    got = store.log(Note, "notes").read()
    assert [r.entry_id for r in got.entries][-1] == "new" and got.entries[-1].text == "50"
    assert logfile.READ_COUNT["records"] - before == 1
    store.add_raw('{"text": "no id"}', "notes")  # a record written by hand is read on too, and named
    got = store.log(Note, "notes").read()
    assert len(got.entries) == 51 and [p.code for p in got.problems] == ["missing_field"]
    assert logfile.READ_COUNT["records"] - before == 2


def test_status_after_an_entry_reads_only_that_entry_and_equals_a_full_recomputation(project: Path) -> None:
    """The status after a progress entry does not read the log from its start."""
    import datetime as dt

    from tracker.build import run_build
    from tracker.config import load_config
    from tracker.progress import status
    from tracker.progress.log import Update, append_updates, open_progress_log
    from tracker.store.db import connect_readonly

    config = load_config(project, must_exist=True)
    run_build(config)
    day = dt.date(2024, 12, 31)
    con = connect_readonly(config.database_path)
    try:
        ids = list(status.commitment_status(con, config, as_of=day)["commitment_id"])[:30]
        log = open_progress_log(config)
        for i, cid in enumerate(ids):
            append_updates(log, [Update(cid, "推进中", 10 + i, dt.date(2024, 6, 1))], source="cli")
        status.status_view(con, config, day)
        before = logfile.READ_COUNT["records"]
        append_updates(log, [Update(ids[3], "滞后", 55, dt.date(2024, 7, 1))], source="cli")
        after = status.commitment_status(con, config, as_of=day).set_index("commitment_id")
        assert after.loc[ids[3], "status"] == "滞后" and after.loc[ids[3], "percent"] == 55
        assert logfile.READ_COUNT["records"] - before == 1  # the new entry only, not the 30 before it
        logfile._TAILS.clear()  # forget every read position: a full recomputation from the start
        status._CACHE.clear()
        status._SLIM.clear()
        full = status.commitment_status(con, config, as_of=day).set_index("commitment_id")
        assert logfile.READ_COUNT["records"] - before > 30
        pd.testing.assert_frame_equal(after, full)
    finally:
        con.close()


def test_the_postgres_store_keeps_its_connections_open_between_calls(
    postgres_url: str, pg_schema: str
) -> None:
    from tracker.store.pglog import POOL_SIZE, PostgresLog

    log = PostgresLog(postgres_url, Note, "notes", schema=pg_schema)
    log.append_batch(lambda cur: [Note(entry_id="a")])
    pids = set()
    for _ in range(3 * POOL_SIZE):
        log.read()
        log.version()
        with log._connect() as conn:
            pids.add(conn.execute("SELECT pg_backend_pid()").fetchone()[0])
    assert len(pids) <= POOL_SIZE  # the pool's connections, not a connection per call
