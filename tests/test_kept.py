"""Caches of whole tables bounded by rows (tracker/store/kept.py): at a million items one table is kept, and
the old ones are dropped before a new one is made, not after."""

from __future__ import annotations

import datetime as dt
import sys
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from tracker.build import run_build
from tracker.config import load_config
from tracker.progress import status, status_update
from tracker.store import kept
from tracker.store.db import connect_readonly

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import synthetic  # noqa: E402


def _table(rows: int) -> pa.Table:
    return pa.table({"commitment_id": [f"c-{i}" for i in range(rows)]})


def test_trim_keeps_the_newest_tables_that_fit_the_row_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept, "ROW_BUDGET", 25)
    cache: OrderedDict[str, pa.Table] = OrderedDict((k, _table(10)) for k in "abcd")
    kept.trim(cache, kept.num_rows, 4)
    assert list(cache) == ["c", "d"]  # 20 rows fit, 30 would not
    cache["e"] = _table(40)  # larger than the budget alone: still kept, being the newest
    kept.trim(cache, kept.num_rows, 4)
    assert list(cache) == ["e"]


def test_trim_keeps_at_most_the_count_given(monkeypatch: pytest.MonkeyPatch) -> None:
    cache: OrderedDict[str, pd.DataFrame] = OrderedDict((k, pd.DataFrame({"x": [1, 2]})) for k in "abc")
    kept.trim(cache, kept.num_rows, 2)
    assert list(cache) == ["b", "c"]


def test_make_room_drops_old_tables_before_a_new_one_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept, "ROW_BUDGET", 25)
    cache: OrderedDict[str, pa.Table] = OrderedDict((k, _table(10)) for k in "abc")
    kept.make_room(cache, kept.num_rows, keep="a")
    assert list(cache) == ["a"]  # 10 kept + 10 coming fit; `a` (the base a new one is made from) stays
    monkeypatch.setattr(kept, "ROW_BUDGET", 100)
    cache = OrderedDict((k, _table(10)) for k in "abc")
    kept.make_room(cache, kept.num_rows)
    assert list(cache) == ["a", "b", "c"]  # room enough: nothing dropped


def test_the_status_caches_keep_one_table_when_two_do_not_fit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SYNTHETIC project: status tables of two days with a budget of one table's rows: the first is dropped
    from every cache (the second is computed without it held), and the second is what is kept."""
    config = synthetic.write_corpus(tmp_path, 12, seed=3, towns=4, departments=3)
    cfg = load_config(config, must_exist=True)
    run_build(cfg)
    con = connect_readonly(cfg.database_path)
    try:
        rows = con.execute("SELECT count(*) FROM commitments").fetchall()[0][0]
        monkeypatch.setattr(kept, "ROW_BUDGET", rows)
        monkeypatch.setattr(status, "_SLIM", OrderedDict())
        monkeypatch.setattr(status_update, "_BASES", OrderedDict())
        held: list[int] = []  # tables the caches hold while a new one is computed
        compute = status_update.compute_slim

        def counting(*args: Any, **kwargs: Any) -> Any:
            held.append(len(status._SLIM) + len(status_update._BASES))
            return compute(*args, **kwargs)

        monkeypatch.setattr(status_update, "compute_slim", counting)
        first = status.slim_status(con, cfg, dt.date(2026, 1, 31))
        second = status.slim_status(con, cfg, dt.date(2026, 2, 28))
        assert first.num_rows == second.num_rows == rows
        assert held == [0, 0]
        assert [t is second for t in status._SLIM.values()] == [True]
        assert [b.table is second for b in status_update._BASES.values()] == [True]
    finally:
        con.close()
