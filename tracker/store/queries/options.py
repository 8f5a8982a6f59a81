"""What the sidebar offers: meetings, units, periods, the build's facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

import duckdb
import pandas as pd

from tracker.store.queries.filters import Filters
from tracker.store.queries.sql import _meeting_clauses, _run, _where, has_relation


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
