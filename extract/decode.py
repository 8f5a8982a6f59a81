"""Read a report file and decode it exactly, so every character offset points into the stored text."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import SourceError
from tracker.i18n import InLanguage, msg

# Tried in order when the config names no encoding; strict decoding, so a wrong guess fails loudly.
_GUESSES = ("utf-8", "gb18030")


@dataclass(frozen=True)
class Decoded:
    """A decoded report: its text, the encoding used and the hash of the raw bytes."""

    text: str
    encoding: str
    sha256: str


def decode_bytes(raw: bytes, label: str, encoding: str | None = None) -> Decoded:
    """Decode raw bytes (BOM, UTF-8, GB18030, UTF-16) or raise SourceError naming `label`."""
    digest = hashlib.sha256(raw).hexdigest()
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise SourceError(msg("src_unknown_encoding", path=label, encoding=encoding)) from None
        try:
            return Decoded(raw.decode(encoding), encoding, digest)
        except UnicodeDecodeError as e:
            raise SourceError(msg("src_bad_encoding", path=label, encoding=encoding, byte=e.start)) from None
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(enc), enc, digest)
            except UnicodeDecodeError as e:
                raise SourceError(msg("src_bad_bom", path=label, encoding=enc, byte=e.start)) from None
    if b"\x00" in raw[:2000] and len(raw) % 2 == 0:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            if any("\u4e00" <= ch <= "\u9fff" for ch in text[:500]):
                return Decoded(text, enc, digest)
    for enc in _GUESSES:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        return Decoded(text, enc, digest)
    raise SourceError(msg("src_not_text", path=label))


def read_source(path: Path, encoding: str | None = None) -> Decoded:
    """Read and decode one source file; missing or unreadable files raise SourceError."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise SourceError(msg("src_not_found", path=path)) from None
    except IsADirectoryError:
        raise SourceError(msg("src_is_folder", path=path)) from None
    except OSError as e:
        raise SourceError(
            msg("src_unreadable", path=path, detail=InLanguage("en", f" ({e.strerror})"))
        ) from None
    return decode_bytes(raw, str(path), encoding)
