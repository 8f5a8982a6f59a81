"""Server-side run time of every dashboard page on the seed data (numbers for the README).

    .venv/bin/python scripts/bench_pages.py [--runs 7] [--config config.yaml]

Copies the config and its sources to a temporary folder, builds the database there, then runs each page
through streamlit.testing.v1.AppTest. After one untimed pass over all pages (the process's one-time costs:
lazy imports, first plotly use), each page runs once with every cache emptied ("cold": every query runs)
and --runs times more ("warm": what a click costs once its queries are cached). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ("overview", "departments", "towns", "commitments", "meetings", "figures")


def _project(config: Path, folder: Path) -> Path:
    """A copy of `config` and the sources it lists in `folder`, with the database inside it."""
    import yaml

    from tracker.config import load_config

    cfg = load_config(config, must_exist=True)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    for src in cfg.sources:
        target = folder / src.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(cfg.resolve(src.path), target)
    data["database"] = "data/tracker.duckdb"
    if "progress" in data and isinstance(data["progress"], dict):
        data["progress"].pop("log", None)  # never read a real progress log from a benchmark
    out = folder / "config.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def _skip_legacy_pages_pass() -> None:
    """Measure what a running server does: AppTest re-detects the pages/ folder on every run (a real server
    does so once per process), which makes tracker.app rerun through dashboard.py each time."""
    from streamlit.runtime.pages_manager import PagesManager

    init = PagesManager.__init__

    def patched(self: PagesManager, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = patched  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    """Build the seed database, time every page, print a Markdown table; exit 1 if a page fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "config.yaml")
    parser.add_argument("--runs", type=int, default=7, help="warm runs per page (the median is reported)")
    parser.add_argument(
        "--pages", nargs="+", default=list(PAGES), choices=PAGES, help="pages to time, in order"
    )
    args = parser.parse_args(argv)

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tracker.build import run_build
    from tracker.config import load_config

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        config = _project(args.config.resolve(), Path(tmp))
        t0 = time.perf_counter()
        run_build(load_config(config, must_exist=True))
        build_s = time.perf_counter() - t0
        os.environ["TRACKER_CONFIG"] = str(config)
        _skip_legacy_pages_pass()
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        t0 = time.perf_counter()
        at.run()  # imports and the first connection; not counted per page
        startup_s = time.perf_counter() - t0
        for name in args.pages:  # one pass so that one-time costs (lazy imports, first plotly use) are paid
            at.switch_page(f"pages/{name}.py").run()
        rows, failed = [], False
        for name in args.pages:
            st.cache_data.clear()
            at.switch_page(f"pages/{name}.py")
            t0 = time.perf_counter()
            at.run()
            cold = time.perf_counter() - t0
            warm = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                at.run()
                warm.append(time.perf_counter() - t0)
            if at.exception:
                failed = True
                print(f"{name}: {at.exception[0].value}", file=sys.stderr)
            rows.append((name, cold, statistics.median(warm), max(warm)))

    print(f"Seed build: {build_s:.2f} s; first app run (imports, connection): {startup_s:.2f} s\n")
    print("| page | cold run (s) | warm run, median (s) | warm run, max (s) |")
    print("|---|---:|---:|---:|")
    for name, cold, med, worst in rows:
        print(f"| {name} | {cold:.3f} | {med:.3f} | {worst:.3f} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
