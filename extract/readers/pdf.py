"""PDF: the text layer (pdfplumber), lines joined back into paragraphs, ruled tables as rows, and the running
headers, footers and page numbers left out. A scanned PDF without a text layer is refused.

Paragraphs are rebuilt from the layout: a line that stops well short of the text's right edge, a first-line
indent or a wider gap between lines starts a new paragraph; lines are joined without a space between Chinese
characters. A line repeated at the top or bottom of most pages (digits ignored), or a page number there
(3, - 3 -, 第3页, 3/10), is a running header or footer.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from extract.readers.layout import Block, clean, render
from extract.readers.limits import DEFAULT, check_pages
from tracker.config import Limits
from tracker.errors import SourceError

if TYPE_CHECKING:  # pdfplumber is imported where a PDF is read
    from pdfplumber._typing import T_bbox
    from pdfplumber.pdf import PDF
    from pdfplumber.table import Table

_PAGE_NUMBER = re.compile(
    r"^[-—–_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|／|of)\s*\d{1,4}|共\s*\d{1,4}\s*页)?[-—–_\s]*$"
    r"|^(?:page|p\.)\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_MARGIN_BAND = 0.12  # running headers and footers sit in the top or bottom 12% of the page


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int


@dataclass
class _Item:
    """A body line or a table on one page, in reading order."""

    top: float
    line: _Line | None = None
    rows: list[list[str]] | None = None


def _wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80  # CJK ideographs, CJK and full-width punctuation


def _join(a: str, b: str) -> str:
    """Two pieces of one paragraph: no space between Chinese text, one between Latin words."""
    if not a or not b or _wide(a[-1]) or _wide(b[0]) or a[-1] == "-":
        return a + b
    return a + " " + b


def _lines(chars: list[dict], page: int) -> list[_Line]:
    """Characters grouped into lines (top to bottom), with spaces where the gap is wide."""
    chars = [c for c in chars if c.get("upright", True) and c["text"] not in ("", "\n")]
    chars.sort(key=lambda c: (round(c["top"]), c["x0"]))
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: c["top"]):
        for row in rows:
            ref = row[0]
            if abs(c["top"] - ref["top"]) <= 0.5 * max(ref["size"], 1) or (
                c["top"] < ref["bottom"]
                and c["bottom"] > ref["top"]
                and abs(c["top"] - ref["top"]) < ref["size"] * 0.7
            ):
                row.append(c)
                break
        else:
            rows.append([c])
    out: list[_Line] = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text, prev = "", None
        for c in row:
            if prev is not None:
                gap = c["x0"] - prev["x1"]
                size = max(prev["size"], 1)
                wide = _wide(prev["text"][-1]) or _wide(c["text"][0])
                if gap > (1.5 if wide else 0.25) * size:
                    text += " "
            text += c["text"]
            prev = c
        text = clean(text)
        if text:
            size = statistics.median(c["size"] for c in row)
            out.append(
                _Line(
                    text,
                    row[0]["x0"],
                    row[-1]["x1"],
                    min(c["top"] for c in row),
                    max(c["bottom"] for c in row),
                    size,
                    page,
                )
            )
    out.sort(key=lambda ln: ln.top)
    return out


def _word_wrapped(prev: _Line, ln: _Line, right: float) -> bool:
    """Whether a short line ended only because the next line's first Latin word did not fit after it."""
    if _wide(prev.text[-1]) or _wide(ln.text[0]):
        return False
    word = ln.text.split(" ")[0]
    width = sum(ln.size if _wide(ch) else 0.5 * ln.size for ch in word) + 0.3 * ln.size
    return width > right - prev.x1


def _paragraphs(lines: list[_Line], left: float, right: float) -> list[str]:
    """Lines of one region (a page's body or a table cell) joined into paragraphs."""
    if not lines:
        return []
    pitches = [
        b.top - a.top for a, b in zip(lines, lines[1:], strict=False) if a.page == b.page and b.top > a.top
    ]
    pitch = statistics.median(pitches) if pitches else None
    paras: list[str] = []
    prev: _Line | None = None
    for ln in lines:
        new = prev is None
        if prev is not None:
            size = max(prev.size, 1)
            short = prev.x1 < right - 1.5 * size and not _word_wrapped(prev, ln, right)
            indent = ln.x0 > left + 0.9 * size  # continuation lines start at the left edge
            gap = pitch is not None and ln.page == prev.page and (ln.top - prev.top) > 1.6 * pitch
            new = short or indent or gap
        paras.append(ln.text) if new else paras.__setitem__(-1, _join(paras[-1], ln.text))
        prev = ln
    return paras


def _running(pages: list[list[_Line]], heights: list[float]) -> set[tuple[int, float]]:
    """(page, top) of running headers and footers: page numbers, and lines repeated on most pages."""
    drop: set[tuple[int, float]] = set()
    candidates: list[tuple[int, _Line, str]] = []
    for i, lines in enumerate(pages):
        h = heights[i]
        for ln in lines:
            band = (
                "top"
                if ln.bottom <= h * _MARGIN_BAND
                else "bottom"
                if ln.top >= h * (1 - _MARGIN_BAND)
                else None
            )
            if band is None:
                continue
            if _PAGE_NUMBER.match(ln.text):
                drop.add((i, ln.top))
            else:
                candidates.append((i, ln, band + re.sub(r"\d+", "#", re.sub(r"\s+", "", ln.text))))
    if len(pages) >= 2:
        seen = Counter(key for key in {(i, k) for i, _, k in candidates})
        counts = Counter(k for _, k in seen)
        for i, ln, key in candidates:
            if counts[key] >= 2 and counts[key] >= len(pages) / 2:
                drop.add((i, ln.top))
    return drop


def _table_rows(table: Table, chars: list[dict], page: int) -> list[list[str]]:
    """A ruled table's rows; a cell merged across rows is repeated in each row, one across columns once."""
    cells = [c for c in table.cells]

    def owner(x: float, y: float) -> T_bbox | None:
        for bbox in cells:
            if bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]:
                return bbox
        return None

    def text_of(bbox: T_bbox) -> str:
        inside = [
            c
            for c in chars
            if bbox[0] - 1 <= (c["x0"] + c["x1"]) / 2 <= bbox[2] + 1
            and bbox[1] - 1 <= (c["top"] + c["bottom"]) / 2 <= bbox[3] + 1
        ]
        lines = _lines(inside, page)
        return " ".join(_paragraphs(lines, bbox[0] + 2, bbox[2] - 2))

    columns = [col.bbox for col in table.columns]
    rows: list[list[str]] = []
    for row in table.rows:
        out: list[str] = []
        prev_bbox = None
        for j, bbox in enumerate(row.cells):
            if bbox is None and j < len(columns):
                x = (columns[j][0] + columns[j][2]) / 2
                y = (row.bbox[1] + row.bbox[3]) / 2
                bbox = owner(x, y)
                if bbox is not None and bbox == prev_bbox:  # merged across columns: once
                    out.append("")
                    continue
            out.append(text_of(bbox) if bbox is not None else "")
            prev_bbox = bbox
        rows.append(out)
    return rows


def read(raw: bytes, label: str, encoding: str | None = None, limits: Limits = DEFAULT) -> tuple[str, str]:
    """The PDF's text in the readers' form; SourceError for a broken, locked, scanned or too long PDF."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(BytesIO(raw))
    except Exception as e:  # noqa: BLE001 - pdfminer fails on damaged files in many ways; all mean "damaged"
        cause = e.args[0] if isinstance(e, PdfminerException) and e.args else e
        code = "safe.pdf_locked" if isinstance(cause, PDFPasswordIncorrect) else "safe.pdf_unreadable"
        raise SourceError(code=code, file=label) from None
    with pdf:
        try:
            check_pages(len(pdf.pages), label, limits)
            items_by_page, heights, bodies = _pages(pdf)
        except SourceError:
            raise
        except Exception:  # noqa: BLE001 - a damaged PDF fails inside pdfminer in many ways; all mean "damaged"
            raise SourceError(code="safe.pdf_unreadable", file=label) from None
    if not any(bodies) and not any(it.rows for items in items_by_page for it in items):
        raise SourceError(code="safe.pdf_no_text", file=label)
    drop = _running(bodies, heights)
    blocks: list[Block] = []
    run: list[_Line] = []
    kept = [ln for i, lines in enumerate(bodies) for ln in lines if (i, ln.top) not in drop]
    left, right = _edge(kept, low=True), _edge(kept, low=False)

    def flush() -> None:
        blocks.extend(_paragraphs(run, left, right))
        run.clear()

    for i, items in enumerate(items_by_page):
        for it in items:
            if it.rows is not None:
                flush()
                prev = blocks[-1] if blocks else None
                if isinstance(prev, list) and prev and len(prev[-1]) == len(it.rows[0]):
                    prev.extend(it.rows)  # a table continued on the next page
                else:
                    blocks.append(it.rows)
            elif it.line is not None and (i, it.line.top) not in drop:
                run.append(it.line)
    flush()
    return render(blocks), ""


def _edge(lines: list[_Line], low: bool) -> float:
    """The text block's left (or right) edge: the outermost position that at least two lines share (within
    half a character on the left, a character and a half on the right, where wrapping leaves slack)."""
    if not lines:
        return 0.0
    size = statistics.median(ln.size for ln in lines)
    if low:
        xs = sorted(ln.x0 for ln in lines)
        return next((x for x in xs if sum(abs(y - x) <= 0.5 * size for y in xs) >= 2), xs[0])
    xs = sorted((ln.x1 for ln in lines), reverse=True)
    return next((x for x in xs if sum(0 <= x - y <= 1.5 * size for y in xs) >= 2), xs[0])


def _pages(pdf: PDF) -> tuple[list[list[_Item]], list[float], list[list[_Line]]]:
    items_by_page: list[list[_Item]] = []
    heights: list[float] = []
    bodies: list[list[_Line]] = []
    for i, page in enumerate(pdf.pages):
        tables = page.find_tables()
        boxes = [t.bbox for t in tables]

        def outside(c: dict, boxes: list[T_bbox] = boxes) -> bool:
            x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
            return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

        chars = page.chars
        body = _lines([c for c in chars if outside(c)], i)
        items = [_Item(ln.top, line=ln) for ln in body]
        items += [_Item(t.bbox[1], rows=_table_rows(t, chars, i)) for t in tables]
        items.sort(key=lambda it: it.top)
        items_by_page.append(items)
        heights.append(float(page.height))
        bodies.append(body)
    return items_by_page, heights, bodies
