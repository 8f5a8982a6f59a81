"""`python -m tracker brief --out FILE.pptx|FILE.pdf [filters]`: write a briefing pack (简报) for scheduled use."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import duckdb

from tracker import brief
from tracker.config import DEFAULT_CONFIG, Config, load_config
from tracker.db import connect_readonly
from tracker.errors import UserError


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one-line UserErrors (exit 2), not usage dumps."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError(f"{self.prog.removeprefix('python -m tracker ')}: {message} (see {self.prog} --help)")


def iso_date(text: str) -> dt.date:
    """Parse YYYY-MM-DD for argparse."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


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


def load(args: argparse.Namespace) -> tuple[Config, Path]:
    """The config and a database that exists: --db as given, else the config's, built when missing or stale."""
    config = load_config(args.config, must_exist=args.config != DEFAULT_CONFIG)
    if args.db is not None:
        if not args.db.is_file():
            raise UserError(
                f"--db {args.db}: file not found; build it with: python -m extract --db {args.db}"
            )
        return config, args.db
    from extract.build import is_stale, run_build

    path = config.database_path
    if is_stale(config, path):
        print(f"building {path} from the sources in {args.config} …", file=sys.stderr)
        run_build(config, path)
    return config, path


def open_db(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, with a clear error when the file is not a tracker database."""
    try:
        return connect_readonly(path)
    except duckdb.Error as e:
        raise UserError(
            f"{path}: cannot open the database ({e}); rebuild it with python -m extract"
        ) from None


def check_out(path: Path, suffixes: tuple[str, ...]) -> Path:
    """Validate an output path's extension and folder before doing any work."""
    if path.suffix.lower() not in suffixes:
        raise UserError(f"--out '{path}' must end in {' or '.join(suffixes)}")
    if not path.parent.is_dir():
        raise UserError(f"--out '{path}': folder '{path.parent}' does not exist; create it first")
    return path


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
