"""`python -m tracker chart NAME --out FILE.png|svg|pdf [filters]`: export one chart with Kaleido."""

from __future__ import annotations

from pathlib import Path

from tracker.cli.brief import add_selection_args, options_from_args
from tracker.cli.common import Parser, RawDescriptionHelpFormatter, check_out, load, open_db
from tracker.errors import UserError
from tracker.i18n import msg, t
from tracker.reports import brief
from tracker.reports import render as export


def chart_list() -> str:
    """One line per chart: name and what it shows, in the current language."""
    return "\n".join(f"{c.name:12} {c.label()} — {c.about()}" for c in brief.CHARTS)


def main(argv: list[str]) -> int:
    """Export one named chart to PNG (2× by default), SVG or PDF and print where it went."""
    p = Parser(
        prog="python -m tracker chart",
        description=t("cli_chart_desc", charts=chart_list()),
        formatter_class=RawDescriptionHelpFormatter,
    )
    p.add_argument("name", nargs="?", metavar=t("cli_mv_name"), help=t("cli_help_chart_name"))
    p.add_argument("--out", type=Path, metavar=t("cli_mv_file"), help=t("cli_help_out_image"))
    p.add_argument("--scale", type=float, default=2.0, metavar=t("cli_mv_n"), help=t("cli_help_scale"))
    p.add_argument("--list", action="store_true", help=t("cli_help_list"))
    add_selection_args(p)
    args = p.parse_args(argv)
    if args.list:
        print(chart_list())
        return 0
    if not args.name:
        raise UserError(msg("cli_chart_need_name", names=", ".join(brief.DEFAULT_CHARTS)))
    name = brief.chart_names([args.name])[0]
    if args.out is None:
        raise UserError(msg("cli_chart_need_out"))
    out = check_out(args.out, tuple(f".{f}" for f in export.FORMATS))
    if not 1 <= args.scale <= 6:
        raise UserError(msg("cli_chart_scale", scale=args.scale))
    config, db_path = load(args)
    con = open_db(db_path)
    try:
        data = brief.gather(con, config, options_from_args(args, (name,)))
    finally:
        con.close()
    fig = brief.build_chart(data, name)
    fig.update_layout(width=brief.CHART_WIDTH, height=brief.CHART_HEIGHT)
    export.write_figure(fig, out, scale=args.scale)
    print(t("cli_wrote", path=out))
    return 0
