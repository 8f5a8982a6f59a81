"""Word .docx: the body's paragraphs and tables in document order (python-docx); headers, footers, footnotes
and comments are left out.

A cell merged across rows is repeated in each row it covers (so every task row names its unit); a cell merged
across columns is written once, followed by empty cells, so later cells keep their column. Word's automatic
list numbers (一、 （一） 1.) are written in front of their paragraphs, as they appear on the page.
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from extract.readers.layout import Block, clean, render
from extract.readers.limits import DEFAULT, check_zip
from extract.readers.numbering import Numbering
from tracker.config import Limits
from tracker.errors import SourceError

if TYPE_CHECKING:
    from docx.oxml.table import CT_Row, CT_Tc


def read(raw: bytes, label: str, encoding: str | None = None, limits: Limits = DEFAULT) -> tuple[str, str]:
    """The document's text in the readers' form; a broken, encrypted or oversized file raises SourceError."""
    check_zip(raw, label, limits)
    try:
        doc = Document(BytesIO(raw))
        numbering = Numbering.from_document(doc)
        blocks: list[Block] = []
        for item in doc.iter_inner_content():
            if isinstance(item, Paragraph):
                blocks.append(numbering.label(item) + item.text)
            else:
                blocks.append(_rows(item, numbering))
    except Exception as e:  # noqa: BLE001 - a damaged package fails in zipfile, zlib, lxml or python-docx in many
        # ways (BadZipFile, zlib.error, XMLSyntaxError, KeyError …); every one means "not a readable document"
        raise SourceError(code="safe.docx_unreadable", file=label, detail=type(e).__name__) from None
    return render(blocks), ""


def _rows(table: Table, numbering: Numbering) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in table._tbl.tr_lst:
        row: list[str] = [""] * _grid_before(tr)
        for tc in tr.tc_lst:
            root = tc
            while root.vMerge == "continue":
                above = root._tc_above
                if above is None:
                    break
                root = above
            row.append(_cell_text(root, table, numbering))
            row.extend([""] * (tc.grid_span - 1))
        rows.append(row)
    return rows


def _grid_before(tr: CT_Row) -> int:
    tr_pr = tr.trPr
    if tr_pr is None:
        return 0
    before = tr_pr.find(qn("w:gridBefore"))
    return int(before.get(qn("w:val"), "0")) if before is not None else 0


def _cell_text(tc: CT_Tc, table: Table, numbering: Numbering) -> str:
    """A cell's paragraphs (and any table nested in it) joined by spaces."""
    from docx.table import _Cell

    parts: list[str] = []
    for item in _Cell(tc, table).iter_inner_content():
        if isinstance(item, Paragraph):
            parts.append(numbering.label(item) + item.text)
        else:
            parts.extend(" ".join(r) for r in _rows(item, numbering))
    return " ".join(p for p in (clean(x) for x in parts) if p)
