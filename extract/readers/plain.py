"""Plain text: decoded exactly as before (extract.decode), so a .txt source's spans do not move."""

from __future__ import annotations

from extract.decode import decode_bytes
from tracker.config import Limits


def read(
    raw: bytes, label: str, encoding: str | None = None, limits: Limits | None = None
) -> tuple[str, str]:
    """The decoded text and the encoding used."""
    d = decode_bytes(raw, label, encoding)
    return d.text, d.encoding
