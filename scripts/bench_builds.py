"""Benchmark of builds proportional to the change, and of evidence per 1,000 reports, on SYNTHETIC data
(scripts/synthetic.py): each figure against its floor or baseline measured in the same run.

    .venv/bin/python scripts/bench_builds.py --reports 1000 2000 10000 30000 100000 --work /tmp/bench-builds

For each size, in a process of its own (its one-time costs are its own):
  full      a build with an empty build cache: its steps, rows, evidence rows and evidence seconds per 1,000
            reports; floor: reading, normalising and one regular-expression pass over the same files (one core)
  nothing   a build with nothing changed, reading the config included (`load_compiled` + `run_build`, as
            `python -m extract` does); floor: reading the config's bytes and the status of every source
  add one   a build after adding one report (its config read and parsed again, the report extracted, the
            evidence brought up to date, the database written: only the difference when it can be, see
            tracker.build.delta) vs the full build and vs extracting that report
Prints a Markdown table and puts it, with the machine and its load, between the markers of its section in
docs/benchmarks.md (--out). Run by hand: the numbers depend on the machine's load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_doc import write_section  # noqa: E402 - scripts/ is on the path from here

CROSS = ("restatement", "figure", "completion")  # evidence rows from later reports (the rest are per report)


def _corpus(work: Path, reports: int, seed: int = 1) -> Path:
    """A synthetic project of `reports` reports in `work`, reused when it is already there."""
    import synthetic

    folder = work / f"corpus-{reports}-s{seed}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        synthetic.write_corpus(folder, reports, seed)
        (folder / ".complete").write_text("ok")
    return folder / "config.yaml"


def _floor(paths: list[Path]) -> float:
    """Reading and normalising the files and one regular-expression pass: the least any extraction must do."""
    from extract import readers
    from extract.text import segment

    pattern = re.compile(r"\d+[个家处人项亩元]")
    t = time.perf_counter()
    for p in paths:
        doc = segment(readers.read_file(p).text)
        sum(1 for para in doc.paragraphs for _ in pattern.finditer(para.text))
    return time.perf_counter() - t


def _status_floor(config: Path, paths: list[str]) -> float:
    """Reading the config's bytes with their hash and the status of every source: the least a build must do to
    know that nothing changed."""
    import hashlib

    t = time.perf_counter()
    hashlib.sha256(config.read_bytes()).hexdigest()
    for p in paths:
        os.stat(p)
    return time.perf_counter() - t


def _counts(db_path: Path) -> dict[str, int]:
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return {
            "commitments": con.execute("SELECT count(*) FROM commitments").fetchall()[0][0],
            "evidence": con.execute("SELECT count(*) FROM evidence").fetchall()[0][0],
            "cross": con.execute(
                "SELECT count(*) FROM evidence WHERE kind IN (?, ?, ?)", list(CROSS)
            ).fetchall()[0][0],
            "max_per_item": con.execute(
                "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM evidence WHERE kind IN (?, ?, ?) "
                "GROUP BY commitment_id)",
                list(CROSS),
            ).fetchall()[0][0],
        }
    finally:
        con.close()


_ALONE = """
import sys, time
sys.path.insert(0, {root!r})
from extract.units import Gazetteer
from tracker.build import lexicon
from tracker.build.sources import extract_source
from tracker.config import Source, load_config
from tracker.store.cache import cache_dir
cfg = load_config({config!r}, must_exist=True)
lexicon.keep_in(cache_dir(cfg.database_path))  # the dictionary as the build gets it
t = time.perf_counter()
extract_source(cfg, Source(path={added!r}, id="bench-floor"), Gazetteer.from_config(cfg))
print(time.perf_counter() - t)
"""


def _extract_alone(config: Path, added: Path) -> float:
    """Extracting one report in a process of its own, its dictionary taken from the build cache as the build
    takes it (Python start, imports and the config excluded): the least adding a report costs."""
    code = _ALONE.format(root=str(ROOT), config=str(config), added=str(added))
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(r.stdout.strip().splitlines()[-1])


def step(work: Path, reports: int, full: bool) -> dict:
    """One size: a full build (when `full`), a build with nothing changed, a build after adding one report."""
    from tracker.build import incremental, run_build
    from tracker.build.config_cache import keep_compiled, load_compiled
    from tracker.store.cache import cache_dir

    config = _corpus(work, reports)
    out: dict[str, object] = {"reports": reports, "load_start": os.getloadavg()[0]}
    cfg = load_compiled(config)
    if full:
        shutil.rmtree(cache_dir(cfg.database_path), ignore_errors=True)
        cfg.database_path.unlink(missing_ok=True)
    t = time.perf_counter()
    run_build(cfg)
    took = time.perf_counter() - t
    keep_compiled(cfg)
    paths = [cfg.resolve(s.path) for s in cfg.sources]
    if full:
        out["full"] = {
            "seconds": took,
            "steps": incremental.LAST[0].seconds,
            "floor": _floor(paths),
            "mb": sum(p.stat().st_size for p in paths) / 1e6,
            "rows": _counts(cfg.database_path),
            "db_mb": cfg.database_path.stat().st_size / 1e6,
        }
    # nothing changed: the config read (from its compiled copy) and the build, as `python -m extract` does
    runs, cpu = [], []
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        run_build(load_compiled(config))
        runs.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    out["nothing"] = min(runs)
    out["nothing_cpu"] = min(cpu)  # this process's own time: what other work on the machine does not add
    out["nothing_floor"] = min(_status_floor(config, [str(p) for p in paths]) for _ in range(3))
    t = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "extract", "--config", str(config), "-q"], cwd=ROOT, capture_output=True
    )
    out["cli_nothing"] = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import tracker.cli.extract"], cwd=ROOT, check=True)
    out["cli_imports"] = time.perf_counter() - t
    if r.returncode != 0:
        out["cli_error"] = r.stderr.decode("utf-8", "replace")[-500:]
    # one report added (a later meeting), as an office adds the week's report
    import synthetic

    try:
        with synthetic.one_report_added(config) as added:
            t = time.perf_counter()
            cfg = load_compiled(config)
            loaded = time.perf_counter() - t
            run_build(cfg)
            out["add_one"] = time.perf_counter() - t
            out["add_one_config"] = loaded
            out["add_one_steps"] = incremental.LAST[0].seconds
            out["add_one_extracted"] = incremental.LAST[0].extracted
            out["add_one_only_changes"] = incremental.LAST[0].only_changes
            out["add_one_floor"] = _extract_alone(config, added)
            out["add_one_floor_alone"] = True
    finally:
        run_build(load_compiled(config))
    out["load_end"] = os.getloadavg()[0]
    return out


def _machine() -> str:
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    import duckdb

    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, DuckDB {duckdb.__version__}; "
        "shared by other work running at the same time (load average per row below)"
    )


def _ok(value: float, target: float) -> str:
    return "met" if value <= target else f"missed ({value / target:.1f}× the target)"


def table(results: list[dict]) -> list[str]:
    """The Markdown rows of the results."""
    lines = [
        "| what | reports | measured | floor / baseline (same run) | ratio | target | load |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        n = r["reports"]
        load = f"{r['load_start']:.1f}–{r['load_end']:.1f}"
        f = r.get("full")
        if f:
            rows, k = f["rows"], n / 1000
            steps = ", ".join(f"{s} {v:.1f} s" for s, v in f["steps"].items())
            lines.append(
                f"| full build, empty cache | {n:,} | {f['seconds']:.1f} s ({steps}); {rows['commitments']:,} "
                f"commitments, {rows['evidence']:,} evidence rows ({rows['cross']:,} from later reports, at most "
                f"{rows['max_per_item']} per item) | extraction floor {f['floor']:.1f} s (one core) | "
                f"{f['seconds'] / f['floor']:.0f}× | — | {load} |"
            )
            lines.append(
                f"| evidence per 1,000 reports | {n:,} | {rows['cross'] / k:,.0f} rows from later reports, "
                f"{rows['evidence'] / k:,.0f} in all; {f['steps'].get('evidence', 0) / k:.2f} s | "
                f"{rows['commitments'] / k:,.0f} commitments per 1,000 reports | "
                f"{rows['cross'] / max(rows['commitments'], 1):.2f} per commitment | linear: constant per 1,000 "
                f"| {load} |"
            )
        lines.append(
            f"| build with nothing changed, config included | {n:,} | {r['nothing']:.2f} s "
            + (f"({r['nothing_cpu']:.2f} s of CPU; " if "nothing_cpu" in r else "(")
            + f"`python -m extract` {r['cli_nothing']:.2f} s wall, of which Python start and imports "
            f"{r['cli_imports']:.2f} s) | reading the config and the status of every source "
            f"{r['nothing_floor']:.2f} s | {r['nothing'] / max(r['nothing_floor'], 1e-9):.1f}× | < 1 s: "
            f"{_ok(r['nothing'], 1.0)} | {load} |"
        )
        steps = ", ".join(f"{s} {v:.2f} s" for s, v in r["add_one_steps"].items())
        share = f" = {100 * r['add_one'] / f['seconds']:.0f}% of the full build" if f else ""
        target = "≤ 10% of a full build" if n <= 2000 else "< 5 s"
        floor_kind = (
            "alone in a new process (its dictionary from the build cache)"
            if r.get("add_one_floor_alone")
            else "again in the same process (dictionaries already loaded)"
        )
        verdict = (
            _ok(r["add_one"] / f["seconds"], 0.10)
            if f and n <= 2000
            else (_ok(r["add_one"], 5.0) if n > 2000 else "—")
        )
        written = {True: "; only the difference written", False: "; the whole file written"}
        lines.append(
            f"| build after adding one report | {n:,} | {r['add_one']:.2f} s (config parsed "
            f"{r['add_one_config']:.2f} s; {r['add_one_extracted']} report extracted; {steps}"
            f"{written.get(r.get('add_one_only_changes'), '')}){share} | "
            f"extracting that report {floor_kind} {r['add_one_floor']:.2f} s | "
            f"{r['add_one'] / max(r['add_one_floor'], 1e-9):.0f}× | {target}: {verdict} | {load} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "_step":
        print(json.dumps(step(Path(argv[1]), int(argv[2]), argv[3] == "full"), default=str))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reports", type=int, nargs="*", default=[1000, 2000, 10000])
    p.add_argument("--work", type=Path, default=Path("/tmp/bench-builds"))
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    p.add_argument("--no-full", type=int, nargs="*", default=[], help="sizes measured without a full build")
    p.add_argument(
        "--kept",
        type=Path,
        nargs="*",
        default=[],
        help="results of earlier runs (<work>/results/N.json) to show",
    )
    args = p.parse_args(argv)
    started = dt.datetime.now(dt.UTC)
    results: list[dict] = [json.loads(f.read_text(encoding="utf-8")) for f in args.kept]
    if results:
        _write(args, started, results)
    kept = args.work / "results"
    kept.mkdir(parents=True, exist_ok=True)
    for n in args.reports:
        full = "nofull" if n in args.no_full else "full"
        print(f"... {n} reports ({full})", file=sys.stderr, flush=True)
        t = time.perf_counter()
        cmd = [sys.executable, str(Path(__file__).resolve()), "_step", str(args.work), str(n), full]
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stderr[-3000:], file=sys.stderr)
            break
        res = json.loads(r.stdout.strip().splitlines()[-1])
        res["_ran_at"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        (kept / f"{n}.json").write_text(json.dumps(res, indent=1), encoding="utf-8")
        results.append(res)
        print(f"    done in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
        _write(args, started, results)
    return 0


def _write(args: argparse.Namespace, started: dt.datetime, results: list[dict]) -> None:
    """The section in --out, in the order of size (results of --kept runs with their own times)."""
    results = sorted(results, key=lambda r: (r["reports"], r.get("_ran_at", "")))
    ran = sorted({str(r.get("_ran_at", "")) for r in results})
    lines = [
        "## Builds proportional to the change, evidence per 1,000 reports",
        "",
        f"Run: {started:%Y-%m-%d %H:%M} UTC, `scripts/bench_builds.py --reports "
        f"{' '.join(map(str, args.reports))}`; sizes measured between {ran[0]} and {ran[-1]}; machine: "
        f"{_machine()}. All data is SYNTHETIC (scripts/synthetic.py). Each size ran in a process of its own; "
        "every ratio is against a floor measured in the same process.",
        "",
        *table(results),
        "",
        "```json",
        json.dumps(results, indent=1),
        "```",
    ]
    write_section(args.out, "bench_builds", lines)
    print("\n".join(table(results)))


if __name__ == "__main__":
    raise SystemExit(main())
