"""A review command applies only the new review entries to the database when it can
(tracker/build/review_update.py), and the result is what applying the whole log gives: on the built seed project,
over random sequences of review actions and progress entries."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.review_fixtures import cli, table
from tracker.build import review_update
from tracker.build.review import REVIEW_TABLES, apply_in_place
from tracker.config import load_config
from tracker.progress.log import Update, append_updates
from tracker.store import db


def _tables(path: Path) -> dict[str, pd.DataFrame]:
    """Every review table (rows in a fixed order) and the review's build_info rows."""
    con = db.connect_readonly(path)
    try:
        out = {}
        for name in REVIEW_TABLES:
            frame = con.execute(f"SELECT * FROM {name}").df()
            out[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
        info = dict(con.execute("SELECT key, value FROM build_info WHERE key LIKE 'review%'").fetchall())
        out["build_info"] = pd.DataFrame(sorted(info.items()))
        return out
    finally:
        con.close()


def _full_apply(config_path: Path, folder: Path) -> dict[str, pd.DataFrame]:
    """The database's review tables as the whole log applied to a copy of it gives them."""
    cfg = load_config(config_path, must_exist=True)
    copy = folder / "full.duckdb"
    shutil.copyfile(cfg.database_path, copy)
    con = duckdb.connect(str(copy))
    con.execute("DELETE FROM build_info WHERE key = ?", [review_update.APPLIED_KEY])  # no incremental path
    con.close()
    full = review_update.APPLIES["full"]
    apply_in_place(cfg, copy)
    assert review_update.APPLIES["full"] == full + 1
    return _tables(copy)


def _same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=False, obj=name)


def _items(config_path: Path) -> list[str]:
    return list(
        table(config_path, "SELECT commitment_id FROM commitments ORDER BY commitment_id")["commitment_id"]
    )


def _act(config_path: Path, rng: random.Random) -> str:
    """One random review command (or a progress report); its name."""
    items = _items(config_path)
    cid = rng.choice(items)
    kind = rng.choice(["confirm", "confirm", "edit", "edit", "progress", "reject", "merge"])
    if kind == "confirm":
        args: tuple[str, ...] = ("review", "confirm", cid)
    elif kind == "edit":
        day = (dt.date(2024, 6, 1) + dt.timedelta(days=rng.randrange(200))).isoformat()
        args = ("review", "edit", cid, "--title", f"合成标题{rng.randrange(1000)}", "--due", day)
        if rng.random() < 0.5:  # a unit no report named: the review adds it to the units
            args += ("--owner", f"合成{rng.randrange(3)}局:lead")
    elif kind == "reject":
        args = ("review", "reject", cid, "--why", "合成")
    elif kind == "merge":
        other = rng.choice([c for c in items if c != cid])
        args = ("review", "merge", cid, "--into", other)
    else:
        cfg = load_config(config_path, must_exist=True)
        append_updates(
            cfg.progress_log_path, [Update(cid, "推进中", 30.0, dt.date(2024, 3, 1))], source="cli"
        )
        return kind
    rc, _out, err = cli(config_path, *args, "--user", "审核员")
    assert rc == 0, err
    return kind


@pytest.mark.slow  # random review sequences, with the property tests; the named-item and merge cases below are fast
@pytest.mark.parametrize("seed", [1, 2])
def test_each_review_applied_alone_equals_the_whole_log_applied(
    built_project: Path, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    inc = review_update.APPLIES["incremental"]
    kinds = []
    for _ in range(8):
        kinds.append(_act(built_project, rng))
        if kinds[-1] == "progress":
            continue  # a progress report changes no table until the next review or build applies the log
        cfg = load_config(built_project, must_exist=True)
        _same(_tables(cfg.database_path), _full_apply(built_project, tmp_path))
    simple = sum(k in ("confirm", "edit") for k in kinds)
    assert review_update.APPLIES["incremental"] - inc >= min(simple, 1)  # the simple ones took the short path


def test_a_confirmation_replays_only_the_item_it_names(built_project: Path, tmp_path: Path) -> None:
    cid = _items(built_project)[3]
    rc, _out, err = cli(
        built_project, "review", "edit", _items(built_project)[5], "--title", "合成", "--user", "甲"
    )
    assert rc == 0, err
    full, inc = review_update.APPLIES["full"], review_update.APPLIES["incremental"]
    rc, _out, err = cli(built_project, "review", "confirm", cid, "--user", "甲")
    assert rc == 0, err
    assert review_update.APPLIES["incremental"] == inc + 1 and review_update.APPLIES["full"] == full
    cfg = load_config(built_project, must_exist=True)
    assert table(cfg, "SELECT review_state FROM commitments WHERE commitment_id = ?", [cid])["review_state"][
        0
    ] == ("confirmed")
    assert db.build_info(cfg.database_path)[review_update.APPLIED_KEY] == "2"
    _same(_tables(cfg.database_path), _full_apply(built_project, tmp_path))


def test_a_merge_is_the_full_apply(built_project: Path) -> None:
    a, b = _items(built_project)[:2]
    full = review_update.APPLIES["full"]
    rc, _out, err = cli(built_project, "review", "merge", a, "--into", b, "--user", "甲")
    assert rc == 0, err
    assert review_update.APPLIES["full"] == full + 1
