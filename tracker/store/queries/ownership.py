"""Who holds which commitment (lead, responsible, support): for permission checks and 交办单."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from tracker.store.queries.sql import _run, _where, has_relation


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
