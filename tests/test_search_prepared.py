"""Text search on the prepared tables (tracker.store.queries.search) gives exactly the rows of the plain search
(every text lowered and joined per query), on a SYNTHETIC project whose copy has texts that change when lowered
and commitments with parents, for words drawn from its own texts and random ones."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.build import run_build
from tracker.config import load_config
from tracker.progress import status
from tracker.store import queries as q
from tracker.store.db import connect_readonly
from tracker.store.queries import derived, search

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import synthetic  # noqa: E402

TODAY = dt.date(2026, 6, 30)
# Texts lowering changes (Latin capitals, a dotted capital I that lowers to two characters' worth, full-width
# and Roman-numeral capitals) put into some SYNTHETIC titles, quotes, list names, unit names and meeting titles.
CASED = ["PM2.5治理", "İstanbul路", "ＡＢＣ项目", "Ⅻ号工程", "GDP增长"]


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    folder = tmp_path_factory.mktemp("search")
    config = synthetic.write_corpus(folder, 40, seed=7, towns=6, departments=5)
    cfg = load_config(config, must_exist=True)
    run_build(cfg)
    synthetic.write_progress(config, 0.4, 7, TODAY)
    changed = folder / "changed.duckdb"
    shutil.copy(cfg.database_path, changed)
    rw = duckdb.connect(str(changed))
    ids = [
        r[0] for r in rw.execute("SELECT commitment_id FROM commitments ORDER BY commitment_id").fetchall()
    ]
    for i, text in enumerate(CASED):
        rw.execute("UPDATE commitments SET title = title || ? WHERE commitment_id = ?", [text, ids[i * 7]])
        rw.execute(
            "UPDATE commitments SET quote = ? || quote WHERE commitment_id = ?", [text, ids[i * 7 + 1]]
        )
        rw.execute("UPDATE commitments SET list_name = ? WHERE commitment_id = ?", [text, ids[i * 7 + 2]])
    # some commitments under others (a parent's title is searched with its children)
    for child, parent in zip(ids[40:60], ids[:20], strict=True):
        rw.execute("UPDATE commitments SET parent_id = ? WHERE commitment_id = ?", [parent, child])
    rw.execute("UPDATE units SET name = name || 'ABC' WHERE unit_id = (SELECT min(unit_id) FROM units)")
    rw.execute(
        "UPDATE meetings SET title = 'GDP' || title WHERE meeting_id = (SELECT min(meeting_id) FROM meetings)"
    )
    rw.close()
    cfg.database_path.unlink()
    shutil.copy(changed, cfg.database_path)
    con = connect_readonly(cfg.database_path)
    texts = [
        t
        for (t,) in con.execute(
            """SELECT title FROM commitments UNION ALL SELECT quote FROM commitments
               UNION ALL SELECT list_name FROM commitments UNION ALL SELECT name FROM units
               UNION ALL SELECT title FROM meetings"""
        ).fetchall()
        if t
    ]
    yield con, status.status_view(con, cfg, TODAY), sorted(set(texts)) + CASED
    con.close()


def _both(con: duckdb.DuckDBPyConnection, view: q.StatusView, f: q.Filters, words: str) -> list[tuple]:
    """(prepared, plain) of the count, a page and the whole list for the words."""
    out = []
    for enabled in (True, False):
        derived.ENABLED = enabled
        try:
            out.append(
                (
                    q.count_commitments(con, f, words, status=view),
                    q.commitments(con, f, words, limit=7, offset=2, status=view),
                    q.commitments(con, f, words, status=view),
                )
            )
        finally:
            derived.ENABLED = True
    return out


def _same(con: duckdb.DuckDBPyConnection, view: q.StatusView, f: q.Filters, words: str) -> int:
    (n, page, rows), (n0, page0, rows0) = _both(con, view, f, words)
    assert n == n0 == len(rows0)
    for a, b in ((page, page0), (rows, rows0)):
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    return n


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_search_on_the_prepared_tables_finds_the_rows_the_plain_search_finds(setup, data) -> None:  # noqa: ANN001
    con, view, texts = setup
    words = []
    for _ in range(data.draw(st.integers(1, 3))):
        text = data.draw(st.sampled_from(texts))
        start = data.draw(st.integers(0, max(0, len(text) - 1)))
        word = text[start : start + data.draw(st.integers(1, 4))].strip() or "工"
        words.append(word.upper() if data.draw(st.booleans()) else word)
    if data.draw(st.booleans()):
        words.append(
            data.draw(st.text(alphabet="abcABC工程城推进İı ", min_size=1, max_size=3)).strip() or "z"
        )
    f = data.draw(st.sampled_from([q.Filters(as_of=TODAY), q.Filters(unit_kind="town", as_of=TODAY)]))
    _same(con, view, f, " ".join(words))


@pytest.mark.parametrize("words", [*CASED, "pm2.5", "gdp", "abc", "ａｂｃ", "ⅻ", "i̇stanbul", "GDP 工程"])
def test_texts_that_change_when_lowered_are_found_as_the_plain_search_finds_them(setup, words: str) -> None:  # noqa: ANN001
    con, view, _ = setup
    assert search.cased(con).num_rows >= len(CASED)  # the copy has such texts
    _same(con, view, q.Filters(as_of=TODAY), words)


def test_a_parents_title_a_units_name_and_a_meetings_title_find_the_commitment(setup) -> None:  # noqa: ANN001
    con, view, _ = setup
    parent = con.execute(
        "SELECT p.title FROM commitments c JOIN commitments p ON p.commitment_id = c.parent_id LIMIT 1"
    ).fetchall()[0][0]
    unit = con.execute("SELECT name FROM units WHERE name LIKE '%ABC'").fetchall()[0][0]
    for words in (parent, unit, "GDP"):
        assert _same(con, view, q.Filters(as_of=TODAY), words) > 0
    _same(con, view, q.Filters(as_of=TODAY), f"{parent} {unit}")
