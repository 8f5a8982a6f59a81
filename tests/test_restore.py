"""The restore drill of docs/guarantees.md ("Backing up and restoring"), for both log stores: a project with
progress, review decisions and accounts is backed up with the documented commands (run as written, from the
document), deleted — project folder and PostgreSQL schema — restored, rebuilt, and compared with the original:
every progress entry, review decision, attachment, account, the signing key and each item's state."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.auth_fixtures import ACCOUNTS, write_accounts
from tests.conftest import ROOT, fresh_schema, make_project
from tracker.build import run_build
from tracker.build.review import review_store
from tracker.cli import main as tracker_main
from tracker.config import load_config
from tracker.progress.log import open_progress_log
from tracker.store import db
from tracker.store.logs import open_blobs

pytestmark = pytest.mark.slow  # the documented backup and restore drills, run as shell scripts

GUIDE = ROOT / "docs" / "guarantees.md"
HONGSHAN_TASK, EDU_TASK = "c-6390fd9525a7", "c-0973a684f1d8"  # seed commitments (ids stay)


def _png() -> bytes:
    """A real 1×1 PNG (what a phone photo is, in small)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
        + chunk(b"IEND", b"")
    )


def documented(block: str) -> str:
    """The shell commands of the block marked `<!-- block -->` in docs/guarantees.md."""
    text = GUIDE.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {re.escape(block)} -->\n```bash\n(.*?)```", text, re.DOTALL)
    assert found, f"docs/guarantees.md has no block '{block}'"
    return found.group(1)


def _path() -> str:
    """PATH with this interpreter's folder first: `python` in the documents is the tracker's Python."""
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def shell(block: str, cwd: Path, env: dict[str, str]) -> None:
    """Run a documented block with bash in `cwd`; it must succeed."""
    r = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", documented(block)],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PATH": _path(), **env},
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, (block, r.stdout, r.stderr)


def tracker(config: Path, *args: str) -> None:
    assert tracker_main([args[0], "--config", str(config), *args[1:]]) == 0


def fill(folder: Path) -> None:
    """What people make: progress (two updates and an import), review decisions, a review sheet export."""
    cfg = folder / "config.yaml"
    run_build(load_config(cfg, must_exist=True))
    tracker(cfg, "progress", "add", HONGSHAN_TASK, "--status", "推进中", "--percent", "30", "--user", "admin")
    tracker(
        cfg, "progress", "add", HONGSHAN_TASK, "--status", "已完成", "--percent", "100", "--user", "admin"
    )
    sheet = folder.parent / f"{folder.name}-progress.csv"
    sheet.write_text(f"commitment_id,status,percent,as_of,note\n{EDU_TASK},推进中,40,2024-03-01,开工\n")
    tracker(cfg, "progress", "import", str(sheet), "--user", "admin")
    photo = folder.parent / f"{folder.name}-现场照片.png"  # a 佐证材料 file: its bytes live in the blob store
    photo.write_bytes(_png())
    tracker(
        cfg, "progress", "add", EDU_TASK, "--status", "推进中", "--percent", "60", "--attach", str(photo), "--user",
        "admin",
    )  # fmt: skip
    tracker(cfg, "review", "confirm", HONGSHAN_TASK, "--user", "admin")
    tracker(cfg, "review", "reject", EDU_TASK, "--why", "不是事项", "--user", "admin")
    tracker(cfg, "review", "export", str(folder.parent / f"{folder.name}-review.xlsx"))  # makes the key


def made_by_people(folder: Path) -> dict[str, object]:
    """Everything to compare: every log entry as stored, the accounts, the key and the items' states."""
    config = load_config(folder / "config.yaml", must_exist=True)
    progress = open_progress_log(config).read()
    review = review_store(config).read()
    assert not progress.problems and not review.problems
    con = db.connect_readonly(config.database_path)
    try:
        items = con.execute(
            "SELECT commitment_id, review_state, title FROM review_items ORDER BY commitment_id"
        ).fetchall()
    finally:
        con.close()
    blobs = open_blobs(config)
    files = {a.sha256: blobs.get(a.sha256) for e in progress.entries for a in e.attachments}
    return {
        "progress": [e.model_dump(mode="json") for e in progress.entries],
        "attachments": files,
        "review": [e.model_dump(mode="json") for e in review.entries],
        "accounts": config.users_file_path.read_bytes(),
        "sheet_key": config.sheet_key_path.read_bytes(),
        "sources": sorted(p.name for p in (folder / "data" / "sources").iterdir()),
        "items": items,
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "project"
    make_project(folder)
    write_accounts(folder / "data" / "users.yaml", only=("admin",))
    monkeypatch.setenv("TRACKER_PASSWORD", ACCOUNTS["admin"][2])
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    return folder


def drill(folder: Path, backup: Path, env: dict[str, str], postgres: bool) -> None:
    """Back up, delete everything, restore and rebuild, with the commands of docs/guarantees.md."""
    fill(folder)
    before = made_by_people(folder)
    assert len(before["progress"]) == 4 and len(before["review"]) == 2 and len(before["attachments"]) == 1
    backup.mkdir()
    env = {**env, "BACKUP": str(backup)}
    shell("backup: files", folder, env)
    if postgres:
        shell("backup: postgres", folder, env)
    shutil.rmtree(folder)  # everything: config, sources, logs, accounts, key, database and cache
    if postgres:
        with psycopg.connect(env["PGURL"], autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(env["SCHEMA"])))
    folder.mkdir()
    shell("restore: files", folder, env)
    if postgres:
        shell("restore: postgres", folder, env)
    shell("restore: rebuild", folder, env)
    assert made_by_people(folder) == before


def test_restore_drill_jsonl(project: Path, tmp_path: Path) -> None:
    drill(project, tmp_path / "backup", {}, postgres=False)


def test_restore_drill_postgres(project: Path, tmp_path: Path, postgres_url: str) -> None:
    for schema in fresh_schema(postgres_url):
        with (project / "config.yaml").open("a", encoding="utf-8") as f:
            f.write(
                f"logs:\n  store: postgres\n  postgres_url: {postgres_url}\n  postgres_schema: {schema}\n"
            )
        drill(project, tmp_path / "backup", {"PGURL": postgres_url, "SCHEMA": schema}, postgres=True)
