"""The PPTX (16:9) layout of a pack, byte-stable for the same input."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.reports.brief.model import ACCENT, CHART_HEIGHT, CHART_WIDTH, cn_date
from tracker.reports.brief.pack import Brief, pages, slide_titles

if TYPE_CHECKING:  # python-pptx is imported when a pack is written, not when the dashboard starts
    from pptx.dml.color import RGBColor
    from pptx.shapes.autoshape import Shape
    from pptx.slide import Slide
    from pptx.text.text import TextFrame

# --- PPTX ------------------------------------------------------------------------------------------

PPTX_FONT = "Microsoft YaHei"  # the usual Chinese UI font in offices; other systems substitute a CJK sans
_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _normalise_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps and order so the same pack gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


_EMU_W, _EMU_H = 12192000, 6858000  # 13.333 × 7.5 in, 16:9
_GREY = (0x59, 0x59, 0x59)


def _rgb(c: tuple[int, int, int]) -> RGBColor:
    from pptx.dml.color import RGBColor

    return RGBColor(*c)


def _style_runs(
    frame: TextFrame, size: float, bold: bool = False, colour: tuple[int, int, int] | None = None
) -> None:
    """Set size, weight, colour and both Latin and East Asian typefaces on every run of a text frame."""
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    for para in frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            if colour:
                run.font.color.rgb = _rgb(colour)
            run.font.name = PPTX_FONT
            rpr = run._r.get_or_add_rPr()
            latin = rpr.find(qn("a:latin"))
            ea = rpr.find(qn("a:ea"))
            if ea is None:
                ea = latin.makeelement(qn("a:ea"), {})
                latin.addnext(ea)
            ea.set("typeface", PPTX_FONT)


def _text(
    slide: Slide,
    x: int,
    y: int,
    w: int,
    h: int,
    lines: Sequence[str],
    size: float,
    bold: bool = False,
    colour: tuple[int, int, int] | None = None,
) -> Shape:
    """A word-wrapped text box with one paragraph per line."""
    from pptx.util import Emu

    box = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h))
    tf = box.text_frame
    tf.word_wrap = True
    for i, line in enumerate(lines):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.text = line
    _style_runs(tf, size, bold=bold, colour=colour)
    return box


def _title(slide: Slide, text: str) -> None:
    """Fill and place the slide's title placeholder across the 16:9 width, with an accent bar above."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Emu

    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(0), Emu(0), Emu(_EMU_W), Emu(120000))
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(ACCENT)
    bar.line.fill.background()
    t = slide.shapes.title
    assert t is not None, "the title-only layout has a title placeholder"
    t.left, t.top, t.width, t.height = Emu(457200), Emu(230000), Emu(_EMU_W - 914400), Emu(700000)
    t.text = text
    _style_runs(t.text_frame, 28, bold=True, colour=(0x1F, 0x1F, 0x1F))
    from pptx.enum.text import PP_ALIGN

    t.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT


def _table(
    slide: Slide, columns: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> None:
    """A table under the title; widths are fractions of the content width."""
    from pptx.util import Emu

    left, top, width = 457200, 1100000, _EMU_W - 914400
    shape = slide.shapes.add_table(len(rows) + 1, len(columns), Emu(left), Emu(top), Emu(width), Emu(400000))
    table = shape.table
    for j, frac in enumerate(widths):
        table.columns[j].width = Emu(int(width * frac))
    for j, name in enumerate(columns):
        cell = table.cell(0, j)
        cell.text = name
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(ACCENT)
        _style_runs(cell.text_frame, 13, bold=True, colour=(0xFF, 0xFF, 0xFF))
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = value
            _style_runs(cell.text_frame, 12)


def to_pptx(brief: Brief) -> bytes:
    """The pack as a 16:9 PowerPoint file (same pack → same bytes)."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(_EMU_W), Emu(_EMU_H)
    fixed = dt.datetime(brief.as_of.year, brief.as_of.month, brief.as_of.day)
    props = prs.core_properties
    props.title, props.author, props.last_modified_by = brief.title, brief.city, brief.city
    props.created = props.modified = fixed
    props.revision = 1
    title_layout, content_layout = prs.slide_layouts[0], prs.slide_layouts[5]
    titles = iter(slide_titles(brief))

    s = prs.slides.add_slide(title_layout)
    s.shapes.title.text = next(titles)
    t = s.shapes.title
    t.left, t.top, t.width, t.height = Emu(457200), Emu(2000000), Emu(_EMU_W - 914400), Emu(1300000)
    _style_runs(t.text_frame, 40, bold=True, colour=ACCENT)
    sub = s.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = Emu(457200), Emu(3500000), Emu(_EMU_W - 914400), Emu(1800000)
    sub.text_frame.text = brief.t("pack_period", period=brief.period)
    for line in (brief.scope, brief.t("pack_as_of", date=cn_date(brief.as_of, brief.lang))):
        sub.text_frame.add_paragraph().text = line
    _style_runs(sub.text_frame, 20, colour=_GREY)

    s = prs.slides.add_slide(content_layout)
    _title(s, next(titles))
    tile_w, tile_h, gap = 3600000, 1150000, 250000
    for i, (label, value) in enumerate(brief.headline):
        x = 457200 + (i % 3) * (tile_w + gap)
        y = 1150000 + (i // 3) * (tile_h + gap)
        tile = s.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(x), Emu(y), Emu(tile_w), Emu(tile_h))
        tile.fill.solid()
        tile.fill.fore_color.rgb = _rgb((0xF4, 0xEC, 0xEC))
        tile.line.color.rgb = _rgb(ACCENT)
        tf = tile.text_frame
        tf.text = value
        tf.add_paragraph().text = label
        _style_runs(tf, 30, bold=True, colour=ACCENT)
        for run in tf.paragraphs[1].runs:
            from pptx.util import Pt

            run.font.size, run.font.bold = Pt(16), False
            run.font.color.rgb = _rgb(_GREY)
    _text(s, 457200, 4100000, _EMU_W - 914400, 2400000, [f"• {n}" for n in brief.notes], 18)

    for chart in brief.charts:
        s = prs.slides.add_slide(content_layout)
        _title(s, next(titles))
        _text(s, 457200, 900000, _EMU_W - 914400, 450000, [chart.takeaway], 18, bold=True, colour=ACCENT)
        pic_h = 4700000
        pic_w = pic_h * CHART_WIDTH // CHART_HEIGHT
        s.shapes.add_picture(
            io.BytesIO(chart.png), Emu((_EMU_W - pic_w) // 2), Emu(1400000), Emu(pic_w), Emu(pic_h)
        )
        _text(s, 457200, 6200000, _EMU_W - 914400, 550000, [chart.footnote], 11, colour=_GREY)

    widths_o = (0.40, 0.17, 0.12, 0.12, 0.19)
    for chunk in pages(brief.overdue):
        s = prs.slides.add_slide(content_layout)
        _title(s, next(titles))
        if chunk:
            _table(s, brief.overdue_columns, chunk, widths_o)
            if brief.overdue_footnote:
                _text(s, 457200, 6200000, _EMU_W - 914400, 550000, [brief.overdue_footnote], 11, colour=_GREY)
        else:
            _text(
                s,
                457200,
                1300000,
                _EMU_W - 914400,
                800000,
                [brief.t("pack_note_no_red", date=cn_date(brief.as_of, brief.lang))],
                20,
            )
    for chunk in pages(brief.sources):
        s = prs.slides.add_slide(content_layout)
        _title(s, next(titles))
        _table(s, brief.sources_columns, chunk, (0.12, 0.30, 0.30, 0.28))
    for chunk in pages(brief.attachments) if brief.attachments else ():  # the 佐证材料 annex
        s = prs.slides.add_slide(content_layout)
        _title(s, next(titles))
        _table(s, brief.attachments_columns, chunk, (0.30, 0.14, 0.30, 0.12, 0.14))
    out = io.BytesIO()
    prs.save(out)
    return _normalise_zip(out.getvalue())
