"""The prepared tables of a status view carried over from the view its status table was made from: after an entry
only the rows of the items whose status was computed again (and, after a review entry, of the items whose own rows
changed) are made again and put in place, instead of every table being prepared again from a million rows.

The result is what tracker.store.queries.derived prepares from the start (tests/test_prepared.py compares them).
Anything that does not fit (an item added or gone, other holders' SQL, row numbers that moved) gives None: the
tables are prepared anew. CARRIED counts carry-overs and the light rows made again, for tests.
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tracker.store.queries.derived import (
    _HELD_X_COLUMNS,
    _PAIRS_SQL,
    PREPARED_LIGHT_SQL,
    Prepared,
    _compact_read,
    prepared,
)
from tracker.store.queries.ownership import _holders_sql
from tracker.store.queries.status import Lineage, StatusView
from tracker.vocabulary import NO_REPORT

CARRIED = {"carried": 0, "rows": 0}
_PAIRS_FROM_LIGHT = ("meeting_id", "meeting_date", "unit_id", "unit_kind", "status", "review_state")


def prepare(con: duckdb.DuckDBPyConnection, view: StatusView) -> Prepared:
    """derived.prepared, carrying the kept tables over when the view's status table was made from theirs."""
    return prepared(con, view, _carried)


def _carried(con: duckdb.DuckDBPyConnection, view: StatusView, kept: list[Prepared]) -> Prepared | None:
    lineage = view.lineage
    if lineage is None or lineage.parent is None:
        return None
    for old in reversed(kept):
        if old.serial == lineage.parent:
            return carry(con, old, view.table, lineage)
    return None


def carry(con: duckdb.DuckDBPyConnection, kept: Prepared, table: object, lineage: Lineage) -> Prepared | None:
    """`kept` (made from the status table `lineage.parent` names) made right for `table`, the status table of
    `lineage`, on this connection's database; None when it cannot be."""
    if _holders_sql(con) != kept.holders_sql:
        return None
    cur = con.cursor()
    try:
        cur.register("status_v", table)
        ids = set(lineage.changed) | set(lineage.moved)
        if lineage.moved:  # their children's parent row number may have moved with them
            ids |= _children(cur, lineage.moved)
        part = _compact_read(
            cur.sql(
                f"SELECT x.* FROM ({PREPARED_LIGHT_SQL}) x WHERE x.commitment_id IN (SELECT unnest(?::VARCHAR[]))",
                params=[NO_REPORT, sorted(ids)],
            )
        )
        light, held, pairs = (_arrow(t) for t in (kept.light, kept.held_x, kept.pairs_x))
        where = _positions(light.column("commitment_id"), part.column("commitment_id"))
        if part.num_rows != len(ids) or len(where) != part.num_rows:
            return None  # an item added or gone
        old = rows_at(light, where)
        part = part.take(pc.index_in(old.column("commitment_id"), value_set=part.column("commitment_id")))
        new_light = swap_rows(light, where, part)
        if new_light is None:
            return None
        moved = set(lineage.moved)
        new_held = _held(cur, held, part, moved, kept.holders_sql)
        new_pairs = _pairs(cur, pairs, old, part, moved)
        if new_held is None or new_pairs is None or (moved and not _rows_in_place(cur, new_light)):
            return None
    finally:
        cur.close()
    CARRIED["carried"] += 1
    CARRIED["rows"] += part.num_rows
    return Prepared(new_light, new_held, new_pairs, kept.holders_sql)


def _arrow(table: object) -> pa.Table:
    assert isinstance(
        table, pa.Table
    )  # Prepared holds Arrow tables (typed object where pyarrow is not imported)
    return table


def _children(cur: duckdb.DuckDBPyConnection, ids: frozenset[str]) -> set[str]:
    found = cur.execute(
        "SELECT commitment_id FROM commitments WHERE parent_id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(ids)],
    ).fetchall()
    return {str(c) for (c,) in found}


def _positions(column: object, values: object) -> np.ndarray:
    """The row numbers where `column` holds one of `values`, in order."""
    return np.asarray(pc.indices_nonzero(pc.is_in(column, value_set=values)).to_numpy(), dtype=np.int64)


# Up to this many rows are put in as slices (no copy of the column); more are put in with one take. A column made
# of more chunks than _MAX_CHUNKS (slices after many entries) is made one again.
_SLICED = 256
_MAX_CHUNKS = 512


def swap_rows(table: pa.Table, where: np.ndarray, part: pa.Table) -> pa.Table | None:
    """`table` with row where[i] replaced by part's row i; a column whose values there do not change is kept as it
    is (shared, not copied), one that changes at a few rows is the old one's slices around them (not copied
    either). None when the part's columns are not the table's types."""
    try:
        part = part.select(table.column_names).cast(table.schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, KeyError):
        return None
    if not len(where):
        return table
    order = np.argsort(where, kind="stable")
    where, part = where[order], part.take(pa.array(order))
    columns = []
    for i in range(table.num_columns):
        old, new = table.column(i), part.column(i)
        if _decoded(rows_at(old, where)).equals(_decoded(new)):
            columns.append(old)
        elif len(where) <= _SLICED:
            columns.append(_sliced(old, where, new))
        else:
            take = np.arange(table.num_rows, dtype=np.int64)
            take[where] = table.num_rows + np.arange(len(where), dtype=np.int64)
            columns.append(pa.chunked_array(old.chunks + new.chunks, type=old.type).take(pa.array(take)))
    return pa.Table.from_arrays(columns, schema=table.schema)


def rows_at(values: Any, where: np.ndarray) -> Any:
    """The rows of a table or column at `where` (in that order): a few are sliced out (a take would first join
    the chunks of a million-row column), many taken."""
    if len(where) > _SLICED:
        return values.take(pa.array(where))
    if isinstance(values, pa.Table):
        return (
            pa.concat_tables([values.slice(w, 1) for w in where.tolist()])
            if len(where)
            else values.slice(0, 0)
        )
    pieces = [c for w in where.tolist() for c in values.slice(w, 1).chunks]
    return pa.chunked_array(pieces, type=values.type)


def _sliced(old: pa.ChunkedArray, where: np.ndarray, new: pa.ChunkedArray) -> pa.ChunkedArray:
    """`old` with its rows at `where` (ascending) replaced by `new`'s, made of slices of both."""
    pieces: list[pa.Array] = []
    start = 0
    for j, w in enumerate(where.tolist()):
        if w > start:
            pieces += old.slice(start, w - start).chunks
        pieces += new.slice(j, 1).chunks
        start = w + 1
    if start < len(old):
        pieces += old.slice(start).chunks
    out = pa.chunked_array(pieces, type=old.type)
    if out.num_chunks > _MAX_CHUNKS:
        out = pa.chunked_array([out.combine_chunks()], type=old.type)
    return out


def _decoded(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """Dictionary-encoded values as plain ones (two dictionaries may encode the same values differently)."""
    if pa.types.is_dictionary(values.type):
        return values.cast(values.type.value_type)
    return values


def _held(
    cur: duckdb.DuckDBPyConnection, held: pa.Table, part: pa.Table, moved: set[str], holders_sql: str
) -> pa.Table | None:
    """held_x with its commitments' columns taken from the light rows `part`; the rows of moved items (their
    holders may differ) made again from the database."""
    ids = held.column("commitment_id")
    stay = part.filter(
        pc.invert(pc.is_in(part.column("commitment_id"), value_set=pa.array(sorted(moved), pa.string())))
    )
    where = _positions(ids, stay.column("commitment_id"))
    rows = rows_at(held, where)
    pick = pc.index_in(rows.column("commitment_id"), value_set=stay.column("commitment_id"))
    for name in _HELD_X_COLUMNS.split(", "):
        rows = rows.set_column(rows.column_names.index(name), name, stay.column(name).take(pick))
    out = swap_rows(held, where, rows)
    if out is None or not moved:
        return out
    gone = pc.is_in(out.column("commitment_id"), value_set=pa.array(sorted(moved), pa.string()))
    mine = part.filter(pc.is_in(part.column("commitment_id"), value_set=pa.array(sorted(moved), pa.string())))
    cur.register("light_v", mine)
    cols = ", ".join(f"x.{c}" for c in _HELD_X_COLUMNS.split(", "))
    new = _compact_read(
        cur.sql(
            f"SELECT {cols}, h.unit_id, h.role FROM light_v x JOIN ({holders_sql}) h ON h.commitment_id = x.commitment_id"
        )
    )
    return _appended(out.filter(pc.invert(gone)), new)


def _pairs(
    cur: duckdb.DuckDBPyConnection, pairs: pa.Table, old: pa.Table, part: pa.Table, moved: set[str]
) -> pa.Table | None:
    """pairs_x with its commitments' columns taken from the light rows `part` (`old`: the same items' rows before,
    by which the pairs are found); the pairs of moved items made again from the database."""
    is_moved = pc.is_in(old.column("commitment_id"), value_set=pa.array(sorted(moved), pa.string()))
    stay_old, stay = old.filter(pc.invert(is_moved)), part.filter(pc.invert(is_moved))
    rids = pairs.column("rid")
    where = _positions(rids, stay_old.column("rid"))
    rows = rows_at(pairs, where)
    pick = pc.index_in(rows.column("rid"), value_set=stay_old.column("rid"))
    for name in _PAIRS_FROM_LIGHT:
        rows = rows.set_column(rows.column_names.index(name), name, stay.column(name).take(pick))
    out = swap_rows(pairs, where, rows)
    if out is None or not moved:
        return out
    gone = pc.is_in(out.column("rid"), value_set=old.filter(is_moved).column("rid"))
    cur.register("light_v", part.filter(is_moved))
    return _appended(out.filter(pc.invert(gone)), _compact_read(cur.sql(_PAIRS_SQL)))


def _appended(table: pa.Table, rows: pa.Table) -> pa.Table | None:
    try:
        return pa.concat_tables([table, rows.select(table.column_names).cast(table.schema)])
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, KeyError):
        return None


def _rows_in_place(cur: duckdb.DuckDBPyConnection, light: pa.Table) -> bool:
    """Whether every light row's row number is still its commitment's in this database (a file written again may
    have moved rows other than the changed ones: then the tables are prepared anew)."""
    cur.register("light_v", light)
    same, total = cur.execute(
        """SELECT (SELECT count(*) FROM light_v x JOIN commitments c
                     ON c.rowid = x.rid AND c.commitment_id = x.commitment_id),
                  (SELECT count(*) FROM commitments)"""
    ).fetchall()[0]
    return int(same) == int(total) == light.num_rows
