"""File primitives every writer shares: atomic replacement (fsync of the file and of its folder) and file locks
with a timeout.

A reader of a file written here sees the old content or the new, never a mix, even after a kill or a power cut:
the new content goes to a temporary file beside the target, is flushed to disk, renamed over the target, and the
folder's entry is flushed too. A lock is an flock on a file (msvcrt on Windows, where shared locks are not
available and a shared request does not lock); the system releases it when its holder exits, so a lock is never
stale — a caller that waits too long gets a `LockTimeout` saying which file is busy, not a hang.
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker.errors import UserError
from tracker.i18n import msg

LOCK_TIMEOUT_S = 60.0  # short holds (a log batch, the accounts file): waiting longer means something is stuck
LONG_LOCK_TIMEOUT_S = 3600.0  # holds that last a whole build (the build lock, the build cache, an add)
_POLL_S = (0.005, 0.1)  # first and longest pause between tries while another process holds a lock


class LockTimeout(UserError):
    """Another process held a lock longer than the caller would wait; nothing was changed."""


def fsync_dir(folder: Path | str) -> None:
    """Make a folder's entries durable (after creating, renaming or linking a file in it); best effort, since
    some systems cannot open or flush a folder."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def _temp_name(path: Path, prefix: str | None) -> Path:
    return path.with_name(f"{prefix if prefix is not None else f'.{path.name}.'}{secrets.token_hex(6)}.tmp")


@contextmanager
def replacing(path: Path | str, *, prefix: str | None = None, mode: int | None = None) -> Iterator[Path]:
    """A temporary path beside `path` (not yet created) for the block to write; when the block returns, the file
    is flushed, renamed over `path` and the folder flushed. When the block raises, `path` is untouched and the
    temporary file removed. `mode` pins the new file's permissions; by default an existing file keeps its own
    and a new one gets the ordinary ones (0666 less the umask). `prefix` names the temporary file (default
    `.<name>.`), e.g. so a cleanup of leftovers can find it."""
    path = Path(path)
    tmp = _temp_name(path, prefix)
    try:
        yield tmp
        keep = mode
        if keep is None:
            try:
                keep = stat.S_IMODE(path.stat().st_mode)
            except OSError:
                keep = None  # a new file: the mode it was created with, which the umask already reduced
        if keep is not None:
            os.chmod(tmp, keep)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)


def write_atomic(path: Path | str, data: bytes, *, mode: int | None = None, make_folder: bool = True) -> Path:
    """Write `data` to `path` all or nothing (see `replacing`; `mode` as there), making its folder first; with
    `make_folder` false (a file a person named, e.g. a command's --out), a missing folder is a UserError."""
    path = Path(path)
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():
        raise UserError(msg("export_no_folder", folder=path.parent))
    with replacing(path, mode=mode) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if mode is not None else 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
    return path


def _try_lock(fd: int, exclusive: bool) -> bool:
    """Take the lock on `fd` if it is free; False when another open file holds a conflicting one."""
    if sys.platform == "win32":  # lock the first byte; there are no shared locks, so a reader does not lock
        if not exclusive:
            return True
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def lock_fd(
    fd: int, exclusive: bool, *, timeout: float = LOCK_TIMEOUT_S, what: Path | str | None = None
) -> None:
    """Hold a lock on the open file `fd` (exclusive or shared) within `timeout` seconds, else raise
    `LockTimeout` naming `what` (the file the lock protects); closing `fd` releases the lock."""
    deadline = time.monotonic() + timeout
    pause = _POLL_S[0]
    while not _try_lock(fd, exclusive):
        left = deadline - time.monotonic()
        if left <= 0:
            raise LockTimeout(
                msg("safe.lock_timeout", file=what if what is not None else fd, seconds=f"{timeout:g}")
            )
        time.sleep(min(pause, left))  # flock cannot wait with a deadline; another holder ends when it ends
        pause = min(pause * 2, _POLL_S[1])


@contextmanager
def locked(
    lock_path: Path | str,
    *,
    exclusive: bool = True,
    timeout: float = LOCK_TIMEOUT_S,
    what: Path | str | None = None,
    mode: int = 0o644,
) -> Iterator[int]:
    """Hold the lock of the file `lock_path` (made when missing, with `mode`) for the block; yields its fd.
    `what` is the file the lock protects, as the timeout's message names it (default: `lock_path`)."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, mode)
    try:
        lock_fd(fd, exclusive, timeout=timeout, what=what if what is not None else lock_path)
        yield fd
    finally:
        os.close(fd)  # closing releases the lock
