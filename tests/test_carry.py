"""After a progress or review entry the status table and the tables prepared from it are carried over — only the
rows of the items the entry touches made again (tracker/progress/status_update.py,
tracker/store/queries/carry.py) — and equal the same tables made from the start, on a SYNTHETIC project."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import uuid
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from tracker.build import review_update, run_build
from tracker.build.review import apply_in_place, review_store
from tracker.config import Config, load_config
from tracker.progress import status, status_table, status_update
from tracker.progress.extension import approved_dues, read_extensions
from tracker.progress.log import Update, append_updates, open_progress_log
from tracker.review.log import ReviewEntry
from tracker.store import queries as q
from tracker.store.db import connect_readonly
from tracker.store.queries import carry, derived

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import synthetic  # noqa: E402

TODAY = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("carry")
    config = synthetic.write_corpus(folder, 40, seed=7, towns=8, departments=6)
    cfg = load_config(config, must_exist=True)
    run_build(cfg)
    with duckdb.connect(str(cfg.database_path)) as con:  # a tree three deep (the synthetic reports have none)
        ids = _ids(con)
        for table in ("commitments", "commitments_extracted", "commitments_history"):
            for child, parent in ((ids[1], ids[0]), (ids[2], ids[0]), (ids[3], ids[1])):
                con.execute(f"UPDATE {table} SET parent_id = ? WHERE commitment_id = ?", [parent, child])
    synthetic.write_progress(config, 0.4, 7, TODAY)
    return folder


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Config:
    shutil.copytree(built, tmp_path / "p")
    return load_config(tmp_path / "p" / "config.yaml", must_exist=True)


def _plain(table: object, keys: list[str]) -> pd.DataFrame:
    """An Arrow table as a frame with dictionary columns decoded, sorted by `keys` (row order is not kept)."""
    assert isinstance(table, pa.Table)
    cols = [c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in table.columns]
    frame = pa.Table.from_arrays(cols, names=table.column_names).to_pandas()
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def _same_as_made_anew(con: duckdb.DuckDBPyConnection, view: q.StatusView) -> None:
    """The view's prepared tables equal those prepared from its status table from the start."""
    got, anew = q.prepare_status(con, view), derived._prepare(con, view.table)
    for name, keys in (
        ("light", ["commitment_id"]),
        ("held_x", ["commitment_id", "unit_id", "role"]),
        ("pairs_x", ["rid", "department", "town"]),
    ):
        pd.testing.assert_frame_equal(_plain(getattr(got, name), keys), _plain(getattr(anew, name), keys))


def _whole_status(con: duckdb.DuckDBPyConnection, config: Config) -> pd.DataFrame:
    entries = status.loop_entries(config, open_progress_log(config), con, TODAY)
    dues = approved_dues(read_extensions(config))
    table = status_update.compute_slim(con, config, TODAY, entries, dues)
    return status_table.frame(table).sort_values("commitment_id").reset_index(drop=True)


def _ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [str(c) for (c,) in con.execute("SELECT commitment_id FROM commitments ORDER BY rowid").fetchall()]


def test_after_a_progress_entry_the_prepared_tables_are_patched_and_equal_tables_made_anew(
    project: Config,
) -> None:
    con = connect_readonly(project.database_path)
    try:
        status.status_view(con, project, TODAY)  # the tables made once, from the start
        ids = _ids(con)
        for n, (cid, word, pct) in enumerate(((ids[3], "已完成", 100.0), (ids[-2], "滞后", 10.0))):
            append_updates(project.progress_log_path, [Update(cid, word, pct, TODAY)], source="cli")
            carried = dict(carry.CARRIED)
            view = status.status_view(con, project, TODAY)
            assert carry.CARRIED["carried"] == carried["carried"] + 1, f"entry {n}: prepared from the start"
            assert 0 < carry.CARRIED["rows"] - carried["rows"] < len(ids) / 2  # the touched trees only
            light = _plain(q.prepare_status(con, view).light, ["commitment_id"]).set_index("commitment_id")
            assert light.loc[cid, "status"] == word
            _same_as_made_anew(con, view)
    finally:
        con.close()


def test_after_a_review_entry_only_its_items_are_computed_again(project: Config) -> None:
    con = connect_readonly(project.database_path)
    try:
        status.status_view(con, project, TODAY)
        ids = _ids(con)
    finally:
        con.close()
    for n, cid in enumerate((ids[1], ids[len(ids) // 2])):  # a parent: its children's row numbers follow it
        stamp = dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC).isoformat()
        entry = ReviewEntry(
            entry_id=uuid.uuid4().hex, commitment_id=cid, action="confirm", entered_by="synthetic",
            entered_at=stamp, source="cli",
        )  # fmt: skip
        review_store(project).append_batch(lambda cur, e=entry: [e])
        applied = dict(review_update.APPLIES)
        apply_in_place(project)
        assert review_update.APPLIES["incremental"] == applied["incremental"] + 1
        computed, full = status_update.RECOMPUTES["items"], status_update.RECOMPUTES["full"]
        carried = carry.CARRIED["carried"]
        con = connect_readonly(project.database_path)  # the new version of the file
        try:
            view = status.status_view(con, project, TODAY)
            assert status_update.RECOMPUTES["full"] == full, (
                f"review {n}: the whole status table computed again"
            )
            assert 0 < status_update.RECOMPUTES["items"] - computed < len(ids) / 2
            got = (
                status_table.frame(status.slim_status(con, project, TODAY))
                .sort_values("commitment_id")
                .reset_index(drop=True)
            )
            pd.testing.assert_frame_equal(got, _whole_status(con, project))
            assert carry.CARRIED["carried"] == carried + 1, f"review {n}: prepared from the start"
            light = _plain(q.prepare_status(con, view).light, ["commitment_id"]).set_index("commitment_id")
            assert light.loc[cid, "review_state"] == "confirmed"
            _same_as_made_anew(con, view)
        finally:
            con.close()


@pytest.mark.parametrize("n", [1, 10, 300])  # a few rows put in as slices, many with one take
def test_swap_rows_puts_each_row_in_its_place_and_keeps_unchanged_columns(n: int) -> None:
    import numpy as np
    import pyarrow.compute as pc

    rng = np.random.default_rng(n)
    size = 1000
    words = [f"w{i % 7}" for i in range(size)]
    table = pa.table(
        {
            "k": pa.chunked_array(
                [pc.dictionary_encode(pa.array(words[:600])), pc.dictionary_encode(pa.array(words[600:]))]
            ),
            "v": pa.array(np.arange(size, dtype=np.int64)),
            "same": pa.array([i % 3 for i in range(size)]),
        }
    )
    where = rng.choice(size, n, replace=False).astype(np.int64)
    part = pa.table(
        {
            "k": pa.array([f"new{i}" for i in range(n)]),
            "v": pa.array(-np.arange(n, dtype=np.int64) - 1),
            "same": pa.array([int(w) % 3 for w in where]),
        }
    )
    got = carry.swap_rows(table, where, part)
    assert got is not None
    want_k, want_v = list(words), list(range(size))
    for i, w in enumerate(where.tolist()):
        want_k[w], want_v[w] = f"new{i}", -i - 1
    assert got.column("k").cast(pa.string()).to_pylist() == want_k
    assert got.column("v").to_pylist() == want_v
    same, before = got.column("same").chunk(0), table.column("same").chunk(0)
    assert same.buffers()[1].address == before.buffers()[1].address  # unchanged: shared, not copied
