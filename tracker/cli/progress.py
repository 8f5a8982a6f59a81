"""`python -m tracker progress import|add|template|list|follow-up`: progress entries from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import pandas as pd

from tracker.auth import User, require, require_rows
from tracker.cli.signin import refuse_password_arguments, sign_in, with_owners
from tracker.config import DEFAULT_CONFIG, Config, load_config
from tracker.errors import UserError
from tracker.i18n import t
from tracker.progress.imports import commit_import, preview_import, template_bytes
from tracker.progress.log import STATUSES, append_updates, check_values, read_log
from tracker.progress.status import commitment_status, follow_up, follow_up_bytes, load_commitments
from tracker.store.db import connect_readonly


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError(f"progress: {message} (see python -m tracker progress --help)")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m tracker progress", description="Record and list progress on commitments.")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="config file (default config.yaml)")
    p.add_argument("--log", type=Path, help="progress log (default: progress.log in the config)")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)
    imp = sub.add_parser("import", help="check a CSV/XLSX file and append its rows (all or nothing)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--user", help="your account (password: prompt or TRACKER_PASSWORD); see docs/accounts.md")
    imp.add_argument("--by", help=argparse.SUPPRESS)
    imp.add_argument("--dry-run", action="store_true", help="check and preview only; write nothing")
    add = sub.add_parser("add", help="record one update")
    add.add_argument("commitment_id")
    add.add_argument("--status", required=True, help="/".join(STATUSES))
    add.add_argument("--percent", default="", help="0-100 (100 for 已完成, 0 for 未启动 when left out)")
    add.add_argument("--as-of", default=dt.date.today().isoformat(), help="date the status refers to")
    add.add_argument("--note", default="")
    add.add_argument("--evidence", default="", help="a link to a document or photo")
    add.add_argument("--user", help="your account (password: prompt or TRACKER_PASSWORD); see docs/accounts.md")
    add.add_argument("--by", help=argparse.SUPPRESS)
    tpl = sub.add_parser("template", help="write the import template with the current commitments")
    tpl.add_argument("--out", type=Path, default=Path("progress_template.xlsx"), help=".csv or .xlsx")
    lst = sub.add_parser("list", help="list entries (all, or for one commitment)")
    lst.add_argument("commitment_id", nargs="?")
    fu = sub.add_parser("follow-up", help="write the follow-up list of open red/yellow items")
    fu.add_argument("--unit", help="a unit name (default: every unit)")
    fu.add_argument("--out", type=Path, default=Path("follow_up.xlsx"), help=".csv or .xlsx")
    return p


def _commitments(config: Config) -> pd.DataFrame:
    path = config.database_path
    if not path.exists():
        raise UserError(
            f"{path}: database not found; build it first with: python -m extract --config {DEFAULT_CONFIG}"
        )
    con = connect_readonly(path)
    try:
        return load_commitments(con)
    finally:
        con.close()


_OPTION = {
    "commitment_id": "COMMITMENT_ID",
    "status": "--status",
    "percent": "--percent",
    "as_of": "--as-of",
    "note": "--note",
    "evidence": "--evidence",
}


def _signed_in(args: argparse.Namespace, config: Config) -> User:
    """The account the command writes as (--user and its password); --by may no longer name anyone."""
    lang = config.language
    if args.by is not None:
        raise UserError(t("auth.cli_by_removed", lang))
    return sign_in(config, args.user, lang)


def _fmt(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise UserError(f"{path}: the output must end in .csv or .xlsx")
    return fmt


def main(argv: list[str]) -> int:
    """Run one progress subcommand; problems a user can fix raise UserError (exit 2)."""
    refuse_password_arguments(argv)
    args = _parser().parse_args(argv)
    config = load_config(args.config)
    log = args.log or config.progress_log_path
    if args.cmd == "import":
        return _import(args, config, log)
    if args.cmd == "add":
        user = _signed_in(args, config)
        ids = set(_commitments(config)["commitment_id"])
        values = {
            "commitment_id": args.commitment_id,
            "status": args.status,
            "percent": args.percent,
            "as_of": args.as_of,
            "note": args.note,
            "evidence": args.evidence,
        }
        upd, probs = check_values(values, ids)
        if upd is None:
            raise UserError("; ".join(f"{_OPTION[p.column]} {p.value!r}: {p.reason}" for p in probs))
        user, owners = with_owners(user, config.database_path, [upd.commitment_id])
        require(user, "progress", owners[upd.commitment_id], commitment=upd.commitment_id, lang=config.language)
        (entry,) = append_updates(log, [upd], source="cli", entered_by=user.id)
        print(f"recorded {entry['status']} {entry['percent']:g}% for {entry['commitment_id']} in {log}")
        return 0
    if args.cmd == "template":
        data = template_bytes(_commitments(config), _fmt(args.out))
        args.out.write_bytes(data)
        print(f"wrote {args.out}")
        return 0
    if args.cmd == "list":
        got = read_log(log)
        for p in got.problems:
            print(f"warning: {p}", file=sys.stderr)
        for e in got.entries:
            if args.commitment_id and e["commitment_id"] != args.commitment_id:
                continue
            old = f" (was {e['old_status']} {e['old_percent']:g}%)" if e.get("old_status") else ""
            print(
                f"{e['as_of']}  {e['commitment_id']}  {e['status']} {e['percent']:g}%{old}  "
                f"{e.get('entered_by') or '-'} via {e['source']} at {e['entered_at']}  {e.get('note') or ''}".rstrip()
            )
        return 0
    return _follow_up(args, config, log)


def _import(args: argparse.Namespace, config: Config, log: Path) -> int:
    path: Path = args.file
    user = None if args.dry_run and not args.user and args.by is None else _signed_in(args, config)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: file not found") from None
    except OSError as e:
        raise UserError(f"{path}: cannot read the file ({e.strerror})") from None
    ids = set(_commitments(config)["commitment_id"])
    preview = preview_import(data, str(path), ids)
    for p in preview.errors:
        print(f"{path}: {p}", file=sys.stderr)
    if preview.errors:
        raise UserError(preview.summary())
    if user is not None:  # every row must be the user's to write, or nothing is
        user, owners = with_owners(user, config.database_path, [u.commitment_id for u in preview.updates])
        rows = zip(preview.rows, (u.commitment_id for u in preview.updates), strict=True)
        require_rows(user, rows, owners, "import", config.language)
    print(preview.summary())
    if preview.skipped:
        print(f"skipped {len(preview.skipped)} blank row(s)")
    if preview.ignored_columns:
        print(f"ignored column(s): {', '.join(preview.ignored_columns)}")
    if args.dry_run or not preview.updates:
        return 0
    assert user is not None
    written = commit_import(preview, log, entered_by=user.id)
    print(f"appended {len(written)} entr{'ies' if len(written) != 1 else 'y'} to {log}")
    return 0


def _follow_up(args: argparse.Namespace, config: Config, log: Path) -> int:
    fmt = _fmt(args.out)
    path = config.database_path
    _commitments(config)  # a clear error when the database is missing
    con = connect_readonly(path)
    try:
        status = commitment_status(con, config, log=log)
    finally:
        con.close()
    unit_id = None
    if args.unit:
        match = status[status["unit_name"] == args.unit]
        if match.empty:
            names = sorted(set(status["unit_name"].dropna()))
            raise UserError(
                f"--unit {args.unit!r}: no commitments for this unit; units with items: {', '.join(names)}"
            )
        unit_id = match["unit_id"].iloc[0]
    items = follow_up(status, unit_id)
    args.out.write_bytes(follow_up_bytes(items, fmt))
    print(f"wrote {args.out} ({len(items)} item{'s' if len(items) != 1 else ''})")
    return 0
