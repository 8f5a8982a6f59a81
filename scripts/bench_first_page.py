"""Benchmark: the dashboard's first page warm, after one progress entry and after one review entry, each against
its floor measured in the same run, on SYNTHETIC data (scripts/synthetic.py: a small corpus built, its database
replicated to the size asked, synthetic progress for a share of the items).

    .venv/bin/python scripts/bench_first_page.py                  # 10k and 100k items
    .venv/bin/python scripts/bench_first_page.py --sizes 1000000  # 1M (slow to make)

Each size runs in its own process. The first page (dashboard.py through streamlit's AppTest) is timed:
  warm              nothing changed (every query cached)
  after progress    one progress entry appended: the status table kept current (tracker/progress/status_update.py)
                    and the tables prepared from it carried over (tracker/store/queries/carry.py), and the page's
                    queries run again for the new status key; the part spent on the status table
  before            the same with the kept table dropped first: the whole table computed and its tables prepared
                    from the start, as every entry did
  floor             the page after an entry without its status table (its queries again): the time above minus
                    the status table's part
  review apply      one review confirmation applied to the database as a review command does (only the new
                    entry's items: tracker/build/review_update.py), against the whole log applied to a copy of the
                    same database (before) and the floor, copying the file and swapping it in
  after review      the first page on the new database: the status table and prepared tables of the old file carried
                    across, only the reviewed items' trees computed again
Writes its own section of docs/benchmarks.md (--out); work files in --work (reused for the same size).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_doc import write_section  # noqa: E402 - scripts/ is on the path from here

TODAY = dt.date(2026, 6, 30)  # the dashboard's "today" (TRACKER_TODAY) and the day of the entries made here
BASE_REPORTS = 200


def _base(work: Path) -> Path:
    """A built synthetic corpus of BASE_REPORTS reports (made once)."""
    import synthetic

    from tracker.build import run_build
    from tracker.config import load_config

    folder = work / f"base-{BASE_REPORTS}"
    config = folder / "config.yaml"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        synthetic.write_corpus(folder, BASE_REPORTS, 1)
        run_build(load_config(config, must_exist=True))
        (folder / ".complete").write_text("ok")
    return config


def _project(work: Path, items: int) -> tuple[Path, float]:
    """A project of about `items` items with synthetic progress and the (empty) review applied in full; its
    config and how long that full apply took."""
    import duckdb
    import synthetic

    from tracker.build.review import apply_in_place
    from tracker.config import load_config

    base = _base(work)
    cfg = load_config(base, must_exist=True)
    con = duckdb.connect(str(cfg.database_path), read_only=True)
    n_base = con.execute("SELECT count(*) FROM commitments").fetchall()[0][0]
    con.close()
    folder = work / f"dash-{items}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "db").mkdir(parents=True)
    (folder / "data").symlink_to(base.parent / "data", target_is_directory=True)
    text = base.read_text(encoding="utf-8").replace(
        "database: data/tracker.duckdb", "database: db/tracker.duckdb"
    )
    text += f"progress:\n  log: db/progress.jsonl\nreview:\n  log: db/review.jsonl\nallowed_folders: [{base.parent / 'data'}]\n"
    config = folder / "config.yaml"
    config.write_text(text, encoding="utf-8")
    db_path = folder / "db" / "tracker.duckdb"
    synthetic.replicate_database(cfg.database_path, db_path, max(1, round(items / n_base)))
    con = duckdb.connect(str(db_path))  # the extracted rows the review is applied to, as a build keeps them
    con.execute("INSERT INTO commitments_extracted SELECT * EXCLUDE (review_state) FROM commitments")
    con.execute("INSERT INTO commitment_units_extracted SELECT * FROM commitment_units")
    con.close()
    synthetic.write_progress(config, min(0.3, 30000 / items), 1, TODAY)
    t = time.perf_counter()
    apply_in_place(load_config(config, must_exist=True))
    return config, time.perf_counter() - t


def _run(at: Any) -> float:
    t = time.perf_counter()
    at.run()
    return time.perf_counter() - t


def step(work: Path, items: int, runs: int, whole_log: bool = True) -> dict:
    """Every figure at one size, in this (fresh) process."""
    config, full_apply = _project(work, items)
    os.environ.update(TRACKER_CONFIG=str(config), TRACKER_AUTO_REBUILD="0", TRACKER_TODAY=TODAY.isoformat())
    import duckdb
    from bench_pages import _skip_legacy_pages_pass
    from streamlit.testing.v1 import AppTest

    from tracker.build import review_update
    from tracker.build.review import apply_in_place, review_store
    from tracker.config import load_config
    from tracker.progress import status_update
    from tracker.progress.log import Update, append_updates
    from tracker.review.log import ReviewEntry
    from tracker.store.db import change_copy, connect_readonly

    cfg = load_config(config, must_exist=True)
    con = connect_readonly(cfg.database_path)
    n = con.execute("SELECT count(*) FROM commitments").fetchall()[0][0]
    ids = [
        r[0] for r in con.execute("SELECT commitment_id FROM commitments ORDER BY commitment_id").fetchall()
    ]
    con.close()
    entries = sum(1 for _ in open(cfg.progress_log_path, encoding="utf-8"))
    _skip_legacy_pages_pass()
    spent = {"status": 0.0}
    keep_current = status_update.slim

    def timed_slim(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return keep_current(*args, **kwargs)
        finally:
            spent["status"] += time.perf_counter() - t

    status_update.slim = timed_slim  # the page's status table is timed as part of it

    def page() -> tuple[float, float]:
        """One run of the first page: its time, and the part of it spent on the status table."""
        spent["status"] = 0.0
        return _run(at), spent["status"]

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=1800)
    first = _run(at)
    problems = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
    keys = ("warm", "progress", "progress_status", "full", "full_status", "review", "review_status")
    out: dict[str, list[float]] = {
        k: [] for k in (*keys, "apply", "apply_full", "apply_floor", "review_items")
    }
    for i in range(runs):
        _run(at)
        out["warm"].append(_run(at))
        cid = ids[(i * 7919) % len(ids)]
        append_updates(
            cfg.progress_log_path, [Update(cid, "推进中", 40.0, TODAY)], source="cli", entered_by="bench"
        )
        before = dict(status_update.RECOMPUTES)
        took, part = page()
        assert status_update.RECOMPUTES["full"] == before["full"], "the entry recomputed the whole table"
        out["progress"].append(took)
        out["progress_status"].append(part)
        status_update._BASES.clear()  # what an entry cost before: the whole table computed again
        append_updates(
            cfg.progress_log_path,
            [Update(ids[-1 - i], "滞后", 10.0, TODAY)],
            source="cli",
            entered_by="bench",
        )
        took, part = page()
        out["full"].append(took)
        out["full_status"].append(part)
        stamp = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC).isoformat()
        entry = ReviewEntry(
            entry_id=uuid.uuid4().hex, commitment_id=ids[(i * 104729 + 3) % len(ids)], action="confirm",
            entered_by="bench", entered_at=stamp, source="cli",
        )  # fmt: skip
        review_store(cfg).append_batch(lambda cur, e=entry: [e])
        t = time.perf_counter()
        change_copy(cfg.database_path, lambda con: None, {})  # the floor: copying the file and swapping it in
        out["apply_floor"].append(time.perf_counter() - t)
        if whole_log:
            copy = cfg.database_path.with_name(
                "whole-log.duckdb"
            )  # the whole log applied to a copy, as before
            shutil.copyfile(cfg.database_path, copy)
            with duckdb.connect(str(copy)) as c:
                c.execute("DELETE FROM build_info WHERE key = ?", [review_update.APPLIED_KEY])
            t = time.perf_counter()
            apply_in_place(cfg, copy)
            out["apply_full"].append(time.perf_counter() - t)
            copy.unlink()
        inc = review_update.APPLIES["incremental"]
        t = time.perf_counter()
        apply_in_place(cfg)  # what a review command does when only the review changed (runner.refresh)
        out["apply"].append(time.perf_counter() - t)
        assert review_update.APPLIES["incremental"] == inc + 1, "the review was applied in full"
        before = dict(status_update.RECOMPUTES)
        took, part = page()
        assert status_update.RECOMPUTES["full"] == before["full"], "the review recomputed the whole table"
        out["review_items"].append(status_update.RECOMPUTES["items"] - before["items"])
        out["review"].append(took)
        out["review_status"].append(part)
    problems += [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
    return {
        "items": n,
        "progress_entries": entries,
        "first": first,
        "setup_apply": full_apply,
        **{k: statistics.median(v) for k, v in out.items() if v},
        "problems": problems[:3],
        "load": "/".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def _lines(results: list[dict], started: dt.datetime, args: argparse.Namespace) -> list[str]:
    from bench_scale_table import machine

    sizes = " ".join(str(s) for s in args.sizes)
    head = [
        "## The first page after a progress or review entry",
        "",
        f"`python scripts/bench_first_page.py --sizes {sizes} --runs {args.runs}`, "
        f"{started:%Y-%m-%d %H:%M} UTC, {machine()}; SYNTHETIC data (a {BASE_REPORTS}-report synthetic corpus "
        "built and its database replicated; synthetic progress for up to 30% of the items). Medians of "
        f"{args.runs} runs; the machine is shared (load average per row). The first page is dashboard.py through "
        "streamlit's AppTest.",
        "",
        "| items | first page warm | after a progress entry (status table part) | the same with the whole "
        "status table (before) | floor: the page without its status table | review apply: new entries only | "
        "whole log applied (before) | floor: copy and swap of the file | first page after the review (status "
        "table part) | load 1/5/15 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    rows = []
    for r in results:
        if "error" in r:
            rows.append(f"| {r['size']:,} | failed: {r['error']} | | | | | | | | |")
            continue
        floor = r["progress"] - r["progress_status"]
        whole = f"{r['apply_full']:.2f} s" if "apply_full" in r else "not run (--no-whole-log)"
        rows.append(
            f"| {r['items']:,} ({r['progress_entries']:,} progress entries) | {r['warm']:.2f} s "
            f"| {r['progress']:.2f} s ({r['progress_status']:.2f} s) | {r['full']:.2f} s ({r['full_status']:.2f} s) "
            f"| {floor:.2f} s | {r['apply']:.2f} s | {whole} | {r['apply_floor']:.2f} s "
            f"| {r['review']:.2f} s ({r['review_status']:.2f} s) | {r['load']} |"
        )
    notes = [
        "",
        "After a progress entry the status rows of the touched item's tree are computed again and put in place "
        "(tracker/progress/status_update.py) and the tables the page queries read (light, holders, pairs) are "
        "carried over with only those rows made again (tracker/store/queries/carry.py); the page's own queries "
        'still run again for the new status key (the floor). "Before" drops the kept table: the whole table '
        "computed and its tables prepared from the start. After a review entry the review apply replays only "
        "the items the new entries name (tracker/build/review_update.py), against the whole log replayed over "
        "every item on a copy of the same database in the same run; the new file records which file it copied and "
        "the items it wrote (tracker/store/derivation.py), so its first page carries the status table and the "
        "prepared tables across the new version, computing only those items' trees again (status rows computed "
        "after each review entry, median per size: "
        f"{', '.join(format(r['review_items'], 'g') for r in results if 'review_items' in r)}).",
    ]
    problems = [p for r in results for p in r.get("problems", [])]
    if problems:
        notes.append(f"Page problems seen: {problems[:3]}")
    return head + rows + notes


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "_step":
        whole_log = len(argv) < 5 or argv[4] != "no-whole-log"
        print(json.dumps(step(Path(argv[1]), int(argv[2]), int(argv[3]), whole_log), default=str))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="*", default=[10000, 100000])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--work", type=Path, default=Path("/tmp/bench-first-page"))
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    p.add_argument(
        "--no-whole-log",
        action="store_true",
        help="skip the whole review log applied to a copy (hours at 1M)",
    )
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    results = []
    for size in args.sizes:
        done = subprocess.run(
            [sys.executable, __file__, "_step", str(args.work), str(size), str(args.runs),
             "no-whole-log" if args.no_whole_log else "whole-log"],
            capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        if done.returncode != 0:
            results.append({"size": size, "error": done.stderr.strip().splitlines()[-1:] or ["?"]})
            print(done.stderr[-3000:], file=sys.stderr)
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
    lines = _lines(results, started, args)
    print("\n".join(lines))
    write_section(args.out, "bench_first_page", lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
