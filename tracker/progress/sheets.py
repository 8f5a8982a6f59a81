"""Spreadsheet files that leave the program (templates, follow-up lists): cells that cannot act as formulas.

OWASP's CSV-injection rule: a text cell starting with = + - @, a tab or a carriage return is a formula (or
DDE call) to Excel, LibreOffice and WPS. In CSV such a cell gets a leading apostrophe, so spreadsheet programs
take it as text. In XLSX it is written as a string cell with Excel's own quote prefix (what Excel stores when
a person types '=1+1): it shows the text unchanged and stays text when edited. Characters XML forbids
(control characters, lone surrogates) are dropped from XLSX cells, which cannot hold them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeGuard

import pandas as pd

from tracker.cells import is_missing

if TYPE_CHECKING:  # openpyxl is imported when a workbook is made: it is slow to import
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def is_formula_like(value: object) -> TypeGuard[str]:
    """True for text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value: object) -> object:
    """A value for a CSV cell: formula-like text gets a leading apostrophe; other values unchanged."""
    return "'" + value if is_formula_like(value) else value


def xml_text(value: str) -> str:
    """Text without the characters an XLSX (XML) cell cannot hold."""
    return _XML_ILLEGAL.sub("", value)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV in UTF-8 with BOM (so Excel shows Chinese), formula-like text escaped."""
    safe = frame.rename(columns=lambda c: csv_cell(str(c))).map(csv_cell)
    # CRLF as in RFC 4180: a field holding a line break (even a lone CR) is then quoted, not split
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _xlsx_value(value: object) -> object:
    if is_missing(value):  # None, NaN, NaT, pd.NA
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (str, int, float, dt.date, dt.datetime)) and not isinstance(value, bool):
        return xml_text(value) if isinstance(value, str) else value
    if hasattr(value, "item"):  # numpy scalars
        return _xlsx_value(value.item())
    return xml_text(str(value))


def write_rows(ws: Worksheet, rows: Iterable[Sequence[object]]) -> None:
    """Append rows to an openpyxl worksheet; every str is a string cell, formula-like ones quote-prefixed."""
    for values in rows:
        ws.append([_xlsx_value(v) for v in values])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl makes '=…' a formula on assignment; this undoes it
                if is_formula_like(cell.value):
                    cell.quotePrefix = True


def new_workbook(title: str) -> tuple[Workbook, Worksheet]:
    """A new workbook and its one worksheet, named `title`."""
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # what a new workbook starts with
    ws.title = title
    return wb, ws


def xlsx_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    """A table as a one-sheet XLSX workbook, safe cells only."""
    wb, ws = new_workbook(sheet)
    write_rows(ws, [list(map(str, frame.columns))])
    write_rows(ws, frame.itertuples(index=False, name=None))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
