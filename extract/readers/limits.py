"""Bounds on what a reader accepts (config `limits:`), checked before the costly step they protect.

A file's size is checked before it is read; a zip (.docx, .xlsx) by its directory — the number of entries and
the sizes they declare — before anything is unpacked (Python's zipfile never unpacks more than an entry
declares: a lying entry fails its CRC instead), so a zip bomb costs a few kilobytes of memory; a PDF by its
page count before any page is laid out; a web page by its size and then by how deeply its elements nest,
before trafilatura walks it (deep nesting makes recursive walkers fail). Each refusal is a SourceError
naming the file, the limit and its config key.
"""

from __future__ import annotations

import os
import zipfile
from io import BytesIO
from pathlib import Path

from tracker.config import Limits
from tracker.errors import SourceError

MB = 1024 * 1024
DEFAULT = Limits()


def _mb(n: float) -> str:
    return f"{n / MB:.1f}".removesuffix(".0")


def _limit(v: float) -> str:
    return f"{v:g}"


def check_size(n_bytes: int, label: str, limits: Limits = DEFAULT) -> None:
    """Refuse a file larger than limits.max_file_mb."""
    if n_bytes > limits.max_file_mb * MB:
        raise SourceError(
            code="safe.source_too_big", file=label, size=_mb(n_bytes), max=_limit(limits.max_file_mb)
        )


def read_limited(path: Path, label: str, limits: Limits = DEFAULT) -> bytes:
    """A file's bytes, refused by its size before it is read (OSError for the caller to word)."""
    with open(path, "rb") as f:
        check_size(os.fstat(f.fileno()).st_size, label, limits)
        data = f.read(int(limits.max_file_mb * MB) + 1)  # a file that grew while being read
    check_size(len(data), label, limits)
    return data


def check_zip(raw: bytes, label: str, limits: Limits = DEFAULT) -> None:
    """Refuse a zip with more entries, or declaring more unpacked bytes, than the limits allow; a file that
    is not a zip at all is left to its reader to word."""
    try:
        with zipfile.ZipFile(BytesIO(raw)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return
    if len(infos) > limits.max_zip_entries:
        raise SourceError(code="safe.zip_too_many", file=label, n=len(infos), max=limits.max_zip_entries)
    total = sum(i.file_size for i in infos)
    if total > limits.max_unpacked_mb * MB:
        raise SourceError(
            code="safe.zip_too_big", file=label, size=_mb(total), max=_limit(limits.max_unpacked_mb)
        )


def check_pages(n_pages: int, label: str, limits: Limits = DEFAULT) -> None:
    """Refuse a PDF with more pages than limits.max_pdf_pages."""
    if n_pages > limits.max_pdf_pages:
        raise SourceError(code="safe.pdf_too_many_pages", file=label, n=n_pages, max=limits.max_pdf_pages)


def check_html(raw: bytes, text: str, label: str, limits: Limits = DEFAULT) -> None:
    """Refuse a web page over limits.max_html_mb, or whose elements nest deeper than limits.max_html_depth
    (measured on lxml's tree, walked without recursion)."""
    if len(raw) > limits.max_html_mb * MB:
        raise SourceError(
            code="safe.html_too_big", file=label, size=_mb(len(raw)), max=_limit(limits.max_html_mb)
        )
    from lxml import etree, html

    try:
        root = html.document_fromstring(text, parser=html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError):
        return  # nothing to walk: the reader says there is no article text
    depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > limits.max_html_depth:
            raise SourceError(code="safe.html_too_deep", file=label, max=limits.max_html_depth)
