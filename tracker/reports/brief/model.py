"""What a briefing pack is about: options, the selected data, and the wording helpers every part shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

KIND_LABELS: dict[str, str] = {
    "requirement": "领导要求",
    "focus_area": "重点领域",
    "project": "项目清单",
    "task": "单位任务",
    "request": "单位诉求",
}
NO_REPORT = "未填报"
CHART_WIDTH, CHART_HEIGHT = 1000, 500  # CSS px of a chart on a slide or page (PNG at 2× this)
SLIDE_FONT_SIZE = 18
MAX_LISTED_MEETINGS = 3
TABLE_ROWS_PER_SLIDE = 10
ACCENT = (0xA6, 0x1B, 0x1B)  # the pack's red, in PPTX and PDF


# --- options and data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BriefOptions:
    """What goes into a pack: period, meetings, units and charts; `generated` is the as-of date."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    units: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()
    charts: tuple[str, ...] | None = None  # None = every chart in CHARTS order
    generated: dt.date | None = None


@dataclass(frozen=True)
class BriefData:
    """The rows a pack is made from, already filtered; every frame is sorted for a stable order."""

    city: str
    options: BriefOptions
    generated: dt.date
    meetings: pd.DataFrame  # meeting_id, date, title, organizer, source_id, path, source_title
    commitments: pd.DataFrame  # + unit_name, unit_kind, status, colour, overdue, percent, due_date
    figures: pd.DataFrame  # + unit_name
    units: pd.DataFrame  # every unit in the database (unit_id, name, kind)
    towns: tuple[str, ...]  # the configured towns, in config order (all are shown, assigned work or not)
    has_progress: bool  # whether any selected commitment has a progress report
    links: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["department", "town", "n"]))


# --- wording helpers -------------------------------------------------------------------------------


def cn_date(d: dt.date | None) -> str:
    """2024年2月20日, or 未定 for no date."""
    return f"{d.year}年{d.month}月{d.day}日" if d else "未定"


def period_label(data: BriefData) -> str:
    """The period a pack covers: the options' dates, else the span of its meetings."""
    dates = [d for d in data.meetings["date"] if d is not None]
    start = data.options.date_from or (min(dates) if dates else None)
    end = data.options.date_to or (max(dates) if dates else None)
    if start and end:
        return cn_date(start) if start == end else f"{cn_date(start)}至{cn_date(end)}"
    return "全部"


def short_period(data: BriefData) -> str:
    """A compact period for chart titles (2024年2月20日—23日)."""
    dates = [d for d in data.meetings["date"] if d is not None]
    start = data.options.date_from or (min(dates) if dates else None)
    end = data.options.date_to or (max(dates) if dates else None)
    if not (start and end):
        return "全部时间"
    if start == end:
        return cn_date(start)
    if start.year == end.year and start.month == end.month:
        return f"{start.year}年{start.month}月{start.day}日—{end.day}日"
    if start.year == end.year:
        return f"{start.year}年{start.month}月{start.day}日—{end.month}月{end.day}日"
    return f"{cn_date(start)}—{cn_date(end)}"


def _num(v: float) -> str:
    """A figure value without a trailing .0."""
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def figure_text(number_text: object, qualifier: object, value: float, measure: object) -> str:
    """A figure as the report wrote it (近40家次, 4万多人), else rebuilt from its parts."""
    if isinstance(number_text, str) and number_text.strip():
        return number_text.strip()
    q = qualifier if isinstance(qualifier, str) else ""
    m = measure if isinstance(measure, str) else ""
    return f"{_num(value)}{q}{m}" if q in ("余", "多") else f"{q}{_num(value)}{m}"


def sources_note(data: BriefData, meeting_ids: Sequence[str]) -> str:
    """One-line source footnote: the meetings (date, title) and source files the rows come from."""
    ids = list(dict.fromkeys(m for m in meeting_ids if isinstance(m, str)))
    rows = data.meetings[data.meetings["meeting_id"].isin(ids)] if ids else data.meetings
    listed = [f"{r.title}（{cn_date(r.date)}）" for r in rows.itertuples()]
    more = f"等{len(listed)}次会议" if len(listed) > MAX_LISTED_MEETINGS else ""
    files = sorted({Path(str(p)).name for p in rows["path"].dropna()})
    return (
        f"来源：{'；'.join(listed[:MAX_LISTED_MEETINGS])}{more}（报道原文：{'、'.join(files) or '—'}）。"
        f"统计截至{cn_date(data.generated)}。"
    )
