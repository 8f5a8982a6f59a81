"""Content-addressed file store for 佐证材料: bytes kept under their sha256, in a folder beside the JSONL logs
(`attachments.folder`, default data/attachments/ab/abcdef…) or in PostgreSQL with the logs (tracker.store.pglog
.PostgresBlobs). Never written by a build. Reading checks the hash again: bytes that do not match are reported
(TamperedFile), never served."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Protocol

from tracker.errors import UserError
from tracker.i18n import msg
from tracker.store.files import write_atomic

SHA = re.compile(r"^[0-9a-f]{64}$")


class TamperedFile(UserError):
    """A stored file whose bytes no longer match the hash it was recorded under."""


class MissingFile(UserError):
    """A file an entry names that the store does not hold."""


class Blobs(Protocol):
    """Where attachment bytes live: put returns the sha256; get returns the bytes, checked against it."""

    def put(self, data: bytes) -> str: ...

    def get(self, sha256: str) -> bytes: ...


def checked(sha256: str, data: bytes, where: str) -> bytes:
    """`data` when its hash is `sha256`; TamperedFile otherwise."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise TamperedFile(msg("loop.attach_tampered", sha=sha256[:12], where=where))
    return data


class FileBlobs:
    """Blobs as files folder/<first two hex>/<sha256>, written once (temporary file, fsync, rename)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __str__(self) -> str:
        return str(self.folder)

    def path(self, sha256: str) -> Path:
        if not SHA.match(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.folder / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.exists():
            try:
                checked(sha, target.read_bytes(), str(target))
                return sha  # the same content is kept once
            except TamperedFile:
                pass  # a damaged copy is replaced by the good bytes
        write_atomic(target, data)
        return sha

    def get(self, sha256: str) -> bytes:
        target = self.path(sha256)
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            raise MissingFile(msg("loop.attach_missing", sha=sha256[:12], where=str(self.folder))) from None
        return checked(sha256, data, str(target))
