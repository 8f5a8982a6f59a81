"""Benchmark: extraction, builds, incremental builds, pages, queries, memory and chart export at scale,
each figure against its floor or baseline measured in the same run, on SYNTHETIC data (scripts/synthetic.py).

    .venv/bin/python scripts/bench_scale.py                     # 1k and 10k reports, 10k/100k/1M commitments
    .venv/bin/python scripts/bench_scale.py --reports 1000 10000 100000   # also build 100k reports (slow)
    .venv/bin/python scripts/bench_scale.py --quick             # small sizes, to try the script

Prints a Markdown table and writes it, with the machine, to docs/benchmarks.md (--out); work files go to --work
(default /tmp/bench-scale, corpora reused for the same size and seed). Run by hand, not in CI (tens of minutes).

Each step runs in its own process (peak memory is that process's), so a step's one-time costs are its own:
  extraction  extraction of every report vs the floor (read + normalise + one regex pass over the same files)
  build N     a full build of N reports with an empty build cache, vs the extraction floor of the same files
  incremental a build after adding one report to the 10k corpus, and with nothing changed, vs fingerprinting
  pages N     each dashboard page through AppTest at N commitments (databases made by replicating a built one)
              vs an empty page in the same process; every query behind the pages; the status table
  export      a 10-chart pack through one Chromium vs plain fig.write_image of the same figures
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import inspect
import json
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_scale_table import kept_note, machine, profiles, table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

TODAY = dt.date(2026, 6, 30)  # the dashboard's "today" in every page run (TRACKER_TODAY)
PAGES = ("overview", "departments", "towns", "commitments", "meetings", "figures", "briefing")


def _rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its finished children (MB)."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def _corpus(work: Path, reports: int, seed: int = 1) -> Path:
    """A synthetic project of `reports` reports in `work`, reused when it is already there."""
    import synthetic

    folder = work / f"corpus-{reports}-s{seed}"
    config = folder / "config.yaml"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        synthetic.write_corpus(folder, reports, seed)
        (folder / ".complete").write_text("ok")
    return config


def _fresh(config: Path) -> None:
    """No database and no build cache: the next build starts from nothing."""
    from tracker.config import load_config
    from tracker.store.cache import cache_dir

    db = load_config(config, must_exist=True).database_path
    shutil.rmtree(cache_dir(db), ignore_errors=True)
    db.unlink(missing_ok=True)


def _floor(paths: list[Path]) -> float:
    """Reading and normalising the files and one regular-expression pass: the least any extraction must do."""
    from extract import readers
    from extract.text import segment

    pattern = re.compile(r"\d+[个家处人项亩元]")
    t = time.perf_counter()
    for p in paths:
        text = readers.read_file(p).text
        doc = segment(text)
        sum(1 for para in doc.paragraphs for _ in pattern.finditer(para.text))
    return time.perf_counter() - t


# --- steps (each in its own process; prints one JSON object) -----------------------------------------


def step_extraction(work: Path, reports: int) -> dict:
    """Extraction of every report of a corpus in one process vs its floor, with the profile of the extraction."""
    from extract.units import Gazetteer
    from tracker.build.runner import extract_source
    from tracker.config import load_config

    out = {}
    real = ROOT / "tests" / "corpus"
    for name, config in (("synthetic", _corpus(work, reports)), ("real", None)):
        if config is None:
            cfg = load_config(ROOT / "config.yaml")
            from tracker.config import Source

            files = sorted(real.glob("*.txt"))
            sources = [Source(path=f, id=f"r{i}") for i, f in enumerate(files)]
        else:
            cfg = load_config(config, must_exist=True)
            sources = list(cfg.sources)
        paths = [cfg.resolve(s.path) for s in sources]
        size = sum(p.stat().st_size for p in paths)
        gaz = Gazetteer.from_config(cfg)
        extract_source(cfg, sources[0], gaz)  # one-time loads (jieba's dictionary) are not per report
        runs = 5 if len(sources) < 200 else 2  # the least of several passes, as the floor (a shared machine)
        floor = min(_floor(paths) for _ in range(runs))
        passes = []
        for _ in range(runs):
            t = time.perf_counter()
            for s in sources:
                extract_source(cfg, s, gaz)
            passes.append(time.perf_counter() - t)
        took = min(passes)
        prof = cProfile.Profile()  # a second pass for the profile (the profiler slows what it measures)
        prof.enable()
        for s in sources[:300]:
            extract_source(cfg, s, gaz)
        prof.disable()
        stats = pstats.Stats(prof)
        profiled = sum(v[2] for v in stats.stats.values())
        top = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:8]  # by own time
        areas: dict[str, float] = {}
        for (file, _line, _fn), v in stats.stats.items():  # own time by where the code lives
            area = (
                "jieba (part-of-speech tagging)"
                if "jieba" in file
                else f"extract/{Path(file).name}"
                if "/extract/" in file
                else "built-ins (str, dict, re …)"
                if file == "~"
                else "other"
            )
            areas[area] = areas.get(area, 0.0) + v[2]
        out[name] = {
            "reports": len(sources),
            "mb": size / 1e6,
            "seconds": took,
            "passes": passes,
            "floor": floor,
            "profile": [
                {"function": f"{Path(k[0]).name}:{k[2]}", "own_s": v[2], "share": v[2] / max(profiled, 1e-9)}
                for k, v in top
            ],
            "areas": sorted(([a, t, t / max(profiled, 1e-9)] for a, t in areas.items()), key=lambda x: -x[1])[
                :8
            ],
        }
    return out


def step_build(work: Path, reports: int) -> dict:
    """A full build with an empty cache: time, its steps, rows, sizes and peak memory."""
    import duckdb

    from tracker.build import incremental, run_build
    from tracker.config import load_config
    from tracker.store.cache import cache_dir

    config = _corpus(work, reports)
    _fresh(config)
    cfg = load_config(config, must_exist=True)
    t = time.perf_counter()
    run_build(cfg)
    took = time.perf_counter() - t
    built = incremental.LAST[0]
    paths = [cfg.resolve(s.path) for s in cfg.sources]
    floor = _floor(paths)
    con = duckdb.connect(str(cfg.database_path), read_only=True)
    rows = {  # table names from this fixed list only
        t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in ("commitments", "evidence")
    }
    con.close()
    cache = sum(f.stat().st_size for f in cache_dir(cfg.database_path).iterdir())
    me, _kids = _rss_mb()
    kids = built.worker_rss_mb
    return {
        "reports": reports,
        "mb": sum(p.stat().st_size for p in paths) / 1e6,
        "seconds": took,
        "steps": built.seconds,
        "floor": floor,
        "rows": rows,
        "db_mb": cfg.database_path.stat().st_size / 1e6,
        "cache_mb": cache / 1e6,
        "rss_mb": me,
        "workers_rss_mb": kids,
        "workers": incremental.workers(cfg),
    }


def step_incremental(work: Path, reports: int) -> dict:
    """With the corpus built: a build with nothing changed, after adding one report, and of the CLI."""
    from tracker.build import incremental, run_build
    from tracker.build.runner import read_inputs
    from tracker.config import load_config

    config = _corpus(work, reports)
    cfg = load_config(config, must_exist=True)
    run_build(cfg)  # up to date first (a build of another size may have run in between)
    out: dict[str, object] = {"reports": reports}
    t = time.perf_counter()
    cfg = load_config(config, must_exist=True)
    out["load_config"] = time.perf_counter() - t
    t = time.perf_counter()
    run_build(cfg)
    out["nothing"] = time.perf_counter() - t
    t = time.perf_counter()
    read_inputs(cfg)
    out["fingerprint"] = time.perf_counter() - t
    import synthetic

    try:
        with synthetic.one_report_added(config):
            t = time.perf_counter()
            cfg = load_config(config, must_exist=True)
            run_build(cfg)
            out["add_one"] = time.perf_counter() - t
            out["add_one_steps"] = incremental.LAST[0].seconds
            out["add_one_extracted"] = incremental.LAST[0].extracted
            t = time.perf_counter()
            r = subprocess.run(
                [sys.executable, "-m", "extract", "--config", str(config), "-q"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            out["cli_nothing"] = time.perf_counter() - t
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import tracker.cli.extract"], cwd=ROOT, check=True)
            out["cli_imports"] = time.perf_counter() - t
            del r
    finally:
        run_build(load_config(config, must_exist=True))
    return out


def _dashboard_project(work: Path, commitments: int, base_reports: int) -> Path:
    """A project whose database has about `commitments` commitments (a built base corpus replicated) and a
    synthetic progress log; made once and reused."""
    import duckdb
    import synthetic

    from tracker.build import run_build
    from tracker.config import load_config

    base = _corpus(work, base_reports)
    cfg = load_config(base, must_exist=True)
    run_build(cfg)
    con = duckdb.connect(str(cfg.database_path), read_only=True)
    n_base = con.execute("SELECT count(*) FROM commitments").fetchall()[0][0]
    con.close()
    copies = max(1, round(commitments / n_base))
    folder = work / f"dash-{commitments}"
    config = folder / "config.yaml"
    from tracker.store.db import SCHEMA_VERSION

    marker = (
        folder / ".complete"
    )  # holds the schema it was made for: a database of an older schema is made again
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == str(SCHEMA_VERSION):
        return config
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "data").symlink_to(base.parent / "data", target_is_directory=True)
    text = base.read_text(encoding="utf-8")
    text = text.replace("database: data/tracker.duckdb", f"database: db/tracker-{commitments}.duckdb")
    text += f"progress:\n  log: db/progress-{commitments}.jsonl\nallowed_folders: [{base.parent / 'data'}]\n"
    config.write_text(text, encoding="utf-8")
    (folder / "db").mkdir()
    synthetic.replicate_database(cfg.database_path, folder / "db" / f"tracker-{commitments}.duckdb", copies)
    share = min(0.3, 30000 / (n_base * copies))
    synthetic.write_progress(config, share, 1, TODAY)
    marker.write_text(str(SCHEMA_VERSION))
    return config


def _queries(con: object, cfg: object) -> dict[str, list[tuple[str, tuple, dict]]]:
    """Every query the pages make (tracker.store.queries names and arguments), per page."""
    from tracker.store import queries as q

    f = q.Filters(as_of=TODAY)
    page = {"limit": q.PAGE_SIZE, "offset": 0}
    one = q.meeting_choices(con, f, 1)["meeting_id"].iloc[0]  # type: ignore[arg-type]
    src = q.meetings(con, q.Filters(meeting_ids=(one,)))["source_id"].iloc[0]  # type: ignore[arg-type]
    return {
        "sidebar": [
            ("periods", (), {}),
            ("meeting_choices", (q.Filters(), 1000, ()), {}),
            ("unit_options", (None,), {}),
            ("build_meta", (), {}),
        ],
        "overview": [
            ("headline", (f, TODAY), {}),
            ("status_counts", (f,), {}),
            ("commitments_by_meeting", (f,), {}),
            ("recent_meetings", (f, 5), {}),
            ("overdue", (f, TODAY), {"due_source": "text", **page}),
            ("overdue", (f, TODAY), {"due_source": "default", **page}),
            ("commitments", (q.Filters(statuses=(q.NO_REPORT,), as_of=TODAY),), page),
            ("count_follow_up", (None,), {}),
            ("follow_up_rows", (None,), page),
        ],
        "departments / towns": [
            ("unit_status_counts", (f, "department", ()), {}),
            ("unit_status_counts", (f, "town", ()), {}),
            ("dept_town_links", (f,), {}),
            ("departments_in_data", (), {}),
            ("ranking_inputs", (f,), {}),
            ("meeting_dates", (f,), {}),
        ],
        "commitments": [
            ("count_commitments", (f, ""), {}),
            ("commitments", (f, ""), page),
            ("count_commitments", (f, "工程"), {}),
            ("commitments", (f, "工程"), page),
        ],
        "meetings": [
            ("count_meetings", (f,), {}),
            ("meeting_choices", (f, 500, ()), {}),
            ("meetings", (q.Filters(meeting_ids=(one,), as_of=TODAY),), {}),
            ("meeting_commitments", (one,), {}),
            ("spans", (src,), {}),
            ("source", (src,), {}),
        ],
        "figures": [
            ("count_figures", (f,), {}),
            ("top_figures", (f, 15, 6), {}),
            ("figure_groups", (f, "topic"), {}),
            ("figures_in_group", (f, "measure", "个"), page),
        ],
    }


def step_pages(work: Path, commitments: int, base_reports: int, runs: int) -> dict:
    """Page run times (AppTest) and query times at one size, in a fresh process."""
    config = _dashboard_project(work, commitments, base_reports)
    os.environ.update(TRACKER_CONFIG=str(config), TRACKER_AUTO_REBUILD="0", TRACKER_TODAY=TODAY.isoformat())
    import duckdb
    import streamlit as st
    from bench_pages import _skip_legacy_pages_pass
    from streamlit.testing.v1 import AppTest

    from tracker.config import load_config
    from tracker.progress import status
    from tracker.reports import brief
    from tracker.store import queries as q
    from tracker.store.db import connect_readonly

    _skip_legacy_pages_pass()
    empty = AppTest.from_string("import streamlit as st\nst.title('empty')", default_timeout=600)
    empty.run()
    empty_times = []
    for _ in range(runs):
        t = time.perf_counter()
        empty.run()
        empty_times.append(time.perf_counter() - t)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=1200)
    t = time.perf_counter()
    at.run()
    first = time.perf_counter() - t
    pages = {}
    for name in PAGES:
        at.switch_page(f"pages/{name}.py")
        at.run()  # the page's one-time costs in this process (imports, its first figure)
        st.cache_data.clear()  # cold: every query of the page runs (the status table is kept)
        t = time.perf_counter()
        at.run()
        cold = time.perf_counter() - t
        st.cache_data.clear()
        st.cache_resource.clear()  # after a new progress entry: the status table and log are read again
        t = time.perf_counter()
        at.run()
        after_log = time.perf_counter() - t
        warm = []
        for _ in range(runs):
            t = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t)
        problems = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
        pages[name] = {
            "cold": cold,
            "after_log": after_log,
            "warm": statistics.median(warm),
            "problems": problems,
        }
    me, _kids = _rss_mb()  # the dashboard's peak: before the direct query timings below
    cfg = load_config(config, must_exist=True)
    con = connect_readonly(cfg.database_path)
    n = con.execute("SELECT count(*) FROM commitments").fetchall()[0][0]
    entries = sum(1 for _ in open(cfg.progress_log_path, encoding="utf-8"))
    t = time.perf_counter()
    view = status.status_view(con, cfg, TODAY)
    status_s = time.perf_counter() - t
    t = time.perf_counter()
    status.load_entries(cfg.progress_log_path)
    log_s = time.perf_counter() - t
    timings: dict[str, list[tuple[str, float]]] = {}
    for page, calls in _queries(con, cfg).items():
        for name, args, kwargs in calls:
            fn = getattr(q, name)
            if "status" in inspect.signature(fn).parameters:  # as the dashboard hands it its status view
                kwargs = {**kwargs, "status": view}
            t = time.perf_counter()
            fn(con, *args, **kwargs)
            timings.setdefault(page, []).append((name, time.perf_counter() - t))
    t = time.perf_counter()
    gather_error = ""
    try:
        brief.gather(con, cfg, brief.BriefOptions(as_of=TODAY))
    except duckdb.OutOfMemoryException as e:  # a miss to report, not a reason to lose the other figures
        gather_error = str(e).splitlines()[0]
    gather_s = time.perf_counter() - t
    con.close()

    return {
        "commitments": n,
        "progress_entries": entries,
        "status_s": status_s,
        "log_s": log_s,
        "queries": {k: sorted(v, key=lambda x: -x[1]) for k, v in timings.items()},
        "gather_s": gather_s,
        "gather_error": gather_error,
        "empty": statistics.median(empty_times),
        "first_run": first,
        "pages": pages,
        "rss_mb": me,
    }


def step_export(work: Path, reports: int) -> dict:
    """A 10-chart briefing pack through one Chromium vs plain fig.write_image of the same figures."""
    from tracker.build import run_build
    from tracker.config import load_config
    from tracker.reports import brief
    from tracker.reports import render as export
    from tracker.store.db import connect_readonly

    if not export.chromium_available():
        return {"skipped": export.install_hint("en")}
    cfg = load_config(_corpus(work, reports), must_exist=True)
    run_build(cfg)
    con = connect_readonly(cfg.database_path)
    names = brief.DEFAULT_CHARTS[:10]
    data = brief.gather(con, cfg, brief.BriefOptions(charts=names, as_of=TODAY))
    con.close()
    figs = [brief.for_slide(brief.build_chart(data, n)) for n in names]
    export.shutdown()
    t = time.perf_counter()
    export.render_many(figs, "png", scale=2)
    pack = time.perf_counter() - t
    export.shutdown()
    t = time.perf_counter()
    brief.to_pptx(brief.assemble(data))
    pptx = time.perf_counter() - t
    export.shutdown()
    out = work / "plain-export"
    out.mkdir(exist_ok=True)
    t = time.perf_counter()
    for i, fig in enumerate(figs):
        fig.write_image(out / f"{i}.png", scale=2)
    plain = time.perf_counter() - t
    return {"charts": len(figs), "pack": pack, "pptx": pptx, "plain": plain}


STEPS = {
    "extraction": step_extraction,
    "build": step_build,
    "incremental": step_incremental,
    "pages": step_pages,
    "export": step_export,
}


REUSE = False  # --reuse: take a step's result from an earlier run when its file is there


def _run_step(name: str, *args: object) -> dict:
    """Run one step in a fresh process and return what it printed (JSON on its last line); the result is also
    kept in <work>/results/ (with --reuse, a kept result is taken instead of running the step again)."""
    kept = Path(str(args[0])) / "results" / f"{name}-{'-'.join(map(str, args[1:]))}.json"
    if REUSE and kept.exists():
        print(
            f"... {name} {' '.join(map(str, args))}: kept result of {kept.stat().st_mtime_ns}",
            file=sys.stderr,
        )
        return json.loads(kept.read_text(encoding="utf-8"))
    cmd = [sys.executable, str(Path(__file__).resolve()), "_step", name, *map(str, args)]
    print(f"... {name} {' '.join(map(str, args))}", file=sys.stderr, flush=True)
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"step {name} failed")
    out = json.loads(r.stdout.strip().splitlines()[-1])
    out["_ran_at"] = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    print(f"    done in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text(json.dumps(out, default=str), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    """Run every step, print the table and write it to --out."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_step"]:
        name, work, *rest = argv[1:]
        args = [int(x) for x in rest]
        print(json.dumps(STEPS[name](Path(work), *args), default=str))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reports", type=int, nargs="+", default=[1000, 10000], help="corpus sizes to build")
    p.add_argument("--commitments", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    p.add_argument(
        "--dash-base",
        type=int,
        default=1340,
        help="reports in the corpus whose database is replicated for the page sizes (1,340 give about 10k commitments)",
    )
    p.add_argument("--work", type=Path, default=Path("/tmp/bench-scale"))
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    p.add_argument("--runs", type=int, default=3, help="warm runs per page (median)")
    p.add_argument("--quick", action="store_true", help="small sizes: 200 and 1,000 reports, 10k commitments")
    p.add_argument("--skip", nargs="*", default=[], choices=list(STEPS), help="steps to leave out")
    p.add_argument(
        "--reuse",
        action="store_true",
        help="take results kept in --work by an earlier run instead of running again",
    )
    args = p.parse_args(argv)
    global REUSE
    REUSE = args.reuse
    if args.quick:
        args.reports, args.commitments, args.dash_base = [200, 1000], [2_000, 10_000], 270
    args.work.mkdir(parents=True, exist_ok=True)
    base = min(args.reports)  # the smallest corpus: extraction, export and the dashboard databases' base
    res: dict[str, object] = {}
    started = time.perf_counter()
    if "extraction" not in args.skip:
        res["extraction"] = _run_step("extraction", args.work, min(1000, base))
    if "build" not in args.skip:
        res["builds"] = [_run_step("build", args.work, n) for n in sorted(args.reports)]
    if "incremental" not in args.skip:
        size = 10_000 if 10_000 in args.reports else max(args.reports)  # the target is about 10k reports
        res["incremental"] = _run_step("incremental", args.work, size)
    if "pages" not in args.skip:
        res["pages"] = [_run_step("pages", args.work, n, args.dash_base, args.runs) for n in args.commitments]
    if "export" not in args.skip:
        res["export"] = _run_step("export", args.work, base)
    lines = table(res)
    print("\n".join(lines))
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    doc = [
        "# Benchmarks",
        "",
        f"Latest run: {when}, `{' '.join(['scripts/bench_scale.py', *argv])}`, "
        f"{(time.perf_counter() - started) / 60:.0f} minutes{kept_note(res) if REUSE else ''}.",
        "",
        f"Machine: {machine()}.",
        "",
        "All data is SYNTHETIC (scripts/synthetic.py: a made-up prefecture with 120 towns and 30 departments; "
        "databases above the built sizes are a built one replicated with new ids). Each figure is measured "
        "against its floor or baseline in the same run; see the README's Speed section for what the targets are, "
        "where they are missed and why.",
        "",
        *lines,
        "",
        *profiles(res),
        "Raw results (JSON):",
        "",
        "```json",
        json.dumps(res, indent=1, default=str, ensure_ascii=False),
        "```",
        "",
    ]
    args.out.write_text("\n".join(doc), encoding="utf-8")
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
