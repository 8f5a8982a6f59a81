"""The PostgreSQL store of the append-only record logs: the RecordLog of tracker/store/logfile.py in a database,
for several dashboard servers sharing one set of logs.

The same guarantees as the JSONL file, with transactions instead of file locks:
- a writer locks its log's row in `<schema>.logs` (SELECT … FOR UPDATE) inside its transaction, then reads every
  committed record, calls `prepare` and inserts the batch; so derived fields (time, predecessor) cannot race, and
  writers of different logs do not wait for each other;
- a batch is one transaction: it commits whole or not at all;
- records are JSON texts (`json`, which keeps the text exactly as written) in append order (`seq`), validated
  against the caller's model when read, exactly as file lines are: a bad row is skipped and reported by its seq;
- nothing is updated or deleted: triggers refuse UPDATE, DELETE and TRUNCATE on the records table.

The schema is created on first write (tables `logs` and `records`, two triggers); readers of a database without
it see empty logs. Connection problems are LogErrors (UserErrors) that name the server, never the password.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import re
import sys
import threading
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolTimeout

from tracker.i18n import InLanguage, Msg, msg
from tracker.store.logfile import (
    LogError,
    LogProblem,
    LogRead,
    Prepare,
    R,
    RawRead,
    RawRecord,
    Record,
    check_records,
    stamp_batch,
    validate_rows,
    whole_batches,
)

SCHEMA_VERSION = "1"
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
CONNECT_TIMEOUT_S = 10  # an unreachable server is an error after this long, not a hang
POOL_SIZE = 4  # connections kept per server by one process (a dashboard serves a few sessions at once)
LOCK_TIMEOUT_S = 60  # a writer waits this long for another writer of the same log, then gives up
_DDL_LOCK = 7_414_001  # advisory lock key: two first writers do not create the schema at once

_DDL = """
CREATE SCHEMA IF NOT EXISTS {schema};
CREATE TABLE IF NOT EXISTS {schema}.meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO {schema}.meta VALUES ('schema_version', {version}) ON CONFLICT (key) DO NOTHING;
CREATE TABLE IF NOT EXISTS {schema}.logs (
    name text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS {schema}.records (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    log text NOT NULL REFERENCES {schema}.logs (name),
    record json NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    written_by text NOT NULL DEFAULT current_user
);
CREATE INDEX IF NOT EXISTS records_log_seq ON {schema}.records (log, seq);
CREATE OR REPLACE FUNCTION {schema}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the tracker''s logs are append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING HINT = 'a correction is a new record';
END $$;
CREATE OR REPLACE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON {schema}.records
    FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_change();
CREATE OR REPLACE TRIGGER records_no_truncate BEFORE TRUNCATE ON {schema}.records
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_change();
"""


def server_label(url: str) -> str:
    """The server and database of a connection URL, for messages: never the password."""
    try:
        d = conninfo_to_dict(url)
    except psycopg.Error:
        return "PostgreSQL"
    host = d.get("host") or d.get("hostaddr") or ""  # none: libpq's default (a local socket, or PGHOST)
    user = f"{d['user']}@" if d.get("user") else ""
    port = f":{d['port']}" if d.get("port") else ""
    service = f"?service={d['service']}" if d.get("service") else ""
    return f"postgresql://{user}{host}{port}/{d.get('dbname') or ''}{service}"


def _detail(e: psycopg.Error) -> InLanguage:
    """The server's or libpq's own words, first line only, for English readers: ' (…)'."""
    lines = str(e).strip().splitlines()
    first = (lines[0] if lines else type(e).__name__).removeprefix("connection failed: ").strip()
    return InLanguage("en", f" ({first})")


_CAUSES = (  # libpq's words -> what happened, in both languages
    ("Connection refused", "refused"),
    ("No such file or directory", "refused"),  # a Unix socket with no server behind it
    ("timeout expired", "timeout"),
    ("could not translate host name", "host"),
    ("Name or service not known", "host"),
    ("password", "password"),
    ("does not exist", "database"),
)


def _cause(e: psycopg.Error) -> Msg:
    text = str(e)
    return msg(f"safe.pg_cause_{next((k for words, k in _CAUSES if words in text), 'other')}")


def _direct(url: str, where: str) -> psycopg.Connection:
    """A new connection of its own; an unreachable server or a bad URL is a LogError naming the server."""
    try:
        return psycopg.connect(
            url, connect_timeout=CONNECT_TIMEOUT_S, application_name="tracker", autocommit=False
        )
    except psycopg.ProgrammingError:  # the URL does not parse: not repeated (it may hold a secret)
        raise LogError(code="safe.log_pg_bad_url", where=server_label(url)) from None
    except psycopg.Error as e:
        raise LogError(
            code="safe.log_pg_unreachable", where=where, cause=_cause(e), detail=_detail(e)
        ) from None


_POOLS: dict[str, ConnectionPool] = {}
_POOLS_LOCK = threading.Lock()


def _pool(url: str, where: str) -> ConnectionPool:
    """The connection pool of a server URL, made on first use once a connection to it has worked (so a
    server that cannot be reached is the same clear error as without a pool, at once)."""
    with _POOLS_LOCK:
        pool = _POOLS.get(url)
    if pool is not None:
        return pool
    _direct(url, where).close()
    with _POOLS_LOCK:
        if url not in _POOLS:
            _POOLS[url] = ConnectionPool(
                url,
                min_size=1,
                max_size=POOL_SIZE,
                kwargs={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "tracker"},
                check=ConnectionPool.check_connection,  # a connection the server dropped is replaced
                open=True,
                name="tracker-logs",
            )
        return _POOLS[url]


@atexit.register
def _close_pools() -> None:
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.close()


@dataclass(frozen=True)
class _Seen:
    """How far this process has read a PostgreSQL log: the last seq, what the rows up to it were (their count
    and the md5 of the last one's text, as the server computes it), and the rows validated so far."""

    seq: int
    head: str
    problems: tuple[LogProblem, ...]
    parsed: tuple


_SEEN: dict[tuple, _Seen] = {}
_SEEN_LOCK = threading.Lock()


class PostgresLog(Generic[R]):
    """A RecordLog in PostgreSQL: one transaction per batch, a row lock per log, rows validated on read."""

    def __init__(self, url: str, model: type[R], name: str, schema: str = "tracker") -> None:
        if not IDENTIFIER.match(schema):
            raise ValueError(f"schema must be a lower-case SQL name, not {schema!r}")
        if not name:
            raise ValueError("a log needs a name")
        self.url, self.model, self.name, self.schema = url, model, name, schema
        self.where = f"{server_label(url)} [{schema}.records: {name}]"
        self._ready = False

    def __str__(self) -> str:
        return self.where

    def __repr__(self) -> str:
        return f"PostgresLog({self.where!r}, {self.model.__name__})"

    def _sql(self, text: str) -> sql.Composed:
        return sql.SQL(text).format(schema=sql.Identifier(self.schema), version=sql.Literal(SCHEMA_VERSION))

    @contextmanager
    def _connect(self) -> Iterator[psycopg.Connection]:
        """A connection from this server's pool (kept open between calls), returned to it afterwards (its
        transaction committed, or rolled back on an exception)."""
        pool = _pool(self.url, self.where)
        try:
            held = pool.connection(timeout=CONNECT_TIMEOUT_S)
            conn = held.__enter__()
        except PoolTimeout:  # the server went away: a connection of our own says why (or works after all)
            with self._direct() as conn:
                yield conn
            return
        ok = False
        try:
            yield conn
            ok = True
        finally:
            if ok:
                held.__exit__(None, None, None)
            else:
                held.__exit__(*sys.exc_info())

    def _direct(self) -> psycopg.Connection:
        return _direct(self.url, self.where)

    def _ensure_schema(self, conn: psycopg.Connection) -> None:
        """Create the schema, tables and triggers where missing (once, under an advisory lock), and this log's row.

        A role that may read and append but not create (the schema made by its owner) never runs the DDL."""
        if self._ready:
            return
        with conn.transaction():
            found = conn.execute("SELECT to_regclass(%s)", (f'"{self.schema}".records',)).fetchone()
            if found is None or found[0] is None:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
                conn.execute(self._sql(_DDL))
            have = conn.execute(
                self._sql("SELECT 1 FROM {schema}.logs WHERE name = %s"), (self.name,)
            ).fetchone()
            if have is None:
                conn.execute(
                    self._sql("INSERT INTO {schema}.logs (name) VALUES (%s) ON CONFLICT (name) DO NOTHING"),
                    (self.name,),
                )
        self._ready = True

    def create(self) -> None:
        """Create the schema, its tables and triggers, and this log, where missing (writers do it themselves)."""
        with self._connect() as conn:
            try:
                self._ensure_schema(conn)
            except psycopg.Error as e:
                raise LogError(code="safe.log_pg_cannot_write", where=self.where, detail=_detail(e)) from None

    def _rows(self, conn: psycopg.Connection) -> list[tuple[int, str]]:
        return conn.execute(
            self._sql("SELECT seq, record::text FROM {schema}.records WHERE log = %s ORDER BY seq"),
            (self.name,),
        ).fetchall()

    def _decoded(self, rows: Sequence[tuple[int, str]]) -> list[tuple[int, str, object] | LogProblem]:
        out: list[tuple[int, str, object] | LogProblem] = []
        for seq, text in rows:
            try:
                out.append((seq, text, json.loads(text)))
            except (ValueError, RecursionError):  # the server's JSON, too deep for Python's parser
                out.append(LogProblem(self.where, seq, "not_json"))
        return out

    def _check(self, rows: Sequence[tuple[int, str]]) -> LogRead[R]:
        decoded = self._decoded(rows)
        return check_records(
            self.model, self.where, [r if isinstance(r, LogProblem) else (r[0], r[2]) for r in decoded]
        )

    # reading

    def read(self) -> LogRead[R]:
        """Every valid record in append order (one statement: a batch is seen whole or not at all). Only the rows
        after the last seq this process read are fetched and validated (see _read_on)."""
        with self._connect() as conn:
            try:
                return self._read_on(conn)
            except psycopg.errors.UndefinedTable:
                return LogRead()  # nothing written yet
            except psycopg.Error as e:
                raise LogError(code="safe.log_pg_cannot_read", where=self.where, detail=_detail(e)) from None

    def _read_on(self, conn: psycopg.Connection) -> LogRead[R]:
        """_check() of every row, fetching only rows after the last seq read before when the rows up to it are
        still there unchanged (same count, same last record: a restored or recreated schema is read again).
        Writers of one log are serialised by its row lock, so seqs are committed in order."""
        key = (self.url, self.schema, self.name, self.model)
        with _SEEN_LOCK:
            seen = _SEEN.get(key)
        last = seen.seq if seen else 0
        rows = conn.execute(
            self._sql(
                "SELECT seq, record::text FROM {schema}.records WHERE log = %(log)s AND seq > %(last)s"
                " UNION ALL SELECT -1, (SELECT count(*) FROM {schema}.records WHERE log = %(log)s"
                " AND seq <= %(last)s) || ':' || coalesce((SELECT md5(record::text) FROM {schema}.records"
                " WHERE log = %(log)s AND seq = %(last)s), '') ORDER BY 1"
            ),
            {"log": self.name, "last": last},
        ).fetchall()
        head, new = rows[0][1], rows[1:]
        if seen is None or head != seen.head:
            if seen is not None:
                new = self._rows(conn)  # not the rows read before: read from the start
            seen = _Seen(0, "0:", (), ())
        problems: list[LogProblem] = []
        parsed: list = []
        decoded = self._decoded(new)
        validate_rows(
            self.model,
            self.where,
            [r if isinstance(r, LogProblem) else (r[0], r[2]) for r in decoded],
            problems,
            parsed,
        )
        if new:
            seq = new[-1][0]
            n = int(seen.head.split(":")[0]) + len(new)
            digest = hashlib.md5(new[-1][1].encode("utf-8")).hexdigest()
            seen = _Seen(seq, f"{n}:{digest}", seen.problems + tuple(problems), seen.parsed + tuple(parsed))
            with _SEEN_LOCK:
                _SEEN[key] = seen
                while len(_SEEN) > 32:
                    _SEEN.pop(next(iter(_SEEN)))
        out: LogRead[R] = LogRead(problems=list(seen.problems))
        whole_batches(self.where, list(seen.parsed), out)
        return out

    def version(self) -> Hashable:
        """(the last seq, the number of rows) of this log: changes with every record added."""
        with self._connect() as conn:
            try:
                row = conn.execute(
                    self._sql("SELECT max(seq), count(*) FROM {schema}.records WHERE log = %s"), (self.name,)
                ).fetchone()
            except psycopg.errors.UndefinedTable:
                return None
            except psycopg.Error as e:
                raise LogError(code="safe.log_pg_cannot_read", where=self.where, detail=_detail(e)) from None
        return (self.where, *row) if row and row[1] else None

    def raw_records(self) -> RawRead:
        """Every row as its stored JSON text, in append order; a row that is not a JSON object is a problem."""
        with self._connect() as conn:
            try:
                rows = self._rows(conn)
            except psycopg.errors.UndefinedTable:
                return RawRead()
            except psycopg.Error as e:
                raise LogError(code="safe.log_pg_cannot_read", where=self.where, detail=_detail(e)) from None
        out = RawRead()
        for row in self._decoded(rows):
            if isinstance(row, LogProblem):
                out.problems.append(row)
            elif isinstance(row[2], dict):
                out.records.append(RawRecord(row[0], row[1], row[2]))
            else:
                out.problems.append(LogProblem(self.where, row[0], "not_object"))
        return out

    # writing

    def _write(self, texts_for: Prepare[R] | Sequence[str]) -> list[R]:
        """One transaction: lock this log's row, read, prepare, insert; committed whole or rolled back."""
        with self._connect() as conn:
            try:
                self._ensure_schema(conn)
                with conn.transaction():
                    conn.execute(
                        sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(f"{LOCK_TIMEOUT_S}s"))
                    )
                    conn.execute(
                        self._sql("SELECT name FROM {schema}.logs WHERE name = %s FOR UPDATE"), (self.name,)
                    )
                    if callable(texts_for):
                        current = self._read_on(conn)  # the rows added since this process last read
                        new = list(texts_for(current.entries))
                        if not new:
                            return []
                        written, texts = stamp_batch(self.model, new)
                    else:
                        written, texts = [], list(texts_for)
                    with conn.cursor() as cur:
                        cur.executemany(
                            self._sql("INSERT INTO {schema}.records (log, record) VALUES (%s, %s::json)"),
                            [(self.name, t) for t in texts],
                        )
            except psycopg.errors.LockNotAvailable:
                raise LogError(code="safe.log_pg_busy", where=self.where, seconds=LOCK_TIMEOUT_S) from None
            except psycopg.Error as e:
                self._ready = (
                    False  # a schema dropped (or restored) meanwhile is made again by the next write
                )
                raise LogError(code="safe.log_pg_cannot_write", where=self.where, detail=_detail(e)) from None
        return written

    def append_batch(self, prepare: Prepare[R]) -> list[R]:
        """Write the records prepare() returns as one batch in one transaction, holding the log's row lock."""
        return self._write(prepare)

    def append_raw(self, texts: Sequence[str]) -> None:
        """Insert JSON texts verbatim in one transaction (copying a log from another store)."""
        if texts:
            self._write(texts)


_BLOB_DDL = """
CREATE TABLE IF NOT EXISTS {schema}.blobs (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{{64}}$'),
    data bytea NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    written_by text NOT NULL DEFAULT current_user
);
CREATE OR REPLACE TRIGGER blobs_append_only BEFORE UPDATE OR DELETE ON {schema}.blobs
    FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_change();
CREATE OR REPLACE TRIGGER blobs_no_truncate BEFORE TRUNCATE ON {schema}.blobs
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_change();
"""


class PostgresBlobs:
    """Attachment bytes in PostgreSQL (`<schema>.blobs`, bytea, keyed by sha256, append-only like the logs), so
    every dashboard server sharing the logs sees them; reads check the hash (tracker.store.blobs.checked)."""

    def __init__(self, url: str, schema: str = "tracker") -> None:
        # only the log's connection, schema and create() are used: blobs are rows of their own table, not records
        self.log = PostgresLog(url, Record, "attachments", schema=schema)
        self.where = f"{server_label(url)} [{schema}.blobs]"

    def __str__(self) -> str:
        return self.where

    def put(self, data: bytes) -> str:
        import hashlib

        sha = hashlib.sha256(data).hexdigest()
        self.log.create()  # the schema and the refuse_change function the triggers use
        with self.log._connect() as conn:
            try:
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
                    conn.execute(self.log._sql(_BLOB_DDL))
                    conn.execute(
                        self.log._sql(
                            "INSERT INTO {schema}.blobs (sha256, data) VALUES (%s, %s) ON CONFLICT DO NOTHING"
                        ),
                        (sha, data),
                    )
            except psycopg.Error as e:
                raise LogError(code="safe.log_pg_cannot_write", where=self.where, detail=_detail(e)) from None
        return sha

    def get(self, sha256: str) -> bytes:
        from tracker.store.blobs import MissingFile, checked

        with self.log._connect() as conn:
            try:
                row = conn.execute(
                    self.log._sql("SELECT data FROM {schema}.blobs WHERE sha256 = %s"), (sha256,)
                ).fetchone()
            except psycopg.errors.UndefinedTable:
                row = None
            except psycopg.Error as e:
                raise LogError(code="safe.log_pg_cannot_read", where=self.where, detail=_detail(e)) from None
        if row is None:
            raise MissingFile(msg("loop.attach_missing", sha=sha256[:12], where=self.where))
        return checked(sha256, bytes(row[0]), self.where)
