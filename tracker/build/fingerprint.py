"""The sources' content hashes, remembered by file status so that a build finding nothing changed reads no file.

Every build starts by hashing each source's bytes (what it reads, by content). At 10,000 reports that is most of
a build that has nothing to do. The hashes are kept in `hashes.json` in the build cache folder with each file's
status (size, modification and change times in nanoseconds, inode); a file whose status is the same as when its
hash was taken is not read again. As in git's index, a hash is trusted only when the file had not been modified
for RACY_NS before it was taken: a file written again within the same clock tick keeps its status, and is read
every time until it has been quiet for that long.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from tracker.store.files import write_atomic

MEMO = "hashes.json"
RACY_NS = 2_000_000_000  # a file modified this close to the moment its hash was taken is hashed again


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection in the block. Reading tens of thousands of small records (this memo, a
    compiled config's sources) leaves no cycles, but its burst of allocations sets off full collections that each
    scan every object alive: at 30,000 sources they took about half of a build that finds nothing to do."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _status(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _read_memo(memo: Path) -> dict[str, list]:
    try:
        found = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def file_hashes(paths: Sequence[str], folder: Path | None) -> tuple[list[str], Callable[[], None]]:
    """The sha256 of each file's bytes ('missing' for one that is not a file), in the order of `paths`
    (absolute path strings), and what keeps them for the next time: with `folder` (the build cache folder, when
    it exists) unchanged files are not read, and calling the second value brings the memo there up to date
    (the build calls it once it succeeded, so a build that fails leaves the folder as it was)."""
    memo_file = folder / MEMO if folder is not None and folder.is_dir() else None
    memo = _read_memo(memo_file) if memo_file is not None else {}
    out: list[str] = []
    fresh: dict[str, list] = {}
    now = time.time_ns()
    for p in paths:
        try:
            st = os.stat(p)
        except OSError:
            out.append("missing")
            continue
        if not stat.S_ISREG(st.st_mode):
            out.append("missing")
            continue
        status = _status(st)
        known = memo.get(p)
        if (
            isinstance(known, list)
            and len(known) == 6
            and known[:4] == status
            and max(st.st_mtime_ns, st.st_ctime_ns) + RACY_NS < known[4]
        ):
            out.append(str(known[5]))
            fresh[p] = known
            continue
        with open(p, "rb") as f:
            sha = hashlib.file_digest(f, "sha256").hexdigest()
        out.append(sha)
        fresh[p] = [*status, now, sha]

    def keep() -> None:
        if memo_file is None or fresh == memo or not memo_file.parent.is_dir():
            return
        try:
            write_atomic(memo_file, json.dumps(fresh, separators=(",", ":")).encode())
        except OSError:
            pass  # a read-only cache folder: every build reads the files, as without the memo

    return out, keep
