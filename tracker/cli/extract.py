"""`python -m extract`: build the database from config.yaml, try report files, or `add` them to the project
(entry: extract/__main__.py)."""

from __future__ import annotations

import argparse
import contextvars
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from tracker.auth import User, require_admin
from tracker.build import failed_sources, run_build
from tracker.build.add import add_files, read_uploads, recover_interrupted, summary_lines
from tracker.build.config_cache import keep_compiled, load_compiled
from tracker.build.review import review_store
from tracker.cli.common import (
    Parser,
    cli_language,
    print_error,
    terminal_safe,
    warn,
    warn_build,
    warn_log_problems,
)
from tracker.cli.signin import refuse_password_arguments, sign_in
from tracker.config import Config, Source, load_config
from tracker.errors import UserError
from tracker.i18n import Msg, current_language, join, language, message, msg, t, use_language
from tracker.progress.log import open_progress_log
from tracker.store import db

SUMMARY_TABLES = ("sources", "meetings", "commitments", "figures", "units")
ALL_FAILED = 3  # exit status when every report failed to extract (some failing still exits 0, with warnings)


def _parser() -> Parser:
    p = Parser(prog="python -m extract", description=t("cli_extract_desc"))
    p.add_argument(
        "--config",
        type=Path,
        default=Path("config.yaml"),
        metavar=t("cli_mv_file"),
        help=t("cli_help_config"),
    )
    p.add_argument("--db", type=Path, metavar=t("cli_mv_file"), help=t("cli_help_db_write"))
    p.add_argument("--year", type=int, metavar=t("cli_mv_year"), help=t("cli_help_year"))
    p.add_argument("-q", "--quiet", action="store_true", help=t("cli_help_quiet"))
    p.add_argument("--progress", action="store_true", help=t("cli_help_progress"))
    p.add_argument("--force", action="store_true", help=t("cli_help_force"))
    p.add_argument("files", nargs="*", type=Path, metavar=t("cli_mv_file"), help=t("cli_help_files"))
    return p


def _progress(quiet: bool) -> Callable[[Msg | str, float], None]:
    def show(message: Msg | str, fraction: float) -> None:
        if not quiet:
            print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)

    return show


def _add_parser() -> Parser:
    p = Parser(prog="python -m extract add", description=t("cli_add_desc"))
    p.add_argument("files", nargs="+", type=Path, metavar=t("cli_mv_file"), help=t("cli_help_add_files"))
    p.add_argument(
        "--config",
        type=Path,
        default=Path("config.yaml"),
        metavar=t("cli_mv_file"),
        help=t("cli_help_config"),
    )
    p.add_argument("--id", dest="source_id", metavar=t("cli_mv_id"), help=t("cli_help_add_id"))
    p.add_argument("--title", metavar=t("cli_mv_text"), help=t("cli_help_add_title"))
    p.add_argument("--date", type=_date, metavar=t("cli_mv_date"), help=t("cli_help_add_date"))
    p.add_argument("--year", type=int, metavar=t("cli_mv_year"), help=t("cli_help_year"))
    p.add_argument("--dry-run", action="store_true", help=t("cli_help_add_dry_run"))
    p.add_argument("--user", metavar=t("auth.cli_mv_account"), help=t("cli_help_add_user"))
    p.add_argument("-q", "--quiet", action="store_true", help=t("cli_help_quiet"))
    return p


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli_bad_date", text=value)) from None


def add_main(argv: list[str]) -> int:
    """`python -m extract add FILE...`: one line and exit status 2 for any problem, with nothing changed."""
    try:
        refuse_password_arguments(argv, current_language())
        args = _add_parser().parse_args(argv)
        admin = None if args.dry_run else _admin(args.config, args.user)
        limits = load_config(args.config).limits if args.config.is_file() else None
        uploads = read_uploads(args.files, limits)
        result = add_files(
            args.config,
            uploads,
            source_id=args.source_id,
            title=args.title,
            date=args.date,
            year=args.year,
            dry_run=args.dry_run,
            added_by=admin.id if admin else None,
        )
    except UserError as e:
        return print_error(e)
    if not args.quiet:
        print("\n".join(summary_lines(result, current_language())))
    return 0


def _admin(config_path: Path, account: str | None) -> User:
    """The administrator adding reports (--user and its password): adding changes the config."""
    config = load_config(config_path, must_exist=True)
    lang = current_language()
    return require_admin(sign_in(config, account, lang, adding=True), "upload", lang)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What identifies one written version of the database file (a build replaces the file), None if absent."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def main(argv: list[str] | None = None) -> int:
    """Run the build; user errors print one line and return 2, leaving the old database in place."""
    with terminal_safe():
        return contextvars.copy_context().run(_main, argv)


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with language(cli_language(argv)):
        if argv and argv[0] == "add":
            return add_main(argv[1:])
        return _run(argv)


def _run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.files:
            if args.db is None:
                raise UserError(msg("cli_adhoc_needs_db"))
            base = load_config(args.config) if args.config.exists() else Config()
            sources = tuple(
                Source(path=f.resolve(), id=f"adhoc-{i + 1}-{f.stem}"[:60].replace(" ", "_"), year=args.year)
                for i, f in enumerate(args.files)
            )
            update = {"sources": sources, "base_dir": Path.cwd(), "config_file": None, "config_sha256": None}
            config = base.model_copy(update=update)
        else:
            recover_interrupted(args.config)  # an `extract add` killed half-way is rolled back first
            config = load_compiled(args.config)  # the parsed copy when the file is unchanged
        use_language(base.language if args.files else config.language)
        show = (args.progress or sys.stderr.isatty()) and not args.quiet
        before = _stamp(Path(args.db or config.database_path))
        path = run_build(config, args.db, _progress(not show), reviews=not args.files, force=args.force)
        if not args.files:
            keep_compiled(config)  # the next build reads it without parsing, while config.yaml stays the same
    except UserError as e:
        return print_error(e)
    warn_build(path)
    if not args.files:  # the build applied both logs: name the lines it had to skip
        warn_log_problems(open_progress_log(config))
        for p in review_store(config).read().problems:
            warn(str(p))
    if not args.quiet and before is not None and _stamp(path) == before:  # nothing changed: nothing written
        print(t("cli_db_up_to_date", path=path))
    elif not args.quiet:
        counts = db.table_counts(path, SUMMARY_TABLES)
        summary = join((t(f"cli_count_{table}", n=n) for table, n in counts.items()))
        print(t("cli_wrote_db", path=path, summary=summary))
    failed, total = failed_sources(path)
    if total and failed == total:
        print(message("safe.warning", text=t("build_all_failed", n=total)), file=sys.stderr)
        return ALL_FAILED
    return 0
