"""Reliability: a zip bomb is refused within bounded memory, and `extract add` is all or nothing even when it is
killed at any moment (the state is config.yaml and data/sources/: the old one or the new one)."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.auth_fixtures import ACCOUNTS, write_accounts
from tests.conftest import ROOT, make_project
from tests.report_formats import make_docx
from tests.test_errors import zip_bomb
from tracker.build.add import recover_interrupted, staging_dir

pytestmark = pytest.mark.slow  # adds killed at random moments in processes of their own

REPORT = (
    "舞钢市召开重点工作推进会\n"
    "3月5日，市委常委会召开会议。会议要求，各乡镇要抓好安全生产，红山街道要在6月底前完成老旧小区改造。\n"
    "市教育体育局要做好校园安全工作。\n"
)


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRACKER_PASSWORD": ACCOUNTS["admin"][2]}
    env.pop("TRACKER_LANG", None)
    return env


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built seed project with accounts (the template each test copies)."""
    folder = tmp_path_factory.mktemp("reliability") / "project"
    make_project(folder)
    write_accounts(folder / "data" / "users.yaml", only=("admin",))
    r = subprocess.run(
        [sys.executable, "-m", "extract", "-q"], cwd=folder, env=_env(), capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    return folder


def test_a_zip_bomb_is_refused_in_one_line_within_300_mb(built: Path, tmp_path: Path) -> None:
    """A zip bomb: word/document.xml a 1 GiB text run (about 1 MB packed). The add runs in a child of a
    small wrapper process, whose RUSAGE_CHILDREN peak is that add's alone."""
    project = tmp_path / "p"
    shutil.copytree(built, project)
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(zip_bomb(1024))
    assert bomb.stat().st_size < 3 * 1024 * 1024
    wrapper = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'extract', 'add', sys.argv[1], '--user', 'admin'],"
        " capture_output=True, text=True)\n"
        "sys.stderr.write(r.stderr)\n"
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", wrapper, str(bomb)], cwd=project, env=_env(), capture_output=True, text=True
    )
    code, peak_kib = map(int, r.stdout.split())
    assert code == 2
    assert r.stderr.splitlines() == [
        "错误：bomb.docx：解压后共 1024 MB，超过上限 200 MB（limits.max_unpacked_mb），可能是“压缩炸弹”；"
        "请确认文件来源，或在 config.yaml 中调高这个上限"
    ]
    assert peak_kib < 300 * 1024, f"peak {peak_kib / 1024:.0f} MB"


# --- extract add, killed at any moment ---------------------------------------------------------------------


def state(folder: Path) -> dict[str, str]:
    """What an add changes: config.yaml and every file in data/sources/ (the hash of each)."""
    files = [folder / "config.yaml", *sorted((folder / "data" / "sources").iterdir())]
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()
    }


def _add_argv(report: Path) -> list[str]:
    return [sys.executable, "-m", "extract", "add", str(report), "--user", "admin", "-q"]


@pytest.fixture(scope="module")
def added(built: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], float]:
    """The report to add, the state a finished add leaves, and how long an add takes (from its start)."""
    tmp = tmp_path_factory.mktemp("added")
    report = make_docx(REPORT, tmp / "changwei-0305.docx")
    project = tmp / "p"
    shutil.copytree(built, project)
    start = time.monotonic()
    r = subprocess.run(_add_argv(report), cwd=project, env=_env(), capture_output=True, text=True)
    took = time.monotonic() - start
    assert r.returncode == 0, r.stderr
    new = state(project)
    assert set(new) - set(state(built)) == {
        "data/sources/changwei-0305.docx",
        "data/sources/changwei-0305.docx.txt",
    }
    return report, new, took


def test_add_killed_at_20_random_moments_leaves_the_old_state_or_the_new(
    built: Path, added: tuple[Path, dict[str, str], float], tmp_path: Path
) -> None:
    report, new, took = added
    old = state(built)
    rng = random.Random(21)
    seen = {"old": 0, "new": 0}
    # 20 kills at random moments of an add (up to 1.5 times its measured length: the machine may be slower now),
    # plus the two ends — killed at once, and left to finish — so that both outcomes are always among them
    delays = [0.0, *(rng.uniform(0, 1.5 * took) for _ in range(20)), float("inf")]
    for i, delay in enumerate(delays):
        project = tmp_path / f"p{i}"
        shutil.copytree(built, project)
        start = time.monotonic()
        proc = subprocess.Popen(
            _add_argv(report),
            cwd=project,
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # the build's worker processes go with it
        )
        try:
            proc.wait(timeout=None if delay == float("inf") else max(delay - (time.monotonic() - start), 0))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        # at once: config.yaml is the old or the new one, and a new config's files are all in place
        now = state(project)
        assert now["config.yaml"] in (old["config.yaml"], new["config.yaml"]), delay
        if now["config.yaml"] == new["config.yaml"]:
            assert now == new, delay
        # what the next command finds (python -m extract and extract add recover first): exactly old or new
        recover_interrupted(project / "config.yaml")
        now = state(project)
        assert now in (old, new), delay
        assert not staging_dir(project / "config.yaml").exists()
        seen["old" if now == old else "new"] += 1
    assert seen["old"] and seen["new"], seen  # the kills fell on both sides of the moment the add happens


def test_an_add_killed_between_moving_the_files_and_the_config_is_rolled_back(
    built: Path, added: tuple[Path, dict[str, str], float], tmp_path: Path
) -> None:
    """The narrowest moment: the copies are in data/sources/ but config.yaml is still the old one. The process
    dies there (os._exit, as a kill would); the next build rolls the copies back, and the add can be retried."""
    report, new, _ = added
    project = tmp_path / "p"
    shutil.copytree(built, project)
    old = state(project)
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from tracker.build import add\n"
        "real = add.write_atomic\n"
        "def dies_at_config(path, data):\n"
        "    if Path(path).name == 'config.yaml':\n"
        "        os._exit(9)\n"
        "    real(path, data)\n"
        "add.write_atomic = dies_at_config\n"
        "add.add_files(Path('config.yaml'), add.read_uploads([Path(sys.argv[1])]), added_by='admin')\n"
    )
    r = subprocess.run([sys.executable, "-c", script, str(report)], cwd=project, env=_env())
    assert r.returncode == 9
    assert (project / "data" / "sources" / report.name).exists()  # the copy was moved in …
    assert state(project)["config.yaml"] == old["config.yaml"]  # … but the add did not happen
    r = subprocess.run(
        [sys.executable, "-m", "extract", "-q"], cwd=project, env=_env(), capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    assert state(project) == old
    r = subprocess.run(_add_argv(report), cwd=project, env=_env(), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert state(project) == new
