"""A user's global gitignore cannot hide the `tracker/build/` package: Python templates ignore `build/` (packaging
output), and git, ruff and editors would then skip new files in it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("pattern", ["build/", "build", "**/build/"])
def test_tracker_build_is_not_ignored_under_a_global_build_pattern(tmp_path: Path, pattern: str) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    excludes = tmp_path / "global-gitignore"
    excludes.write_text(pattern + "\n", encoding="utf-8")
    r = subprocess.run(
        [
            "git",
            "-c",
            f"core.excludesFile={excludes}",
            "check-ignore",
            "--no-index",
            "-v",
            "tracker/build/new.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1, r.stdout  # 1: not ignored (0 would name the pattern that ignores it)
