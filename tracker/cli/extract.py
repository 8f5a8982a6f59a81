"""`python -m extract`: build the database from config.yaml, try report files, or `add` them to the project
(entry: extract/__main__.py)."""

from __future__ import annotations

import argparse
import contextvars
import datetime as dt
import sys
from pathlib import Path

from tracker.build import run_build
from tracker.build.add import add_files, read_uploads, summary_lines
from tracker.cli.common import terminal_safe, warn_build
from tracker.config import Config, Source, load_config
from tracker.errors import UserError
from tracker.i18n import use_language
from tracker.store import db


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m extract",
        description="Build the tracker database from config.yaml, or try report files before adding them.",
    )
    p.add_argument(
        "--config", type=Path, default=Path("config.yaml"), help="config file (default: config.yaml)"
    )
    p.add_argument("--db", type=Path, help="database to write (default: the config's 'database')")
    p.add_argument("--year", type=int, help="year for dates written without one, for ad-hoc files")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    p.add_argument(
        "--progress",
        action="store_true",
        help="show progress lines (on by default when stderr is a terminal)",
    )
    p.add_argument(
        "files", nargs="*", type=Path, help="report files to extract instead of the config's sources"
    )
    return p


def _progress(quiet: bool):
    def show(message: str, fraction: float) -> None:
        if not quiet:
            print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)

    return show


def _add_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m extract add",
        description="Add report files (.docx, .pdf, .html, .txt) to the project: copy them into data/sources/, "
        "enter them in config.yaml (the old file kept as config.yaml.bak), rebuild, and show what was found.",
    )
    p.add_argument("files", nargs="+", type=Path, help="report files to add")
    p.add_argument(
        "--config", type=Path, default=Path("config.yaml"), help="config file (default: config.yaml)"
    )
    p.add_argument("--id", dest="source_id", help="source id (one file only; default: from the file name)")
    p.add_argument("--title", help="display title (one file only; default: the text's first line)")
    p.add_argument(
        "--date", type=_date, help="publication date, YYYY-MM-DD (gives the year of dates like 3月5日)"
    )
    p.add_argument("--year", type=int, help="year for dates written without one")
    p.add_argument("--dry-run", action="store_true", help="show what would be found; change nothing")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    return p


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date written as YYYY-MM-DD") from None


def add_main(argv: list[str]) -> int:
    """`python -m extract add FILE...`: one line and exit status 2 for any problem, with nothing changed."""
    args = _add_parser().parse_args(argv)
    try:
        uploads = read_uploads(args.files)
        result = add_files(
            args.config,
            uploads,
            source_id=args.source_id,
            title=args.title,
            date=args.date,
            year=args.year,
            dry_run=args.dry_run,
        )
        lang = load_config(args.config, must_exist=True).language
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    if not args.quiet:
        print("\n".join(summary_lines(result, lang)))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the build; user errors print one line and return 2, leaving the old database in place."""
    with terminal_safe():
        return contextvars.copy_context().run(_main, argv)


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "add":
        return add_main(argv[1:])
    args = _parser().parse_args(argv)
    try:
        if args.files:
            if args.db is None:
                raise UserError(
                    "--db is required with report files, so the dashboard's database is not replaced"
                )
            base = load_config(args.config) if args.config.exists() else Config()
            sources = tuple(
                Source(path=f.resolve(), id=f"adhoc-{i + 1}-{f.stem}"[:60].replace(" ", "_"), year=args.year)
                for i, f in enumerate(args.files)
            )
            config = base.model_copy(update={"sources": sources, "base_dir": Path.cwd(), "config_file": None})
        else:
            config = load_config(args.config, must_exist=True)
        use_language(base.language if args.files else config.language)
        show = (args.progress or sys.stderr.isatty()) and not args.quiet
        path = run_build(config, args.db, _progress(not show), write_texts=not args.files)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    warn_build(path)
    if not args.quiet:
        counts = db.table_counts(path, ("sources", "meetings", "commitments", "figures", "units"))
        summary = ", ".join(f"{n} {t}" for t, n in counts.items())
        print(f"wrote {path}: {summary}")
    return 0
