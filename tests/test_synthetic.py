"""The benchmark corpus generator (scripts/synthetic.py): reproducible, labelled synthetic, and extractable."""

from __future__ import annotations

import filecmp
import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import synthetic  # noqa: E402

from tracker.build import run_build  # noqa: E402
from tracker.config import load_config  # noqa: E402


def test_same_seed_same_bytes_other_seed_other_reports(tmp_path: Path) -> None:
    a = synthetic.write_corpus(tmp_path / "a", 30, seed=7)
    b = synthetic.write_corpus(tmp_path / "b", 30, seed=7)
    c = synthetic.write_corpus(tmp_path / "c", 30, seed=8)
    files = sorted(p.name for p in (a.parent / "data" / "sources").iterdir())
    match, mismatch, errors = filecmp.cmpfiles(
        a.parent / "data/sources", b.parent / "data/sources", files, shallow=False
    )
    assert len(files) == 30 and mismatch == [] and errors == []
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_every_report_says_it_is_synthetic_and_every_genre_yields_rows(tmp_path: Path) -> None:
    config = synthetic.write_corpus(tmp_path, 40, seed=3)
    sources = sorted((tmp_path / "data" / "sources").glob("*.txt"))
    assert all(p.read_text(encoding="utf-8").startswith("# synthetic:") for p in sources)
    assert {p.stem.rsplit("-", 1)[1] for p in sources} == set(synthetic.GENRES)
    db = run_build(load_config(config, must_exist=True))
    con = duckdb.connect(str(db), read_only=True)
    n = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("meetings", "commitments", "figures")
    }
    owned = con.execute("SELECT count(*) FROM commitments WHERE unit_id IS NOT NULL").fetchone()[0]
    assert n["meetings"] > 0 and n["commitments"] > n["meetings"] and n["figures"] > 0 and owned > 0
