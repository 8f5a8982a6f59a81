"""The benchmark corpus generator (scripts/synthetic.py): reproducible, labelled synthetic, and extractable."""

from __future__ import annotations

import filecmp
import re
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


CN_NUMBERS = "一二三四五六七八九十"


def test_every_report_says_it_is_synthetic_and_every_genre_yields_what_its_text_holds(tmp_path: Path) -> None:
    """What each report should give is read off its own text, as the generator laid it out: a meeting report's
    date, its numbered requirements (他提出N点要求) and one task per line after them; a table's rows as tasks with
    deadlines; an activity report's figures (one per comma-separated clause) and no meeting."""
    config = synthetic.write_corpus(tmp_path, 12, seed=3)
    sources = sorted((tmp_path / "data" / "sources").glob("*.txt"))
    assert all(p.read_text(encoding="utf-8").startswith("# synthetic:") for p in sources)
    assert {p.stem.rsplit("-", 1)[1] for p in sources} == set(synthetic.GENRES)
    db = run_build(load_config(config, must_exist=True))
    con = duckdb.connect(str(db), read_only=True)

    def one(sql: str, sid: str) -> tuple:
        return con.execute(sql, [sid]).fetchone()

    try:
        checked = set()
        for path in sources:
            sid, genre = path.stem, path.stem.rsplit("-", 1)[1]
            lines = path.read_text(encoding="utf-8").splitlines()[1:]  # after the `# synthetic:` line
            kinds = dict(
                con.execute(
                    "SELECT kind, count(*) FROM commitments WHERE source_id = ? GROUP BY 1", [sid]
                ).fetchall()
            )
            if genre == "meeting":
                n = CN_NUMBERS.index(re.search(r"提出(.)点要求", lines[3]).group(1)) + 1
                month, day = map(int, re.match(r"(\d+)月(\d+)日", lines[1]).groups())
                count, date = one("SELECT count(*), min(date) FROM meetings WHERE source_id = ?", sid)
                assert (count, date.month, date.day) == (1, month, day), sid
                assert kinds == {"requirement": n, "task": len(lines) - 4 - n}, sid
                owned = one(
                    "SELECT count(*) FROM commitments WHERE source_id = ? AND kind = 'task' AND unit_id IS NOT NULL",
                    sid,
                )[0]
                assert owned == len(lines) - 4 - n, sid  # every task line names its town or department
            elif genre == "table":
                rows = [line.split("\t") for line in lines if re.match(r"^\d+\t", line)]
                top = one("SELECT count(*) FROM commitments WHERE source_id = ? AND parent_id IS NULL", sid)[
                    0
                ]
                assert top == len(rows), sid  # one task a row, held by its lead
                # each responsible body of a row (its 责任单位 cell) holds the row as a share: a child task
                shares = sum(len(row[3].split("、")) for row in rows)
                assert kinds == {"task": len(rows) + shares}, sid
                undated = one(
                    "SELECT count(*) FROM commitments WHERE source_id = ? AND due_date IS NULL", sid
                )[0]
                assert undated == 0, sid  # every row has a 完成时限, and its shares are due when it is
            elif genre == "activity":
                assert one("SELECT count(*) FROM figures WHERE source_id = ?", sid)[0] == lines[1].count(
                    "，"
                ), sid
                assert one("SELECT count(*) FROM meetings WHERE source_id = ?", sid)[0] == 0, sid
                assert kinds == {}, sid  # it reports what was done; it commits to nothing
            checked.add(genre)
        assert checked >= {"meeting", "table", "activity"}
    finally:
        con.close()
