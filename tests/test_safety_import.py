"""Imports cannot impersonate, cannot be repeated by accident (across processes), and a file cut short is an
error; all through tracker.progress and the real `python -m tracker progress import`."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.auth_fixtures import ACCOUNTS, write_accounts
from tests.conftest import Ran, run_main
from tracker.cli import main as tracker_main
from tracker.progress.imports import ImportRejected, commit_import, preview_import, template_frame
from tracker.progress.log import AlreadyImported, read_log

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2024, 6, 30)
IDS = {"c-aaa", "c-bbb"}
FILE = "commitment_id,status,percent,as_of,note,填报人\nc-aaa,推进中,60,2024-06-01,开工,市委书记\n".encode()


def test_the_file_cannot_name_the_writer(tmp_path: Path) -> None:
    log = tmp_path / "progress.jsonl"
    pv = preview_import(FILE, "p.csv", IDS, TODAY)
    (entry,) = commit_import(pv, log, entered_by="红山街道办")
    assert entry["entered_by"] == "红山街道办" and entry["reported_by"] == "市委书记"
    old_header = FILE.replace("填报人".encode(), b"entered_by").replace(b"2024-06-01", b"2024-06-02")
    (entry,) = commit_import(preview_import(old_header, "old.csv", IDS, TODAY), log, entered_by="红山街道办")
    assert entry["entered_by"] == "红山街道办" and entry["reported_by"] == "市委书记"
    assert (
        "reported_by" in template_frame(None, "en").columns
        and "entered_by" not in template_frame(None, "en").columns
    )


def test_the_same_file_twice_is_refused_unless_again(tmp_path: Path) -> None:
    log = tmp_path / "progress.jsonl"
    commit_import(preview_import(FILE, "p.csv", IDS, TODAY), log, entered_by="督查室")
    before = log.read_bytes()
    again = preview_import(FILE, "copy-of-p.csv", IDS, TODAY)  # another name, the same bytes
    with pytest.raises(AlreadyImported) as got:
        commit_import(again, log, entered_by="督查室")
    assert log.read_bytes() == before
    assert "copy-of-p.csv：这个文件（内容相同）已于 " in str(got.value) and "由 督查室 导入过" in str(
        got.value
    )
    assert len(commit_import(again, log, entered_by="督查室", again=True)) == 1
    assert len(read_log(log).entries) == 2
    other = FILE.replace(b"60", b"65")  # one byte differs: a different file
    assert len(commit_import(preview_import(other, "p.csv", IDS, TODAY), log, again=False)) == 1


_IMPORTER = """
import datetime as dt, sys
from pathlib import Path
from tracker.progress.imports import commit_import, preview_import
from tracker.progress.log import AlreadyImported
log, data = Path(sys.argv[1]), Path(sys.argv[2]).read_bytes()
pv = preview_import(data, "p.csv", {"c-aaa", "c-bbb"}, dt.date(2024, 6, 30))
sys.stdin.read(1)
try:
    commit_import(pv, log, entered_by="督查室")
    print("written")
except AlreadyImported:
    print("refused")
"""


@pytest.mark.slow  # many importer processes
def test_importing_one_file_from_many_processes_at_once_writes_it_once(tmp_path: Path) -> None:
    log, data = tmp_path / "progress.jsonl", tmp_path / "p.csv"
    data.write_bytes(FILE)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _IMPORTER, str(log), str(data)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outs = [p.communicate("g", timeout=300)[0].strip() for p in procs]
    assert sorted(outs) == ["refused", "refused", "refused", "written"]
    assert len(read_log(log).entries) == 1


def test_a_last_row_cut_short_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    log = tmp_path / "progress.jsonl"
    cut = b"commitment_id,status,percent,as_of,note\nc-aaa,\xe6\x8e\xa8\xe8\xbf\x9b\xe4\xb8\xad,60,2024-06-01,x\nc-bbb,"
    pv = preview_import(cut, "cut.csv", IDS, TODAY)
    assert [(p.row, p.reason.key) for p in pv.errors] == [(3, "safe.csv_cut_short")] and pv.skipped == []
    with pytest.raises(ImportRejected):
        commit_import(pv, log)
    assert not log.exists()
    # the same short row with its line end is a row someone left blank: skipped, as before
    assert preview_import(cut + b"\n", "cut.csv", IDS, TODAY).skipped == [3]


def test_the_cli_refuses_a_second_import_and_takes_again(project: Path) -> None:
    from tracker.build import run_build
    from tracker.config import load_config
    from tracker.store.db import connect_readonly

    cfg = load_config(project, must_exist=True)
    run_build(cfg)
    con = connect_readonly(cfg.database_path)
    cid = con.execute("SELECT min(commitment_id) FROM commitments").fetchone()[0]
    con.close()
    data = project.parent / "p.csv"
    data.write_text(
        f"commitment_id,status,percent,as_of,note\n{cid},推进中,60,2024-03-01,开工\n", encoding="utf-8"
    )
    write_accounts(cfg.users_file_path, only=("admin",))  # imports are made by a signed-in account
    env = {"TRACKER_PASSWORD": ACCOUNTS["admin"][2]}

    def cli(*args: str) -> Ran:
        """`python -m tracker progress import` in this process."""
        argv = ("progress", "import", str(data), "--user", "admin", *args)
        return run_main(tracker_main, *argv, cwd=project.parent, env=env)

    assert cli().returncode == 0
    second = cli()
    assert second.returncode == 2 and "已于" in second.stderr and "--again" in second.stderr
    assert len(read_log(cfg.progress_log_path).entries) == 1
    assert cli("--again").returncode == 0
    assert len(read_log(cfg.progress_log_path).entries) == 2
