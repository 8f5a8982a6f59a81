"""佐证材料 (evidence files) of progress entries: what a file is, told by its bytes (magic numbers, and the parts
inside a .docx/.xlsx), never by its name; the size and type limits of the config; the record kept in the entry.

The bytes themselves are content-addressed (sha256) in the blob store the config names
(tracker.store.blobs.open_blobs: data/attachments/ with the JSONL logs, a table in PostgreSQL with those), which a
rebuild never touches; reading checks the hash again, so a file changed on disk is reported, not served.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker.config import AttachmentSettings
from tracker.errors import UserError
from tracker.i18n import Lang, join, msg, t

Kind = Literal["image", "pdf", "word", "excel"]
MAX_NAME = 200


class Attachment(BaseModel):
    """One file carried by a progress entry: its hash (where its bytes are), name as uploaded, size and type."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    name: str = Field(min_length=1, max_length=MAX_NAME)
    size: int = Field(ge=0)
    kind: Kind
    mime: str


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls of Office 97-2003


def sniff(data: bytes) -> tuple[Kind, str] | None:
    """(kind, MIME type) of a file from its bytes, or None for anything else (legacy Office files included)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image", "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image", "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image", "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image", "image/webp"
    if data.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "word/document.xml" in names:
            return "word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


@dataclass(frozen=True)
class Kinds:
    """File kinds for a message, named in the reader's language (图片、PDF … / images, PDF …)."""

    kinds: tuple[str, ...]

    def localized(self, lang: Lang) -> str:
        return join((t(f"loop.kind_{k}", lang) for k in self.kinds), lang)


def check(name: str, data: bytes, settings: AttachmentSettings) -> Attachment:
    """The attachment record of a file, after checking its size and its type by content against the config;
    a UserError naming the file, what is wrong and what is allowed otherwise."""
    shown = PurePath(name).name[:MAX_NAME] or "?"
    if not data:
        raise UserError(msg("loop.attach_empty", name=shown))
    limit = int(settings.max_mb * 1024 * 1024)
    if len(data) > limit:
        raise UserError(
            msg("loop.attach_too_big", name=shown, mb=f"{len(data) / 1048576:.1f}", max=settings.max_mb)
        )
    found = sniff(data)
    allowed = Kinds(tuple(settings.types))
    if found is None:
        legacy = data.startswith(_OLE)
        raise UserError(
            msg("loop.attach_legacy" if legacy else "loop.attach_type", name=shown, allowed=allowed)
        )
    kind, mime = found
    if kind not in settings.types:
        raise UserError(msg("loop.attach_type_off", name=shown, kind=Kinds((kind,)), allowed=allowed))
    return Attachment(
        sha256=hashlib.sha256(data).hexdigest(), name=shown, size=len(data), kind=kind, mime=mime
    )


def check_all(files: Iterable[tuple[str, bytes]], settings: AttachmentSettings) -> list[Attachment]:
    """Every file checked (the first bad one stops them all: nothing is stored or recorded)."""
    out = [check(name, data, settings) for name, data in files]
    if len(out) > settings.max_files:
        raise UserError(msg("loop.attach_too_many", n=len(out), max=settings.max_files))
    return out


LISTED_COLUMNS = ["commitment_id", "as_of", "entered_by", "name", "kind", "size", "sha256"]


def listed(entries: Iterable[dict], commitment_ids: Iterable[str], day: object = None) -> list[dict]:
    """The files carried by the progress entries of these commitments (entries dated `day` or earlier when
    given), oldest first: commitment_id, as_of, entered_by, name, kind, size, sha256 (for a pack's annex)."""
    wanted = set(commitment_ids)
    cutoff = str(day) if day is not None else None
    out = []
    for e in entries:
        if e.get("commitment_id") not in wanted or (cutoff is not None and str(e.get("as_of")) > cutoff):
            continue
        for a in e.get("attachments") or ():
            out.append({"commitment_id": e["commitment_id"], "as_of": e.get("as_of"),
                        "entered_by": e.get("entered_by") or "", **{k: a[k] for k in LISTED_COLUMNS[3:]}})  # fmt: skip
    return sorted(out, key=lambda r: (str(r["as_of"]), r["commitment_id"]))
