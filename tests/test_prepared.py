"""The page queries give the same rows whether they read the tables prepared with the status view or join the
status view themselves (tracker.store.queries.derived), on a SYNTHETIC project."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tracker.build import run_build
from tracker.config import load_config
from tracker.progress import status
from tracker.store import queries as q
from tracker.store.db import connect_readonly
from tracker.store.queries import derived

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import synthetic  # noqa: E402

TODAY = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    config = synthetic.write_corpus(tmp_path_factory.mktemp("prepared"), 60, seed=5, towns=8, departments=6)
    cfg = load_config(config, must_exist=True)
    run_build(cfg)
    synthetic.write_progress(config, 0.4, 5, TODAY)
    cfg = load_config(config, must_exist=True)
    con = connect_readonly(cfg.database_path)
    yield con, status.status_view(con, cfg, TODAY)
    con.close()


FILTERS = [
    q.Filters(as_of=TODAY),
    q.Filters(unit_kind="town", as_of=TODAY),
    q.Filters(statuses=("推进中", "未填报"), as_of=TODAY),
    q.Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2025, 6, 30), as_of=TODAY, reviewed_only=True),
]

QUERIES: dict[str, Callable[..., object]] = {
    "headline": lambda con, f, s: q.headline(con, f, TODAY, status=s),
    "status_counts": lambda con, f, s: q.status_counts(con, f, status=s),
    "commitments": lambda con, f, s: q.commitments(con, f, status=s),
    "page": lambda con, f, s: q.commitments(con, f, limit=9, offset=4, status=s),
    "count": lambda con, f, s: q.count_commitments(con, f, status=s),
    "overdue": lambda con, f, s: q.overdue(con, f, TODAY, due_source="default", limit=9, status=s),
    "by_meeting": lambda con, f, s: q.commitments_by_meeting(con, f, status=s),
    "recent": lambda con, f, s: q.recent_meetings(con, f, 5, status=s),
    "units": lambda con, f, s: q.unit_status_counts(con, f, "town", ("无此镇",), status=s),
    "holdings": lambda con, f, s: q.unit_holdings(con, f, status=s),
    "ranking": lambda con, f, s: q.ranking_inputs(con, f, status=s),
    "links": lambda con, f, s: q.dept_town_links(con, f, status=s),
    "follow_up": lambda con, f, s: q.follow_up_rows(con, limit=9, status=s),
    "count_follow_up": lambda con, f, s: q.count_follow_up(con, status=s),
}
UNORDERED = {"by_meeting", "ranking"}  # rows in no particular order either way


@pytest.mark.parametrize("name", list(QUERIES))
def test_prepared_tables_give_the_rows_a_join_gives(
    setup: tuple[duckdb.DuckDBPyConnection, q.StatusView], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    con, view = setup
    for f in FILTERS:
        fast = QUERIES[name](con, f, view)
        monkeypatch.setattr(derived, "ENABLED", False)
        slow = QUERIES[name](con, f, view)
        monkeypatch.setattr(derived, "ENABLED", True)
        if isinstance(fast, pd.DataFrame) and isinstance(slow, pd.DataFrame):
            if name in UNORDERED:
                fast, slow = (x.sort_values(list(x.columns), kind="stable") for x in (fast, slow))
            pd.testing.assert_frame_equal(fast.reset_index(drop=True), slow.reset_index(drop=True))
        else:
            assert fast == slow
    assert view.memo  # the prepared tables were made and kept with the view
