"""Builds clean up after killed builds, never overwrite a file that is not their database, and read only files
inside the project folder (or a folder the config allows)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.build import run_build
from tracker.config import load_config
from tracker.errors import ConfigError
from tracker.store.db import remove_leftovers

ROOT = Path(__file__).resolve().parent.parent
SEED = "data/sources/000_41c53f3caae606d6.txt"

_KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from tracker.build import run_build
from tracker.config import load_config
from tracker.store import db

real_replace = os.replace

def die(src, dst):  # the machine goes down just before the new database is swapped in
    if Path(dst).name == "tracker.duckdb":
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)  # other files the build writes atomically (its caches) on the way there

db.os.replace = die
run_build(load_config(Path(sys.argv[1]), must_exist=True))
"""


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "data").glob(".tracker.duckdb.*") if not p.name.endswith(".lock"))


@pytest.mark.slow  # kills a build process
def test_a_killed_build_leaves_a_temporary_file_that_the_next_build_removes(project: Path) -> None:
    folder = project.parent
    run = subprocess.run(
        [sys.executable, "-c", _KILLED_BUILD, str(project)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert run.returncode == -9  # killed
    left = _leftovers(folder)
    assert left and all(".build-" in n for n in left), left
    assert not (folder / "data" / "tracker.duckdb").exists()  # no half-written database in its place
    # the name older builds gave their temporary file (no ".build-")
    legacy = folder / "data" / ".tracker.duckdb.k3j4h5l6.tmp"
    legacy.write_bytes(b"x")
    run_build(load_config(project, must_exist=True))
    assert _leftovers(folder) == []
    assert (folder / "data" / "tracker.duckdb").exists()


def test_a_readers_link_to_the_current_database_is_kept_and_older_ones_go(project: Path) -> None:
    cfg = load_config(project, must_exist=True)
    db = run_build(cfg)
    current = db.with_name(f".{db.name}.ro-1-2.tmp")
    os.link(db, current)
    old = db.with_name(f".{db.name}.ro-0-1.tmp")
    old.write_bytes(b"an older version")
    assert remove_leftovers(db) == [old]
    assert current.exists()


def test_the_build_refuses_a_db_that_is_the_config_a_source_or_the_log(project: Path) -> None:
    folder = project.parent
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for target in ("config.yaml", SEED, "data/progress.jsonl"):
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text('{"kept": true}\n', encoding="utf-8")
        before = path.read_bytes()
        r = subprocess.run(
            [sys.executable, "-m", "extract", "--db", target],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert r.returncode == 2, r.stderr
        assert "是同一个文件" in r.stderr and "Traceback" not in r.stderr
        assert path.read_bytes() == before


def test_allowed_folders_let_a_source_live_outside_the_project(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("shared-reports")
    shutil.copy(project.parent / SEED, outside / "seed.txt")
    text = project.read_text(encoding="utf-8").replace(f"path: {SEED}", f"path: {outside / 'seed.txt'}")
    project.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as got:
        load_config(project, must_exist=True)
    assert got.value.code == "safe.config_outside"
    project.write_text(text + f"\nallowed_folders: [{outside}]\n", encoding="utf-8")
    assert run_build(load_config(project, must_exist=True)).exists()


def test_a_link_inside_the_project_cannot_lead_out(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    secret.write_text("机密\n", encoding="utf-8")
    link = project.parent / "data" / "sources" / "link.txt"
    link.symlink_to(secret)
    text = project.read_text(encoding="utf-8").replace(f"path: {SEED}", "path: data/sources/link.txt")
    project.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as got:
        load_config(project, must_exist=True)
    assert got.value.code == "safe.config_outside" and got.value.fields["setting"] == "sources[0].path"
