"""`python -m tracker brief --out FILE.pptx|FILE.pdf [filters]`: write a briefing pack (简报) for scheduled use."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli.common import Parser, check_out, iso_date, load, open_db
from tracker.config import DEFAULT_CONFIG
from tracker.reports import brief


def add_selection_args(p: argparse.ArgumentParser) -> None:
    """The options shared by `brief` and `chart`: data location and the period/meeting/unit filters."""
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="config file (default config.yaml)")
    p.add_argument("--db", type=Path, help="database file (default: the config's; built if missing)")
    p.add_argument(
        "--from", dest="date_from", type=iso_date, metavar="DATE", help="first meeting date (YYYY-MM-DD)"
    )
    p.add_argument(
        "--to", dest="date_to", type=iso_date, metavar="DATE", help="last meeting date (YYYY-MM-DD)"
    )
    p.add_argument(
        "--unit", action="extend", nargs="+", default=[], metavar="NAME", help="unit name(s) or alias(es)"
    )
    p.add_argument("--meeting", action="extend", nargs="+", default=[], metavar="ID", help="meeting id(s)")
    p.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="date the pack is 'as of' (overdue, generated date; default today)",
    )


def options_from_args(args: argparse.Namespace, charts: tuple[str, ...] | None = None) -> brief.BriefOptions:
    """BriefOptions from parsed arguments."""
    return brief.BriefOptions(
        date_from=args.date_from,
        date_to=args.date_to,
        units=tuple(args.unit),
        meetings=tuple(args.meeting),
        charts=charts,
        generated=args.as_of,
    )


def main(argv: list[str]) -> int:
    """Write a PPTX or PDF briefing pack and print where it went."""
    p = Parser(
        prog="python -m tracker brief",
        description="Write a briefing pack (PPTX 16:9 or A4 PDF) for a period, meetings and units.",
    )
    p.add_argument("--out", type=Path, required=True, help="output file: .pptx or .pdf")
    p.add_argument(
        "--chart",
        action="extend",
        nargs="+",
        metavar="NAME",
        help=f"charts to include, in order (default all: {', '.join(brief.DEFAULT_CHARTS)})",
    )
    add_selection_args(p)
    args = p.parse_args(argv)
    out = check_out(args.out, tuple(brief.WRITERS))
    charts = brief.chart_names(args.chart) if args.chart else None
    config, db_path = load(args)
    con = open_db(db_path)
    try:
        data = brief.gather(con, config, options_from_args(args, charts))
    finally:
        con.close()
    pack = brief.assemble(data)
    brief.write_brief(pack, out)
    n = len(brief.slide_titles(pack))
    print(f"wrote {out} ({n} slides, {len(pack.charts)} charts, {len(pack.overdue)} red/overdue items)")
    return 0
