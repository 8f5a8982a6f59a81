"""Benchmark: a 10-chart pack through one Chromium vs the same 10 figures with plain `fig.write_image` calls.

Usage: .venv/bin/python scripts/bench_export.py [--config config.yaml] [--repeat 1]

Builds the database from the config into a temporary folder (the seed by default), takes the first ten
briefing charts, and measures in one run:
  * pack, charts only   tracker.reports.render.render_many (one Chromium for all ten, started cold)
  * pack, full PPTX     tracker.reports.brief.assemble + to_pptx (selection, ten charts, slides)
  * plain write_image   fig.write_image(path, scale=2) ten times, plotly's defaults (a Chromium per call)
and prints a Markdown table with the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.build import run_build  # noqa: E402
from tracker.config import load_config  # noqa: E402
from tracker.reports import brief  # noqa: E402
from tracker.reports import render as export  # noqa: E402
from tracker.store.db import connect_readonly  # noqa: E402

N_CHARTS = 10


def _project(config_path: Path, folder: Path) -> Path:
    """Copy the config and its sources into `folder` so the benchmark never touches the real database."""
    cfg = load_config(config_path, must_exist=True)
    for s in cfg.sources:
        dst = folder / s.path
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(cfg.resolve(s.path), dst)
    shutil.copy(config_path, folder / "config.yaml")
    return folder / "config.yaml"


def main() -> int:
    """Run the benchmark and print the table."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", type=Path, default=ROOT / "config.yaml")
    p.add_argument("--repeat", type=int, default=1, help="runs of each method (median reported)")
    args = p.parse_args()
    if not export.chromium_available():
        print(export.install_hint("en"), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        folder = Path(tmp)
        cfg = load_config(_project(args.config, folder), must_exist=True)
        db = run_build(cfg)
        names = brief.DEFAULT_CHARTS[:N_CHARTS]
        con = connect_readonly(db)
        try:
            opts = brief.BriefOptions(charts=names, as_of=dt.date.today())
            data = brief.gather(con, cfg, opts)
        finally:
            con.close()
        figs = [brief.for_slide(brief.build_chart(data, n)) for n in names]

        times: dict[str, list[float]] = {"pack": [], "pptx": [], "plain": []}
        for _ in range(args.repeat):
            export.shutdown()  # start cold: the Chromium start-up is part of a pack's cost
            t = time.perf_counter()
            export.render_many(figs, "png", scale=2)
            times["pack"].append(time.perf_counter() - t)

            export.shutdown()
            t = time.perf_counter()
            brief.to_pptx(brief.assemble(data))
            times["pptx"].append(time.perf_counter() - t)
            export.shutdown()

            out = folder / "plain"
            out.mkdir(exist_ok=True)
            t = time.perf_counter()
            for i, fig in enumerate(figs):
                fig.write_image(out / f"{i}.png", scale=2)
            times["plain"].append(time.perf_counter() - t)

    med = {k: statistics.median(v) for k, v in times.items()}
    print(
        f"{N_CHARTS} charts, PNG at 2× ({brief.CHART_WIDTH}×{brief.CHART_HEIGHT} CSS px), median of {args.repeat}"
    )
    print()
    print("| method | seconds | per chart |")
    print("| --- | ---: | ---: |")
    print(
        f"| pack: tracker.reports.render.render_many, one Chromium | {med['pack']:.1f} | {med['pack'] / N_CHARTS:.2f} |"
    )
    print(f"| full PPTX pack (select, render, lay out) | {med['pptx']:.1f} | {med['pptx'] / N_CHARTS:.2f} |")
    print(f"| plain fig.write_image × {N_CHARTS} | {med['plain']:.1f} | {med['plain'] / N_CHARTS:.2f} |")
    print()
    print(f"plain / pack = {med['plain'] / med['pack']:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
