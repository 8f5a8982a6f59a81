"""Readers: a report file's bytes → the text the extractor reads, one module per format.

Every reader returns the same text form (docs/extraction.md, "Input formats"): paragraphs one per line, and
each table row on one line with its cells separated by a TAB, with a blank line before and after the table.
The format is chosen by the file's content (PDF, Word and web-page signatures) as well as its name; plain
text keeps the exact decoding of `extract.decode`, so every span points into the text as it is stored.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePath

from extract.readers import pdf, plain, web, word
from extract.readers.limits import DEFAULT, check_size, check_zip, read_limited
from tracker.config import Limits
from tracker.errors import SourceError

# reader name → (read function, the file extension a copy of such a file gets in data/sources/)
READERS = {
    "txt": (plain.read, ".txt"),
    "docx": (word.read, ".docx"),
    "pdf": (pdf.read, ".pdf"),
    "html": (web.read, ".html"),
}
_BY_SUFFIX = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
}
SUFFIXES = tuple(_BY_SUFFIX)


@dataclass(frozen=True)
class Derived:
    """A report read into text: the text every span points into, which reader made it, and the original's hash."""

    text: str
    reader: str
    encoding: str  # the character encoding of a .txt or .html original; "" for .docx and .pdf
    sha256: str


def sniff(raw: bytes, name: str | PurePath) -> str:
    """The reader for these bytes: content signatures first, then the file name; SourceError when neither fits.

    A PDF or Word signature wins over the name; a name that promises PDF or Word for other content is refused
    (usually a failed download); a web page is recognised by its name or by an HTML start.
    """
    label = str(name)
    suffix = PurePath(name).suffix.lower()
    head = raw[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        if _is_docx(raw):
            return "docx"
        raise SourceError(code="safe.zip_not_docx", file=label)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(code="safe.old_doc", file=label)
    if suffix in (".pdf", ".docx"):
        kind = "PDF" if suffix == ".pdf" else "Word .docx"
        raise SourceError(code="safe.name_not_content", file=label, kind=kind)
    if _BY_SUFFIX.get(suffix) == "html" or web.looks_like_html(raw):
        return "html"
    return "txt"


def _is_docx(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(raw)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def read_bytes(
    raw: bytes, name: str | PurePath, encoding: str | None = None, limits: Limits = DEFAULT
) -> Derived:
    """Read one report's bytes with the reader its content and name call for, within `limits`; SourceError
    names `name`."""
    check_size(len(raw), str(name), limits)
    if raw.startswith(b"PK\x03\x04"):
        check_zip(raw, str(name), limits)  # before even the directory's names are trusted
    kind = sniff(raw, name)
    read = READERS[kind][0]
    text, used = read(raw, str(name), encoding, limits)
    return Derived(text, kind, used, hashlib.sha256(raw).hexdigest())


def read_file(
    path: Path, encoding: str | None = None, label: str | None = None, limits: Limits = DEFAULT
) -> Derived:
    """Read and convert one report file within `limits`; missing, unreadable or too large files raise
    SourceError naming `label` (the path as the config writes it; default `path`)."""
    label = label or str(path)
    try:
        raw = read_limited(Path(path), label, limits)
    except FileNotFoundError:
        raise SourceError(code="safe.source_not_found", file=label) from None
    except IsADirectoryError:
        raise SourceError(code="safe.source_is_folder", file=label) from None
    except OSError as e:
        raise SourceError(code="safe.source_unreadable", file=label, reason=e.strerror) from None
    return read_bytes(raw, label, encoding, limits)


def extension(kind: str) -> str:
    """The extension a copy of a file of this kind gets in data/sources/."""
    return READERS[kind][1]


def sha256_of(path: Path) -> str:
    """The hash of a file's bytes (how sources are recognised when added twice)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
