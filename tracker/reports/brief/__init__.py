"""Briefing packs (简报): pick a period, meetings and units, chart them, write PPTX (16:9) or A4 PDF.

model (options, data, wording) ← specs (charts) ← select (rows) ← pack (layout) ← pptx, pdf; this module is
the public surface the CLI and the dashboard use.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tracker.errors import UserError
from tracker.i18n import msg
from tracker.reports import render
from tracker.reports.brief.model import (
    CHART_HEIGHT,
    CHART_WIDTH,
    BriefData,
    BriefOptions,
    period_label,
    sources_note,
)
from tracker.reports.brief.pack import (
    OVERDUE_COLUMNS,
    SOURCES_COLUMNS,
    Brief,
    ChartSlide,
    assemble,
    build_brief,
    for_slide,
    headline,
    included_charts,
    outline,
    overdue_cells,
    overdue_columns,
    overdue_footnote,
    overdue_table,
    scope_label,
    skipped_charts,
    slide_titles,
    sources_cells,
    sources_columns,
    summary_notes,
)
from tracker.reports.brief.pdf import pdf_page_count, to_pdf
from tracker.reports.brief.pptx import PPTX_FONT, to_pptx
from tracker.reports.brief.select import filters_for, gather, resolve_units
from tracker.reports.brief.specs import CHARTS, CHARTS_BY_NAME, DEFAULT_CHARTS, build_chart, chart_names

WRITERS: dict[str, Callable[[Brief], bytes]] = {".pptx": to_pptx, ".pdf": to_pdf}


def write_brief(brief: Brief, path: Path | str) -> Path:
    """Write a pack to .pptx or .pdf atomically (temporary file, then rename)."""
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise UserError(msg("cli_out_suffix", path=path, suffixes=".pptx / .pdf"))
    return render.atomic_write(path, writer(brief))


__all__ = [
    "CHARTS",
    "CHARTS_BY_NAME",
    "CHART_HEIGHT",
    "CHART_WIDTH",
    "DEFAULT_CHARTS",
    "OVERDUE_COLUMNS",
    "PPTX_FONT",
    "SOURCES_COLUMNS",
    "WRITERS",
    "Brief",
    "BriefData",
    "BriefOptions",
    "ChartSlide",
    "assemble",
    "build_brief",
    "build_chart",
    "chart_names",
    "for_slide",
    "gather",
    "filters_for",
    "headline",
    "included_charts",
    "outline",
    "pdf_page_count",
    "overdue_cells",
    "overdue_columns",
    "overdue_footnote",
    "overdue_table",
    "period_label",
    "resolve_units",
    "scope_label",
    "skipped_charts",
    "slide_titles",
    "sources_cells",
    "sources_columns",
    "sources_note",
    "summary_notes",
    "to_pdf",
    "to_pptx",
    "write_brief",
]
