"""Follow-up lists (open red and yellow items per unit) and the per-unit counts a ranking is made of."""

from __future__ import annotations

import duckdb
import pandas as pd

from tracker.store.queries.commitments import _COMMITMENTS_SQL, _LIGHT_SQL, _holding_filters, _page_of_rows
from tracker.store.queries.filters import Filters
from tracker.store.queries.ownership import _holders_sql
from tracker.store.queries.sql import _run, _unit_clauses, _where
from tracker.store.queries.status import StatusView, _status_table
from tracker.vocabulary import DONE, NO_REPORT, REVIEWED_STATES

_FOLLOW_UP_WHERE = """
    WHERE x.status <> ? AND x.colour IN ('red', 'yellow') AND x.unit_id IS NOT NULL
"""


def _follow_up_extra(unit_id: str | None, reviewed_only: bool) -> tuple[str, list[object]]:
    more: list[object] = [] if unit_id is None else [unit_id]
    extra = "" if unit_id is None else " AND x.unit_id = ?"
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
    list to raise at the next meeting (tracker.progress.follow_up.follow_up on the whole status table)."""
    extra, more = _follow_up_extra(unit_id, reviewed_only)
    order = (
        "x.unit_name, CASE x.colour WHEN 'red' THEN 0 ELSE 1 END, x.days_overdue DESC, "
        "x.due_date NULLS LAST, x.meeting_date NULLS LAST, x.source_id, x.char_start, x.commitment_id"
    )
    if limit is not None:
        return _page_of_rows(
            con,
            _FOLLOW_UP_WHERE + extra,
            [DONE, *more],
            order,
            limit,
            offset,
            status_table=_status_table(con, status),
        )
    sql = f"SELECT * FROM ({_COMMITMENTS_SQL}) x{_FOLLOW_UP_WHERE}{extra} ORDER BY {order}"
    return _run(con, sql, [NO_REPORT, DONE, *more], status_table=_status_table(con, status))


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
    return int(_run(con, sql, [NO_REPORT, DONE, *more], status_table=_status_table(con, status))["n"].iloc[0])


# Per unit, what a ranking is made of (tracker.progress.rankings.unit_rankings), from a relation x of commitment
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
    return _run(con, sql, named, status_table=_status_table(con, status), as_of=f.as_of)
