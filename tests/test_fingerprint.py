"""Source hashes remembered by file status (tracker.build.fingerprint): an unchanged file is not read again, a
changed one always is, even when its size and modification time were kept, and one written a moment before its
hash was taken is read again until it has been quiet."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from tracker.build import fingerprint
from tracker.build.fingerprint import file_hashes as _file_hashes


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []

    def counting(path: str, mode: str = "r", *a: object) -> object:
        opened.append(path)
        return open(path, mode, *a)  # noqa: SIM115 - handed to the caller's with-block

    monkeypatch.setattr(fingerprint, "open", counting, raising=False)
    return opened


def _later(monkeypatch: pytest.MonkeyPatch, seconds: int) -> None:
    """The clock `seconds` ahead: hashes taken now count as taken long after the files were written."""
    real = time.time_ns
    monkeypatch.setattr(fingerprint.time, "time_ns", lambda: real() + seconds * 1_000_000_000)


def file_hashes(paths: list[str], folder: Path | None) -> list[str]:
    """The hashes, kept for the next time (as a build that succeeded keeps them)."""
    hashes, keep = _file_hashes(paths, folder)
    keep()
    return hashes


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, list[str]]:
    (tmp_path / "cache").mkdir()
    paths = []
    for name, text in (("a.txt", "红山街道召开会议。"), ("b.txt", "尚店镇推进项目。")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    return tmp_path / "cache", [*paths, str(tmp_path / "gone.txt")]


def test_hashes_are_of_the_bytes_and_unchanged_files_are_not_read_again(
    files: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, paths = files
    reads = _reads(monkeypatch)
    _later(monkeypatch, 10)
    first = file_hashes(paths, folder)
    assert first == [hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths[:2]] + ["missing"]
    assert len(reads) == 2
    assert file_hashes(paths, folder) == first and len(reads) == 2  # nothing read
    assert file_hashes(paths, None) == first and len(reads) == 4  # without the cache folder: read


def test_a_file_changed_with_its_size_and_time_kept_is_read_again(
    files: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, paths = files
    reads = _reads(monkeypatch)
    _later(monkeypatch, 10)
    first = file_hashes(paths, folder)
    st = os.stat(paths[0])
    Path(paths[0]).write_text("红山街道召开大会。", encoding="utf-8")  # the same number of bytes
    os.utime(paths[0], ns=(st.st_atime_ns, st.st_mtime_ns))
    again = file_hashes(paths, folder)
    assert len(reads) == 3 and again[0] != first[0] and again[1:] == first[1:]
    assert again[0] == hashlib.sha256(Path(paths[0]).read_bytes()).hexdigest()


def test_a_file_written_just_before_its_hash_was_taken_is_read_again(
    files: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, paths = files
    reads = _reads(monkeypatch)
    file_hashes(paths, folder)  # the files were written a moment ago
    file_hashes(paths, folder)
    assert len(reads) == 4  # not trusted yet
    _later(monkeypatch, 10)
    file_hashes(paths, folder)  # hashed again now, well after they were written
    file_hashes(paths, folder)
    assert len(reads) == 6


def test_what_the_database_was_built_from_is_read_from_the_builds_note_while_the_file_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.build import built_inputs, run_build, runner
    from tracker.config import load_config
    from tracker.store import db

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.txt").write_text(
        "2月20日，红山街道召开会议，要求推进楼宇沟民宿项目。", encoding="utf-8"
    )
    config = tmp_path / "config.yaml"
    config.write_text(
        "sources:\n  - {id: a, path: data/a.txt, year: 2024}\ntowns:\n  - {name: 红山街道, kind: 街道}\n",
        encoding="utf-8",
    )
    cfg = load_config(config, must_exist=True)
    run_build(cfg)
    recorded = runner._recorded_inputs(cfg.database_path)
    assert recorded is not None and dict(recorded.sources) == {"a": runner.read_inputs(cfg).sources[0][1]}
    opened: list[Path] = []
    real = db.build_info
    monkeypatch.setattr(db, "build_info", lambda p: opened.append(p) or real(p))
    assert built_inputs(cfg.database_path) == recorded and opened == []  # the note, not the file
    run_build(cfg)  # nothing changed
    assert opened == []
    os.utime(cfg.database_path)  # the file is not the one the note is about any more
    assert built_inputs(cfg.database_path) == recorded and opened == [cfg.database_path]


def test_garbage_collection_is_paused_only_for_the_block_and_comes_back_after_an_error():
    import gc

    assert gc.isenabled()
    with pytest.raises(RuntimeError), fingerprint.gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("stop")
    assert gc.isenabled()
    gc.disable()
    try:
        with fingerprint.gc_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
