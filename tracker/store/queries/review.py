"""The review's reads: items with their decisions, counts, waiting items, orphans, history and id aliases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

import duckdb
import pandas as pd

from tracker.store.queries.commitments import _LIGHT_SQL, _commitment_filter
from tracker.store.queries.derived import status_relation as _status_table
from tracker.store.queries.filters import Filters
from tracker.store.queries.sql import _meeting_clauses, _run, _where, has_relation
from tracker.store.queries.status import StatusView
from tracker.vocabulary import NO_REPORT, REVIEWED_STATES

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
    return _run(con, sql, params, status_table=_status_table(con, status))


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
    return int(
        _run(con, sql, [NO_REPORT, *params], status_table=_status_table(con, status), as_of=f.as_of)[
            "n"
        ].iloc[0]
    )


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
