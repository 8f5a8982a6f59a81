"""The status view joined once with the commitments' light columns and their holders, kept with the view.

Every page query filters, counts or pages the relation _LIGHT_SQL (commitments with meeting, unit and status)
and many join the holders (_holders_sql). Built per query, both join a million rows on text; made once per status
view (tracker.progress.status.status_view) they are scans of one Arrow table. A query's SQL keeps its plain form;
binding it (bind_status) swaps those relations for the prepared tables when the items are as built (no review
made after the as-of day shadows them), so the results are the same rows either way.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import duckdb

from tracker.store import kept
from tracker.store.queries.ownership import _holders_sql
from tracker.store.queries.sql import reviewed_as_of
from tracker.store.queries.status import StatusView, database_status
from tracker.vocabulary import NO_REPORT

# The columns filters and orders need, without the long texts and the parent: a page of a long list is chosen
# on this (fast on a million rows), then only its rows are read with the full row SQL.
LIGHT_SQL = """
    SELECT /* light */ c.commitment_id, c.meeting_id, m.date AS meeting_date, c.unit_id, u.name AS unit_name,
           u.kind AS unit_kind, coalesce(s.due_date, c.due_date) AS due_date, coalesce(s.status, ?) AS status,
           s.colour, s.days_overdue, s.days_silent, s.percent, s.reasons,
           CASE WHEN s.due_date IS NOT NULL THEN s.due_source WHEN c.due_date IS NOT NULL THEN 'text' END
               AS due_source,
           c.source_id, c.char_start, c.char_end, c.review_state
    FROM commitments c
    LEFT JOIN meetings m ON m.meeting_id = c.meeting_id
    LEFT JOIN units u ON u.unit_id = c.unit_id
    LEFT JOIN status_v s ON s.commitment_id = c.commitment_id
"""
LIGHT_COLUMNS = (
    "commitment_id, meeting_id, meeting_date, unit_id, unit_name, unit_kind, due_date, status, colour, "
    "days_overdue, days_silent, percent, reasons, due_source, source_id, char_start, char_end, review_state"
)
# LIGHT_SQL read from the prepared table: the same columns in the same order, and the same one parameter (the
# status of an item without a report, already filled in: coalesce keeps the parameter count of LIGHT_SQL).
_FAST_LIGHT = f"SELECT {LIGHT_COLUMNS.replace('status,', 'coalesce(status, ?) AS status,', 1)} FROM light_v"
# The page order of commitment lists.
PAGE_ORDER = "x.meeting_date NULLS LAST, x.char_start, x.source_id, x.commitment_id"


@dataclass(frozen=True)
class Prepared:
    """LIGHT_SQL's rows as an Arrow table (with `rid`, the commitment's row in the database, `parent_rid`, its
    parent's, and the status's last_update and days_since_update), and `held_x`: each holder (commitment_id,
    unit_id, role) with the columns of its commitment the unit counts filter and rank on."""

    light: object
    held_x: object
    pairs_x: object  # _PAIRS_SQL
    holders_sql: str  # the holders SQL these were made from (_holders_sql of the database)
    serial: int | None = None  # the Lineage serial of the status table these were made from


_LOCK = threading.Lock()
ENABLED = True  # False: every query joins the status view itself (the tests compare the two ways)


_KEPT: OrderedDict[tuple, Prepared] = OrderedDict()  # by view key and connection: views of equal keys share


def prepared(
    con: duckdb.DuckDBPyConnection,
    view: StatusView,
    carried: Callable[[duckdb.DuckDBPyConnection, StatusView, list[Prepared]], Prepared | None] | None = None,
) -> Prepared:
    """The prepared tables of a status view on this connection's database: made once per view key (two views
    with equal keys hold the same table, e.g. a page's and its briefing pack's) and kept with the view;
    `carried` may make them from the kept ones instead (tracker.store.queries.carry)."""
    key = (view.key, id(con))
    shared = bool(view.key)  # a view made without a key (tests) keeps its own
    with _LOCK:  # one thread makes them; the others wait and share them
        found = view.memo.get(key) or (_KEPT.get(key) if shared else None)
        if isinstance(found, Prepared):
            view.memo[key] = found
            return found
        made = (carried(con, view, list(_KEPT.values())) if carried else None) or _prepare(con, view.table)
        if view.lineage is not None:
            made = replace(made, serial=view.lineage.serial)
        view.memo.clear()  # a view belongs to one database: keep one set
        view.memo[key] = made
        if not shared:
            return made
        _KEPT[key] = made
        while len(_KEPT) > 1:  # a million rows each at scale: the latest only
            _KEPT.popitem(last=False)
        return made


def fast(con: duckdb.DuckDBPyConnection, status: StatusView | None, as_of: dt.date | None) -> Prepared | None:
    """The prepared tables when a query may read them: a status view is given and the items are as built on
    `as_of` (no later review shadows them; _run registers the same items for the same `as_of`)."""
    if status is None or not ENABLED or reviewed_as_of(con, as_of):
        return None
    return prepared(con, status)


# LIGHT_SQL with the columns the prepared light table adds (its one parameter: the status of an item without a
# report)
PREPARED_LIGHT_SQL = LIGHT_SQL.replace(
    "c.review_state\n",
    "c.review_state, s.last_update, s.days_since_update, c.rowid AS rid, pc.rowid AS parent_rid\n",
    1,
).replace(
    "LEFT JOIN status_v s",
    "LEFT JOIN commitments pc ON pc.commitment_id = c.parent_id\n    LEFT JOIN status_v s",
    1,
)
_HELD_X_COLUMNS = "commitment_id, meeting_id, meeting_date, status, review_state, percent, reasons, colour"
# Low-cardinality text columns stored dictionary-encoded (a million rows: a fraction of the memory)
_DICTIONARY = {
    "meeting_id",
    "unit_id",
    "unit_name",
    "unit_kind",
    "status",
    "colour",
    "reasons",
    "due_source",
    "source_id",
    "review_state",
    "role",
    "department",
    "town",
}


def _prepare(con: duckdb.DuckDBPyConnection, table: object) -> Prepared:
    # the old tables are not held while these are made
    kept.make_room(_KEPT, lambda p: kept.num_rows(p.light))
    holders = _holders_sql(con)
    cur = con.cursor()
    try:
        cur.register("status_v", table)
        light = _compact_read(cur.sql(f"SELECT x.* FROM ({PREPARED_LIGHT_SQL}) x", params=[NO_REPORT]))
        cur.register("light_v", light)
        held_x = _compact_read(
            cur.sql(
                f"""SELECT {", ".join(f"x.{c}" for c in _HELD_X_COLUMNS.split(", "))}, h.unit_id, h.role
                    FROM light_v x JOIN ({holders}) h ON h.commitment_id = x.commitment_id"""
            )
        )
        pairs_x = _compact_read(cur.sql(_PAIRS_SQL))
    finally:
        cur.close()
    return Prepared(light, held_x, pairs_x, holders)


# Each department × town pair a commitment involves (its unit, and every unit named inside its span), with the
# commitment's columns the filters use (and its row number, by which a carry-over finds them): what dept_town_links
# counts.
_PAIRS_SQL = """
    WITH inv AS (
        SELECT rid, unit_id FROM light_v WHERE unit_id IS NOT NULL
        UNION
        SELECT x.rid, mm.unit_id FROM light_v x JOIN mentions mm
          ON mm.source_id = x.source_id AND mm.char_start >= x.char_start AND mm.char_end <= x.char_end
    ),
    pairs AS (
        SELECT a.rid, d.name AS department, t.name AS town
        FROM inv a JOIN inv b ON a.rid = b.rid
        JOIN units d ON d.unit_id = a.unit_id AND d.kind = 'department'
        JOIN units t ON t.unit_id = b.unit_id AND t.kind = 'town'
    )
    SELECT x.meeting_id, x.meeting_date, x.unit_id, x.unit_kind, x.status, x.review_state, p.department, p.town,
           p.rid
    FROM pairs p JOIN light_v x ON x.rid = p.rid
"""


def _compact_read(rel: duckdb.DuckDBPyRelation) -> Any:
    """A query's rows as an Arrow table, compacted batch by batch (the whole plain table is never held)."""
    pa = importlib.import_module("pyarrow")  # pyarrow has no type information
    reader = rel.to_arrow_reader(200_000)
    batches = [_compact(pa.Table.from_batches([b])) for b in reader]
    if not batches:
        return _compact(reader.read_all())
    return pa.concat_tables(batches)


def _compact(table: Any) -> Any:
    """The Arrow table with its low-cardinality text columns dictionary-encoded."""
    pc = importlib.import_module("pyarrow.compute")  # pyarrow has no type information

    for i, name in enumerate(list(table.column_names)):
        if name in _DICTIONARY:
            table = table.set_column(i, name, pc.dictionary_encode(table.column(i)))
    return table


@dataclass(frozen=True)
class BoundStatus:
    """A status view ready to bind to a query's cursor: `status_v`, and the prepared tables when they serve."""

    con: duckdb.DuckDBPyConnection
    view: StatusView

    def bind(self, cur: duckdb.DuckDBPyConnection, sql: str, as_built: bool) -> str:
        """Register the relations `sql` reads on `cur` and return the SQL to run: LIGHT_SQL and the holders read
        from the prepared tables when the items are as built (`as_built`)."""
        cur.register("status_v", self.view.table)
        if (
            not as_built
            or not ENABLED
            or not any(name in sql for name in ("/* light */", "light_v", "held_x", "pairs_x"))
        ):
            return sql
        ready = prepared(self.con, self.view)
        cur.register("light_v", ready.light)
        sql = _LIGHT_RE.sub(lambda m: f"({_FAST_LIGHT.replace('?', m.group(1))})", sql)
        cur.register("held_x", ready.held_x)
        cur.register("pairs_x", ready.pairs_x)
        sql = sql.replace(f"({ready.holders_sql})", "(SELECT commitment_id, unit_id, role FROM held_x)")
        return sql


# LIGHT_SQL in a query's text, its parameter as written there (`?`, or `$p0` where a query numbers them)
_LIGHT_RE = re.compile(
    re.escape(f"({LIGHT_SQL})").replace(
        re.escape("coalesce(s.status, ?)"), r"coalesce\(s\.status,\ (\?|\$p\d+)\)"
    )
)


def status_relation(con: duckdb.DuckDBPyConnection, status: StatusView | None) -> object:
    """What a query binds as `status_v`: the given view (with its prepared tables), else the database's own
    status table."""
    if status is None:
        return database_status(con).table
    return BoundStatus(con, status)
