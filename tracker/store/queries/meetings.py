"""Meetings and their sources: lists, counts, bars per meeting or month, a source's text, findings and spans."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from tracker.store.queries.commitments import _LIGHT_SQL, _commitment_filter
from tracker.store.queries.filters import Filters
from tracker.store.queries.sql import _meeting_clauses, _run, _where
from tracker.store.queries.status import StatusView, _status_table
from tracker.vocabulary import NO_REPORT, REVIEWED_STATES


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
    return None if frame.empty else {str(k): ("" if pd.isna(v) else str(v)) for k, v in frame.iloc[0].items()}


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
    frame = _run(con, sql, [NO_REPORT, *params, *m_params], status_table=_status_table(con, status))
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
    return _run(
        con,
        sql,
        [*m_params, int(n), NO_REPORT, *params],
        status_table=_status_table(con, status),
        as_of=f.as_of,
    )


def count_meetings(con: duckdb.DuckDBPyConnection, f: Filters = Filters()) -> int:
    """How many meetings the period/meeting filter selects."""
    where, params = _where(_meeting_clauses(f, "m.date", "m.meeting_id"))
    return int(_run(con, f"SELECT count(*) AS n FROM meetings m{where}", params)["n"].iloc[0])
