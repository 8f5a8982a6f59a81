"""All read SQL of the dashboard: plain, parameterised functions taking a DuckDB connection and returning frames.

Filter values only ever travel as `?` parameters; the SQL text is assembled from constant fragments.
A query that shows status takes it as an argument, `status=StatusView` (made for the page's or pack's as-of day
by tracker.progress.status.status_view); without one it shows the database's own status (database_status).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import duckdb
import pandas as pd

from tracker.vocabulary import DONE, NO_REPORT, REVIEWED_STATES, STATUS_VIEW_COLUMNS

UNIT_KINDS: tuple[str, ...] = ("department", "town")


@dataclass(frozen=True)
class Filters:
    """The sidebar's filters; empty means 'all'. Hashable, so results can be cached per filter set.

    `as_of` is the day the numbers are as known on: meetings held after it (and what they raised or reported)
    are left out, as the status view of that day leaves out later progress entries and evidence. The dashboard sets it
    to today, a briefing pack to its --as-of date, so both count the same rows.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    meeting_ids: tuple[str, ...] = ()
    unit_kind: str | None = None
    unit_ids: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    as_of: dt.date | None = None
    # review.required (issue 10): count confirmed, edited and added items only, not those awaiting review
    reviewed_only: bool = False

    def without_unit_kind(self) -> Filters:
        """The same filters with the unit-kind filter cleared (for pages that fix the kind)."""
        return replace(self, unit_kind=None)

    @property
    def is_empty(self) -> bool:
        """Whether no filter is set (the as-of day and the review setting are not filters a person chose)."""
        return replace(self, as_of=None, reviewed_only=False) == Filters()


# ---------------------------------------------------------------- plumbing


def _run(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: Sequence[object] | dict[str, object] = (),
    *,
    status: StatusView | None = None,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Run one parameterised query on its own cursor; with `status` the relation `status_v` is that view's table;
    with `as_of`, `commitments` and `commitment_units` are the items as reviewed on that day."""
    cur = con.cursor()
    try:
        for name, frame in reviewed_as_of(con, as_of).items():
            cur.register(name, frame)  # shadows the table of that name for this cursor only
        if status is not None:
            cur.register("status_v", status.table)
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
            last = cur.execute("SELECT max(valid_from) FROM commitments_history").fetchone()[0]
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
    parts, params = [], []
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


# ---------------------------------------------------------------- status (passed to each query that shows it)


@dataclass(frozen=True)
class StatusView:
    """The status of every commitment as known on `as_of` (STATUS_VIEW_COLUMNS, a DataFrame or an Arrow table),
    which the queries that show status join as `status_v`. Made by tracker.progress.status.status_view (from the
    progress log) or by database_status (no progress); shared, never modified. `key` says what it was made from,
    so two views with equal keys hold the same table."""

    table: object = field(compare=False, repr=False)
    as_of: dt.date | None = None
    key: tuple = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", status_columns(self.table))


def no_report_status(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Status before anyone reports progress: every commitment '未填报', due date from the text."""
    sql = """
        SELECT commitment_id, ? AS status, CAST(NULL AS DOUBLE) AS percent, due_date,
               CAST(NULL AS VARCHAR) AS colour, CAST(NULL AS DATE) AS last_update,
               CAST(NULL AS INTEGER) AS days_since_update,
               CASE WHEN due_date IS NOT NULL THEN 'text' END AS due_source, CAST(NULL AS VARCHAR) AS reasons,
               CAST(0 AS BIGINT) AS days_overdue, CAST(NULL AS BIGINT) AS days_silent
        FROM commitments
    """
    return _run(con, sql, [NO_REPORT])


def status_columns(frame: object) -> object:
    """A status table with exactly STATUS_VIEW_COLUMNS (missing ones empty); an Arrow table is selected, not copied."""
    if hasattr(frame, "column_names"):  # an Arrow table (tracker.progress.status.slim_status): used as it is
        return frame.select(list(STATUS_VIEW_COLUMNS))  # type: ignore[attr-defined]
    assert isinstance(frame, pd.DataFrame)
    missing = [col for col in STATUS_VIEW_COLUMNS if col not in frame.columns]
    if missing:
        frame = frame.assign(**dict.fromkeys(missing))
    return frame[list(STATUS_VIEW_COLUMNS)]


def database_status(con: duckdb.DuckDBPyConnection) -> StatusView:
    """The status a database holds without the progress log: its `commitment_status` relation if it has one,
    else '未填报' for all. What a query shows when it is given no status view."""
    if has_relation(con, "commitment_status"):
        return StatusView(status_columns(_run(con, "SELECT * FROM commitment_status")), key=("database",))
    return StatusView(no_report_status(con), key=("no_report",))


def commitment_status(con: duckdb.DuckDBPyConnection, status: StatusView | None = None) -> object:
    """The status table a query joins (STATUS_VIEW_COLUMNS): `status`'s, else the database's own."""
    return _view(con, status).table


def _view(con: duckdb.DuckDBPyConnection, status: StatusView | None) -> StatusView:
    return status if status is not None else database_status(con)


# ---------------------------------------------------------------- options for the sidebar


def meeting_options(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All meetings (meeting_id, date, title), newest first."""
    return _run(con, "SELECT meeting_id, date, title FROM meetings ORDER BY date DESC NULLS LAST, title")


def unit_options(con: duckdb.DuckDBPyConnection, kind: str | None = None) -> pd.DataFrame:
    """Units (unit_id, name, kind), optionally of one kind, by kind then name."""
    where, params = _where([("kind = ?", [kind])] if kind else [])
    return _run(con, f"SELECT unit_id, name, kind FROM units{where} ORDER BY kind, name", params)


def periods(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Period codes that contain meetings: years, quarters and months ('2024', '2024-Q1', '2024-02')."""
    dates = _run(con, "SELECT DISTINCT date FROM meetings WHERE date IS NOT NULL ORDER BY date DESC")["date"]
    out: list[str] = []
    for d in (pd.Timestamp(x).date() for x in dates):
        for code in (f"{d.year}", f"{d.year}-Q{(d.month - 1) // 3 + 1}", f"{d.year}-{d.month:02d}"):
            if code not in out:
                out.append(code)
    return sorted(out, key=lambda c: (c[:4], len(c) == 4, c), reverse=True)


def period_range(code: str | None) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of a period code; (None, None) for no period."""
    if not code:
        return None, None
    year = int(code[:4])
    if "-Q" in code:
        q = int(code.split("-Q")[1])
        first = dt.date(year, 3 * q - 2, 1)
        last_month = 3 * q
    elif "-" in code:
        month = int(code[5:7])
        first, last_month = dt.date(year, month, 1), month
    else:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    nxt = dt.date(year + 1, 1, 1) if last_month == 12 else dt.date(year, last_month + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def build_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The build_info key/value pairs (built_at, hashes …)."""
    if not has_relation(con, "build_info"):
        return {}
    frame = _run(con, "SELECT key, value FROM build_info")
    return dict(zip(frame["key"], frame["value"], strict=True))


# ---------------------------------------------------------------- commitments

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


# The columns filters and orders need, without the long texts and the parent: a page of a long list is chosen
# on this (fast on a million rows), then only its rows are read with _COMMITMENTS_SQL.
_LIGHT_SQL = """
    SELECT c.commitment_id, c.meeting_id, m.date AS meeting_date, c.unit_id, u.name AS unit_name,
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
    status: StatusView,
) -> pd.DataFrame:
    """One page of commitments (columns of _COMMITMENTS_SQL): the ids chosen on `choose_on` (_LIGHT_SQL, or
    _COMMITMENTS_SQL when the filter searches its texts), then their rows (with `as_of`, the items as reviewed on
    that day). Choosing only ids keeps a page of a million rows within a reader's memory."""
    cur = con.cursor()
    try:
        for name, frame in reviewed_as_of(con, as_of).items():
            cur.register(name, frame)
        cur.register("status_v", status.table)
        ids = cur.execute(
            f"SELECT x.commitment_id FROM ({choose_on}) x{where} ORDER BY {order} LIMIT ? OFFSET ?",
            [NO_REPORT, *params, int(limit), max(0, int(offset))],
        ).fetchall()
        return cur.execute(
            f"SELECT * FROM ({_COMMITMENTS_SQL}) x WHERE x.commitment_id IN (SELECT unnest(?::VARCHAR[])) "
            f"ORDER BY {order}",
            [NO_REPORT, [i for (i,) in ids]],
        ).df()
    finally:
        cur.close()


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
    where, params = _commitment_filter(f, search)
    order = "x.meeting_date NULLS LAST, x.char_start, x.source_id, x.commitment_id"
    if limit is not None:
        rows = _COMMITMENTS_SQL if search.strip() else _LIGHT_SQL
        return _page_of_rows(
            con, where, params, order, limit, offset, as_of=f.as_of, choose_on=rows, status=_view(con, status)
        )
    sql = f"SELECT * FROM ({_COMMITMENTS_SQL}) x{where} ORDER BY {order}"
    page, more = _page(limit, offset)
    return _run(con, sql + page, [NO_REPORT, *params, *more], status=_view(con, status), as_of=f.as_of)


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
    where, params = _commitment_filter(f, search)
    rows = _LIGHT_SQL if not search.strip() else _COMMITMENTS_SQL
    sql = f"SELECT count(*) AS n FROM ({rows}) x{where}"
    return int(_run(con, sql, [NO_REPORT, *params], status=_view(con, status), as_of=f.as_of)["n"].iloc[0])


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
    return _run(con, sql, [NO_REPORT, *params], status=_view(con, status), as_of=f.as_of)


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
    source, more = "", []
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
            status=_view(con, status),
        )
    sql = f"SELECT * FROM ({_COMMITMENTS_SQL}) x{cond} ORDER BY {order}"
    return _run(con, sql, [NO_REPORT, *params, as_of, DONE, *more], status=_view(con, status), as_of=f.as_of)


ROLES: tuple[str, ...] = ("lead", "responsible", "support")


def _holdings_sql(con: duckdb.DuckDBPyConnection, where: str, rows: str = _LIGHT_SQL) -> str:
    """SQL for `h`: every (commitment, unit, role) of the filtered commitments `x` — the units in
    `commitment_units` (lead / responsible / support), else the commitment's own unit as its lead (a commitment
    without holder rows, or a database built before the table existed)."""
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
    sql = _holdings_sql(con, where) + f"SELECT * FROM h{unit_where} ORDER BY h.unit_name, h.commitment_id"
    return _run(con, sql, [NO_REPORT, *params, *unit_params], status=_view(con, status), as_of=f.as_of)


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
        _holdings_sql(con, where)
        + f""",
        all_units AS (
            SELECT u.unit_id, u.name FROM units u{unit_where}
            UNION ALL
            SELECT NULL AS unit_id, g.name FROM (SELECT unnest(?::VARCHAR[]) AS name) g
            WHERE g.name NOT IN (SELECT name FROM units)
        ),
        counts AS (SELECT unit_id, status, count(*) AS n FROM h GROUP BY ALL),
        roles AS (
            SELECT unit_id, count(*) FILTER (WHERE role = 'lead') AS lead,
                   count(*) FILTER (WHERE role = 'responsible') AS responsible,
                   count(*) FILTER (WHERE role = 'support') AS support
            FROM h GROUP BY ALL
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
    return _run(con, sql, [NO_REPORT, *params, *unit_params, extra], status=_view(con, status), as_of=f.as_of)


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
    return _run(con, sql + page, [NO_REPORT, *params, list(unit_ids), *more], status=_view(con, status))


def count_unit_commitments(
    con: duckdb.DuckDBPyConnection, f: Filters, unit_ids: Sequence[str], *, status: StatusView | None = None
) -> int:
    """How many filtered commitments the given units hold (the rows unit_commitments pages through)."""
    where, params = _holding_filters(f)
    sql = (
        _holdings_sql(con, where)
        + "SELECT count(DISTINCT commitment_id) AS n FROM h WHERE list_contains(?::VARCHAR[], h.unit_id)"
    )
    return int(_run(con, sql, [NO_REPORT, *params, list(unit_ids)], status=_view(con, status))["n"].iloc[0])


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
    return _run(con, sql, [NO_REPORT, *params], status=_view(con, status), as_of=f.as_of)


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
    return _run(con, sql, [NO_REPORT, *params, department, town], status=_view(con, status), as_of=f.as_of)


def departments_in_data(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Departments that own a commitment or are named in a source, by name."""
    sql = """
        SELECT DISTINCT u.name FROM units u
        WHERE u.kind = 'department' AND (u.unit_id IN (SELECT unit_id FROM commitments)
              OR u.unit_id IN (SELECT unit_id FROM mentions))
        ORDER BY u.name
    """
    return list(_run(con, sql)["name"])


# ---------------------------------------------------------------- meetings and sources


def meetings(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> pd.DataFrame:
    """Meetings in the period/meeting filter with their commitment and figure counts, newest first;
    `n_unreviewed` counts the commitments still waiting for review (with review.required, `n_commitments` counts
    the reviewed ones only)."""
    where, params = _where(_meeting_clauses(f, "m.date", "m.meeting_id"))
    sql = f"""
        SELECT m.meeting_id, m.date, m.title, m.organizer, m.source_id, m.char_start, m.char_end,
               coalesce(m.kind, 'meeting') AS kind, m.doc_no, m.date_source,
               (SELECT count(*) FROM commitments c WHERE c.meeting_id = m.meeting_id
                  AND (NOT ? OR list_contains(?::VARCHAR[], c.review_state))) AS n_commitments,
               (SELECT count(*) FROM figures g WHERE g.meeting_id = m.meeting_id) AS n_figures,
               s.path, s.title AS source_title,
               (SELECT count(*) FROM commitments c WHERE c.meeting_id = m.meeting_id
                  AND c.review_state = 'unreviewed') AS n_unreviewed
        FROM meetings m LEFT JOIN sources s ON s.source_id = m.source_id{where}
        ORDER BY m.date DESC NULLS LAST, m.char_start
    """
    return _run(con, sql, [f.reviewed_only, list(REVIEWED_STATES), *params], as_of=f.as_of)


def meeting_dates(
    con: duckdb.DuckDBPyConnection, f: Filters = Filters()
) -> tuple[dt.date | None, dt.date | None]:
    """First and last meeting date under the period/meeting filter (the 'when' of chart titles)."""
    where, params = _where(_meeting_clauses(f, "m.date", "m.meeting_id"))
    row = _run(con, f"SELECT min(m.date) AS a, max(m.date) AS b FROM meetings m{where}", params).iloc[0]
    return (
        None if pd.isna(row["a"]) else pd.Timestamp(row["a"]).date(),
        None if pd.isna(row["b"]) else pd.Timestamp(row["b"]).date(),
    )


def source(con: duckdb.DuckDBPyConnection, source_id: str) -> dict[str, str] | None:
    """One source's text, path, title, the reader that made the text and the original file's name, or None."""
    sql = """
        SELECT source_id, path, title, text, reader, original_name, text_path, sha256
        FROM sources WHERE source_id = ?
    """
    frame = _run(con, sql, [source_id])
    return None if frame.empty else {k: ("" if pd.isna(v) else str(v)) for k, v in frame.iloc[0].items()}


def sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every source with its reader, original file, derived-text path and what was found in it."""
    sql = """
        SELECT s.source_id, s.title, s.path, s.reader, s.original_name, s.text_path, s.sha256,
               (SELECT count(*) FROM meetings m WHERE m.source_id = s.source_id) AS n_meetings,
               (SELECT count(*) FROM commitments c WHERE c.source_id = s.source_id) AS n_commitments,
               (SELECT count(*) FROM figures g WHERE g.source_id = s.source_id) AS n_figures
        FROM sources s
        ORDER BY s.source_id
    """
    return _run(con, sql)


def source_findings(con: duckdb.DuckDBPyConnection, source_id: str) -> dict[str, pd.DataFrame]:
    """What one source yielded: its meetings, commitment counts by kind, owners and figures (for previews)."""
    meetings_sql = """
        SELECT date, title FROM meetings WHERE source_id = ? ORDER BY date NULLS LAST, char_start
    """
    kinds_sql = """
        SELECT kind, count(*) AS n, count(due_date) AS n_due FROM commitments WHERE source_id = ?
        GROUP BY kind ORDER BY n DESC, kind
    """
    owners_sql = """
        SELECT u.name, count(*) AS n FROM commitments c JOIN units u ON u.unit_id = c.unit_id
        WHERE c.source_id = ? GROUP BY u.name ORDER BY n DESC, u.name
    """
    figures_sql = """
        SELECT number_text, value, measure, label, quote FROM figures WHERE source_id = ? ORDER BY char_start
    """
    return {
        "meetings": _run(con, meetings_sql, [source_id]),
        "kinds": _run(con, kinds_sql, [source_id]),
        "owners": _run(con, owners_sql, [source_id]),
        "figures": _run(con, figures_sql, [source_id]),
    }


def spans(con: duckdb.DuckDBPyConnection, source_id: str) -> pd.DataFrame:
    """Every extracted span in a source (span_kind, span_id, char_start, char_end, label, meeting_id)."""
    sql = """
        SELECT 'meeting' AS span_kind, meeting_id AS span_id, char_start, char_end, title AS label, meeting_id
        FROM meetings WHERE source_id = ?
        UNION ALL
        SELECT 'commitment', commitment_id, char_start, char_end, title, meeting_id
        FROM commitments WHERE source_id = ?
        UNION ALL
        SELECT 'figure', figure_id, char_start, char_end,
               concat_ws(' ', label, number_text),
               meeting_id
        FROM figures WHERE source_id = ?
        ORDER BY char_start, char_end DESC
    """
    return _run(con, sql, [source_id, source_id, source_id])


# ---------------------------------------------------------------- figures and headline


def figures(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> pd.DataFrame:
    """Reported figures under the period/meeting/unit filters, with meeting, unit and source names."""
    clauses = _meeting_clauses(f, "m.date", "g.meeting_id") + _unit_clauses(f, "g.unit_id", "u.kind")
    where, params = _where(clauses)
    sql = f"""
        SELECT g.figure_id, g.source_id, s.title AS source_title, g.meeting_id, m.date AS meeting_date,
               m.title AS meeting_title, g.unit_id, u.name AS unit_name, u.kind AS unit_kind, g.label, g.value,
               g.measure, g.qualifier, g.number_text, g.topic, g.quote, g.char_start, g.char_end
        FROM figures g
        LEFT JOIN meetings m ON m.meeting_id = g.meeting_id
        LEFT JOIN units u ON u.unit_id = g.unit_id
        LEFT JOIN sources s ON s.source_id = g.source_id{where}
        ORDER BY m.date NULLS LAST, g.source_id, g.char_start
    """
    return _run(con, sql, params)


HEADLINE_KEYS = (
    "meetings",
    "commitments",
    "units",
    "figures",
    "done",
    "no_report",
    "overdue",
    "overdue_assumed",
    "due_assumed",
    "no_due",
    "red_or_overdue",
)


# "Units with items", said the same way on every page and pack: the departments and towns holding a selected item
# in any role (lead, responsible, support), each counted once; collective addressees (各乡镇, 县直各单位) are
# groups, not units, and are not counted. The unit pages' bars, the overview, the pack's summary slide and its
# unit charts all count this.
COUNTED_UNIT_KINDS: tuple[str, ...] = UNIT_KINDS


def _headline_sql(restrict_meetings: bool) -> str:
    """Every headline figure from the relations x (filtered commitments with status), h (their holders: unit_id,
    unit_kind), g (figures) and m (meetings) — the one definition of each figure, run on the database (headline)
    or on frames (headline_counts)."""
    late = "x.due_date < $as_of AND x.status <> $done"
    meetings = "SELECT count(*) FROM m"
    if restrict_meetings:
        meetings += (
            " WHERE m.meeting_id IN (SELECT meeting_id FROM x WHERE meeting_id IS NOT NULL"
            " UNION SELECT meeting_id FROM g WHERE meeting_id IS NOT NULL)"
        )
    units = "SELECT count(DISTINCT h.unit_id) FROM h WHERE list_contains($unit_kinds, h.unit_kind)"
    return f"""
        SELECT ({meetings}) AS meetings, count(*) AS commitments, ({units}) AS units,
               (SELECT count(*) FROM g) AS figures,
               count(*) FILTER (WHERE x.status = $done) AS done,
               count(*) FILTER (WHERE x.status = $no_report) AS no_report,
               count(*) FILTER (WHERE {late}) AS overdue,
               count(*) FILTER (WHERE {late} AND x.due_source = 'default') AS overdue_assumed,
               count(*) FILTER (WHERE x.due_source = 'default') AS due_assumed,
               count(*) FILTER (WHERE x.due_date IS NULL) AS no_due,
               count(*) FILTER (WHERE ({late}) OR x.colour = 'red') AS red_or_overdue
        FROM x
    """


def _headline_params(as_of: dt.date) -> dict[str, object]:
    return {"as_of": as_of, "done": DONE, "no_report": NO_REPORT, "unit_kinds": list(COUNTED_UNIT_KINDS)}


def headline_counts(
    c: pd.DataFrame,
    g: pd.DataFrame,
    m: pd.DataFrame,
    h: pd.DataFrame,
    f: Filters = Filters(),
    as_of: dt.date | None = None,
) -> dict[str, int]:
    """Every headline figure, from already-filtered commitments, figures, meetings and holders (unit_holdings)
    frames: the same SQL as headline(), for rows already in memory.

    meetings: those in the period/meeting filter (with a unit, kind or status filter, only those with a selected
    commitment or figure); units: the departments and towns holding a selected commitment in any role
    (COUNTED_UNIT_KINDS; collectives are not units); overdue: past the due date and not done on `as_of`
    (f.as_of when not given), of which `overdue_assumed` have a due date assumed by the config's default rule
    rather than stated in the text; `due_assumed`: all commitments whose due date is assumed;
    `red_or_overdue`: overdue or red by the colour rules.
    """
    as_of = as_of or f.as_of or dt.date.today()
    con = duckdb.connect()
    try:
        cols = ("commitment_id", "meeting_id", "unit_id", "status", "due_date", "due_source", "colour")
        x = pd.DataFrame(
            {k: (c[k] if k in c else pd.Series(None, index=c.index, dtype=object)) for k in cols}
        )
        x["due_date"] = pd.to_datetime(x["due_date"], errors="coerce")
        for k in ("commitment_id", "meeting_id", "unit_id", "status", "due_source", "colour"):
            x[k] = x[k].astype(object).where(x[k].notna(), None)
        con.register("x_frame", x)
        con.register(
            "g_frame",
            pd.DataFrame({"meeting_id": g["meeting_id"].astype(object).where(g["meeting_id"].notna(), None)}),
        )
        con.register("m_frame", pd.DataFrame({"meeting_id": m["meeting_id"].astype(object)}))
        hf = pd.DataFrame(
            {
                k: (h[k].astype(object) if k in h else pd.Series(dtype=object))
                for k in ("commitment_id", "unit_id", "unit_kind")
            }
        )
        con.register("h_frame", hf)
        sql = (
            "WITH x AS (SELECT * FROM x_frame), g AS (SELECT * FROM g_frame), m AS (SELECT * FROM m_frame), "
            "h AS (SELECT * FROM h_frame WHERE commitment_id IN (SELECT commitment_id FROM x)) "
            + _headline_sql(bool(f.unit_ids or f.unit_kind or f.statuses))
        )
        row = con.execute(sql, _headline_params(as_of)).df().iloc[0]
    finally:
        con.close()
    return {k: int(row[k]) for k in HEADLINE_KEYS}


def headline(
    con: duckdb.DuckDBPyConnection,
    f: Filters = Filters(),
    as_of: dt.date | None = None,
    *,
    status: StatusView | None = None,
) -> dict[str, int]:
    """Headline counts under the filters (see headline_counts), aggregated in the database: what the overview,
    the unit pages, the briefing page and every pack (PPTX, PDF, CLI) show."""
    as_of = as_of or f.as_of or dt.date.today()
    where, params = _commitment_filter(f)
    # figures have no status: the status filter does not apply to them
    g_where, g_params = _where(
        _meeting_clauses(f, "m.date", "g.meeting_id") + _unit_clauses(f, "g.unit_id", "u.kind")
    )
    m_where, m_params = _where(_meeting_clauses(f, "m.date", "m.meeting_id"))
    h_where, h_params = _where(_unit_clauses(f, "hh.unit_id", "u.kind"))
    named: dict[str, object] = _headline_params(as_of)
    numbered = [NO_REPORT, *params, *g_params, *m_params, *h_params]
    sql = f"""
        WITH x AS MATERIALIZED (SELECT * FROM ({_LIGHT_SQL}) x{where}),
        g AS (SELECT g.meeting_id FROM figures g LEFT JOIN meetings m ON m.meeting_id = g.meeting_id
              LEFT JOIN units u ON u.unit_id = g.unit_id{g_where}),
        m AS (SELECT m.meeting_id FROM meetings m{m_where}),
        h AS (SELECT hh.commitment_id, hh.unit_id, u.kind AS unit_kind
              FROM ({_holders_sql(con)}) hh JOIN units u ON u.unit_id = hh.unit_id
              {h_where}{" AND " if h_where else " WHERE "}hh.commitment_id IN (SELECT commitment_id FROM x))
    """ + _headline_sql(bool(f.unit_ids or f.unit_kind or f.statuses))
    for i, p in enumerate(numbered):  # DuckDB takes named or positional parameters, not both
        named[f"p{i}"] = p
        sql = sql.replace("?", f"$p{i}", 1)
    row = _run(con, sql, named, status=_view(con, status), as_of=f.as_of).iloc[0]  # type: ignore[arg-type]
    return {k: int(row[k]) for k in HEADLINE_KEYS}


def overdue_rows(c: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The rows of a commitments frame past their due date and not done (same rule as overdue())."""
    due = pd.to_datetime(c["due_date"])
    return c[(due < pd.Timestamp(as_of)) & (c["status"] != DONE)].sort_values(["due_date", "char_start"])


def red_or_overdue_rows(c: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The rows that are overdue on `as_of` or red by the colour rules (the pack's 红色及逾期 list)."""
    due = pd.to_datetime(c["due_date"])
    late = (due < pd.Timestamp(as_of)) & (c["status"] != DONE)
    red = c["colour"] == "red" if "colour" in c else False
    return c[late | red]


def status_counts_of(c: pd.DataFrame) -> pd.DataFrame:
    """(status, n) of a commitments frame, largest first (same as status_counts())."""
    counts = c.groupby("status", sort=False).size().reset_index(name="n")
    return counts.sort_values("n", ascending=False, kind="stable").reset_index(drop=True)


def meetings_of(c: pd.DataFrame) -> list[str]:
    """The meetings the given commitments come from (what "N次会议提出M项事项" counts)."""
    return sorted(set(c["meeting_id"].dropna()))


# ---------------------------------------------------------------- review (issue 10)

_OWNERS_SQL = """
    SELECT cu.commitment_id,
           string_agg(u.name || CASE cu.role WHEN 'lead' THEN ':lead' WHEN 'support' THEN ':support'
                                             ELSE ':responsible' END, ', '
                      ORDER BY cu.role <> 'lead', cu.role, u.name) AS owners
    FROM {table} cu JOIN units u ON u.unit_id = cu.unit_id
    GROUP BY cu.commitment_id
"""


def source_texts(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every source's text by id (where pasted words are looked for)."""
    frame = _run(con, "SELECT source_id, text FROM sources")
    return dict(zip(frame["source_id"], frame["text"], strict=True))


def review_items(
    con: duckdb.DuckDBPyConnection,
    meeting_id: str | None = None,
    states: Sequence[str] = (),
    source_id: str | None = None,
    *,
    status: StatusView | None = None,
) -> pd.DataFrame:
    """Every item the review knows (extracted or added, rejected and merged ones too) with its current values,
    review state and last decision, its meeting, owners ('name:role, …'), and the extractor's own title,
    owners and due date beside them (empty for added items), in text order. `source_id` without `meeting_id`:
    the items of that source that belong to no meeting."""
    clauses: list[tuple[str, Sequence[object]]] = []
    if meeting_id is not None:
        clauses.append(("r.meeting_id = ?", [meeting_id]))
    elif source_id is not None:
        clauses.append(("r.meeting_id IS NULL AND r.source_id = ?", [source_id]))
    if states:
        clauses.append(("list_contains(?::VARCHAR[], r.review_state)", [list(states)]))
    where, params = _where(clauses)
    sql = f"""
        WITH owners AS ({_OWNERS_SQL.format(table="commitment_units")}),
             owners_x AS ({_OWNERS_SQL.format(table="commitment_units_extracted")})
        SELECT r.*, m.date AS meeting_date, m.title AS meeting_title, u.name AS unit_name,
               coalesce(o.owners, u.name || ':lead') AS owners_text, x.title AS extracted_title,
               coalesce(ox.owners, ux.name || ':lead') AS extracted_owners, x.due_date AS extracted_due_date,
               x.kind AS extracted_kind, x.parent_id AS extracted_parent_id, (x.commitment_id IS NULL) AS is_added,
               -- the due date every other page shows: stated, or assumed by the config's default rule
               coalesce(s.due_date, r.due_date) AS shown_due_date,
               CASE WHEN s.due_date IS NOT NULL THEN s.due_source WHEN r.due_date IS NOT NULL THEN 'text' END
                   AS shown_due_source
        FROM review_items r
        LEFT JOIN status_v s ON s.commitment_id = r.commitment_id
        LEFT JOIN meetings m ON m.meeting_id = r.meeting_id
        LEFT JOIN units u ON u.unit_id = r.unit_id
        LEFT JOIN owners o ON o.commitment_id = r.commitment_id
        LEFT JOIN commitments_extracted x ON x.commitment_id = r.commitment_id
        LEFT JOIN units ux ON ux.unit_id = x.unit_id
        LEFT JOIN owners_x ox ON ox.commitment_id = r.commitment_id{where}
        ORDER BY m.date NULLS LAST, r.source_id, r.char_start, r.commitment_id
    """
    return _run(con, sql, params, status=_view(con, status))


def review_counts(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> pd.DataFrame:
    """Per meeting under the period/meeting filter: how many items wait for review, are reviewed, rejected or
    merged (meeting_id, source_id, date, title, unreviewed, reviewed, rejected, merged), newest first. Items of a
    source that belong to no meeting come last, one row per source with meeting_id NULL (unless a meeting or
    period is chosen)."""
    where, params = _where(_meeting_clauses(f, "m.date", "m.meeting_id"))
    counts = """
               count(r.commitment_id) FILTER (WHERE r.review_state = 'unreviewed') AS unreviewed,
               count(r.commitment_id) FILTER (WHERE list_contains(?::VARCHAR[], r.review_state)) AS reviewed,
               count(r.commitment_id) FILTER (WHERE r.review_state = 'rejected') AS rejected,
               count(r.commitment_id) FILTER (WHERE r.review_state = 'merged') AS merged"""
    sql = f"""
        SELECT m.meeting_id, m.source_id, m.date, m.title,{counts}
        FROM meetings m LEFT JOIN review_items r ON r.meeting_id = m.meeting_id AND r.located{where}
        GROUP BY ALL ORDER BY m.date DESC NULLS LAST, m.title
    """
    frame = _run(con, sql, [list(REVIEWED_STATES), *params])
    if f.meeting_ids or f.date_from is not None or f.date_to is not None:
        return frame
    loose = _run(
        con,
        f"""SELECT NULL::VARCHAR AS meeting_id, r.source_id, NULL::DATE AS date,
                   coalesce(s.title, r.source_id) AS title,{counts}
            FROM review_items r LEFT JOIN sources s ON s.source_id = r.source_id
            WHERE r.meeting_id IS NULL AND r.located GROUP BY ALL ORDER BY r.source_id""",
        [list(REVIEWED_STATES)],
    )
    return frame if loose.empty else pd.concat([frame, loose], ignore_index=True)


def review_waiting(
    con: duckdb.DuckDBPyConnection, f: Filters = Filters(), *, status: StatusView | None = None
) -> int:
    """How many commitments under the filters still wait for review (what review.required leaves out)."""
    where, params = _commitment_filter(replace(f, reviewed_only=False))
    glue = " AND " if where else " WHERE "
    sql = f"SELECT count(*) AS n FROM ({_LIGHT_SQL}) x{where}{glue}x.review_state = 'unreviewed'"
    return int(_run(con, sql, [NO_REPORT, *params], status=_view(con, status), as_of=f.as_of)["n"].iloc[0])


def review_orphans(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Ids with review or progress entries that no item carries any more (the source or the extractor changed
    and no clear match was found), and added items whose words are gone from their source."""
    if not has_relation(con, "review_orphans"):
        return pd.DataFrame(
            columns=[
                "commitment_id",
                "reason",
                "source_id",
                "quote",
                "title",
                "char_start",
                "char_end",
                "n_review",
                "n_progress",
            ]
        )
    return _run(con, "SELECT * FROM review_orphans ORDER BY source_id, char_start, commitment_id")


def review_history(con: duckdb.DuckDBPyConnection, commitment_id: str | None = None) -> pd.DataFrame:
    """The applied review log (one row per entry, oldest first), for one item (as written or re-attached) or all."""
    where, params = _where(
        [("(a.commitment_id = ? OR a.target_id = ?)", [commitment_id, commitment_id])]
        if commitment_id
        else []
    )
    return _run(con, f"SELECT a.* FROM review_actions a{where} ORDER BY a.entered_at, a.entry_id", params)


def review_aliases(con: duckdb.DuckDBPyConnection, as_of: dt.date | None = None) -> dict[str, str]:
    """old id -> the item its progress counts for now (merges made by `as_of`, re-attachments)."""
    if not has_relation(con, "commitment_aliases"):
        return {}
    where, params = _where([("(since IS NULL OR since <= ?)", [as_of])] if as_of is not None else [])
    frame = _run(con, f"SELECT old_id, new_id FROM commitment_aliases{where}", params)
    return dict(zip(frame["old_id"], frame["new_id"], strict=True))


# ---------------------------------------------------------------- at scale: aggregates, pages, top N (issue 14)
# Pages ask for what they show: counts and sums made in DuckDB, one page of a long table, the top of a long
# chart. Nothing here reads every row into Python.

PAGE_SIZE = 200  # rows of a table shown at a time
MAX_MEETING_BARS = 40  # more meetings than this are charted per month


def commitments_by_meeting(
    con: duckdb.DuckDBPyConnection,
    f: Filters = Filters(),
    max_bars: int = MAX_MEETING_BARS,
    *,
    status: StatusView | None = None,
) -> pd.DataFrame:
    """Filtered commitments per meeting of the period/meeting filter (meeting_id, date, title, n_commitments),
    or — when there are more than `max_bars` meetings — per month (meeting_id NULL, date = the month's first day,
    title NULL, n_meetings, n_commitments); meetings without a date are left out of the months."""
    where, params = _commitment_filter(f)
    m_where, m_params = _where(_meeting_clauses(f, "m.date", "m.meeting_id"))
    sql = f"""
        WITH x AS (SELECT x.meeting_id FROM ({_LIGHT_SQL}) x{where}),
        per AS (SELECT meeting_id, count(*) AS n FROM x WHERE meeting_id IS NOT NULL GROUP BY meeting_id),
        m AS (SELECT m.meeting_id, m.date, m.title, coalesce(per.n, 0) AS n_commitments
              FROM meetings m LEFT JOIN per ON per.meeting_id = m.meeting_id{m_where})
        SELECT * FROM m
    """
    frame = _run(con, sql, [NO_REPORT, *params, *m_params], status=_view(con, status))
    if len(frame) <= max_bars:
        return frame.assign(n_meetings=1)
    months = frame.dropna(subset=["date"]).assign(date=lambda d: pd.to_datetime(d["date"]).dt.to_period("M"))
    out = months.groupby("date").agg(
        n_meetings=("meeting_id", "size"), n_commitments=("n_commitments", "sum")
    )
    out = out.reset_index()
    out["date"] = out["date"].dt.start_time.dt.date
    return out.assign(meeting_id=None, title=None)[
        ["meeting_id", "date", "title", "n_commitments", "n_meetings"]
    ]


def recent_meetings(
    con: duckdb.DuckDBPyConnection, f: Filters = Filters(), n: int = 5, *, status: StatusView | None = None
) -> pd.DataFrame:
    """The `n` latest meetings of the period/meeting filter (as meetings() orders them) with how many of the
    filtered commitments and of all figures each has, and how many of its items wait for review."""
    where, params = _commitment_filter(f)
    m_where, m_params = _where(_meeting_clauses(f, "m.date", "m.meeting_id"))
    sql = f"""
        WITH top AS (SELECT m.meeting_id, m.date, m.title, m.organizer, m.char_start FROM meetings m{m_where}
                     ORDER BY m.date DESC NULLS LAST, m.char_start, m.meeting_id LIMIT ?),
        x AS (SELECT x.meeting_id FROM ({_LIGHT_SQL}) x{where})
        SELECT t.meeting_id, t.date, t.title, t.organizer,
               (SELECT count(*) FROM x WHERE x.meeting_id = t.meeting_id) AS n_commitments,
               (SELECT count(*) FROM figures g WHERE g.meeting_id = t.meeting_id) AS n_figures,
               (SELECT count(*) FROM commitments c
                WHERE c.meeting_id = t.meeting_id AND c.review_state = 'unreviewed') AS n_unreviewed
        FROM top t ORDER BY t.date DESC NULLS LAST, t.char_start, t.meeting_id
    """
    return _run(con, sql, [*m_params, int(n), NO_REPORT, *params], status=_view(con, status), as_of=f.as_of)


_FOLLOW_UP_WHERE = """
    WHERE x.status <> ? AND x.colour IN ('red', 'yellow') AND x.unit_id IS NOT NULL
"""


def _follow_up_extra(unit_id: str | None, reviewed_only: bool) -> tuple[str, list[object]]:
    extra, more = ("", []) if unit_id is None else (" AND x.unit_id = ?", [unit_id])
    if reviewed_only:  # review.required: items waiting for review are not followed up yet
        extra += " AND list_contains(?::VARCHAR[], x.review_state)"
        more.append(list(REVIEWED_STATES))
    return extra, more


def follow_up_rows(
    con: duckdb.DuckDBPyConnection,
    unit_id: str | None = None,
    reviewed_only: bool = False,
    limit: int | None = None,
    offset: int = 0,
    *,
    status: StatusView | None = None,
) -> pd.DataFrame:
    """Open red or yellow items with a unit (all units or one), by unit, worst first, most overdue first: the
    list to raise at the next meeting (tracker.progress.status.follow_up on the whole status table)."""
    extra, more = _follow_up_extra(unit_id, reviewed_only)
    order = (
        "x.unit_name, CASE x.colour WHEN 'red' THEN 0 ELSE 1 END, x.days_overdue DESC, "
        "x.due_date NULLS LAST, x.meeting_date NULLS LAST, x.source_id, x.char_start, x.commitment_id"
    )
    if limit is not None:
        return _page_of_rows(
            con, _FOLLOW_UP_WHERE + extra, [DONE, *more], order, limit, offset, status=_view(con, status)
        )
    sql = f"SELECT * FROM ({_COMMITMENTS_SQL}) x{_FOLLOW_UP_WHERE}{extra} ORDER BY {order}"
    return _run(con, sql, [NO_REPORT, DONE, *more], status=_view(con, status))


def count_follow_up(
    con: duckdb.DuckDBPyConnection,
    unit_id: str | None = None,
    reviewed_only: bool = False,
    *,
    status: StatusView | None = None,
) -> int:
    """How many items follow_up_rows lists."""
    extra, more = _follow_up_extra(unit_id, reviewed_only)
    sql = f"SELECT count(*) AS n FROM ({_LIGHT_SQL}) x{_FOLLOW_UP_WHERE}{extra}"
    return int(_run(con, sql, [NO_REPORT, DONE, *more], status=_view(con, status))["n"].iloc[0])


# Per unit, what a ranking is made of (tracker.progress.status.unit_rankings), from a relation x of commitment
# rows with unit_id, status, percent, reasons and colour.
RANKING_SQL = """
    SELECT unit_id, count(*) AS n_items,
           count(*) FILTER (WHERE status <> $no_report) AS n_reported,
           count(*) FILTER (WHERE status = $done) AS n_done,
           count(*) FILTER (WHERE contains(coalesce(reasons, ''), 'overdue')) AS n_overdue,
           count(*) FILTER (WHERE colour = 'red') AS n_red,
           count(*) FILTER (WHERE colour = 'yellow') AS n_yellow,
           count(*) FILTER (WHERE NOT contains(coalesce(reasons, ''), 'overdue')
                            AND NOT contains(coalesce(reasons, ''), 'silent')) AS n_timely,
           -- exact decimal sums: the same result whatever the order of the rows
           CAST(sum(CAST(coalesce(percent, 0) AS DECIMAL(18, 6))) AS DOUBLE) AS sum_percent,
           CAST(avg(CAST(percent AS DECIMAL(18, 6)))
                    FILTER (WHERE status <> $no_report AND percent IS NOT NULL AND NOT isnan(percent)) AS DOUBLE)
               AS reported_percent
    FROM x WHERE unit_id IS NOT NULL GROUP BY unit_id
"""


def ranking_inputs(
    con: duckdb.DuckDBPyConnection, f: Filters = Filters(), *, status: StatusView | None = None
) -> pd.DataFrame:
    """RANKING_SQL over the filtered commitments, one row per unit holding any (lead, responsible or support):
    a unit is ranked on the items the unit pages count for it, so "no items" means the same on both."""
    where, params = _holding_filters(f)
    unit_where, unit_params = _where(_unit_clauses(f, "hh.unit_id", "u.kind"))
    sql = (
        f"WITH c AS (SELECT * FROM ({_LIGHT_SQL}) x{where}), "
        f"x AS (SELECT c.* REPLACE (hh.unit_id AS unit_id) FROM c JOIN ({_holders_sql(con)}) hh "
        f"ON hh.commitment_id = c.commitment_id JOIN units u ON u.unit_id = hh.unit_id{unit_where}) "
    ) + RANKING_SQL
    params = [*params, *unit_params]
    named: dict[str, object] = {"no_report": NO_REPORT, "done": DONE}
    for i, p in enumerate([NO_REPORT, *params]):
        named[f"p{i}"] = p
        sql = sql.replace("?", f"$p{i}", 1)
    return _run(con, sql, named, status=_view(con, status), as_of=f.as_of)


def meeting_choices(
    con: duckdb.DuckDBPyConnection, f: Filters = Filters(), limit: int = 1000, keep: Sequence[str] = ()
) -> pd.DataFrame:
    """Meetings to offer in a picker (meeting_id, date, title): the `limit` latest under the period filter,
    and those in `keep` (already chosen) whatever their date."""
    where, params = _where(_meeting_clauses(replace(f, meeting_ids=()), "m.date", "m.meeting_id"))
    sql = f"""
        (SELECT meeting_id, date, title, char_start FROM meetings m{where}
         ORDER BY date DESC NULLS LAST, char_start, meeting_id LIMIT ?)
        UNION
        (SELECT meeting_id, date, title, char_start FROM meetings WHERE list_contains(?::VARCHAR[], meeting_id))
        ORDER BY date DESC NULLS LAST, char_start, meeting_id
    """
    return _run(con, sql, [*params, int(limit), list(keep)])[["meeting_id", "date", "title"]]


def count_meetings(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> int:
    """How many meetings the period/meeting filter selects."""
    where, params = _where(_meeting_clauses(f, "m.date", "m.meeting_id"))
    return int(_run(con, f"SELECT count(*) AS n FROM meetings m{where}", params)["n"].iloc[0])


def _figure_from(f: Filters) -> tuple[str, list[object]]:
    clauses = _meeting_clauses(f, "m.date", "g.meeting_id") + _unit_clauses(f, "g.unit_id", "u.kind")
    where, params = _where(clauses)
    return (
        f"""FROM figures g LEFT JOIN meetings m ON m.meeting_id = g.meeting_id
            LEFT JOIN units u ON u.unit_id = g.unit_id LEFT JOIN sources s ON s.source_id = g.source_id{where}""",
        params,
    )


FIGURE_GROUPS = {  # group_by → (SQL for the group key, SQL for a source title to name a missing key)
    "topic": "coalesce(g.topic, s.title)",
    "meeting": "m.title",
    "unit": "u.name",
    "measure": "g.measure",
}


def figure_groups(con: duckdb.DuckDBPyConnection, f: Filters, group_by: str) -> pd.DataFrame:
    """Groups of the filtered figures (grp: the key, NULL when missing; source_title: a source of the group's
    rows for naming a missing meeting; n), largest first."""
    key = FIGURE_GROUPS[group_by]
    src, params = _figure_from(f)
    sql = f"""SELECT {key} AS grp, min(s.title) AS source_title, count(*) AS n {src}
              GROUP BY ALL ORDER BY n DESC, grp NULLS LAST"""
    return _run(con, sql, params)


def figures_in_group(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    group_by: str,
    group: str | None,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """One group's figures (columns as figures()), in figures()'s order; a page of them with `limit`."""
    key = FIGURE_GROUPS[group_by]
    src, params = _figure_from(f)
    cond = f"{key} IS NULL" if group is None else f"{key} = ?"
    glue = " AND " if " WHERE " in src else " WHERE "
    page = "" if limit is None else " LIMIT ? OFFSET ?"
    sql = f"""
        SELECT g.figure_id, g.source_id, s.title AS source_title, g.meeting_id, m.date AS meeting_date,
               m.title AS meeting_title, g.unit_id, u.name AS unit_name, u.kind AS unit_kind, g.label, g.value,
               g.measure, g.qualifier, g.number_text, g.topic, g.quote, g.char_start, g.char_end
        {src}{glue}{cond}
        ORDER BY m.date NULLS LAST, g.source_id, g.char_start, g.figure_id{page}
    """
    more = ([] if group is None else [group]) + ([] if limit is None else [int(limit), max(0, int(offset))])
    return _run(con, sql, [*params, *more])


def top_figures(con: duckdb.DuckDBPyConnection, f: Filters, per_measure: int, measures: int) -> pd.DataFrame:
    """For a chart: the largest `per_measure` figures of each of the `measures` measure words with the most
    figures (columns as figures(), plus n_measure: how many figures that measure has)."""
    src, params = _figure_from(f)
    sql = f"""
        WITH g AS (SELECT g.*, s.title AS source_title, m.date AS meeting_date, m.title AS meeting_title,
                          u.name AS unit_name, u.kind AS unit_kind, coalesce(g.measure, '') AS _m {src}),
        sizes AS (SELECT _m, count(*) AS n_measure FROM g GROUP BY _m
                  ORDER BY n_measure DESC, _m = '', _m LIMIT ?),
        ranked AS (SELECT g.*, sizes.n_measure,
                          row_number() OVER (PARTITION BY g._m ORDER BY g.value DESC, g.char_start) AS r
                   FROM g JOIN sizes USING (_m))
        SELECT * EXCLUDE (r, _m) FROM ranked WHERE r <= ?
        ORDER BY meeting_date NULLS LAST, source_id, char_start
    """
    return _run(con, sql, [*params, int(measures), int(per_measure)])


def count_figures(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> int:
    """How many figures the filters select."""
    src, params = _figure_from(f)
    return int(_run(con, f"SELECT count(*) AS n {src}", params)["n"].iloc[0])


# ---------------------------------------------------------------- ownership (who may write what: tracker.auth)


def _holders_sql(con: duckdb.DuckDBPyConnection) -> str:
    """SQL for (commitment_id, unit_id, role): the holders in `commitment_units` (lead / responsible / support),
    else the commitment's own unit as its lead (a commitment without holder rows, or a database built before
    the table existed). The one rule for counting a unit's commitments and for who may write them."""
    if has_relation(con, "commitment_units"):
        return """SELECT commitment_id, unit_id, min(role) AS role FROM commitment_units
                  WHERE unit_id IS NOT NULL GROUP BY ALL
                  UNION ALL
                  SELECT commitment_id, unit_id, 'lead' FROM commitments
                  WHERE unit_id IS NOT NULL
                    AND commitment_id NOT IN (SELECT commitment_id FROM commitment_units WHERE unit_id IS NOT NULL)"""
    return "SELECT commitment_id, unit_id, 'lead' AS role FROM commitments WHERE unit_id IS NOT NULL"


def commitment_owners(
    con: duckdb.DuckDBPyConnection, commitment_ids: Iterable[str] | None = None
) -> dict[str, dict[str, str]]:
    """The units that hold each commitment, {commitment id: {unit id: unit name}} (every id asked for is a key):
    the same holders the unit pages count (_holders_sql); a commitment with no unit maps to {} (only an
    administrator may write it)."""
    ids = None if commitment_ids is None else sorted(set(commitment_ids))
    where, params = _where([("o.commitment_id IN (SELECT unnest(?))", [ids])] if ids is not None else [])
    sql = f"""
        SELECT o.commitment_id, o.unit_id, coalesce(u.name, o.unit_id) AS name
        FROM ({_holders_sql(con)}) o LEFT JOIN units u ON u.unit_id = o.unit_id{where}
        ORDER BY o.commitment_id, name
    """
    out: dict[str, dict[str, str]] = {cid: {} for cid in ids or ()}
    for cid, uid, name in _run(con, sql, params).itertuples(index=False):
        out.setdefault(cid, {})[uid] = name
    return out


def unit_ids(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> dict[str, str]:
    """{unit name: unit id} for the given canonical names that the database has."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    frame = _run(con, "SELECT name, unit_id FROM units WHERE name IN (SELECT unnest(?))", [wanted])
    return dict(zip(frame["name"], frame["unit_id"], strict=True))


def assignment_items(
    con: duckdb.DuckDBPyConnection, unit_ids: Iterable[str] | None = None, meeting_id: str | None = None
) -> pd.DataFrame:
    """The items of a 交办单: each (unit, commitment) its holders give (_holders_sql), with the unit, its role, the
    quote, the meeting and the source; only these units and this meeting when given; units, then meetings in
    date order, then the source's order."""
    conds: list[tuple[str, list]] = []
    if unit_ids is not None:
        conds.append(("o.unit_id IN (SELECT unnest(?))", [sorted(set(unit_ids))]))
    if meeting_id is not None:
        conds.append(("c.meeting_id = ?", [meeting_id]))
    where, params = _where(conds)
    sql = f"""
        SELECT o.unit_id, coalesce(u.name, o.unit_id) AS unit_name, o.role, c.commitment_id, c.kind, c.title,
               c.quote, c.meeting_id, m.title AS meeting_title, m.date AS meeting_date, c.source_id,
               s.title AS source_title
        FROM ({_holders_sql(con)}) o JOIN commitments c ON c.commitment_id = o.commitment_id
        LEFT JOIN units u ON u.unit_id = o.unit_id
        LEFT JOIN meetings m ON m.meeting_id = c.meeting_id
        LEFT JOIN sources s ON s.source_id = c.source_id{where}
        ORDER BY unit_name, m.date NULLS LAST, c.source_id, c.char_start, c.commitment_id
    """
    return _run(con, sql, params)
