"""All read SQL of the dashboard: plain, parameterised functions taking a DuckDB connection and returning frames.

Filter values only ever travel as `?` parameters; the SQL text is assembled from constant fragments.
Status comes from one place, `commitment_status(con)`, so progress tracking can replace it without
touching the other queries (see docs/dashboard.md, "Where status comes from").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

NO_REPORT = "未填报"
DONE = "已完成"
STATUS_COLUMNS: tuple[str, ...] = (
    "commitment_id",
    "status",
    "percent",
    "due_date",
    "colour",
    "last_update",
    "days_since_update",
    "due_source",  # 'text' when the report states the due date, 'default' when the config's rule assumed it
    "reasons",  # why a commitment is red/yellow ('overdue,silent'), for rankings and follow-up
)
UNIT_KINDS: tuple[str, ...] = ("department", "town")
REVIEWED_STATES: tuple[str, ...] = ("confirmed", "edited", "added")  # what review.required counts

StatusProvider = Callable[[duckdb.DuckDBPyConnection], pd.DataFrame]
_status_provider: StatusProvider | None = None
_status_frame: ContextVar[pd.DataFrame | None] = ContextVar("status_frame", default=None)


@dataclass(frozen=True)
class Filters:
    """The sidebar's filters; empty means 'all'. Hashable, so results can be cached per filter set.

    `as_of` is the day the numbers are as known on: meetings held after it (and what they raised or reported)
    are left out, as the status provider leaves out later progress entries and evidence. The dashboard sets it
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
    params: Sequence[object] = (),
    *,
    status: bool = False,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """Run one parameterised query on its own cursor; with status=True the relation `status_v` is available;
    with `as_of`, `commitments` and `commitment_units` are the items as reviewed on that day."""
    cur = con.cursor()
    try:
        for name, frame in reviewed_as_of(con, as_of).items():
            cur.register(name, frame)  # shadows the table of that name for this cursor only
        if status:
            cur.register("status_v", commitment_status(con))
        return cur.execute(sql, list(params)).df()
    finally:
        cur.close()


def reviewed_as_of(con: duckdb.DuckDBPyConnection, day: dt.date | None) -> dict[str, pd.DataFrame]:
    """The reviewed items (`commitments`, `commitment_units`) as they were on `day`, when a review made after it
    changed them; {} when the tables as built are right for that day (no later review, or no day given).

    A review dated after the as-of day is not applied, as progress entries dated after it are not counted."""
    if day is None:
        return {}
    cur = con.cursor()
    try:
        try:
            last = cur.execute("SELECT max(valid_from) FROM commitments_history").fetchone()[0]
        except duckdb.CatalogException:  # a database from before the review
            return {}
        if last is None or pd.Timestamp(last).date() <= day:
            return {}
        when = "(valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)"
        items = cur.execute(
            f"SELECT * EXCLUDE (valid_from, valid_to) FROM commitments_history WHERE {when}", [day, day]
        ).df()
        owners = cur.execute(
            f"SELECT * EXCLUDE (valid_from, valid_to) FROM commitment_units_history WHERE {when}", [day, day]
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


# ---------------------------------------------------------------- status (the one place it comes from)


def set_status_provider(provider: StatusProvider | None) -> None:
    """Make `provider(con)` the source of commitment status (None restores the default)."""
    global _status_provider
    _status_provider = provider


def status_provider() -> StatusProvider | None:
    """The registered status provider, if any."""
    return _status_provider


@contextmanager
def using_status(frame: pd.DataFrame) -> Iterator[None]:
    """Within this block (this thread/context only), queries use `frame` as the status table instead of
    asking the provider again: the dashboard computes status once per database and log version."""
    token = _status_frame.set(frame)
    try:
        yield
    finally:
        _status_frame.reset(token)


def no_report_status(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Status before anyone reports progress: every commitment '未填报', due date from the text."""
    sql = """
        SELECT commitment_id, ? AS status, CAST(NULL AS DOUBLE) AS percent, due_date,
               CAST(NULL AS VARCHAR) AS colour, CAST(NULL AS DATE) AS last_update,
               CAST(NULL AS INTEGER) AS days_since_update,
               CASE WHEN due_date IS NOT NULL THEN 'text' END AS due_source, CAST(NULL AS VARCHAR) AS reasons
        FROM commitments
    """
    return _run(con, sql, [NO_REPORT])


def commitment_status(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Latest status per commitment (STATUS_COLUMNS): a registered provider, else a `commitment_status`
    relation in the database, else '未填报' for all (a frame set with using_status() wins)."""
    preset = _status_frame.get()
    if preset is not None:
        return preset
    if _status_provider is not None:
        frame = _status_provider(con)
    elif has_relation(con, "commitment_status"):
        frame = _run(con, "SELECT * FROM commitment_status")
    else:
        return no_report_status(con)
    for col in STATUS_COLUMNS:
        if col not in frame.columns:
            frame[col] = None
    return frame[list(STATUS_COLUMNS)]


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
           s.reasons, c.source_id, c.char_start, c.char_end, c.review_state
    FROM commitments c
    LEFT JOIN meetings m ON m.meeting_id = c.meeting_id
    LEFT JOIN units u ON u.unit_id = c.unit_id
    LEFT JOIN commitments p ON p.commitment_id = c.parent_id
    LEFT JOIN status_v s ON s.commitment_id = c.commitment_id
"""


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


def commitments(con: duckdb.DuckDBPyConnection, f: Filters = Filters(), search: str = "") -> pd.DataFrame:
    """Commitments matching the filters and search words, with meeting, unit, status and quote."""
    where, params = _commitment_filter(f, search)
    sql = f"SELECT * FROM ({_COMMITMENTS_SQL}) x{where} ORDER BY x.meeting_date NULLS LAST, x.char_start"
    return _run(con, sql, [NO_REPORT, *params], status=True, as_of=f.as_of)


def meeting_commitments(con: duckdb.DuckDBPyConnection, meeting_id: str) -> pd.DataFrame:
    """Every commitment of one meeting (for its tree), in text order."""
    return commitments(con, Filters(meeting_ids=(meeting_id,)))


def status_counts(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> pd.DataFrame:
    """Number of filtered commitments per status (status, n)."""
    where, params = _commitment_filter(f)
    sql = (
        f"SELECT x.status, count(*) AS n FROM ({_COMMITMENTS_SQL}) x{where} GROUP BY x.status ORDER BY n DESC"
    )
    return _run(con, sql, [NO_REPORT, *params], status=True, as_of=f.as_of)


def overdue(con: duckdb.DuckDBPyConnection, f: Filters, today: dt.date) -> pd.DataFrame:
    """Filtered commitments past their due date and not done, most overdue first."""
    where, params = _commitment_filter(f)
    extra = " AND " if where else " WHERE "
    sql = (
        f"SELECT * FROM ({_COMMITMENTS_SQL}) x{where}{extra}x.due_date < ? AND x.status <> ? "
        "ORDER BY x.due_date, x.char_start"
    )
    return _run(con, sql, [NO_REPORT, *params, today, DONE], status=True, as_of=f.as_of)


def unit_status_counts(
    con: duckdb.DuckDBPyConnection, f: Filters, kind: str, gazetteer: Sequence[str] = ()
) -> pd.DataFrame:
    """Commitments per unit of `kind` and status (unit_id, unit_name, status, n, total); units with none
    appear once with status NULL and n 0. `gazetteer` names (from the config) are always included."""
    where, params = _commitment_filter(f.without_unit_kind())
    unit_where, unit_params = _where(
        [("u.kind = ?", [kind])]
        + ([("list_contains(?::VARCHAR[], u.unit_id)", [list(f.unit_ids)])] if f.unit_ids else [])
    )
    sql = f"""
        WITH x AS (SELECT * FROM ({_COMMITMENTS_SQL}) x{where}),
        all_units AS (
            SELECT u.unit_id, u.name FROM units u{unit_where}
            UNION ALL
            SELECT NULL AS unit_id, g.name FROM (SELECT unnest(?::VARCHAR[]) AS name) g
            WHERE g.name NOT IN (SELECT name FROM units)
        ),
        counts AS (SELECT unit_id, status, count(*) AS n FROM x WHERE unit_id IS NOT NULL GROUP BY ALL)
        SELECT a.unit_id, a.name AS unit_name, c.status, coalesce(c.n, 0) AS n,
               CAST(sum(coalesce(c.n, 0)) OVER (PARTITION BY a.name) AS BIGINT) AS total
        FROM all_units a LEFT JOIN counts c ON c.unit_id = a.unit_id
        ORDER BY total DESC, a.name, c.status
    """
    extra = [] if f.unit_ids else list(gazetteer)  # a unit filter names the units to show
    return _run(con, sql, [NO_REPORT, *params, *unit_params, extra], status=True, as_of=f.as_of)


def _involvement_sql(where: str) -> str:
    """SQL for (commitment_id, unit_id) pairs: the owner, plus every unit named inside the commitment's span."""
    return f"""
        WITH x AS (SELECT * FROM ({_COMMITMENTS_SQL}) x{where}),
        inv AS (
            SELECT commitment_id, unit_id FROM x WHERE unit_id IS NOT NULL
            UNION
            SELECT x.commitment_id, mm.unit_id FROM x JOIN mentions mm
              ON mm.source_id = x.source_id AND mm.char_start >= x.char_start AND mm.char_end <= x.char_end
        )
    """


def dept_town_links(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> pd.DataFrame:
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
    return _run(con, sql, [NO_REPORT, *params], status=True, as_of=f.as_of)


def linked_commitments(
    con: duckdb.DuckDBPyConnection, f: Filters, department: str, town: str
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
    return _run(con, sql, [NO_REPORT, *params, department, town], status=True, as_of=f.as_of)


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


def headline_counts(
    c: pd.DataFrame, g: pd.DataFrame, m: pd.DataFrame, f: Filters = Filters(), today: dt.date | None = None
) -> dict[str, int]:
    """Every headline figure, from already-filtered commitments, figures and meetings frames: the one
    definition the overview, the briefing pack and its preview all show.

    meetings: those in the period/meeting filter (with a unit, kind or status filter, only those with a selected
    commitment or figure); units: units responsible for a selected commitment; overdue: past the due date and
    not done on `today` (f.as_of when not given), of which `overdue_assumed` have a due date assumed by the
    config's default rule rather than stated in the text; `due_assumed`: all commitments whose due date is
    assumed; `red_or_overdue`: overdue or red by the colour rules.
    """
    if f.unit_ids or f.unit_kind or f.statuses:
        m = m[m["meeting_id"].isin(set(c["meeting_id"].dropna()) | set(g["meeting_id"].dropna()))]
    day = today or f.as_of or dt.date.today()
    late = overdue_rows(c, day)
    source = c["due_source"] if "due_source" in c else pd.Series(None, index=c.index, dtype=object)
    return {
        "meetings": len(m),
        "commitments": len(c),
        "units": int(c["unit_id"].dropna().nunique()),
        "figures": len(g),
        "done": int((c["status"] == DONE).sum()),
        "no_report": int((c["status"] == NO_REPORT).sum()),
        "overdue": len(late),
        "overdue_assumed": int((late["due_source"] == "default").sum()) if "due_source" in late else 0,
        "due_assumed": int((source == "default").sum()),
        "no_due": int(c["due_date"].isna().sum()),
        "red_or_overdue": len(red_or_overdue_rows(c, day)),
    }


def headline(
    con: duckdb.DuckDBPyConnection, f: Filters = Filters(), today: dt.date | None = None
) -> dict[str, int]:
    """Headline counts under the filters (see headline_counts)."""
    # figures have no status: the status filter does not apply to them
    return headline_counts(commitments(con, f), figures(con, f), meetings(con, f), f, today)


def overdue_rows(c: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The rows of a commitments frame past their due date and not done (same rule as overdue())."""
    due = pd.to_datetime(c["due_date"])
    return c[(due < pd.Timestamp(today)) & (c["status"] != DONE)].sort_values(["due_date", "char_start"])


def red_or_overdue_rows(c: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The rows that are overdue on `today` or red by the colour rules (the pack's 红色及逾期 list)."""
    due = pd.to_datetime(c["due_date"])
    late = (due < pd.Timestamp(today)) & (c["status"] != DONE)
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
               x.kind AS extracted_kind, x.parent_id AS extracted_parent_id, (x.commitment_id IS NULL) AS is_added
        FROM review_items r
        LEFT JOIN meetings m ON m.meeting_id = r.meeting_id
        LEFT JOIN units u ON u.unit_id = r.unit_id
        LEFT JOIN owners o ON o.commitment_id = r.commitment_id
        LEFT JOIN commitments_extracted x ON x.commitment_id = r.commitment_id
        LEFT JOIN units ux ON ux.unit_id = x.unit_id
        LEFT JOIN owners_x ox ON ox.commitment_id = r.commitment_id{where}
        ORDER BY m.date NULLS LAST, r.source_id, r.char_start, r.commitment_id
    """
    return _run(con, sql, params)


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


def review_waiting(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> int:
    """How many commitments under the filters still wait for review (what review.required leaves out)."""
    rows = commitments(con, replace(f, reviewed_only=False))
    return int((rows["review_state"] == "unreviewed").sum())


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


def review_aliases(con: duckdb.DuckDBPyConnection, day: dt.date | None = None) -> dict[str, str]:
    """old id -> the item its progress counts for now (merges made by `day`, re-attachments)."""
    if not has_relation(con, "commitment_aliases"):
        return {}
    where, params = _where([("(since IS NULL OR since <= ?)", [day])] if day is not None else [])
    frame = _run(con, f"SELECT old_id, new_id FROM commitment_aliases{where}", params)
    return dict(zip(frame["old_id"], frame["new_id"], strict=True))
