"""Caches of whole tables bounded by rows (tracker/store/kept.py): at a million items one table is kept, and
the old ones are dropped before a new one is made, not after."""

from __future__ import annotations

from collections import OrderedDict

import pandas as pd
import pyarrow as pa
import pytest

from tracker.store import kept


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
