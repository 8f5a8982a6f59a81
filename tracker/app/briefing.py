"""The briefing page's cached pack: rows per database, log and options; charts rendered once for PPTX and PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from tracker.app.context import PageContext, connection
from tracker.config import Config
from tracker.i18n import Lang
from tracker.reports import brief
from tracker.reports.brief import (
    CHARTS_BY_NAME,
    DEFAULT_CHARTS,
    BriefOptions,
    overdue_columns,
    sources_columns,
)
from tracker.reports.render import chromium_available, file_stem, install_hint

# what the briefing page uses of the packs and their rendering, so the page imports only tracker.app
__all__ = [
    "DEFAULT_CHARTS",
    "BriefOptions",
    "chart_figure",
    "chart_label",
    "chromium_available",
    "file_stem",
    "install_hint",
    "overdue_columns",
    "pack",
    "pack_data",
    "pdf_bytes",
    "period_chosen",
    "pptx_bytes",
    "preview",
    "preview_of",
    "sources_columns",
]


@st.cache_data(max_entries=16, show_spinner=False)
def _gather(
    db_key: tuple, status_key: tuple | None, _config: Config, options: brief.BriefOptions
) -> brief.BriefData:
    return brief.gather(connection(db_key), _config, options)


@st.cache_data(max_entries=4, show_spinner=False)
def _pack(
    db_key: tuple, status_key: tuple | None, _config: Config, options: brief.BriefOptions
) -> brief.Brief:
    return brief.assemble(_gather(db_key, status_key, _config, options))


def chart_label(name: str, lang: Lang) -> str:
    """A pack chart's name as the chart picker shows it."""
    return CHARTS_BY_NAME[name].label(lang)


def period_chosen(
    picked: object, offered: tuple[dt.date | None, dt.date | None] | None, narrowed: bool
) -> tuple[dt.date | None, dt.date | None]:
    """The period a pack is filtered to: the dates the person picked; none when the picker still shows the
    whole span of the meetings it offered (`narrowed` False), so items and figures that have no meeting date
    are in the pack as they are on the overview."""
    if isinstance(picked, (tuple, list)):
        start, end = (tuple(picked) + (None, None))[:2]
    else:
        start, end = picked, picked
    start = start if isinstance(start, dt.date) else None
    end = end if isinstance(end, dt.date) else None
    if not narrowed and offered is not None and (start, end) == tuple(offered):
        return None, None
    return start, end


PREVIEW_ROWS = 200  # rows of the red/overdue and sources tables shown in the preview


@dataclass(frozen=True)
class Preview:
    """What the briefing page shows of a pack, small enough to cache (the pack's rows stay in _gather)."""

    titles: tuple[str, ...]
    period: str
    scope: str
    headline: tuple[tuple[str, object], ...]
    notes: tuple[str, ...]
    charts: tuple[tuple[str, str, str, str], ...]  # name, full title, takeaway, sources note
    overdue_n: int
    overdue_cells: tuple[tuple[str, ...], ...]
    overdue_footnote: str
    sources_cells: tuple[tuple[str, ...], ...]
    period_for_file: str


def preview_of(data: brief.BriefData) -> Preview:
    """The preview of a pack's rows: its outline laid out once (nothing rendered), tables cut to PREVIEW_ROWS."""
    pack = brief.outline(data)
    return Preview(
        titles=tuple(brief.slide_titles(pack)),
        period=pack.period,
        scope=pack.scope,
        headline=tuple(pack.headline),
        notes=tuple(pack.notes),
        charts=tuple((c.name, c.title, c.takeaway, c.footnote) for c in pack.charts),
        overdue_n=len(brief.overdue_table(data)),
        overdue_cells=tuple(pack.overdue[:PREVIEW_ROWS]),
        overdue_footnote=pack.overdue_footnote or "",
        sources_cells=tuple(pack.sources[:PREVIEW_ROWS]),
        period_for_file=pack.period,
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _preview(
    db_key: tuple, status_key: tuple | None, _config: Config, options: brief.BriefOptions
) -> Preview:
    return preview_of(_gather(db_key, status_key, _config, options))


def preview(ctx: PageContext, options: brief.BriefOptions) -> Preview:
    """The page's preview of a pack (cached per database file, progress log and options)."""
    return _preview(ctx.db_key, ctx.status_key, ctx.config, options)


def chart_figure(ctx: PageContext, options: brief.BriefOptions, name: str) -> object:
    """One chart of the pack, for the preview's chart toggle."""
    return brief.CHARTS_BY_NAME[name].build(pack_data(ctx, options))


def pack_data(ctx: PageContext, options: brief.BriefOptions) -> brief.BriefData:
    """The pack's rows for these options (cached per database file, progress log and options)."""
    return _gather(ctx.db_key, ctx.status_key, ctx.config, options)


def pack(ctx: PageContext, options: brief.BriefOptions) -> brief.Brief:
    """The laid-out pack with its charts rendered (one Chromium for all of them); PPTX and PDF share it."""
    return _pack(ctx.db_key, ctx.status_key, ctx.config, options)


def pptx_bytes(ctx: PageContext, options: brief.BriefOptions) -> bytes:
    """The pack as PPTX."""
    return brief.to_pptx(pack(ctx, options))


def pdf_bytes(ctx: PageContext, options: brief.BriefOptions) -> bytes:
    """The pack as PDF."""
    return brief.to_pdf(pack(ctx, options))
