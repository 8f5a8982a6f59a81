"""`python -m tracker chart NAME --out FILE.png|svg|pdf [filters]`: export one chart with Kaleido."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli.brief import add_selection_args, options_from_args
from tracker.cli.common import Parser, check_out, load, open_db
from tracker.errors import UserError
from tracker.reports import brief
from tracker.reports import render as export


def chart_list() -> str:
    """One line per chart: name and what it shows."""
    return "\n".join(f"{c.name:12} {c.title} — {c.description}" for c in brief.CHARTS)


def main(argv: list[str]) -> int:
    """Export one named chart to PNG (2× by default), SVG or PDF and print where it went."""
    p = Parser(
        prog="python -m tracker chart",
        description="Export one chart as PNG, SVG or PDF.\n\ncharts:\n" + chart_list(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="chart name (see --list)")
    p.add_argument("--out", type=Path, help="output file: .png, .svg or .pdf")
    p.add_argument("--scale", type=float, default=2.0, help="PNG pixel scale (default 2)")
    p.add_argument("--list", action="store_true", help="list chart names and exit")
    add_selection_args(p)
    args = p.parse_args(argv)
    if args.list:
        print(chart_list())
        return 0
    if not args.name:
        raise UserError(f"chart: give a chart NAME; choose from: {', '.join(brief.DEFAULT_CHARTS)}")
    name = brief.chart_names([args.name])[0]
    if args.out is None:
        raise UserError("chart: --out FILE is required (FILE.png, FILE.svg or FILE.pdf)")
    out = check_out(args.out, tuple(f".{f}" for f in export.FORMATS))
    if not 1 <= args.scale <= 6:
        raise UserError(f"chart: --scale {args.scale} is out of range; use 1 to 6")
    config, db_path = load(args)
    con = open_db(db_path)
    try:
        data = brief.gather(con, config, options_from_args(args, (name,)))
    finally:
        con.close()
    fig = brief.build_chart(data, name)
    fig.update_layout(width=brief.CHART_WIDTH, height=brief.CHART_HEIGHT)
    export.write_figure(fig, out, scale=args.scale)
    print(f"wrote {out}")
    return 0
