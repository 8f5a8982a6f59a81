"""The A4 PDF layout of a pack, with an embedded CJK font."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.reports.brief.model import ACCENT, CHART_HEIGHT, CHART_WIDTH, cn_date
from tracker.reports.brief.pack import Brief, slide_titles

if TYPE_CHECKING:  # reportlab is imported when a pack is written, not when the dashboard starts
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import SimpleDocTemplate

# --- PDF (A4) --------------------------------------------------------------------------------------

_CID_FALLBACK = "STSong-Light"
_PDF_FONT_CACHE: list[str] = []


def pdf_font() -> str:
    """Register and return a CJK font for the PDF: an embeddable TrueType CJK font if one is installed, else
    reportlab's built-in STSong-Light CID font (text is exact, but viewers supply the glyphs)."""
    if _PDF_FONT_CACHE:
        return _PDF_FONT_CACHE[0]
    import subprocess

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    candidates = [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ]
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
        candidates += sorted(line.split(":")[0] for line in listed.splitlines() if line.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    for path in dict.fromkeys(candidates):
        if not Path(path).is_file() or not path.lower().endswith((".ttf", ".ttc")):
            continue
        try:
            pdfmetrics.registerFont(TTFont("BriefCJK", path, subfontIndex=0))
        except (TTFError, OSError, ValueError):
            continue
        _PDF_FONT_CACHE.append("BriefCJK")
        return "BriefCJK"
    pdfmetrics.registerFont(UnicodeCIDFont(_CID_FALLBACK))
    _PDF_FONT_CACHE.append(_CID_FALLBACK)
    return _CID_FALLBACK


def to_pdf(brief: Brief) -> bytes:
    """The pack as an A4 portrait PDF: cover with summary, two charts a page, then the tables."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        LongTable,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )

    font = pdf_font()
    accent = colors.Color(*(c / 255 for c in ACCENT))

    def style(name: str, size: float, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.45, wordWrap="CJK", **kw)

    h_title = style("title", 24, textColor=accent, alignment=1, spaceAfter=6 * mm)
    h_sub = style("sub", 12, textColor=colors.Color(0.35, 0.35, 0.35), alignment=1)
    h2 = style("h2", 15, spaceBefore=3 * mm, spaceAfter=2 * mm)
    body = style("body", 11)
    take = style("take", 11, textColor=accent)
    foot = style("foot", 8, textColor=colors.Color(0.35, 0.35, 0.35))
    cell = style("cell", 9)
    head = style("head", 9, textColor=colors.white)
    width = A4[0] - 36 * mm

    def table(columns: Sequence[str], rows: Sequence[Sequence[str]], fracs: Sequence[float]) -> LongTable:
        data = [[Paragraph(c, head) for c in columns]] + [[Paragraph(v, cell) for v in r] for r in rows]
        t = LongTable(data, colWidths=[width * f for f in fracs], repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), accent),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.Color(0.7, 0.7, 0.7)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.Color(0.97, 0.95, 0.95)]),
                ]
            )
        )
        return t

    titles = slide_titles(brief)
    story: list[object] = [Spacer(1, 20 * mm), Paragraph(brief.title, h_title)]
    as_of = brief.t("pack_as_of", date=cn_date(brief.as_of, brief.lang))
    for line in (brief.t("pack_period", period=brief.period), brief.scope, as_of):
        story.append(Paragraph(line, h_sub))
    story += [Spacer(1, 10 * mm), Paragraph(titles[1], h2)]
    tiles = [
        [
            Paragraph(f"<font size=20>{v}</font><br/>{k}", style(f"t{i}", 11, alignment=1, textColor=accent))
            for i, (k, v) in enumerate(brief.headline[j : j + 3], start=j)
        ]
        for j in range(0, len(brief.headline), 3)
    ]
    grid = LongTable(tiles, colWidths=[width / 3] * 3, rowHeights=[22 * mm] * len(tiles))
    grid.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, accent),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, accent),
                ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.96, 0.93, 0.93)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story += [grid, Spacer(1, 6 * mm)]
    story += [Paragraph(f"• {n}", body) for n in brief.notes]

    img_w = width
    img_h = img_w * CHART_HEIGHT / CHART_WIDTH
    for i, chart in enumerate(brief.charts):
        if i % 2 == 0:
            story.append(PageBreak())
        block = [
            Paragraph(chart.title, h2),
            Paragraph(chart.takeaway, take),
            Spacer(1, 2 * mm),
            Image(io.BytesIO(chart.png), width=img_w, height=img_h),
            Paragraph(chart.footnote, foot),
            Spacer(1, 6 * mm),
        ]
        story.append(KeepTogether(block))

    story += [PageBreak(), Paragraph(brief.t("pack_red_title"), h2)]
    if brief.overdue:
        story.append(table(brief.overdue_columns, brief.overdue, (0.40, 0.16, 0.13, 0.12, 0.19)))
        if brief.overdue_footnote:
            story.append(Paragraph(brief.overdue_footnote, foot))
    else:
        story.append(Paragraph(brief.t("pack_note_no_red", date=cn_date(brief.as_of, brief.lang)), body))
    story += [
        PageBreak(),
        Paragraph(brief.t("pack_sources_title"), h2),
        table(brief.sources_columns, brief.sources, (0.13, 0.29, 0.30, 0.28)),
    ]
    if brief.attachments:  # the 佐证材料 annex
        story += [
            PageBreak(),
            Paragraph(brief.t("loop.attach_annex"), h2),
            table(brief.attachments_columns, brief.attachments, (0.30, 0.14, 0.30, 0.12, 0.14)),
        ]

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.Color(0.4, 0.4, 0.4))
        canvas.drawString(18 * mm, 10 * mm, f"{brief.title} · {brief.period}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, brief.t("pack_page", n=doc.page))
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=brief.title,
        author=brief.city,
        subject=brief.period,
        creator="tracker brief",
        invariant=1,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def pdf_page_count(data: bytes) -> int:
    """The pages of a PDF this module wrote (reportlab writes each page's dictionary as plain text)."""
    return len(re.findall(rb"/Type /Page\b(?!s)", data))
