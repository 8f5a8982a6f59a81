"""The file primitives every writer uses (tracker/store/files.py): an interrupted write leaves the old file,
what is written is flushed to disk with its folder entry, and a lock held elsewhere times out with a clear
message instead of hanging."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tracker.errors import UserError
from tracker.store import files
from tracker.store.files import LockTimeout, locked, replacing, write_atomic

ROOT = Path(__file__).resolve().parent.parent


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True)


def test_a_process_killed_while_writing_leaves_the_old_file(tmp_path: Path) -> None:
    """Killed after the new bytes are written but before they are in place (os._exit at the flush, as a kill
    or a power cut would): the file still holds the old content, whole."""
    target = tmp_path / "config.yaml"
    target.write_bytes(b"old: 1\n")
    script = (
        "import os, sys\n"
        "from tracker.store import files\n"
        "files.os.fsync = lambda fd: os._exit(9)\n"
        "files.write_atomic(sys.argv[1], b'new: 2\\n' * 1000)\n"
    )
    r = _run(script, str(target))
    assert r.returncode == 9, r.stderr
    assert target.read_bytes() == b"old: 1\n"


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "accounts.yaml"
    target.write_bytes(b"old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.yaml"]


def test_a_block_that_raises_leaves_the_old_file(tmp_path: Path) -> None:
    """`replacing` (the database build's form): half a new file written, then an error — nothing changes."""
    target = tmp_path / "tracker.duckdb"
    target.write_bytes(b"old database")
    with pytest.raises(RuntimeError), replacing(target, prefix=".tracker.duckdb.build-") as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".tracker.duckdb.build-")
        tmp.write_bytes(b"half a new")
        raise RuntimeError("the build failed")
    assert target.read_bytes() == b"old database"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.duckdb"]


def test_the_file_and_then_its_folder_are_flushed_to_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new content is on disk before the rename, and the folder's entry after it (else a power cut can
    leave the old name, or an empty file under the new one)."""
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    flushed: list[tuple[str, bytes]] = []
    real = os.fsync

    def spy(fd: int) -> None:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            flushed.append(("folder", target.read_bytes()))
        else:
            flushed.append(("file", os.pread(fd, 100, 0)))
        real(fd)

    monkeypatch.setattr(files.os, "fsync", spy)
    write_atomic(target, b"new")
    assert flushed == [("file", b"new"), ("folder", b"new")]  # the folder after the rename
    assert target.read_bytes() == b"new"


def test_modes_an_existing_file_keeps_its_own_a_pinned_one_is_exact(tmp_path: Path) -> None:
    shared = tmp_path / "config.yaml"
    shared.write_bytes(b"old")
    shared.chmod(0o640)
    write_atomic(shared, b"new")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o640
    secret = tmp_path / "users.yaml"
    secret.write_bytes(b"old")
    secret.chmod(0o644)
    write_atomic(secret, b"new", mode=0o600)
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_a_lock_held_by_another_process_times_out_with_a_clear_error(tmp_path: Path) -> None:
    """A second writer waits up to its timeout, then gets a sentence naming the busy file — not a hang."""
    lock = tmp_path / ".config.yaml.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from tracker.store.files import locked\n"
            "with locked(sys.argv[1]):\n"
            "    print('held', flush=True)\n"
            "    sys.stdin.read()\n",
            str(lock),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        start = time.monotonic()
        with pytest.raises(LockTimeout) as caught, locked(lock, timeout=0.3, what=tmp_path / "config.yaml"):
            pytest.fail("the lock was taken while another process held it")
        assert time.monotonic() - start >= 0.3  # it waited for its timeout first
        assert caught.value.text("en") == (
            f"{tmp_path / 'config.yaml'}: another process has held it for more than 0.3 s, so nothing was "
            "changed; try again when that process (another build, add or write) has finished"
        )
        assert caught.value.exit_code == 2
    finally:
        holder.communicate("")
    with locked(lock, timeout=0):  # the holder exited: the lock is free at once
        pass


def test_a_waiting_writer_gets_the_lock_when_the_holder_lets_go(tmp_path: Path) -> None:
    lock = tmp_path / "lock"
    got = threading.Event()
    released = threading.Event()

    def second() -> None:
        with locked(lock, timeout=30):
            assert released.is_set()  # not before the first holder let go
            got.set()

    with locked(lock):
        waiter = threading.Thread(target=second)
        waiter.start()
        assert not got.wait(0.2)
        released.set()
    waiter.join(30)
    assert got.is_set()


def test_readers_share_a_lock_and_a_writer_waits_for_them(tmp_path: Path) -> None:
    lock = tmp_path / "log.jsonl"
    lock.touch()
    with locked(lock, exclusive=False), locked(lock, exclusive=False, timeout=0):
        with pytest.raises(LockTimeout), locked(lock, timeout=0.05):
            pass


def test_a_file_a_person_named_in_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    """A command's --out in a folder that does not exist: a sentence, no folder made, nothing written."""
    out = tmp_path / "no-such-folder" / "template.csv"
    with pytest.raises(UserError) as caught:
        write_atomic(out, b"a,b\r\n", make_folder=False)
    assert caught.value.text("en") == (
        f"folder '{out.parent}' does not exist; create it or choose another --out path"
    )
    assert not out.parent.exists()
    write_atomic(out, b"a,b\r\n")  # the build's own files: the folder is made
    assert out.read_bytes() == b"a,b\r\n"
