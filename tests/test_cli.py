"""`python -m extract` as a user runs it: builds, clear one-line errors with exit 2, atomic replacement, stable ids."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CORPUS, ROOT, Ran, run_main
from tracker.cli.extract import main as extract_main

# the English wording (TRACKER_LANG=en); tests/test_language.py checks the same cases in Chinese, the default
ENGLISH = {"TRACKER_LANG": "en"}


def extract(*args: str, cwd: Path) -> Ran:
    """`python -m extract ARGS` in `cwd`, in this process."""
    return run_main(extract_main, *args, cwd=cwd, env=ENGLISH)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ids(db: Path, table: str = "commitments", col: str = "commitment_id") -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute(f"SELECT {col} FROM {table}").fetchall()}
    finally:
        con.close()


@pytest.fixture
def built(built_project: Path) -> Path:
    """A project folder whose database is built; returns the folder."""
    return built_project.parent


@pytest.mark.slow  # a new interpreter: imports everything again
def test_python_m_extract_builds_with_progress_in_a_new_interpreter(project: Path):
    """The entry point as a user starts it (the other tests call its main() in this process)."""
    r = subprocess.run(
        [sys.executable, "-m", "extract", "--progress"],
        cwd=project.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT), **ENGLISH},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert "wrote data/tracker.duckdb: 1 source, 4 meetings" in r.stdout
    assert "extracting data/sources/000_41c53f3caae606d6.txt" in r.stderr
    assert r.stderr.strip().endswith("done")
    assert (project.parent / "data" / "tracker.duckdb").exists()
    assert not list((project.parent / "data").glob(".*.tmp*"))


def test_build_reports_progress_and_writes_the_database(built: Path):
    assert (built / "data" / "tracker.duckdb").exists()
    assert not list((built / "data").glob(".*.tmp*"))
    r = extract("--progress", "--force", cwd=built)  # up to date: only --force extracts again
    assert r.returncode == 0
    assert "wrote data/tracker.duckdb: 1 source, 4 meetings" in r.stdout
    assert "extracting data/sources/000_41c53f3caae606d6.txt" in r.stderr
    assert r.stderr.strip().endswith("done")


def test_a_build_with_nothing_changed_writes_nothing(built: Path):
    db = built / "data" / "tracker.duckdb"
    before, stat = digest(db), db.stat()
    r = extract("--progress", cwd=built)
    assert r.returncode == 0, r.stderr
    assert "up to date" in r.stderr and "extracting" not in r.stderr
    assert digest(db) == before and db.stat().st_mtime_ns == stat.st_mtime_ns


def error_case(folder: Path, *args: str) -> str:
    db = folder / "data" / "tracker.duckdb"
    before = digest(db)
    r = extract(*args, cwd=folder)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert digest(db) == before  # the old database is untouched
    assert not list((folder / "data").glob(".*.tmp*"))
    return lines[0]


def test_bad_value_names_file_key_and_value(built: Path):
    cfg = built / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("language: zh", "language: fr"), encoding="utf-8")
    assert error_case(built) == (
        "error: config.yaml: Setting 'language' has a bad value 'fr': Input should be 'zh' or 'en'"
    )


def test_bad_nested_value_gives_the_key_path(built: Path):
    cfg = built / "config.yaml"
    text = cfg.read_text(encoding="utf-8").replace("{name: 尚店镇, kind: 镇}", "{name: 尚店镇, kind: 村}")
    cfg.write_text(text, encoding="utf-8")
    msg = error_case(built)
    assert msg.startswith("error: config.yaml: Setting 'towns[7].kind' has a bad value '村'")


def test_unknown_key_is_named(built: Path):
    cfg = built / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("sources:", "sorces:"), encoding="utf-8")
    assert error_case(built) == (
        "error: config.yaml: Setting 'sorces' is not a known setting; check its spelling (see the README's config table)"
    )


def test_yaml_syntax_error_gives_line_and_column(built: Path):
    cfg = built / "config.yaml"
    cfg.write_text("city: [舞钢市\nlanguage: zh\n", encoding="utf-8")
    msg = error_case(built)
    assert msg.startswith("error: config.yaml: line 2, column ")
    assert "YAML syntax error" in msg


def test_missing_source_file(built: Path):
    (built / "data" / "sources" / "000_41c53f3caae606d6.txt").unlink()
    assert error_case(built) == (
        "error: data/sources/000_41c53f3caae606d6.txt: source file not found; "
        "check the 'path' of this source in the config"
    )


def test_undecodable_source_file_is_recorded_and_when_it_is_the_only_one_exits_3(built: Path):
    (built / "data" / "sources" / "000_41c53f3caae606d6.txt").write_bytes(b"\xe4\xb8\x80\x80\x80 abc \xff")
    r = extract(cwd=built)
    assert r.returncode == 3, r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[0] == (
        "warning: data/sources/000_41c53f3caae606d6.txt: extraction failed (step read: "
        "data/sources/000_41c53f3caae606d6.txt: not a text file (it does not read as text in UTF-8, GB18030 "
        "or UTF-16; an image or another binary file?); save it as UTF-8 text or set 'encoding' for this source in the "
        "config); this report was left out and every other report was built; check the file, or pass this line to "
        "the maintainers"
    )
    assert (
        lines[-1]
        == "warning: the only report failed to extract, so the database holds no items; see the line for each report above"
    )


def test_missing_config_file(built: Path):
    assert error_case(built, "--config", "nope.yaml") == (
        "error: nope.yaml: config file not found; pass --config with the right path"
    )


def test_duplicate_alias_is_refused(built: Path):
    cfg = built / "config.yaml"
    text = cfg.read_text(encoding="utf-8").replace("{name: 财政局}", "{name: 财政局, aliases: [教体局]}")
    cfg.write_text(text, encoding="utf-8")
    msg = error_case(built)
    assert "uses the name '教体局', already used by departments[0]" in msg


def test_adhoc_files_need_an_explicit_database(built: Path):
    assert error_case(built, "data/sources/000_41c53f3caae606d6.txt") == (
        "error: --db is required with report files, so the dashboard's database is not replaced"
    )


def test_gb18030_and_bom_sources_decode(built: Path, tmp_path: Path):
    text = (built / "data" / "sources" / "000_41c53f3caae606d6.txt").read_text(encoding="utf-8")
    gb = tmp_path / "gb.txt"
    gb.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    u16 = tmp_path / "u16.txt"
    u16.write_bytes(text.encode("utf-16"))
    out = tmp_path / "adhoc.duckdb"
    r = extract("--db", str(out), "--year", "2024", str(gb), str(bom), str(u16), cwd=built)
    assert r.returncode == 0, r.stderr
    con = duckdb.connect(str(out), read_only=True)
    try:
        rows = con.execute("SELECT encoding, text FROM sources ORDER BY source_id").fetchall()
        per_source = con.execute("SELECT source_id, count(*) FROM meetings GROUP BY 1").fetchall()
    finally:
        con.close()
    assert [r[0] for r in rows] == ["gb18030", "utf-8-sig", "utf-16"]
    assert all(r[1] == text for r in rows)
    assert sorted(n for _, n in per_source) == [4, 4, 4]


def test_ids_are_stable_across_rebuilds_and_new_meetings(built: Path):
    db = built / "data" / "tracker.duckdb"
    first = ids(db)
    first_meetings = ids(db, "meetings", "meeting_id")
    assert extract(cwd=built).returncode == 0
    assert ids(db) == first
    # add another report to the config: the old ids all survive, new ones are added
    src = next(CORPUS.glob("taibai_*.txt"))
    (built / "data" / "sources" / src.name).write_bytes(src.read_bytes())
    cfg = built / "config.yaml"
    text = cfg.read_text(encoding="utf-8").replace(
        "\n# Town-level units", f"\n  - path: data/sources/{src.name}\n\n# Town-level units", 1
    )
    cfg.write_text(text, encoding="utf-8")
    r = extract(cwd=built)
    assert r.returncode == 0, r.stderr
    after = ids(db)
    assert first < after
    assert first_meetings < ids(db, "meetings", "meeting_id")


def test_a_crashed_build_leaves_the_old_database(built: Path, monkeypatch: pytest.MonkeyPatch):
    from tracker import build
    from tracker.config import load_config
    from tracker.store import db as dbmod

    path = built / "data" / "tracker.duckdb"
    before = digest(path)

    def boom(con, *a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(dbmod.duckdb.DuckDBPyConnection, "register", boom, raising=False)
    with pytest.raises(RuntimeError):
        build.run_build(load_config(built / "config.yaml"), force=True)  # up to date: force a build
    assert digest(path) == before
    assert not list((built / "data").glob(".*.tmp*"))
