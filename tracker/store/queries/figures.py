"""Figures the reports give: under the filters, grouped, the top of each measure."""

from __future__ import annotations

import duckdb
import pandas as pd

from tracker.store.queries.filters import Filters
from tracker.store.queries.sql import _meeting_clauses, _run, _unit_clauses, _where


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
    # ranked on the narrow columns first; the long ones (quote, titles) are read for the chosen rows only
    sql = f"""
        WITH g AS (SELECT g.figure_id, g.value, g.char_start, coalesce(g.measure, '') AS _m {src}),
        sizes AS (SELECT _m, count(*) AS n_measure FROM g GROUP BY _m
                  ORDER BY n_measure DESC, _m = '', _m LIMIT ?),
        ranked AS (SELECT g.figure_id, sizes.n_measure,
                          row_number() OVER (PARTITION BY g._m ORDER BY g.value DESC, g.char_start) AS r
                   FROM g JOIN sizes USING (_m)),
        top AS (SELECT figure_id, n_measure FROM ranked WHERE r <= ?)
        SELECT g.*, s.title AS source_title, m.date AS meeting_date, m.title AS meeting_title,
               u.name AS unit_name, u.kind AS unit_kind, top.n_measure
        FROM top JOIN figures g ON g.figure_id = top.figure_id
        LEFT JOIN meetings m ON m.meeting_id = g.meeting_id
        LEFT JOIN units u ON u.unit_id = g.unit_id LEFT JOIN sources s ON s.source_id = g.source_id
        ORDER BY meeting_date NULLS LAST, source_id, char_start
    """
    return _run(con, sql, [*params, int(measures), int(per_measure)])


def count_figures(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> int:
    """How many figures the filters select."""
    src, params = _figure_from(f)
    return int(_run(con, f"SELECT count(*) AS n {src}", params)["n"].iloc[0])
