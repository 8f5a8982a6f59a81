"""Read a report file and decode it exactly, so every character offset points into the stored text."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import SourceError

# Tried in order when the config names no encoding; strict decoding, so a wrong guess fails loudly.
_GUESSES = ("utf-8", "gb18030")


@dataclass(frozen=True)
class Decoded:
    """A decoded report: its text, the encoding used and the hash of the raw bytes."""

    text: str
    encoding: str
    sha256: str


def _common(c: str) -> bool:
    """Latin (with ASCII), general punctuation, CJK (radicals, punctuation, kana, ideographs), full-width forms."""
    o = ord(c)
    return (
        o < 0x250
        or 0x2000 <= o < 0x2070
        or 0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x3134F
    )


def looks_like_text(text: str, script: bool = True) -> bool:
    """Whether decoded bytes read as a report: at most 1% control characters (tabs, line and page breaks
    allowed) and, with `script`, at least 80% of the visible characters CJK or Latin. Binary files decode
    as GB18030 or UTF-16 surprisingly often; this tells them apart."""
    sample = text[:20000]
    if "\x00" in text:
        return False
    controls = sum(1 for c in sample if (c < " " and c not in "\t\n\r\f\v") or "\x7f" <= c <= "\x9f")
    if controls > len(sample) // 100:
        return False
    visible = [c for c in sample if not c.isspace()]
    return not script or sum(map(_common, visible)) >= 0.8 * len(visible)


def decode_bytes(raw: bytes, label: str, encoding: str | None = None) -> Decoded:
    """Decode raw bytes (BOM, UTF-8, GB18030, UTF-16) that look like text, or raise SourceError naming `label`;
    an empty file decodes to '' (the build warns about it)."""
    digest = hashlib.sha256(raw).hexdigest()
    if encoding:
        try:
            if not codecs.lookup(encoding)._is_text_encoding:
                raise LookupError(encoding)
        except (LookupError, ValueError):
            raise SourceError(code="safe.source_unknown_encoding", file=label, encoding=encoding) from None
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as e:
            raise SourceError(
                code="safe.source_wrong_encoding", file=label, encoding=encoding, byte=e.start
            ) from None
        if not looks_like_text(text, script=False):
            raise SourceError(code="safe.source_not_text_as", file=label, encoding=encoding)
        return Decoded(text, encoding, digest)
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError as e:
                raise SourceError(
                    code="safe.source_bad_bom", file=label, encoding=enc, byte=e.start
                ) from None
            if not looks_like_text(text, script=False):
                raise SourceError(code="safe.source_not_text", file=label)
            return Decoded(text, enc, digest)
    guesses: tuple[str, ...] = _GUESSES
    if b"\x00" in raw[:2000] and len(raw) % 2 == 0:
        # ASCII in UTF-16 has its zero bytes at odd offsets in little-endian files, at even ones in big-endian
        le_first = raw[1:2000:2].count(0) >= raw[0:2000:2].count(0)
        guesses = ("utf-16-le", "utf-16-be") if le_first else ("utf-16-be", "utf-16-le")
    for enc in guesses:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if looks_like_text(text):
            return Decoded(text, enc, digest)
    raise SourceError(code="safe.source_not_text", file=label)


def read_source(path: Path, encoding: str | None = None, label: str | None = None) -> Decoded:
    """Read and decode one source file; missing or unreadable files raise SourceError naming `label` (the path
    as the config writes it; default `path`)."""
    label = label or str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise SourceError(code="safe.source_not_found", file=label) from None
    except IsADirectoryError:
        raise SourceError(code="safe.source_is_folder", file=label) from None
    except OSError as e:
        raise SourceError(code="safe.source_unreadable", file=label, reason=e.strerror) from None
    return decode_bytes(raw, label, encoding)
