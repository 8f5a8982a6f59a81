"""Commitment lists and counts under the filters: pages, overdue items, holders per unit, links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

import duckdb
import pandas as pd

from tracker.store.queries import derived
from tracker.store.queries import search as text_search
from tracker.store.queries.derived import LIGHT_SQL, PAGE_ORDER, BoundStatus, Prepared, fast, prepared
from tracker.store.queries.derived import status_relation as _status_table
from tracker.store.queries.filters import Filters
from tracker.store.queries.ownership import _holders_sql
from tracker.store.queries.sql import (
    _meeting_clauses,
    _run,
    _unit_clauses,
    _where,
    bind_status,
    reviewed_as_of,
)
from tracker.store.queries.status import StatusView
from tracker.vocabulary import DONE, NO_REPORT, REVIEWED_STATES

_COMMITMENTS_SQL = """
    SELECT c.commitment_id, c.meeting_id, m.date AS meeting_date, m.title AS meeting_title,
           c.parent_id, p.title AS parent_title, c.kind, c.ordinal, c.list_name, c.title, c.quote,
           c.unit_id, u.name AS unit_name, u.kind AS unit_kind, c.addressee, c.issued_by,
           coalesce(s.due_date, c.due_date) AS due_date, coalesce(s.status, ?) AS status, s.percent,
           s.colour, s.last_update, s.days_since_update,
           CASE WHEN s.due_date IS NOT NULL THEN s.due_source WHEN c.due_date IS NOT NULL THEN 'text' END
               AS due_source,
           s.reasons, s.days_overdue, s.days_silent, c.source_id, c.char_start, c.char_end, c.review_state
    FROM commitments c
    LEFT JOIN meetings m ON m.meeting_id = c.meeting_id
    LEFT JOIN units u ON u.unit_id = c.unit_id
    LEFT JOIN commitments p ON p.commitment_id = c.parent_id
    LEFT JOIN status_v s ON s.commitment_id = c.commitment_id
"""


_LIGHT_SQL = LIGHT_SQL


def _page_of_rows(
    con: duckdb.DuckDBPyConnection,
    where: str,
    params: Sequence[object],
    order: str,
    limit: int,
    offset: int,
    as_of: dt.date | None = None,
    choose_on: str = _LIGHT_SQL,
    *,
    status_table: object,
    words: Sequence[str] = (),
) -> pd.DataFrame:
    """One page of commitments (columns of _COMMITMENTS_SQL): the ids chosen on `choose_on` (_LIGHT_SQL, or
    _COMMITMENTS_SQL when the filter searches its texts), then their rows (with `as_of`, the items as reviewed on
    that day). Choosing only ids keeps a page of a million rows within a reader's memory. `words`: search words
    matched on the prepared tables (tracker.store.queries.search; only where those serve, else in `where`)."""
    cur = con.cursor()
    try:
        overlay = reviewed_as_of(con, as_of)
        for name, frame in overlay.items():
            cur.register(name, frame)
        if (
            isinstance(status_table, BoundStatus)
            and not overlay
            and choose_on == _LIGHT_SQL
            and derived.ENABLED
        ):
            ready = prepared(con, status_table.view)
            if words:
                ready = text_search.matching(con, ready, words)
                where = _and(where, f"x.{text_search.HIT}")
            return _fast_page(cur, ready, where, params, order, limit, offset)
        assert not words, "search words are matched on the prepared tables only"
        choose = bind_status(
            cur,
            f"SELECT x.commitment_id FROM ({choose_on}) x{where} ORDER BY {order} LIMIT ? OFFSET ?",
            status_table,
            as_built=not overlay,
        )
        ids = [
            i
            for (i,) in cur.execute(choose, [NO_REPORT, *params, int(limit), max(0, int(offset))]).fetchall()
        ]
        return cur.execute(
            f"SELECT * FROM ({_COMMITMENTS_SQL}) x WHERE x.commitment_id IN (SELECT unnest(?::VARCHAR[])) "
            f"ORDER BY {order}",
            [NO_REPORT, ids],
        ).df()
    finally:
        cur.close()


# _COMMITMENTS_SQL for the rows of one page chosen on the prepared light table (`page_v`): the commitments and
# their parents by row number, the status columns from the chosen rows.
_PAGE_ROWS_SQL = """
    SELECT c.commitment_id, c.meeting_id, m.date AS meeting_date, m.title AS meeting_title,
           c.parent_id, p.title AS parent_title, c.kind, c.ordinal, c.list_name, c.title, c.quote,
           c.unit_id, u.name AS unit_name, u.kind AS unit_kind, c.addressee, c.issued_by,
           s.due_date, s.status, s.percent, s.colour, s.last_update, s.days_since_update, s.due_source,
           s.reasons, s.days_overdue, s.days_silent, c.source_id, c.char_start, c.char_end, c.review_state
    FROM (SELECT *, rowid AS row_number FROM commitments WHERE rowid IN (SELECT unnest(?::BIGINT[]))) c
    JOIN page_v s ON s.rid = c.row_number
    LEFT JOIN meetings m ON m.meeting_id = c.meeting_id
    LEFT JOIN units u ON u.unit_id = c.unit_id
    LEFT JOIN (SELECT commitment_id, title FROM commitments WHERE rowid IN (SELECT unnest(?::BIGINT[]))) p
        ON p.commitment_id = c.parent_id
"""


def _fast_page(
    cur: duckdb.DuckDBPyConnection,
    ready: Prepared,
    where: str,
    params: Sequence[object],
    order: str,
    limit: int,
    offset: int,
) -> pd.DataFrame:
    """_page_of_rows on the prepared light table: the page's rows chosen there (a top-N of one scan), then read
    from the database by row number."""
    cur.register("light_v", ready.light)
    page = cur.sql(
        f"SELECT x.* FROM light_v x{where} ORDER BY {order} LIMIT ? OFFSET ?",
        params=[*params, int(limit), max(0, int(offset))],
    ).to_arrow_table()
    cur.register("page_v", page)
    rids = [int(r) for r in page.column("rid").to_pylist()]
    parents = [int(r) for r in page.column("parent_rid").to_pylist() if r is not None]
    return cur.execute(f"SELECT * FROM ({_PAGE_ROWS_SQL}) x ORDER BY {order}", [rids, parents]).df()


def _and(where: str, clause: str) -> str:
    """`where` (a WHERE clause or nothing) with one more condition."""
    return f"{where} AND {clause}" if where else f" WHERE {clause}"


def _commitment_filter(f: Filters, search: str = "") -> tuple[str, list[object]]:
    """WHERE clause over the columns of _COMMITMENTS_SQL wrapped as `x`."""
    clauses = _meeting_clauses(f, "x.meeting_date", "x.meeting_id") + _unit_clauses(
        f, "x.unit_id", "x.unit_kind"
    )
    if f.statuses:
        clauses.append(("list_contains(?::VARCHAR[], x.status)", [list(f.statuses)]))
    if f.reviewed_only:
        clauses.append(("list_contains(?::VARCHAR[], x.review_state)", [list(REVIEWED_STATES)]))
    if search.strip():
        hay = "lower(concat_ws(' ', x.title, x.quote, x.unit_name, x.meeting_title, x.list_name, x.parent_title))"
        for word in search.split():
            clauses.append((f"contains({hay}, lower(?))", [word]))
    return _where(clauses)


def commitments(
    con: duckdb.DuckDBPyConnection,
    f: Filters = Filters(),
    search: str = "",
    limit: int | None = None,
    offset: int = 0,
    *,
    status: StatusView | None = None,
) -> pd.DataFrame:
    """Commitments matching the filters and search words, with meeting, unit, status and quote (one page of
    `limit` rows from `offset` when a limit is given)."""
    ready = fast(con, status, f.as_of)
    words = search.split() if ready is not None else []  # matched on the prepared tables
    where, params = _commitment_filter(f, "" if words else search)
    order = PAGE_ORDER
    if limit is not None:
        rows = _COMMITMENTS_SQL if search.strip() and not words else _LIGHT_SQL
        return _page_of_rows(
            con,
            where,
            params,
            order,
            limit,
            offset,
            as_of=f.as_of,
            choose_on=rows,
            status_table=_status_table(con, status),
            words=words,
        )
    if ready is not None:
        return _fast_rows(con, ready, where, params, order, words)
    sql = f"SELECT * FROM ({_COMMITMENTS_SQL}) x{where} ORDER BY {order}"
    page, more = _page(limit, offset)
    return _run(
        con, sql + page, [NO_REPORT, *params, *more], status_table=_status_table(con, status), as_of=f.as_of
    )


ROWS_AT_ONCE = 100_000  # whole rows read per step when a list has every row (a pack of a million items)


def _fast_rows(
    con: duckdb.DuckDBPyConnection,
    ready: Prepared,
    where: str,
    params: Sequence[object],
    order: str,
    words: Sequence[str] = (),
) -> pd.DataFrame:
    """Every row of a list, chosen and ordered on the prepared light table, its whole rows read by row number
    ROWS_AT_ONCE at a time: no sort of whole rows, so a reader's bounded memory holds a million. `words`: search
    words, matched on the prepared tables."""
    if words:
        ready = text_search.matching(con, ready, words)
        where = _and(where, f"x.{text_search.HIT}")
    cur = con.cursor()
    try:
        cur.register("light_v", ready.light)
        chosen = cur.sql(
            f"SELECT x.* FROM light_v x{where} ORDER BY {order}", params=list(params)
        ).to_arrow_table()
        parts = []
        for start in range(0, max(1, chosen.num_rows), ROWS_AT_ONCE):
            page = chosen.slice(start, ROWS_AT_ONCE)
            cur.register("page_v", page)
            rids = [int(r) for r in page.column("rid").to_pylist()]
            parents = [int(r) for r in page.column("parent_rid").to_pylist() if r is not None]
            parts.append(
                cur.execute(f"SELECT * FROM ({_PAGE_ROWS_SQL}) x ORDER BY {order}", [rids, parents]).df()
            )
        return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    finally:
        cur.close()


def _page(limit: int | None, offset: int) -> tuple[str, list[object]]:
    """LIMIT/OFFSET for one page of a table (nothing without a limit); the order must be total."""
    if limit is None:
        return "", []
    return " LIMIT ? OFFSET ?", [int(limit), max(0, int(offset))]


def count_commitments(
    con: duckdb.DuckDBPyConnection,
    f: Filters = Filters(),
    search: str = "",
    *,
    status: StatusView | None = None,
) -> int:
    """How many commitments match the filters and search words (what commitments() would return)."""
    ready = fast(con, status, f.as_of) if search.strip() else None
    if ready is not None:  # the words matched on the prepared tables
        where, params = _commitment_filter(f)
        cur = con.cursor()
        try:
            cur.register("light_v", text_search.matching(con, ready, search.split()).light)
            where = _and(where, f"x.{text_search.HIT}")
            return int(cur.execute(f"SELECT count(*) FROM light_v x{where}", params).fetchall()[0][0])
        finally:
            cur.close()
    where, params = _commitment_filter(f, search)
    rows = _LIGHT_SQL if not search.strip() else _COMMITMENTS_SQL
    sql = f"SELECT count(*) AS n FROM ({rows}) x{where}"
    return int(
        _run(con, sql, [NO_REPORT, *params], status_table=_status_table(con, status), as_of=f.as_of)[
            "n"
        ].iloc[0]
    )


def meeting_commitments(
    con: duckdb.DuckDBPyConnection, meeting_id: str, *, status: StatusView | None = None
) -> pd.DataFrame:
    """Every commitment of one meeting (for its tree), in text order."""
    return commitments(con, Filters(meeting_ids=(meeting_id,)), status=status)


def status_counts(
    con: duckdb.DuckDBPyConnection, f: Filters = Filters(), *, status: StatusView | None = None
) -> pd.DataFrame:
    """Number of filtered commitments per status (status, n)."""
    where, params = _commitment_filter(f)
    sql = f"SELECT x.status, count(*) AS n FROM ({_LIGHT_SQL}) x{where} GROUP BY x.status ORDER BY n DESC"
    return _run(con, sql, [NO_REPORT, *params], status_table=_status_table(con, status), as_of=f.as_of)


def overdue(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    as_of: dt.date,
    due_source: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    *,
    status: StatusView | None = None,
) -> pd.DataFrame:
    """Filtered commitments past their due date and not done, most overdue first; `due_source` 'text' or
    'default' keeps those whose due date the text states or the config's rule assumed (one page with `limit`)."""
    where, params = _commitment_filter(f)
    extra = " AND " if where else " WHERE "
    source = ""
    more: list[object] = []
    if due_source == "default":
        source = " AND x.due_source = 'default'"
    elif due_source == "text":
        source = " AND x.due_source IS DISTINCT FROM 'default'"
    order = "x.due_date, x.char_start, x.source_id, x.commitment_id"
    cond = f"{where}{extra}x.due_date < ? AND x.status <> ?{source}"
    if limit is not None:
        return _page_of_rows(
            con,
            cond,
            [*params, as_of, DONE, *more],
            order,
            limit,
            offset,
            as_of=f.as_of,
            status_table=_status_table(con, status),
        )
    sql = f"SELECT * FROM ({_COMMITMENTS_SQL}) x{cond} ORDER BY {order}"
    return _run(
        con,
        sql,
        [NO_REPORT, *params, as_of, DONE, *more],
        status_table=_status_table(con, status),
        as_of=f.as_of,
    )


ROLES: tuple[str, ...] = ("lead", "responsible", "support")


def _holdings_sql(
    con: duckdb.DuckDBPyConnection, where: str, rows: str = _LIGHT_SQL, ready: Prepared | None = None
) -> str:
    """SQL for `h`: every (commitment, unit, role) of the filtered commitments `x` — the units in
    `commitment_units` (lead / responsible / support), else the commitment's own unit as its lead (a commitment
    without holder rows, or a database built before the table existed). With prepared tables (`ready`), `h` is
    read from their holders with their commitments' columns, filtered alike (and `x` is not defined)."""
    if ready is not None and rows == _LIGHT_SQL:
        return f"""
        WITH h AS (
            SELECT x.commitment_id, x.unit_id, u.name AS unit_name, u.kind AS unit_kind, x.role, x.status
            FROM (SELECT * REPLACE (coalesce(status, ?) AS status) FROM held_x) x
            JOIN units u ON u.unit_id = x.unit_id{where}
        )
    """
    held = _holders_sql(con)
    return f"""
        WITH x AS (SELECT * FROM ({rows}) x{where}),
        h AS (
            SELECT x.commitment_id, hh.unit_id, u.name AS unit_name, u.kind AS unit_kind, hh.role, x.status
            FROM x JOIN ({held}) hh ON hh.commitment_id = x.commitment_id
            JOIN units u ON u.unit_id = hh.unit_id
        )
    """


def _holding_filters(f: Filters) -> tuple[str, list[object]]:
    """The commitments' WHERE clause without the unit filters: those apply to the holders."""
    return _commitment_filter(replace(f, unit_kind=None, unit_ids=()))


def unit_holdings(
    con: duckdb.DuckDBPyConnection, f: Filters = Filters(), *, status: StatusView | None = None
) -> pd.DataFrame:
    """Every unit holding a filtered commitment, with its role (commitment_id, unit_id, unit_name, unit_kind,
    role, status): the one count behind the department and town pages and a briefing pack's unit charts. A unit
    or unit-kind filter picks holders (a commitment a unit supports is that unit's too)."""
    where, params = _holding_filters(f)
    unit_where, unit_params = _where(_unit_clauses(f, "h.unit_id", "h.unit_kind"))
    ready = fast(con, status, f.as_of)
    sql = (
        _holdings_sql(con, where, ready=ready)
        + f"SELECT * FROM h{unit_where} ORDER BY h.unit_name, h.commitment_id"
    )
    return _run(
        con, sql, [NO_REPORT, *params, *unit_params], status_table=_status_table(con, status), as_of=f.as_of
    )


def unit_status_counts(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    kind: str,
    gazetteer: Sequence[str] = (),
    *,
    status: StatusView | None = None,
) -> pd.DataFrame:
    """Commitments per unit of `kind` and status, counting every unit that holds one (lead, responsible or
    support): unit_id, unit_name, status, n, total, and the unit's totals by role (lead, responsible, support).
    Units with none appear once with status NULL and n 0. `gazetteer` names (from the config) are always
    included."""
    where, params = _holding_filters(f)
    unit_where, unit_params = _where(
        [("u.kind = ?", [kind])]
        + ([("list_contains(?::VARCHAR[], u.unit_id)", [list(f.unit_ids)])] if f.unit_ids else [])
    )
    sql = (
        _holdings_sql(con, where, ready=fast(con, status, f.as_of))
        + f""",
        all_units AS (
            SELECT u.unit_id, u.name FROM units u{unit_where}
            UNION ALL
            SELECT NULL AS unit_id, g.name FROM (SELECT unnest(?::VARCHAR[]) AS name) g
            WHERE g.name NOT IN (SELECT name FROM units)
        ),
        -- only the units shown are counted (the others would be dropped by the join below)
        shown AS (SELECT h.* FROM h WHERE h.unit_id IN (SELECT unit_id FROM all_units)),
        counts AS (SELECT unit_id, status, count(*) AS n FROM shown GROUP BY ALL),
        roles AS (
            SELECT unit_id, count(*) FILTER (WHERE role = 'lead') AS lead,
                   count(*) FILTER (WHERE role = 'responsible') AS responsible,
                   count(*) FILTER (WHERE role = 'support') AS support
            FROM shown GROUP BY ALL
        )
        SELECT a.unit_id, a.name AS unit_name, c.status, coalesce(c.n, 0) AS n,
               CAST(sum(coalesce(c.n, 0)) OVER (PARTITION BY a.name) AS BIGINT) AS total,
               CAST(coalesce(r.lead, 0) AS BIGINT) AS lead,
               CAST(coalesce(r.responsible, 0) AS BIGINT) AS responsible,
               CAST(coalesce(r.support, 0) AS BIGINT) AS support
        FROM all_units a LEFT JOIN counts c ON c.unit_id = a.unit_id LEFT JOIN roles r ON r.unit_id = a.unit_id
        ORDER BY total DESC, a.name, c.status
    """
    )
    extra = [] if f.unit_ids else list(gazetteer)  # a unit filter names the units to show
    return _run(
        con,
        sql,
        [NO_REPORT, *params, *unit_params, extra],
        status_table=_status_table(con, status),
        as_of=f.as_of,
    )


def unit_commitments(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    unit_ids: Sequence[str],
    limit: int | None = None,
    offset: int = 0,
    *,
    status: StatusView | None = None,
) -> pd.DataFrame:
    """The filtered commitments the given units hold, with each one's role (lead / responsible / support): what
    the unit page lists under its bars, row for row what they count (one page of `limit` rows from `offset`
    when a limit is given)."""
    where, params = _holding_filters(f)
    page, more = _page(limit, offset)
    sql = (
        _holdings_sql(con, where, _COMMITMENTS_SQL)
        + """
        SELECT x.*, h.role FROM x JOIN (
            SELECT commitment_id, arg_min(role, CASE role WHEN 'lead' THEN 0 WHEN 'responsible' THEN 1 ELSE 2 END)
                   AS role
            FROM h WHERE list_contains(?::VARCHAR[], h.unit_id) GROUP BY ALL
        ) h ON h.commitment_id = x.commitment_id
        ORDER BY x.meeting_date NULLS LAST, x.char_start, x.source_id, x.commitment_id
    """
    )
    return _run(
        con, sql + page, [NO_REPORT, *params, list(unit_ids), *more], status_table=_status_table(con, status)
    )


def count_unit_commitments(
    con: duckdb.DuckDBPyConnection, f: Filters, unit_ids: Sequence[str], *, status: StatusView | None = None
) -> int:
    """How many filtered commitments the given units hold (the rows unit_commitments pages through)."""
    where, params = _holding_filters(f)
    sql = (
        _holdings_sql(con, where, ready=fast(con, status, None))
        + "SELECT count(DISTINCT commitment_id) AS n FROM h WHERE list_contains(?::VARCHAR[], h.unit_id)"
    )
    return int(
        _run(con, sql, [NO_REPORT, *params, list(unit_ids)], status_table=_status_table(con, status))[
            "n"
        ].iloc[0]
    )


def _involvement_sql(where: str) -> str:
    """SQL for (commitment_id, unit_id) pairs: the owner, plus every unit named inside the commitment's span."""
    return f"""
        WITH x AS (SELECT * FROM ({_LIGHT_SQL}) x{where}),
        inv AS (
            SELECT commitment_id, unit_id FROM x WHERE unit_id IS NOT NULL
            UNION
            SELECT x.commitment_id, mm.unit_id FROM x JOIN mentions mm
              ON mm.source_id = x.source_id AND mm.char_start >= x.char_start AND mm.char_end <= x.char_end
        )
    """


def dept_town_links(
    con: duckdb.DuckDBPyConnection, f: Filters = Filters(), *, status: StatusView | None = None
) -> pd.DataFrame:
    """Department × town pairs and how many filtered commitments involve both (department, town, n)."""
    where, params = _commitment_filter(f.without_unit_kind())
    if fast(con, status, f.as_of) is not None:  # the pairs each commitment involves, prepared once
        sql = f"""
            SELECT department, town, count(*) AS n
            FROM (SELECT * REPLACE (coalesce(status, ?) AS status) FROM pairs_x) x{where}
            GROUP BY ALL ORDER BY n DESC, department, town
        """
        return _run(con, sql, [NO_REPORT, *params], status_table=_status_table(con, status), as_of=f.as_of)
    sql = (
        _involvement_sql(where)
        + """
        SELECT d.name AS department, t.name AS town, count(DISTINCT a.commitment_id) AS n
        FROM inv a JOIN inv b ON a.commitment_id = b.commitment_id
        JOIN units d ON d.unit_id = a.unit_id AND d.kind = 'department'
        JOIN units t ON t.unit_id = b.unit_id AND t.kind = 'town'
        GROUP BY ALL ORDER BY n DESC, department, town
    """
    )
    return _run(con, sql, [NO_REPORT, *params], status_table=_status_table(con, status), as_of=f.as_of)


def linked_commitments(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    department: str,
    town: str,
    *,
    status: StatusView | None = None,
) -> pd.DataFrame:
    """Filtered commitments that involve both the named department and the named town."""
    where, params = _commitment_filter(f.without_unit_kind())
    sql = (
        _involvement_sql(where)
        + """
        SELECT x.* FROM x WHERE x.commitment_id IN (
            SELECT a.commitment_id FROM inv a JOIN inv b ON a.commitment_id = b.commitment_id
            JOIN units d ON d.unit_id = a.unit_id JOIN units t ON t.unit_id = b.unit_id
            WHERE d.name = ? AND t.name = ?)
        ORDER BY x.meeting_date NULLS LAST, x.char_start
    """
    )
    return _run(
        con,
        sql,
        [NO_REPORT, *params, department, town],
        status_table=_status_table(con, status),
        as_of=f.as_of,
    )


def departments_in_data(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Departments that own a commitment or are named in a source, by name."""
    sql = """
        SELECT DISTINCT u.name FROM units u
        WHERE u.kind = 'department' AND (u.unit_id IN (SELECT unit_id FROM commitments)
              OR u.unit_id IN (SELECT unit_id FROM mentions))
        ORDER BY u.name
    """
    return list(_run(con, sql)["name"])
