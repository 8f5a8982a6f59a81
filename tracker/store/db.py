"""All DuckDB access: the schema, the atomic build of the database file, and read-only connections."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import duckdb
import pandas as pd

SCHEMA_VERSION = 5

# The public, documented interface (README "Tables"). Column order here is the order in the file.
TABLES: dict[str, str] = {
    "sources": """
        source_id VARCHAR PRIMARY KEY,
        path VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        title VARCHAR,
        encoding VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        reader VARCHAR,
        original_name VARCHAR,
        text_path VARCHAR
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
        date_source VARCHAR
    """,
    "units": """
        unit_id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL UNIQUE,
        kind VARCHAR NOT NULL,
        subkind VARCHAR,
        in_gazetteer BOOLEAN NOT NULL
    """,
    "commitments": """
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
        due_source VARCHAR
    """,
    # Every unit that holds a commitment (lead / responsible / support); commitments.unit_id is the lead.
    "commitment_units": """
        commitment_id VARCHAR NOT NULL,
        unit_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL
    """,
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
    # Evidence found in the reports themselves (tracker/evidence.py); never an official status.
    "evidence": """
        evidence_id VARCHAR PRIMARY KEY,
        commitment_id VARCHAR NOT NULL,
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
        source VARCHAR NOT NULL
    """,
}


def _columns(table: str) -> list[str]:
    return [line.split()[0] for line in TABLES[table].strip().splitlines() if line.strip()]


def write_database(
    path: Path,
    rows: Mapping[str, Sequence[Mapping[str, object]]],
    meta: Mapping[str, str] | None = None,
) -> None:
    """Write all tables to a temporary file next to `path`, then swap it in atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        con = duckdb.connect(str(tmp))
        try:
            for table, ddl in TABLES.items():
                # identifiers come from the fixed TABLES mapping above, never from input
                create = f"CREATE TABLE {table} ({ddl})"
                con.execute(create)
                cols = _columns(table)
                data = list(rows.get(table, ()))
                if data:
                    frame = pd.DataFrame([{c: r.get(c) for c in cols} for r in data], columns=cols)
                    con.register("frame", frame)
                    insert = f"INSERT INTO {table} SELECT {', '.join(cols)} FROM frame"
                    con.execute(insert)
                    con.unregister("frame")
            con.execute("CREATE TABLE build_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
            info = {"schema_version": str(SCHEMA_VERSION), **(meta or {})}
            con.executemany("INSERT INTO build_info VALUES (?, ?)", list(info.items()))
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            leftover.unlink(missing_ok=True)


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the built database for reading; many readers may share the file."""
    return duckdb.connect(str(path), read_only=True)


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
            out[t] = con.execute(count_sql).fetchone()[0]
        return out
    finally:
        con.close()
