"""Make .docx, .pdf and .html files from a report's plain text, for the reader tests (test data, made at test
time from the public corpus pages in tests/fixtures/reports/).

The plain text is in the readers' form: paragraphs one per line; a table as a block of lines between blank
lines, cells separated by TABs. Each maker wraps it the way such files come: Word with a running header and
footer and a task table; PDF with an embedded CJK TrueType font, first-line indents, a running header and page
numbers; a web page with site navigation, breadcrumbs, related links, a footer and scripts around the article.
"""

from __future__ import annotations

import html
from pathlib import Path

Table = list[list[str]]


def blocks(text: str) -> list[str | Table]:
    """Paragraphs (str) and tables (rows of cells) of a plain text in the readers' form."""
    out: list[str | Table] = []
    for chunk in text.split("\n\n"):
        lines = [ln for ln in chunk.splitlines() if ln.strip()]
        if any("\t" in ln for ln in lines):
            out.append([ln.split("\t") for ln in lines])
        else:
            out.extend(lines)
    return out


def strip_header(text: str) -> str:
    """The text without its '# key: value' lines (a user's own file has none)."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("# "):
        lines.pop(0)
    return "".join(lines)


def make_docx(text: str, path: Path, running: str = "某某县人民政府办公室（测试页眉）") -> Path:
    """A Word file: paragraphs, tables with a grid (cells holding several units get one paragraph each),
    a header and a page-number footer that the reader must leave out."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.size = Pt(12)
    section = doc.sections[0]
    section.header.paragraphs[0].text = running
    section.footer.paragraphs[0].text = "- 1 -"
    for b in blocks(text):
        if isinstance(b, str):
            doc.add_paragraph(b)
            continue
        width = max(len(r) for r in b)
        table = doc.add_table(rows=len(b), cols=width)
        table.style = "Table Grid"
        for i, row in enumerate(b):
            for j in range(width):
                cell = table.cell(i, j)
                parts = (row[j] if j < len(row) else "").split(" ")
                cell.paragraphs[0].text = parts[0]
                for part in parts[1:]:
                    cell.add_paragraph(part)
    doc.save(path)
    return path


def make_pdf(text: str, path: Path, running: str = "某某县人民政府办公室（测试页眉）") -> Path:
    """An A5 PDF (so that every fixture spans pages) with the WenQuanYi Micro Hei TrueType font embedded, indented paragraphs, ruled tables,
    and a running header and '- n -' page numbers on every page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font_file = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    if "TestCJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("TestCJK", str(font_file), subfontIndex=0))
    body = ParagraphStyle(
        "body", fontName="TestCJK", fontSize=14, leading=26, wordWrap="CJK", firstLineIndent=28
    )
    cell = ParagraphStyle("cell", fontName="TestCJK", fontSize=10.5, leading=15, wordWrap="CJK")

    def page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("TestCJK", 9)
        canvas.drawCentredString(A5[0] / 2, A5[1] - 12 * mm, running)
        canvas.drawCentredString(A5[0] / 2, 10 * mm, f"- {doc.page} -")
        canvas.restoreState()

    story = []
    for b in blocks(text):
        if isinstance(b, str):
            story.append(Paragraph(html.escape(b), body))
            continue
        width = max(len(r) for r in b)
        # a cell holding several units puts each on its own line, as Word cells with one paragraph each do
        data = [
            [Paragraph("<br/>".join(html.escape(p) for p in c.split(" ")), cell) for c in r]
            + [""] * (width - len(r))
            for r in b
        ]
        widths = _column_widths(b, width, A5[0] - 40 * mm)
        t = Table(data, colWidths=widths, repeatRows=0)
        t.setStyle(
            TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        story += [Spacer(1, 6), t, Spacer(1, 6)]
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A5,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=22 * mm,
        title="test report",
    )
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return path


def _column_widths(rows: Table, width: int, total: float) -> list[float]:
    longest = [max((len(r[j]) if j < len(r) else 0) for r in rows) for j in range(width)]
    weights = [min(max(n, 5), 30) for n in longest]
    return [total * w / sum(weights) for w in weights]


def make_html(text: str, path: Path, title: str = "某某县人民政府门户网站（测试）") -> Path:
    """A saved government web page: the article in its content area, with site navigation, breadcrumbs, a
    publication line, related links, a footer and scripts around it."""
    parts = []
    for b in blocks(text):
        if isinstance(b, str):
            parts.append(f"<p>{html.escape(b)}</p>")
            continue
        rows = "".join(
            "<tr>"
            + "".join(f"<td>{''.join(f'<p>{html.escape(p)}</p>' for p in c.split(' '))}</td>" for c in r)
            + "</tr>"
            for r in b
        )
        parts.append(f'<table border="1" cellspacing="0">{rows}</table>')
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<script>var _hmt = _hmt || []; function menu() {{ return "一要抓好网站导航"; }}</script>
<style>.nav li {{ display: inline; }}</style></head>
<body>
<div class="top-bar">无障碍浏览 | 长者模式 | 登录 | 注册</div>
<div class="header"><div class="logo">{html.escape(title)}</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxx/">走进本县</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 工作动态</div>
<div class="container"><div class="article">
<div class="content">
{chr(10).join(parts)}
</div>
</div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/a/1.html">某某乡召开安全生产会议</a></li>
<li><a href="/a/2.html">某某镇开展环境整治行动</a></li><li><a href="/a/3.html">某某局召开党组会议</a></li></ul></div></div>
<div class="footer"><p>主办单位：某某县人民政府办公室 联系电话：0000-1234567</p>
<p>ICP备00000000号 网站标识码：0000000000 公网安备 00000000000000号</p></div>
<script src="/js/jquery.min.js"></script>
<script>document.getElementById("x"); var counter = "浏览次数：1234";</script>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path
