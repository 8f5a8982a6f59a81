"""Running one parameterised query on its own cursor; the items as reviewed on a day; WHERE clauses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import duckdb
import pandas as pd

from tracker.store.db import scalar
from tracker.store.queries.filters import Filters


def _run(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: Sequence[object] | dict[str, object] = (),
    *,
    status_table: object | None = None,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Run one parameterised query on its own cursor; with `status_table` (a StatusView's) it is the relation
    `status_v`;
    with `as_of`, `commitments` and `commitment_units` are the items as reviewed on that day."""
    cur = con.cursor()
    try:
        for name, frame in reviewed_as_of(con, as_of).items():
            cur.register(name, frame)  # shadows the table of that name for this cursor only
        if status_table is not None:
            cur.register("status_v", status_table)
        return cur.execute(sql, params if isinstance(params, dict) else list(params)).df()
    finally:
        cur.close()


def reviewed_as_of(con: duckdb.DuckDBPyConnection, as_of: dt.date | None) -> dict[str, pd.DataFrame]:
    """The reviewed items (`commitments`, `commitment_units`) as they were on `as_of`, when a review made after it
    changed them; {} when the tables as built are right for that day (no later review, or no day given).

    A review dated after the as-of day is not applied, as progress entries dated after it are not counted."""
    if as_of is None:
        return {}
    cur = con.cursor()
    try:
        try:
            last = scalar(cur, "SELECT max(valid_from) FROM commitments_history")
        except duckdb.CatalogException:  # a database from before the review
            return {}
        if last is None or pd.Timestamp(last).date() <= as_of:
            return {}
        when = "(valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)"
        items = cur.execute(
            f"SELECT * EXCLUDE (valid_from, valid_to) FROM commitments_history WHERE {when}", [as_of, as_of]
        ).df()
        owners = cur.execute(
            f"SELECT * EXCLUDE (valid_from, valid_to) FROM commitment_units_history WHERE {when}",
            [as_of, as_of],
        ).df()
        return {"commitments": items, "commitment_units": owners}
    finally:
        cur.close()


def has_relation(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the database has a table or view called `name`."""
    sql = "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?"
    return int(_run(con, sql, [name])["n"].iloc[0]) > 0


def _where(clauses: Iterable[tuple[str, Sequence[object]]]) -> tuple[str, list[object]]:
    """AND together (constant SQL fragment, parameters) pairs into a WHERE clause."""
    parts: list[str] = []
    params: list[object] = []
    for sql, ps in clauses:
        parts.append(sql)
        params.extend(ps)
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


def _meeting_clauses(f: Filters, date_col: str, meeting_col: str) -> list[tuple[str, Sequence[object]]]:
    """Period and meeting filters on the given (constant) column names."""
    out: list[tuple[str, Sequence[object]]] = []
    if f.date_from is not None:
        out.append((f"{date_col} >= ?", [f.date_from]))
    if f.date_to is not None:
        out.append((f"{date_col} <= ?", [f.date_to]))
    if f.meeting_ids:
        out.append((f"list_contains(?::VARCHAR[], {meeting_col})", [list(f.meeting_ids)]))
    if f.as_of is not None:
        out.append((f"({date_col} IS NULL OR {date_col} <= ?)", [f.as_of]))
    return out


def _unit_clauses(f: Filters, unit_col: str, kind_col: str) -> list[tuple[str, Sequence[object]]]:
    """Unit-kind and unit filters on the given (constant) column names."""
    out: list[tuple[str, Sequence[object]]] = []
    if f.unit_kind:
        out.append((f"{kind_col} = ?", [f.unit_kind]))
    if f.unit_ids:
        out.append((f"list_contains(?::VARCHAR[], {unit_col})", [list(f.unit_ids)]))
    return out
