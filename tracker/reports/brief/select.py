"""Which rows a briefing pack is made from: options, filtered tables with status, and wording helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

import duckdb
import pandas as pd

from tracker.config import Config
from tracker.errors import UserError
from tracker.progress.status import commitment_status
from tracker.reports.brief.model import NO_REPORT, BriefData, BriefOptions
from tracker.reports.brief.specs import chart_names
from tracker.store import queries
from tracker.store.db import query_df


def _dates(s: pd.Series) -> pd.Series:
    """A column of python dates (or None) from whatever DuckDB/pandas gives for DATE."""
    return pd.to_datetime(s, errors="coerce").map(lambda v: None if pd.isna(v) else v.date()).astype(object)


def load_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Read the tables a pack needs (all small) in a fixed order."""
    tables = {
        "sources": query_df(con, "SELECT source_id, path, title FROM sources ORDER BY source_id"),
        "meetings": query_df(
            con,
            "SELECT meeting_id, source_id, date, title, organizer FROM meetings ORDER BY date, meeting_id",
        ),
        "units": query_df(con, "SELECT unit_id, name, kind FROM units ORDER BY kind, name"),
        "commitments": query_df(
            con,
            "SELECT commitment_id, meeting_id, parent_id, kind, ordinal, list_name, title, quote, unit_id, "
            "addressee, issued_by, due_date, source_id, char_start FROM commitments ORDER BY commitment_id",
        ),
        "figures": query_df(
            con,
            "SELECT figure_id, source_id, meeting_id, unit_id, label, value, measure, qualifier, number_text, quote "
            "FROM figures ORDER BY figure_id",
        ),
    }
    for name in ("meetings",):
        tables[name]["date"] = _dates(tables[name]["date"])
    tables["commitments"]["due_date"] = _dates(tables["commitments"]["due_date"])
    return tables


def status_table(con: duckdb.DuckDBPyConnection, config: Config, today: dt.date) -> pd.DataFrame | None:
    """Per-commitment status from the progress log (tracker.progress.status)."""
    return commitment_status(con, config, today=today)


def _with_status(commitments: pd.DataFrame, status: pd.DataFrame | None, today: dt.date) -> pd.DataFrame:
    """Attach status, colour, percent, overdue and the effective due date to each commitment."""
    out = commitments.copy()
    if status is None or status.empty:
        out["status"] = NO_REPORT
        out["percent"] = float("nan")
        out["colour"] = "grey"
        out["has_report"] = False
    else:
        st = status.drop_duplicates("commitment_id").set_index("commitment_id")
        ids = out["commitment_id"]
        out["status"] = ids.map(st["status"]).fillna(NO_REPORT) if "status" in st else NO_REPORT
        out["percent"] = ids.map(st["percent"]).astype(float) if "percent" in st else float("nan")
        colour_col = next((c for c in ("colour", "color") if c in st), None)
        out["colour"] = ids.map(st[colour_col]).fillna("grey") if colour_col else "grey"
        if "due_date" in st:
            due = _dates(ids.map(st["due_date"]))
            out["due_date"] = [d if d is not None else o for d, o in zip(due, out["due_date"], strict=True)]
        if "days_overdue" in st:
            out["overdue_from_status"] = ids.map(st["days_overdue"]).fillna(0).astype(float) > 0
        elif "overdue" in st:
            out["overdue_from_status"] = ids.map(st["overdue"]).fillna(False).astype(bool)
        out["has_report"] = out["status"] != NO_REPORT
    computed = [
        d is not None and d < today and s != "已完成"
        for d, s in zip(out["due_date"], out["status"], strict=True)
    ]
    out["overdue"] = out.pop("overdue_from_status") if "overdue_from_status" in out else computed
    out["overdue"] = out["overdue"].astype(bool)
    return out


def resolve_units(names: Sequence[str], units: pd.DataFrame, config: Config) -> tuple[str, ...]:
    """Unit ids for names or configured aliases; UserError naming the unknown one and the choices."""
    alias: dict[str, str] = {}
    for u in (*config.towns, *config.departments):
        for a in (u.name, *u.aliases):
            alias[a] = u.name
    by_name = dict(zip(units["name"], units["unit_id"], strict=True))
    out = []
    for n in names:
        uid = by_name.get(alias.get(n, n))
        if uid is None:
            known = "、".join(sorted(units["name"]))
            raise UserError(f"unknown unit '{n}' for --unit; use a unit name from the database: {known}")
        out.append(uid)
    return tuple(dict.fromkeys(out))


def select(
    tables: dict[str, pd.DataFrame], status: pd.DataFrame | None, config: Config, options: BriefOptions
) -> BriefData:
    """Filter the tables to the options (period, meetings, units) and attach status; pure."""
    generated = options.generated or dt.date.today()
    if options.date_from and options.date_to and options.date_from > options.date_to:
        raise UserError(
            f"--from {options.date_from} is after --to {options.date_to}; swap them or widen the period"
        )
    chart_names(options.charts)  # validates
    meetings = tables["meetings"].merge(
        tables["sources"].rename(columns={"title": "source_title"}), on="source_id", how="left"
    )
    known_ids = set(meetings["meeting_id"])
    for m in options.meetings:
        if m not in known_ids:
            listing = "; ".join(f"{r.meeting_id} ({r.date} {r.title})" for r in meetings.itertuples())
            raise UserError(f"unknown meeting id '{m}' for --meeting; known meetings: {listing or 'none'}")
    keep = pd.Series(True, index=meetings.index)
    if options.meetings:
        keep &= meetings["meeting_id"].isin(options.meetings)
    if options.date_from:
        keep &= meetings["date"].map(lambda d: d is not None and d >= options.date_from)
    if options.date_to:
        keep &= meetings["date"].map(lambda d: d is not None and d <= options.date_to)
    meetings = meetings[keep].reset_index(drop=True)
    if meetings.empty:
        raise UserError(
            "no meetings match the chosen period and meetings; widen --from/--to or check --meeting "
            f"(the database has {len(known_ids)} meeting(s){_span(tables['meetings'])})"
        )
    unit_ids = resolve_units(options.units, tables["units"], config) if options.units else ()
    units = tables["units"]
    names = dict(zip(units["unit_id"], units["name"], strict=True))
    kinds = dict(zip(units["unit_id"], units["kind"], strict=True))
    filtered = bool(options.meetings or options.date_from or options.date_to)

    com = tables["commitments"]
    com = com[com["meeting_id"].isin(meetings["meeting_id"]) | (~filtered & com["meeting_id"].isna())]
    if unit_ids:
        com = com[com["unit_id"].isin(unit_ids)]
    com = _with_status(com.reset_index(drop=True), status, generated)
    com["unit_name"] = com["unit_id"].map(names)
    com["unit_kind"] = com["unit_id"].map(kinds)
    com = com.sort_values(["commitment_id"], kind="stable").reset_index(drop=True)

    fig = tables["figures"]
    fig = fig[fig["meeting_id"].isin(meetings["meeting_id"]) | (~filtered & fig["meeting_id"].isna())]
    if unit_ids:
        fig = fig[fig["unit_id"].isin(unit_ids)]
    fig = fig.assign(unit_name=fig["unit_id"].map(names)).sort_values("figure_id").reset_index(drop=True)

    return BriefData(
        city=config.city,
        options=options,
        generated=generated,
        meetings=meetings,
        commitments=com,
        figures=fig,
        units=units,
        towns=tuple(t.name for t in config.towns),
        has_progress=bool(com["has_report"].any()) if len(com) else False,
    )


def _span(meetings: pd.DataFrame) -> str:
    """', dated 2024-02-20 to 2024-02-23' for an error message."""
    dates = [d for d in meetings["date"] if d is not None]
    return f", dated {min(dates)} to {max(dates)}" if dates else ""


def gather(con: duckdb.DuckDBPyConnection, config: Config, options: BriefOptions) -> BriefData:
    """Load, filter and attach status for a pack from an open (read-only) database."""
    generated = options.generated or dt.date.today()
    options = replace(options, generated=generated)
    data = select(load_tables(con), status_table(con, config, generated), config, options)
    unit_ids = resolve_units(options.units, data.units, config) if options.units else ()
    f = queries.Filters(
        date_from=options.date_from,
        date_to=options.date_to,
        meeting_ids=tuple(data.meetings["meeting_id"]) if options.meetings else (),
        unit_ids=unit_ids,
    )
    return replace(data, links=queries.dept_town_links(con, f))
