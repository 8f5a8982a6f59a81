"""Which rows a briefing pack is made from: the same query functions and filters as the dashboard.

A pack for a period, meetings and units is `tracker.store.queries` under `Filters(period, meetings, units,
as_of=--as-of)`, each query handed the status view `tracker.progress.status.status_view(as_of=--as-of)`; its
headline is `queries.headline` and its ranking `queries.ranking_inputs`, the functions the dashboard calls, so the
two cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

import duckdb
import pandas as pd

from tracker.config import Config, Department, Town
from tracker.errors import UserError
from tracker.i18n import current_language, msg
from tracker.progress.attachments import listed
from tracker.progress.due import default_rules
from tracker.progress.log import entry_dict, open_progress_log, progress_log
from tracker.progress.rankings import rank_units
from tracker.progress.status import status_view
from tracker.reports.brief.model import BriefData, BriefOptions
from tracker.reports.brief.specs import chart_names
from tracker.store import queries
from tracker.vocabulary import NO_REPORT


def _dates(s: pd.Series) -> pd.Series:
    """A column of python dates (or None) from whatever DuckDB/pandas gives for DATE."""
    days = pd.to_datetime(s, errors="coerce")
    return days.dt.date.astype(object).where(days.notna(), None)  # whole column at once: a pack has a million


def resolve_units(names: Sequence[str], units: pd.DataFrame, config: Config) -> tuple[str, ...]:
    """Unit ids for names or configured aliases; UserError naming the unknown one and the choices."""
    alias: dict[str, str] = {}
    named: list[Town | Department] = [*config.towns, *config.departments]
    for u in named:
        for a in (u.name, *u.aliases):
            alias[a] = u.name
    by_name = dict(zip(units["name"], units["unit_id"], strict=True))
    out = []
    for n in names:
        uid = by_name.get(alias.get(n, n))
        if uid is None:
            raise UserError(msg("brief_unknown_unit", name=n, known="、".join(sorted(units["name"]))))
        out.append(uid)
    return tuple(dict.fromkeys(out))


def filters_for(
    options: BriefOptions, unit_ids: tuple[str, ...], reviewed_only: bool = False
) -> queries.Filters:
    """The dashboard filters a pack's options mean (its as-of date and the review.required setting included)."""
    return queries.Filters(
        date_from=options.date_from,
        date_to=options.date_to,
        meeting_ids=tuple(options.meetings),
        unit_ids=unit_ids,
        as_of=options.as_of,
        reviewed_only=reviewed_only,
    )


def _check(con: duckdb.DuckDBPyConnection, options: BriefOptions) -> pd.DataFrame:
    """Validate the options against the database; the meetings table for messages."""
    if options.date_from and options.date_to and options.date_from > options.date_to:
        raise UserError(msg("brief_from_after_to", a=options.date_from, b=options.date_to))
    chart_names(options.charts)  # validates
    known = queries.meeting_options(con)
    ids = set(known["meeting_id"])
    for m in options.meetings:
        if m not in ids:
            listing = "; ".join(
                f"{r['meeting_id']} ({'' if pd.isna(r['date']) else pd.Timestamp(r['date']).date()} {r['title']})"
                for r in known.to_dict("records")
            )
            raise UserError(msg("brief_unknown_meeting", id=m, known=listing or "—"))
    return known


def gather(con: duckdb.DuckDBPyConnection, config: Config, options: BriefOptions) -> BriefData:
    """The pack's rows from an open (read-only) database, as known on the as-of date."""
    as_of = options.as_of or dt.date.today()
    options = replace(options, as_of=as_of, lang=options.lang or current_language())
    known = _check(con, options)
    units = queries.unit_options(con)
    unit_ids = resolve_units(options.units, units, config) if options.units else ()
    f = filters_for(options, unit_ids, config.review.required)
    status = status_view(con, config, as_of)  # the status columns queries join (shared, not copied)
    com = queries.commitments(con, f, status=status)
    waiting = queries.review_waiting(con, f, status=status) if f.reviewed_only else 0
    fig = queries.figures(con, f)
    meetings = queries.meetings(con, f)
    links = queries.dept_town_links(con, f, status=status)
    holdings = queries.unit_holdings(con, f, status=status)
    counts = queries.headline(con, f, as_of, status=status)
    ranking = queries.ranking_inputs(con, f, status=status)
    if meetings.empty:
        dates = [pd.Timestamp(d).date() for d in known["date"] if not pd.isna(d)]
        span = msg("brief_span", a=min(dates), b=max(dates)) if dates else ""
        raise UserError(msg("brief_no_meetings", n=len(known), span=span))
    com = com.assign(
        meeting_date=_dates(com["meeting_date"]),
        due_date=_dates(com["due_date"]),
        has_report=com["status"] != NO_REPORT,
    )
    late = set(queries.overdue_rows(com, as_of)["commitment_id"])
    com = com.assign(overdue=com["commitment_id"].isin(late))
    meetings = meetings.assign(date=_dates(meetings["date"]))
    meetings = (
        meetings.assign(_d=meetings["date"].map(lambda d: d or dt.date.max))
        .sort_values(["_d", "meeting_id"])
        .drop(columns="_d")
    )
    kinds = units[["unit_id", "name", "kind"]]
    return BriefData(
        city=config.city,
        options=options,
        as_of=as_of,
        meetings=meetings.reset_index(drop=True),
        commitments=com.reset_index(drop=True),
        figures=fig.reset_index(drop=True),
        units=kinds,
        towns=tuple(t.name for t in config.towns),
        has_progress=bool(com["has_report"].any()) if len(com) else False,
        links=links,
        counts=counts,
        rankings=rank_units(ranking, kinds, config.progress.ranking),
        default_rules=default_rules(config, options.lang),
        waiting=waiting,
        holdings=holdings.reset_index(drop=True),
        attachments=_attachments(config, com, as_of),
    )


def _attachments(config: Config, com: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The evidence files of the selected commitments' reports up to `as_of`, with their titles and units."""
    if com.empty:
        return pd.DataFrame()
    # only the entries that carry files are turned into dicts (a million items' log has tens of thousands)
    carrying = [
        entry_dict(e) for e in progress_log(open_progress_log(config)).read().entries if e.attachments
    ]
    files = pd.DataFrame(listed(carrying, com["commitment_id"], as_of))
    if files.empty:
        return files
    names = com[["commitment_id", "title", "unit_name"]].drop_duplicates("commitment_id")
    return files.merge(names, on="commitment_id", how="left")
