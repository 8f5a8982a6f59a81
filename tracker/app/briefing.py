"""The briefing page's cached pack: rows per database, log and options; charts rendered once for PPTX and PDF."""

from __future__ import annotations

import streamlit as st

from tracker.app.context import PageContext, connection
from tracker.config import Config
from tracker.reports import brief


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
