"""`python -m tracker brief --out FILE.pptx|FILE.pdf [filters]`: write a briefing pack (简报) for scheduled use."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli.common import Parser, check_out, iso_date, load, open_db
from tracker.config import DEFAULT_CONFIG
from tracker.i18n import current_language, t
from tracker.reports import brief


def add_selection_args(p: argparse.ArgumentParser) -> None:
    """The options shared by `brief` and `chart`: data location and the period/meeting/unit filters."""
    file_, date = t("cli_mv_file"), t("cli_mv_date")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar=file_, help=t("cli_help_config"))
    p.add_argument("--db", type=Path, metavar=file_, help=t("cli_help_db_read"))
    p.add_argument("--from", dest="date_from", type=iso_date, metavar=date, help=t("cli_help_from"))
    p.add_argument("--to", dest="date_to", type=iso_date, metavar=date, help=t("cli_help_to"))
    p.add_argument(
        "--unit", action="extend", nargs="+", default=[], metavar=t("cli_mv_name"), help=t("cli_help_unit")
    )
    p.add_argument(
        "--meeting",
        action="extend",
        nargs="+",
        default=[],
        metavar=t("cli_mv_id"),
        help=t("cli_help_meeting"),
    )
    p.add_argument("--as-of", type=iso_date, metavar=date, help=t("cli_help_as_of"))


def options_from_args(args: argparse.Namespace, charts: tuple[str, ...] | None = None) -> brief.BriefOptions:
    """BriefOptions from parsed arguments."""
    return brief.BriefOptions(
        date_from=args.date_from,
        date_to=args.date_to,
        units=tuple(args.unit),
        meetings=tuple(args.meeting),
        charts=charts,
        as_of=args.as_of,
        lang=current_language(),
    )


def main(argv: list[str]) -> int:
    """Write a PPTX or PDF briefing pack and print where it went."""
    p = Parser(prog="python -m tracker brief", description=t("cli_brief_desc"))
    p.add_argument("--out", type=Path, required=True, metavar=t("cli_mv_file"), help=t("cli_help_out_pack"))
    p.add_argument(
        "--chart",
        action="extend",
        nargs="+",
        metavar=t("cli_mv_name"),
        help=t("cli_help_charts", names=", ".join(brief.DEFAULT_CHARTS)),
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
    red, charts_n = len(brief.overdue_table(data)), len(pack.charts)
    if out.suffix.lower() == ".pdf":  # an A4 document has pages, not slides
        n = brief.pdf_page_count(out.read_bytes())
        print(t("cli_wrote_brief_pdf", path=out, pages=n, charts=charts_n, red=red))
    else:
        n = len(brief.slide_titles(pack))
        print(t("cli_wrote_brief", path=out, slides=n, charts=charts_n, red=red))
    return 0
