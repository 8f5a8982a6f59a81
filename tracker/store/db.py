"""All DuckDB access: the schema, the atomic build of the database file, and read-only connections."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from tracker.errors import UserError
from tracker.store.files import LONG_LOCK_TIMEOUT_S, locked, replacing

SCHEMA_VERSION = 9

# A commitment's columns as the extractor writes them; `commitments` adds the review's state.
_COMMITMENT_COLUMNS = """
        commitment_id VARCHAR PRIMARY KEY,
        meeting_id VARCHAR,
        parent_id VARCHAR,
        kind VARCHAR NOT NULL,
        ordinal INTEGER,
        list_name VARCHAR,
        title VARCHAR NOT NULL,
        quote VARCHAR NOT NULL,
        unit_id VARCHAR,
        addressee VARCHAR,
        issued_by VARCHAR,
        due_date DATE,
        source_id VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        leader VARCHAR,
        due_source VARCHAR"""
_UNIT_ROLE_COLUMNS = """
        commitment_id VARCHAR NOT NULL,
        unit_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL"""
_NO_KEY = _COMMITMENT_COLUMNS.replace(" PRIMARY KEY", "")

# The public, documented interface (README "Tables"). Column order here is the order in the file.
TABLES: dict[str, str] = {
    "sources": """
        source_id VARCHAR PRIMARY KEY,
        path VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        title VARCHAR,
        encoding VARCHAR,
        text VARCHAR NOT NULL,
        reader VARCHAR,
        original_name VARCHAR,
        text_path VARCHAR,
        error VARCHAR,
        error_step VARCHAR
    """,
    "meetings": """
        meeting_id VARCHAR PRIMARY KEY,
        source_id VARCHAR NOT NULL,
        date DATE,
        title VARCHAR NOT NULL,
        organizer VARCHAR,
        quote VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        date_source VARCHAR,
        kind VARCHAR,
        doc_no VARCHAR
    """,
    "units": """
        unit_id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL UNIQUE,
        kind VARCHAR NOT NULL,
        subkind VARCHAR,
        in_gazetteer BOOLEAN NOT NULL
    """,
    "commitments": _COMMITMENT_COLUMNS
    + """,
        review_state VARCHAR
    """,
    # Every unit that holds a commitment (lead / responsible / support); commitments.unit_id is the lead.
    "commitment_units": _UNIT_ROLE_COLUMNS + "\n    ",
    "figures": """
        figure_id VARCHAR PRIMARY KEY,
        source_id VARCHAR NOT NULL,
        meeting_id VARCHAR,
        unit_id VARCHAR,
        label VARCHAR,
        value DOUBLE NOT NULL,
        measure VARCHAR,
        qualifier VARCHAR,
        number_text VARCHAR NOT NULL,
        topic VARCHAR,
        quote VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL
    """,
    "mentions": """
        source_id VARCHAR NOT NULL,
        unit_id VARCHAR NOT NULL,
        surface VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL
    """,
    # Evidence found in the reports themselves (extract/evidence.py, extract/bulletins.py); never an official
    # status. A bulletin's row may name a unit (or an item) without a commitment: commitment_id is then NULL.
    "evidence": """
        evidence_id VARCHAR PRIMARY KEY,
        commitment_id VARCHAR,
        meeting_id VARCHAR,
        date DATE,
        kind VARCHAR NOT NULL,
        hint VARCHAR,
        figure_id VARCHAR,
        score DOUBLE,
        matched VARCHAR,
        quote VARCHAR NOT NULL,
        source_id VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        source VARCHAR NOT NULL,
        unit_id VARCHAR
    """,
    # --- the review (tracker/review): the extractor's own rows, the reviewed rows' history, every item
    # with its state, the applied log entries, ids whose progress moved (merges, re-attachments), orphans
    "commitments_extracted": _COMMITMENT_COLUMNS + "\n    ",
    "commitment_units_extracted": _UNIT_ROLE_COLUMNS + "\n    ",
    "commitments_history": _NO_KEY
    + """,
        review_state VARCHAR,
        valid_from DATE,
        valid_to DATE
    """,
    "commitment_units_history": _UNIT_ROLE_COLUMNS
    + """,
        valid_from DATE,
        valid_to DATE
    """,
    "review_items": _COMMITMENT_COLUMNS
    + """,
        review_state VARCHAR NOT NULL,
        merged_into VARCHAR,
        located BOOLEAN NOT NULL,
        reviewed_by VARCHAR,
        reviewed_at VARCHAR,
        review_why VARCHAR,
        last_action VARCHAR,
        last_entry_id VARCHAR,
        n_actions INTEGER NOT NULL,
        n_progress INTEGER NOT NULL
    """,
    "review_actions": """
        entry_id VARCHAR NOT NULL,
        commitment_id VARCHAR NOT NULL,
        target_id VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        values_json VARCHAR,
        why VARCHAR,
        entered_by VARCHAR,
        entered_at VARCHAR NOT NULL,
        day DATE NOT NULL,
        source VARCHAR NOT NULL,
        old_json VARCHAR
    """,
    "commitment_aliases": """
        old_id VARCHAR NOT NULL,
        new_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        since DATE
    """,
    "review_orphans": """
        commitment_id VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        source_id VARCHAR,
        quote VARCHAR,
        title VARCHAR,
        char_start INTEGER,
        char_end INTEGER,
        n_review INTEGER NOT NULL,
        n_progress INTEGER NOT NULL
    """,
}


def _columns(table: str) -> list[str]:
    return [line.split()[0] for line in TABLES[table].strip().splitlines() if line.strip()]


def is_duckdb_file(path: Path) -> bool:
    """Whether the file starts like a DuckDB database (bytes 8-11 are 'DUCK')."""
    try:
        with open(path, "rb") as f:
            return f.read(12)[8:12] == b"DUCK"
    except OSError:
        return False


def check_target(path: Path) -> None:
    """Refuse to replace a folder or a file that is not a DuckDB database (before a build does anything)."""
    _check_target(Path(path))


def _check_target(path: Path) -> None:
    """Refuse to replace a folder, or a file with content that is not a DuckDB database."""
    if path.is_dir():
        raise UserError(code="safe.db_is_folder", file=str(path))
    if path.is_file() and path.stat().st_size > 0 and not is_duckdb_file(path):
        raise UserError(code="safe.db_not_duckdb", file=str(path))


# A build's new file is `.<name>.build-<random>.tmp` beside the database: remove_leftovers finds it by that name.
BUILD_TEMP_PREFIX = ".{name}.build-"


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Hold the lock of `path`'s builds (one writer at a time) and remove what killed builds left behind."""
    with locked(path.with_name(f".{path.name}.build.lock"), timeout=LONG_LOCK_TIMEOUT_S, what=path):
        remove_leftovers(path)
        yield


def remove_leftovers(path: Path) -> list[Path]:
    """Temporary files of builds (and read-only links of readers) that were killed before cleaning up.

    Call only while holding build_lock: no other build is running then, so every build temp file is stale.
    A reader's link to the current database file may be in use and is kept; links to older versions are not.
    """
    try:
        current = path.stat().st_ino
    except OSError:
        current = None
    gone = []
    for p in path.parent.glob(f".{path.name}.*"):
        name = p.name
        if name.endswith(".build.lock"):
            continue
        if ".ro-" in name:
            try:
                if p.stat().st_ino == current:
                    continue
            except OSError:
                continue
        elif ".tmp" not in name:
            continue
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        gone.append(p)
    return gone


def write_database(
    path: Path,
    rows: Mapping[str, Sequence[Mapping[str, object]]],
    meta: Mapping[str, str] | None = None,
) -> None:
    """Write all tables to a temporary file next to `path`, then swap it in atomically (one build at a time;
    leftovers of killed builds are removed first)."""
    write_database_with(path, lambda con: _insert_rows(con, rows), meta)


def write_database_with(
    path: Path, fill: Callable[[duckdb.DuckDBPyConnection], None], meta: Mapping[str, str] | None = None
) -> None:
    """Like write_database, with the tables (created empty, in TABLES order) filled by `fill(con)` on the
    new file's connection — e.g. straight from the build cache with INSERT … SELECT."""
    path = Path(path)
    _check_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with build_lock(path):
            _write(path, fill, meta)
    except (OSError, duckdb.IOException) as e:
        reason = getattr(e, "strerror", None) or str(e).splitlines()[0]
        raise UserError(code="safe.db_cannot_write", file=str(path), reason=reason) from None


def update_database_with(
    path: Path, change: Callable[[duckdb.DuckDBPyConnection], None], meta: Mapping[str, str]
) -> None:
    """Like write_database_with, on a copy of the current file: `change(con)` brings its tables up to date (and
    may raise, leaving the file as it was), build_info becomes `meta`, and the copy is swapped in atomically."""
    path = Path(path)
    _check_target(path)
    try:
        with build_lock(path), replacing(path, prefix=BUILD_TEMP_PREFIX.format(name=path.name)) as tmp:
            try:
                shutil.copyfile(path, tmp)
                con = duckdb.connect(str(tmp))
                try:
                    change(con)
                    con.execute("DELETE FROM build_info")
                    info = {"schema_version": str(SCHEMA_VERSION), **meta}
                    con.executemany("INSERT INTO build_info VALUES (?, ?)", list(info.items()))
                    con.execute("CHECKPOINT")
                finally:
                    con.close()
            finally:
                Path(f"{tmp}.wal").unlink(missing_ok=True)
    except (OSError, duckdb.IOException) as e:
        reason = getattr(e, "strerror", None) or str(e).splitlines()[0]
        raise UserError(code="safe.db_cannot_write", file=str(path), reason=reason) from None


def columns(table: str) -> list[str]:
    """The columns of one of the known tables, in file order."""
    return _columns(table)


def _insert_rows(con: duckdb.DuckDBPyConnection, rows: Mapping[str, Sequence[Mapping[str, object]]]) -> None:
    for table in TABLES:
        cols = _columns(table)
        data = list(rows.get(table, ()))
        if data:
            frame = pd.DataFrame([{c: r.get(c) for c in cols} for r in data], columns=cols)
            con.register("frame", frame)
            # identifiers come from the fixed TABLES mapping above, never from input
            insert = f"INSERT INTO {table} SELECT {', '.join(cols)} FROM frame"
            con.execute(insert)
            con.unregister("frame")


def _write(
    path: Path, fill: Callable[[duckdb.DuckDBPyConnection], None], meta: Mapping[str, str] | None
) -> None:
    with replacing(path, prefix=BUILD_TEMP_PREFIX.format(name=path.name)) as tmp:  # DuckDB creates the file
        try:
            con = duckdb.connect(str(tmp))
            try:
                for table, ddl in TABLES.items():
                    # identifiers come from the fixed TABLES mapping above, never from input
                    create = f"CREATE TABLE {table} ({ddl})"
                    con.execute(create)
                fill(con)
                con.execute("CREATE TABLE build_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
                info = {"schema_version": str(SCHEMA_VERSION), **(meta or {})}
                con.executemany("INSERT INTO build_info VALUES (?, ?)", list(info.items()))
                con.execute("CHECKPOINT")
            finally:
                con.close()
        finally:
            Path(f"{tmp}.wal").unlink(missing_ok=True)


READ_MEMORY_LIMIT = "512MB"  # a reader's working memory (DuckDB's default is 80% of the machine); more spills


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the built database for reading; many readers may share the file. Its memory is bounded
    (READ_MEMORY_LIMIT; larger sorts and joins spill to the system's temporary folder)."""
    return duckdb.connect(
        str(path),
        read_only=True,
        config={"memory_limit": READ_MEMORY_LIMIT, "temp_directory": tempfile.gettempdir()},
    )


def connect_version(path: Path, version: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the file as it is now, through a hard link of its own.

    DuckDB keeps one database instance per path in a process: while any connection to the path is open, a
    new connect() returns the old instance, i.e. the file as it was before a rebuild replaced it. Opening
    each version (inode/mtime) under its own, immediately unlinked name gives new connections the new data
    and lets old ones finish on the old file.
    """
    path = Path(path)
    alias = path.with_name(f".{path.name}.ro-{version}.tmp")
    try:
        os.link(path, alias)
    except FileExistsError:
        pass
    except OSError:  # no hard links here (another file system): plain path, reopened on next change
        return connect_readonly(path)
    try:
        return connect_readonly(alias)
    finally:
        alias.unlink(missing_ok=True)  # the open file keeps its data; nothing is left next to the database


def query_df(con: duckdb.DuckDBPyConnection, sql: str, params: Iterable[object] = ()) -> pd.DataFrame:
    """Run one parameterised query on its own cursor and return a DataFrame."""
    cur = con.cursor()
    try:
        return cur.execute(sql, list(params)).df()
    finally:
        cur.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    """The first value of the one row a query returns (an aggregate such as count or max)."""
    row = con.execute(sql).fetchone()
    assert row is not None, "an aggregate query returns one row"
    return row[0]


def build_info(path: Path) -> dict[str, str]:
    """The key/value facts recorded at build time (config hash, source hashes, build time)."""
    con = connect_readonly(path)
    try:
        return dict(con.execute("SELECT key, value FROM build_info").fetchall())
    finally:
        con.close()


def table_counts(path: Path, tables: Iterable[str]) -> dict[str, int]:
    """Row counts of some of the known tables, for build summaries."""
    con = connect_readonly(path)
    try:
        out = {}
        for t in tables:
            if t not in TABLES:
                raise ValueError(f"unknown table {t}")
            count_sql = f"SELECT count(*) FROM {t}"
            out[t] = scalar(con, count_sql)
        return out
    finally:
        con.close()


def read_tables(path: Path, tables: Iterable[str]) -> dict[str, list[dict[str, object]]]:
    """Rows of some of the known tables (as dicts), for a build that changes only part of the database."""
    con = connect_readonly(path)
    try:
        return rows_of(con, tables)
    finally:
        con.close()


def rows_of(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> dict[str, list[dict[str, object]]]:
    """Rows of some of the known tables on an open connection (as dicts, missing values as None)."""
    out: dict[str, list[dict[str, object]]] = {}
    for table in tables:
        if table not in TABLES:
            raise ValueError(f"unknown table {table}")
        cols = ", ".join(_columns(table))
        out[table] = query_rows(con, f"SELECT {cols} FROM {table}")  # names from TABLES, never from input
    return out


def query_rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: Iterable[object] = ()
) -> list[dict[str, object]]:
    """A query's rows as dicts, missing values as None (as rows_of gives a table's)."""
    frame = query_df(con, sql, params)
    return [
        {str(k): (None if _missing(v) else v) for k, v in rec.items()} for rec in frame.to_dict("records")
    ]


def replace_rows(con: duckdb.DuckDBPyConnection, rows: Mapping[str, Sequence[Mapping[str, object]]]) -> None:
    """Give some of the known tables new rows, on an open connection (a file being built)."""
    for table in rows:
        if table not in TABLES:
            raise ValueError(f"unknown table {table}")
        con.execute(f"DELETE FROM {table}")  # names from TABLES, never from input
    _insert_rows(con, rows)


def _missing(v: Any) -> bool:
    """Whether a frame's cell is a missing value (None, NaN, NaT, NA); a cell holding a list is not."""
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def replace_tables(
    path: Path, rows: Mapping[str, Sequence[Mapping[str, object]]], meta: Mapping[str, str]
) -> None:
    """Give some tables new rows and update some build_info keys, as a new version of the file swapped in
    atomically (a copy is changed, then renamed over the old one; readers keep the version they opened)."""

    def change(con: duckdb.DuckDBPyConnection) -> None:
        for table, data in rows.items():
            if table not in TABLES:
                raise ValueError(f"unknown table {table}")
            con.execute(f"DELETE FROM {table}")  # names from TABLES, never from input
            insert_rows(con, table, data)

    change_copy(path, change, meta)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, data: Sequence[Mapping[str, object]]) -> None:
    """Add rows (dicts; a missing column is NULL) to one of the known tables."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table}")
    if not data:
        return
    cols = _columns(table)
    frame = pd.DataFrame([{c: r.get(c) for c in cols} for r in data], columns=cols)
    con.register("frame", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT {', '.join(cols)} FROM frame")  # names from TABLES
    finally:
        con.unregister("frame")


def change_copy(
    path: Path, change: Callable[[duckdb.DuckDBPyConnection], None], meta: Mapping[str, str]
) -> None:
    """Run `change` on a copy of the database and update some build_info keys, then swap the copy in atomically
    (readers keep the version they opened); an exception from `change` leaves the file as it was."""
    path = Path(path)
    try:
        with build_lock(path):
            with replacing(path, prefix=BUILD_TEMP_PREFIX.format(name=path.name)) as tmp:
                try:
                    shutil.copyfile(path, tmp)
                    con = duckdb.connect(str(tmp))
                    try:
                        change(con)
                        for key, value in meta.items():
                            con.execute("DELETE FROM build_info WHERE key = ?", [key])
                            con.execute("INSERT INTO build_info VALUES (?, ?)", [key, value])
                        con.execute("CHECKPOINT")
                    finally:
                        con.close()
                finally:
                    Path(f"{tmp}.wal").unlink(missing_ok=True)
    except (OSError, duckdb.IOException) as e:
        reason = getattr(e, "strerror", None) or str(e).splitlines()[0]
        raise UserError(code="safe.db_cannot_write", file=str(path), reason=reason) from None
