"""What the PostgreSQL store of the logs (tracker/store/pglog.py) promises beyond the suite both stores pass
(tests/test_logfile.py, tests/test_progress.py): history that cannot be rewritten, batches that a failure or a
killed writer cannot cut, a clear message for a server that cannot be reached, least-privilege roles, and
backups with pg_dump that restore every record."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.pg_server import _free_port, pg_bin
from tracker.progress.log import ProgressEntry, Update, append_updates, read_log
from tracker.store import pglog
from tracker.store.logfile import LogError
from tracker.store.pglog import PostgresLog

ROOT = Path(__file__).resolve().parent.parent


def log_in(url: str, schema: str, name: str = "progress") -> PostgresLog[ProgressEntry]:
    return PostgresLog(url, ProgressEntry, name, schema=schema)


def upd(cid: str = "c-aaa", pct: float = 10) -> Update:
    return Update(cid, "推进中", pct, dt.date(2024, 5, 1))


def admin(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    """Poll until `condition()` holds (a server-side state we cannot be told about), failing after `timeout`."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


# --- history cannot be rewritten ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {}.records SET record = '{{}}'::json",
        "DELETE FROM {}.records",
        "TRUNCATE {}.records",
    ],
)
def test_records_cannot_be_updated_deleted_or_truncated(
    postgres_url: str, pg_schema: str, statement: str
) -> None:
    log = log_in(postgres_url, pg_schema)
    append_updates(log, [upd()], source="cli")
    with admin(postgres_url) as conn, pytest.raises(psycopg.errors.RaiseException) as got:
        conn.execute(sql.SQL(statement).format(sql.Identifier(pg_schema)))
    assert "append-only" in str(got.value)
    assert len(read_log(log).entries) == 1


def test_the_database_refuses_a_record_that_is_not_json(postgres_url: str, pg_schema: str) -> None:
    log = log_in(postgres_url, pg_schema)
    log.create()
    with admin(postgres_url) as conn, pytest.raises(psycopg.errors.InvalidTextRepresentation):
        conn.execute(
            sql.SQL("INSERT INTO {}.records (log, record) VALUES ('progress', %s::json)").format(
                sql.Identifier(pg_schema)
            ),
            ('{"v": 1, "entry_id": "e-1", "commitment_id": "c-a',),  # a torn line cannot be stored here
        )


def test_a_database_without_the_schema_reads_as_empty_logs(postgres_url: str, pg_schema: str) -> None:
    log = log_in(postgres_url, pg_schema)
    got = log.read()
    assert got.entries == [] and got.problems == [] and log.version() is None
    assert log.raw_records().records == []
    with admin(postgres_url) as conn:  # reading created nothing
        assert conn.execute("SELECT to_regnamespace(%s)", (pg_schema,)).fetchone() == (None,)


def test_logs_in_one_schema_are_separate(postgres_url: str, pg_schema: str) -> None:
    progress, other = log_in(postgres_url, pg_schema), log_in(postgres_url, pg_schema, "other")
    append_updates(progress, [upd("c-a")], source="cli")
    append_updates(other, [upd("c-b"), upd("c-c")], source="import")
    (entry,) = append_updates(progress, [upd("c-b", 20)], source="cli")
    assert entry["old_entry_id"] is None  # c-b's entry in the other log is not its predecessor
    assert [e["commitment_id"] for e in read_log(progress).entries] == ["c-a", "c-b"]
    assert [e["commitment_id"] for e in read_log(other).entries] == ["c-b", "c-c"]


# --- a batch is whole ---------------------------------------------------------------------------------


def test_a_batch_that_fails_part_way_writes_nothing(postgres_url: str, pg_schema: str) -> None:
    log = log_in(postgres_url, pg_schema)
    append_updates(log, [upd("c-a")], source="cli")
    with admin(postgres_url) as conn:  # the server refuses the third record of the next batch
        conn.execute(
            sql.SQL(
                """CREATE FUNCTION {s}.refuse_c() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.record->>'commitment_id' = 'c-c' THEN RAISE EXCEPTION 'disk full (test)'; END IF;
                RETURN NEW; END $$;
                CREATE TRIGGER refuse_c BEFORE INSERT ON {s}.records FOR EACH ROW EXECUTE FUNCTION {s}.refuse_c();"""
            ).format(s=sql.Identifier(pg_schema))
        )
    with pytest.raises(LogError) as got:
        append_updates(log, [upd("c-b"), upd("c-b", 20), upd("c-c"), upd("c-d")], source="import")
    assert got.value.text("en") == (
        f"{log}: could not write the log (disk full (test)); nothing new was saved. Check the database user's "
        "privileges and the server's disk space"
    )
    assert got.value.text("zh") == f"{log}：写入日志失败，未保存任何内容；请检查数据库用户的权限和磁盘空间"
    assert [e["commitment_id"] for e in read_log(log).entries] == ["c-a"]
    with admin(postgres_url) as conn:
        assert conn.execute(
            sql.SQL("SELECT count(*) FROM {}.records").format(sql.Identifier(pg_schema))
        ).fetchone() == (1,)


_STUCK_WRITER = """
import datetime as dt, sys
from tracker.progress.log import ProgressEntry, Update, append_updates
from tracker.store.pglog import PostgresLog
log = PostgresLog(sys.argv[1], ProgressEntry, "progress", schema=sys.argv[2])
append_updates(log, [Update(c, "推进中", 50, dt.date(2024, 5, 2)) for c in ("c-b", "c-stop", "c-d")], source="import")
"""


def test_a_writer_killed_inside_its_batch_leaves_nothing_and_blocks_no_one(
    postgres_url: str, pg_schema: str
) -> None:
    log = log_in(postgres_url, pg_schema)
    append_updates(log, [upd("c-a")], source="cli")
    hold = admin(postgres_url)
    try:
        hold.execute(  # the writer's second record waits on an advisory lock this test holds
            sql.SQL(
                """CREATE FUNCTION {s}.wait_c() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.record->>'commitment_id' = 'c-stop' THEN PERFORM pg_advisory_lock(4242);
                PERFORM pg_advisory_unlock(4242); END IF; RETURN NEW; END $$;
                CREATE TRIGGER wait_c BEFORE INSERT ON {s}.records FOR EACH ROW EXECUTE FUNCTION {s}.wait_c();"""
            ).format(s=sql.Identifier(pg_schema))
        )
        hold.execute("SELECT pg_advisory_lock(4242)")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        writer = subprocess.Popen([sys.executable, "-c", _STUCK_WRITER, postgres_url, pg_schema], env=env)

        def waiting() -> list[tuple[int]]:
            return hold.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'tracker' AND wait_event = 'advisory'"
            ).fetchall()

        wait_for(
            lambda: bool(waiting()) or writer.poll() is not None, "the writer to reach its second record"
        )
        ((backend,),) = waiting()
        inserted = hold.execute(
            sql.SQL("SELECT count(*) FROM {}.records").format(sql.Identifier(pg_schema))
        ).fetchone()
        assert inserted == (1,)  # the first record of the batch is inserted but not committed: unseen
        writer.send_signal(signal.SIGKILL)  # the machine dies in the middle of the batch
        writer.wait(timeout=60)
        hold.execute("SELECT pg_advisory_unlock(4242)")
        # the server notices the lost client and rolls its transaction back
        wait_for(
            lambda: not hold.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (backend,)).fetchall(),
            "the killed writer's session to end",
        )
    finally:
        hold.close()
    assert [e["commitment_id"] for e in read_log(log).entries] == ["c-a"]
    (entry,) = append_updates(log, [upd("c-a", 30)], source="cli")  # the next writer is not blocked
    assert entry["old_percent"] == 10


def test_a_writer_that_waits_too_long_for_the_log_gives_up_with_a_message(
    postgres_url: str, pg_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = log_in(postgres_url, pg_schema)
    append_updates(log, [upd("c-a")], source="cli")
    monkeypatch.setattr(pglog, "LOCK_TIMEOUT_S", 1)
    with psycopg.connect(postgres_url) as other:  # another writer holding the log in an open transaction
        other.execute(
            sql.SQL("SELECT name FROM {}.logs WHERE name = 'progress' FOR UPDATE").format(
                sql.Identifier(pg_schema)
            )
        )
        with pytest.raises(LogError) as got:
            append_updates(log, [upd("c-a", 20)], source="cli")
        other.rollback()
    assert got.value.text("zh") == (
        f"{log}：另一个写入者占用日志超过 1 秒，未保存任何内容；请稍后重试（数据库中可能有未结束的事务）"
    )
    assert len(read_log(log).entries) == 1


# --- servers that cannot be reached, addresses that are wrong ---------------------------------------------


def test_an_unreachable_server_is_a_clear_error_that_never_shows_the_password() -> None:
    port = _free_port()  # nothing listens there
    log = PostgresLog(f"postgresql://tracker:s3cret@127.0.0.1:{port}/tracker", ProgressEntry, "progress")
    for call in (log.read, log.version, lambda: append_updates(log, [upd()], source="cli")):
        with pytest.raises(LogError) as got:
            call()
        where = f"postgresql://tracker@127.0.0.1:{port}/tracker [tracker.records: progress]"
        assert got.value.text("zh") == (
            f"{where}：无法连接日志数据库（服务器拒绝连接：没有运行，或主机、端口不对）；未读写任何记录。请检查 "
            "logs.postgres_url、服务器是否在运行，以及密码（环境变量 PGPASSWORD 或 ~/.pgpass 文件）"
        )
        english = got.value.text("en")
        assert english.startswith(
            f"{where}: cannot connect to the log database (the server refused: not running"
        )
        assert "Connection refused" in english and "s3cret" not in english


def test_a_url_that_does_not_parse_is_a_clear_error_that_does_not_repeat_it() -> None:
    log = PostgresLog("postgresql//tracker:s3cret@db/tracker", ProgressEntry, "progress")
    with pytest.raises(LogError) as got:
        log.read()
    assert got.value.text("en") == (
        "PostgreSQL: not a valid PostgreSQL address; write logs.postgres_url in config.yaml as "
        "postgresql://user@host:5432/database"
    )


# --- roles and backups -------------------------------------------------------------------------------------

GRANTS = """
GRANT USAGE ON SCHEMA {s} TO {role};
GRANT SELECT, INSERT ON {s}.records TO {role};
GRANT SELECT, INSERT, UPDATE ON {s}.logs TO {role};
"""


def test_a_role_that_may_only_read_and_append_can_use_a_schema_its_owner_made(
    postgres_url: str, pg_schema: str
) -> None:
    owner = log_in(postgres_url, pg_schema)
    append_updates(owner, [upd("c-a")], source="cli")  # the owner's first write creates the schema
    role = f"{pg_schema}_app"
    with admin(postgres_url) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
        conn.execute(sql.SQL(GRANTS).format(s=sql.Identifier(pg_schema), role=sql.Identifier(role)))
    try:
        app_url = postgres_url.replace("postgres@", f"{role}@", 1)
        app, review = log_in(app_url, pg_schema), log_in(app_url, pg_schema, "review")
        (entry,) = append_updates(app, [upd("c-a", 20)], source="form")
        assert entry["old_percent"] == 10
        append_updates(review, [upd("c-r")], source="form")  # a new log: one row in logs, no DDL
        assert len(read_log(app).entries) == 2 and len(read_log(review).entries) == 1
        with (
            psycopg.connect(app_url, autocommit=True) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(
                sql.SQL("ALTER TABLE {}.records DISABLE TRIGGER USER").format(sql.Identifier(pg_schema))
            )
    finally:
        with admin(postgres_url) as conn:
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_pg_dump_and_pg_restore_keep_every_record_and_appends_go_on(
    postgres_url: str, pg_schema: str, tmp_path: Path
) -> None:
    bindir = pg_bin()
    assert bindir is not None
    log = log_in(postgres_url, pg_schema)
    append_updates(log, [upd("c-a"), upd("c-b")], source="import")
    append_updates(log, [upd("c-a", 60)], source="cli")
    before, stored = read_log(log).entries, [r.text for r in log.raw_records().records]
    dump = tmp_path / "logs.dump"
    # the commands of docs/deployment.md ("Backups and restore")
    subprocess.run(
        [
            str(bindir / "pg_dump"),
            "--dbname",
            postgres_url,
            "--schema",
            pg_schema,
            "--format",
            "custom",
            "--file",
            str(dump),
        ],
        check=True,
    )
    with admin(postgres_url) as conn:  # the database is lost
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(pg_schema)))
    assert read_log(log).entries == []
    subprocess.run(
        [str(bindir / "pg_restore"), "--dbname", postgres_url, "--exit-on-error", str(dump)], check=True
    )
    restored = log_in(postgres_url, pg_schema)
    assert read_log(restored).entries == before
    assert [r.text for r in restored.raw_records().records] == stored
    (entry,) = append_updates(restored, [upd("c-b", 30)], source="cli")  # the sequence and the lock came back
    assert entry["old_entry_id"] == before[1]["entry_id"]
    assert [r.line for r in restored.raw_records().records] == [1, 2, 3, 4]
    with admin(postgres_url) as conn, pytest.raises(psycopg.errors.RaiseException):  # and so did the triggers
        conn.execute(sql.SQL("DELETE FROM {}.records").format(sql.Identifier(pg_schema)))
