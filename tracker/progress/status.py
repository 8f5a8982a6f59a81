"""Every commitment's status as known on a day, computed once per data version, and the view queries take."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import OrderedDict
from pathlib import Path

import duckdb
import pandas as pd

from tracker.config import Config
from tracker.progress import signoff, status_table, status_update
from tracker.progress.extension import approved_dues, open_extension_log, read_extensions
from tracker.progress.log import LogTarget, entries_frame, open_progress_log, progress_log, read_log
from tracker.store import kept, queries
from tracker.store.db import query_df
from tracker.store.logfile import RecordLog

# A status row: the commitment's own columns and its status columns (what commitment_status gives).
STATUS_ROW_COLUMNS = [
    "commitment_id",
    "meeting_id",
    "meeting_date",
    "meeting_title",
    "parent_id",
    "kind",
    "ordinal",
    "title",
    "quote",
    "unit_id",
    "unit_name",
    "unit_kind",
    "due_date",
    "due_source",
    "status",
    "status_source",
    "percent",
    "rollup_percent",
    "expected_percent",
    "last_update",
    "days_since_update",
    "days_silent",
    "days_overdue",
    "n_updates",
    "note",
    "entered_by",
    "colour",
    "reasons",
    "evidence_count",
    "last_evidence_date",
    "text_hint",
    "review_state",  # unreviewed, confirmed, edited or added
]


def build_status(
    commitments: pd.DataFrame,
    entries: pd.DataFrame,
    evidence: pd.DataFrame | None,
    config: Config,
    as_of: dt.date | None = None,
    extensions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Join commitments with their latest progress entry and report evidence as known on `as_of` (later entries
    and evidence are left out); compute due date (and whether the text states it) and colour.

    The rules run in DuckDB (tracker.progress.status_table), as for the dashboard's status table."""
    as_of = as_of or dt.date.today()
    cm = commitments.reset_index(drop=True)
    slim = status_table.of_frames(cm, entries, evidence, config, as_of, extensions)
    return _with_commitments(cm, slim)


def _with_commitments(cm: pd.DataFrame, slim: pd.DataFrame) -> pd.DataFrame:
    """STATUS_ROW_COLUMNS: the commitments' own columns (in their order) with the status columns joined."""
    own = [c for c in STATUS_ROW_COLUMNS if c in cm.columns and c not in slim.columns or c == "commitment_id"]
    out = cm[own].merge(slim, on="commitment_id", how="left", sort=False)
    for c in STATUS_ROW_COLUMNS:
        if c not in out.columns:
            out[c] = None
    return out[STATUS_ROW_COLUMNS]


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = query_df(con, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?", [name])
    return bool(found["n"].iloc[0])


COMMITMENTS_SQL = """
    SELECT c.commitment_id, c.meeting_id, m.date AS meeting_date, m.title AS meeting_title, c.parent_id,
           c.kind, c.ordinal, c.title, c.quote, c.unit_id, u.name AS unit_name, u.kind AS unit_kind, c.due_date,
           c.due_source, c.review_state
    FROM commitments c
    LEFT JOIN meetings m USING (meeting_id)
    LEFT JOIN units u USING (unit_id)
    ORDER BY m.date NULLS LAST, c.source_id, c.char_start, c.commitment_id
"""


def load_commitments(con: duckdb.DuckDBPyConnection, as_of: dt.date | None = None) -> pd.DataFrame:
    """Commitments with their meeting's date and title and their unit's name and kind, as reviewed on `as_of`
    (a review made after it is not applied; None: as built)."""
    overlay = queries.reviewed_as_of(con, as_of)
    if not overlay:
        return query_df(con, COMMITMENTS_SQL)
    cur = con.cursor()
    try:
        for name, frame in overlay.items():
            cur.register(name, frame)
        return cur.execute(COMMITMENTS_SQL).df()
    finally:
        cur.close()


def load_evidence(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    """The evidence table of a build, or None for a database built before it existed."""
    if not _has_table(con, "evidence"):
        return None
    return query_df(con, "SELECT * FROM evidence ORDER BY date NULLS LAST, evidence_id")


def load_entries(
    log: LogTarget, con: duckdb.DuckDBPyConnection | None = None, as_of: dt.date | None = None
) -> pd.DataFrame:
    """The progress log as a DataFrame (read now, so a new entry shows without a rebuild). With a database, the
    entries of a merged duplicate or of an id re-attached after a source changed count for the item they moved
    to (merges made after `as_of` are not applied)."""
    frame = entries_frame(read_log(log).entries)
    if con is not None and not frame.empty:
        moved = queries.review_aliases(con, as_of)
        if moved:
            frame["commitment_id"] = frame["commitment_id"].map(lambda c: moved.get(c, c))
    return frame


def _file_key(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _db_key(con: duckdb.DuckDBPyConnection) -> tuple | None:
    """The database file behind a connection and its version; None for in-memory databases."""
    found = query_df(con, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
    path = found["path"].iloc[0] if len(found) else None
    if not isinstance(path, str) or not path:
        return None
    key = _file_key(Path(path))
    if (
        key is None and ".ro-" in Path(path).name
    ):  # a version link (store.db.connect_version): its name is the key
        return (path, id(con))
    return (path, key) if key else None


def _status_key(
    con: duckdb.DuckDBPyConnection, config: Config, as_of: dt.date, log: RecordLog
) -> tuple | None:
    """What a status table is computed from: database file version, log versions, day and settings (None for
    an in-memory database, which is not cached)."""
    db_key = _db_key(con)
    if not db_key:
        return None
    return (db_key, str(log), log.version(), loop_versions(config), as_of, config.progress.model_dump_json())


_CACHE: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def commitment_status(
    con: duckdb.DuckDBPyConnection, config: Config, as_of: dt.date | None = None, log: LogTarget | None = None
) -> pd.DataFrame:
    """Every commitment's latest status, percent, due date, colour, last update and report evidence count.

    The progress log is read at call time (a new entry shows without a rebuild); results are memoised
    per database file version, log version (file or PostgreSQL), as_of and settings.
    """
    as_of = as_of or dt.date.today()
    log = progress_log(log if log is not None else open_progress_log(config))
    key = _status_key(con, config, as_of, log)
    if key is not None:
        with _CACHE_LOCK:
            if key in _CACHE:
                _CACHE.move_to_end(key)
                return _CACHE[key].copy()
    slim = status_table.frame(slim_status(con, config, as_of, log))
    frame = _with_commitments(load_commitments(con, as_of), slim)
    if key is not None:
        with _CACHE_LOCK:
            _CACHE[key] = frame.copy()
            kept.trim(_CACHE, kept.num_rows, 2)  # whole tables: a million rows each at scale
    return frame


def loop_entries(
    config: Config, log: LogTarget, con: duckdb.DuckDBPyConnection | None = None, as_of: dt.date | None = None
) -> pd.DataFrame:
    """The progress entries as they count: load_entries with the sign-off decisions applied (a unit's 已完成
    waiting for 销号 is 待销号, a returned one 推进中), with the `signoff` column."""
    return signoff.apply(
        load_entries(log, con, as_of), signoff.read_decisions(config), config.progress.require_signoff
    )


def loop_versions(config: Config) -> tuple:
    """The versions of the sign-off and extension logs (part of every status cache key)."""
    return (signoff.open_signoff_log(config).version(), open_extension_log(config).version())


_SLIM: OrderedDict[tuple, status_table.ArrowTable] = OrderedDict()


def slim_status(
    con: duckdb.DuckDBPyConnection, config: Config, as_of: dt.date | None = None, log: LogTarget | None = None
) -> status_table.ArrowTable:
    """The status columns of every commitment (status_table.SLIM_COLUMNS) as an Arrow table, for queries that
    join it in DuckDB: computed once per database file version, log version, as_of and settings and shared
    (never modify it)."""
    as_of = as_of or dt.date.today()
    log = progress_log(log if log is not None else open_progress_log(config))
    key = _status_key(con, config, as_of, log)
    if key is not None:
        with _CACHE_LOCK:
            if key in _SLIM:
                _SLIM.move_to_end(key)
                return _SLIM[key]
    if key is not None:
        with _CACHE_LOCK:
            kept.make_room(_SLIM, kept.num_rows)
    if (
        key is not None
    ):  # the last table of this database and day, with only what the new entries touch redone
        table: status_table.ArrowTable = status_update.slim(con, config, as_of, log, key[0])
    else:
        entries = loop_entries(config, log, con, as_of)
        table = status_update.compute_slim(
            con, config, as_of, entries, approved_dues(read_extensions(config))
        )
    if key is not None:
        with _CACHE_LOCK:
            _SLIM[key] = table
            kept.trim(_SLIM, kept.num_rows, 4)
    return table


def status_view(
    con: duckdb.DuckDBPyConnection, config: Config, as_of: dt.date | None = None, log: LogTarget | None = None
) -> queries.StatusView:
    """The status view the read queries take (`status=`): slim_status as known on `as_of` (today when None),
    with what it was computed from as its key."""
    as_of = as_of or dt.date.today()
    log = progress_log(log if log is not None else open_progress_log(config))
    table = slim_status(con, config, as_of, log)
    key = _status_key(con, config, as_of, log) or ("in-memory", id(table))
    view = queries.StatusView(
        queries.status_columns(table), as_of=as_of, key=key, lineage=status_update.lineage(table)
    )
    queries.prepare_status(con, view)  # the tables the page queries read, made once with the view
    queries.prepare_search(con, view)
    return view


def status_rows(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    ids: list[str],
    as_of: dt.date | None = None,
    log: LogTarget | None = None,
) -> pd.DataFrame:
    """commitment_status() of some commitments only (STATUS_ROW_COLUMNS), from the shared status table."""
    slim = slim_status(con, config, as_of, log)
    cur = con.cursor()
    try:
        cur.register("slim", slim)
        cur.register("wanted", pd.DataFrame({"commitment_id": pd.Series(list(ids), dtype=object)}))
        cm = COMMITMENTS_SQL.replace(
            "ORDER BY", "WHERE c.commitment_id IN (SELECT commitment_id FROM wanted)\n ORDER BY"
        )
        rows = cur.execute(f"SELECT * FROM ({cm}) cm").df()
        part = cur.execute(
            "SELECT * FROM slim WHERE commitment_id IN (SELECT commitment_id FROM wanted)"
        ).df()
    finally:
        cur.close()
    return _with_commitments(rows, status_table.frame(part))
