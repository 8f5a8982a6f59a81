"""The headline figures: one SQL definition, run on the database or on frames, and frame helpers."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from tracker.store.queries.commitments import _LIGHT_SQL, _commitment_filter
from tracker.store.queries.filters import UNIT_KINDS, Filters
from tracker.store.queries.ownership import _holders_sql
from tracker.store.queries.sql import _meeting_clauses, _run, _unit_clauses, _where
from tracker.store.queries.status import StatusView, _status_table
from tracker.vocabulary import DONE, NO_REPORT

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
    row = _run(con, sql, named, status_table=_status_table(con, status), as_of=f.as_of).iloc[0]
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
