"""One configured source: reading it, extracting it, and its `sources` row (also when it failed), shared by the
build's two paths (tracker.build.runner, tracker.build.incremental)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from extract import readers
from extract.pipeline import Extraction, extract_text
from extract.units import Gazetteer
from tracker.build.failures import Failure
from tracker.config import Config, Source


def read_source(config: Config, source: Source) -> readers.Derived:
    """The text of one configured source, as its reader gives it."""
    return readers.read_file(
        config.resolve(source.path), source.encoding, label=str(source.path), limits=config.limits
    )


def extract_source(config: Config, source: Source, gaz: Gazetteer) -> tuple[dict[str, object], Extraction]:
    """Read and extract one configured source: its `sources` row and everything found in it."""
    path = config.resolve(source.path)
    derived = read_source(config, source)
    ex = extract_text(derived.text, source.source_id, gaz, year=source.year, published=source.date)
    row: dict[str, object] = {
        "source_id": source.source_id,
        "path": str(source.path),
        "sha256": derived.sha256,
        "title": source.title or first_line(derived.text),
        "encoding": derived.encoding,
        "text": derived.text,
        "reader": derived.reader,
        "original_name": source.original_name or path.name,
        "text_path": None if derived.reader == "txt" else str(text_path(source.path)),
        "error": None,
        "error_step": None,
    }
    return row, ex


def failed_row(config: Config, source: Source, why: Failure) -> dict[str, object]:
    """The `sources` row of a source that gave no rows (see tracker.build.incremental.failed_result)."""
    path = config.resolve(source.path)
    text, encoding, reader = "", None, None
    if why.step != "read":
        try:
            derived = read_source(config, source)
            text, encoding, reader = derived.text, derived.encoding, derived.reader
        except Exception:  # noqa: BLE001 - the error recorded is the first one
            pass
    return {
        "source_id": source.source_id,
        "path": str(source.path),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "title": source.title or first_line(text),
        "encoding": encoding,
        "text": text,
        "reader": reader,
        "original_name": source.original_name or path.name,
        "text_path": None if reader in (None, "txt") else str(text_path(source.path)),
        "error": why.error,
        "error_step": why.step,
    }


def text_path(path: Path) -> Path:
    """Where the text derived from a .docx, .pdf or .html source is kept: beside it, as <name>.txt."""
    return path.with_name(path.name + ".txt")


def first_line(text: str) -> str | None:
    """A title for a source that has none: its first line that is not a `#` comment, cut to 60 characters."""
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line[:60]
    return None
