"""What a briefing pack is about: options, the selected data, and the wording helpers every part shares.

The pack speaks the configured language (options.lang, default the current language); every sentence is a label in
tracker.i18n. Numbers come from tracker.store.queries, so the pack counts what the dashboard counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tracker.i18n import Lang, format_date, kind_label, t
from tracker.progress.due import due_label

KIND_ORDER: tuple[str, ...] = ("requirement", "focus_area", "project", "task", "request")
CHART_WIDTH, CHART_HEIGHT = 1000, 500  # CSS px of a chart on a slide or page (PNG at 2× this)
SLIDE_FONT_SIZE = 18
MAX_LISTED_MEETINGS = 3
TABLE_ROWS_PER_SLIDE = 10
ACCENT = (0xA6, 0x1B, 0x1B)  # the pack's red, in PPTX and PDF


# --- options and data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BriefOptions:
    """What goes into a pack: period, meetings, units and charts; `as_of` is the day the numbers are as known on (--as-of), `lang` the
    pack's language (None: the current language)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    units: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()
    charts: tuple[str, ...] | None = None  # None = every chart in CHARTS order
    as_of: dt.date | None = None
    lang: Lang | None = None


@dataclass(frozen=True)
class BriefData:
    """The rows a pack is made from, already filtered by tracker.store.queries; frames are sorted stably."""

    city: str
    options: BriefOptions
    as_of: dt.date
    meetings: pd.DataFrame  # meeting_id, date, title, organizer, source_id, path, source_title
    commitments: pd.DataFrame  # queries.commitments + overdue, has_report
    figures: pd.DataFrame  # queries.figures
    units: pd.DataFrame  # every unit in the database (unit_id, name, kind)
    towns: tuple[str, ...]  # the configured towns, in config order (all are shown, assigned work or not)
    has_progress: bool  # whether any selected commitment has a progress report
    links: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["department", "town", "n"]))
    counts: Mapping[str, int] = field(default_factory=dict)  # queries.headline: the headline figures
    rankings: pd.DataFrame = field(default_factory=pd.DataFrame)  # progress.status.unit_rankings of the rows
    default_rules: str = ""  # the config's default due-date rules in words
    waiting: int = 0  # review.required: items under the filters still waiting for review (not counted)
    # queries.unit_holdings: every unit holding a selected commitment (lead / responsible / support), which the
    # unit charts count as the dashboard's department and town pages do
    holdings: pd.DataFrame = field(default_factory=pd.DataFrame)
    # 佐证材料 of the selected commitments' progress reports (tracker.progress.attachments.listed), for the annex
    attachments: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def lang(self) -> Lang:
        """The pack's language."""
        return self.options.lang or "zh"

    def t(self, key: str, **fields: object) -> str:
        """A label in the pack's language."""
        return t(key, self.lang, **fields)


# --- wording helpers -------------------------------------------------------------------------------


def cn_date(d: dt.date | None, lang: Lang = "zh") -> str:
    """2024年2月20日 / 20 Feb 2024, or 未定 / undated for no date."""
    return format_date(d, lang) if d else t("pack_undated", lang)


def kind_name(kind: str, lang: Lang) -> str:
    """A commitment kind as the pack names it."""
    return kind_label(kind, lang)


def _span(data: BriefData) -> tuple[dt.date | None, dt.date | None]:
    dates = [d for d in data.meetings["date"] if d is not None]
    start = data.options.date_from or (min(dates) if dates else None)
    end = data.options.date_to or (max(dates) if dates else None)
    return start, end


def period_label(data: BriefData) -> str:
    """The period a pack covers: the options' dates, else the span of its meetings."""
    start, end = _span(data)
    if start and end:
        if start == end:
            return cn_date(start, data.lang)
        return data.t("pack_period_range", a=cn_date(start, data.lang), b=cn_date(end, data.lang))
    return data.t("pack_period_all")


def short_period(data: BriefData) -> str:
    """A compact period for chart titles (2024年2月20日—23日 / 20–23 Feb 2024)."""
    start, end = _span(data)
    if not (start and end):
        return data.t("pack_short_all")
    if start == end:
        return cn_date(start, data.lang)
    if data.lang == "en":
        if start.year == end.year and start.month == end.month:
            return f"{start.day}–{end.day} {format_date(end, 'en')[len(str(end.day)) + 1 :]}"
        return f"{cn_date(start, 'en')} – {cn_date(end, 'en')}"
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


def listing(items: Sequence[object], lang: Lang, sep_zh: str = "、") -> str:
    """Items in running text: 甲、乙 / a, b."""
    return (sep_zh if lang == "zh" else ", ").join(str(i) for i in items)


def sources_note(data: BriefData, meeting_ids: Sequence[str]) -> str:
    """One-line source footnote: the meetings (date, title) and source files the rows come from."""
    ids = list(dict.fromkeys(m for m in meeting_ids if isinstance(m, str)))
    rows = data.meetings[data.meetings["meeting_id"].isin(ids)] if ids else data.meetings
    listed = [  # only the meetings the note names are worded (a pack may hold thousands)
        data.t("pack_source_meeting", title=r["title"], date=cn_date(r["date"], data.lang))
        for r in rows.head(MAX_LISTED_MEETINGS).to_dict("records")
    ]
    more = data.t("pack_source_more", n=len(rows)) if len(rows) > MAX_LISTED_MEETINGS else ""
    files = sorted({Path(str(p)).name for p in rows["path"].dropna().unique()})
    return data.t(
        "pack_source_note",
        meetings=listing(listed, data.lang, "；"),
        more=more,
        files=listing(files, data.lang) or "—",
        date=cn_date(data.as_of, data.lang),
    )


def due_text(due: dt.date | None, due_source: object, lang: Lang) -> str:
    """A due date for a table cell as every page shows it (progress.due.due_label: 2024-12-31（默认）when the
    text does not state it, 无完成时限 when there is none)."""
    return due_label(due, due_source, lang)
