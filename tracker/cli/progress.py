"""`python -m tracker progress import|add|template|list|follow-up`: progress entries from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

import pandas as pd

from tracker.cli.common import warn, warn_log_problems
from tracker.config import DEFAULT_CONFIG, Config, load_config
from tracker.errors import UserError
from tracker.i18n import use_language
from tracker.progress.imports import commit_import, preview_import, template_bytes
from tracker.progress.log import STATUSES, append_updates, check_values, imported_before, read_log
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
    imp.add_argument("--by", default="", help="who is entering (default: the login name)")
    imp.add_argument("--dry-run", action="store_true", help="check and preview only; write nothing")
    imp.add_argument("--again", action="store_true", help="import a file that was imported before, again")
    add = sub.add_parser("add", help="record one update")
    add.add_argument("commitment_id")
    add.add_argument("--status", required=True, help="/".join(STATUSES))
    add.add_argument("--percent", default="", help="0-100 (100 for 已完成, 0 for 未启动 when left out)")
    add.add_argument("--as-of", default=dt.date.today().isoformat(), help="date the status refers to")
    add.add_argument("--note", default="")
    add.add_argument("--evidence", default="", help="a link to a document or photo")
    add.add_argument("--by", default="")
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


def _who(given: str) -> str:
    if given:
        return given
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _fmt(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise UserError(f"{path}: the output must end in .csv or .xlsx")
    return fmt


def main(argv: list[str]) -> int:
    """Run one progress subcommand; problems a user can fix raise UserError (exit 2)."""
    args = _parser().parse_args(argv)
    config = load_config(args.config)
    use_language(config.language)
    log = args.log or config.progress_log_path
    if args.cmd == "import":
        return _import(args, config, log)
    if args.cmd == "add":
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
        (entry,) = append_updates(log, [upd], source="cli", entered_by=_who(args.by))
        warn_log_problems(log)
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
            warn(str(p))
        for e in got.entries:
            if args.commitment_id and e["commitment_id"] != args.commitment_id:
                continue
            old = f" (was {e['old_status']} {e['old_percent']:g}%)" if e.get("old_status") else ""
            reported = f" for {e['reported_by']}" if e.get("reported_by") else ""
            note = " ".join(str(e.get("note") or "").splitlines())  # one line per entry
            print(
                f"{e['as_of']}  {e['commitment_id']}  {e['status']} {e['percent']:g}%{old}  "
                f"{e.get('entered_by') or '-'}{reported} via {e['source']} at {e['entered_at']}  {note}".rstrip()
            )
        return 0
    return _follow_up(args, config, log)


def _import(args: argparse.Namespace, config: Config, log: Path) -> int:
    path: Path = args.file
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
        raise preview.rejection()
    earlier = None if args.again else imported_before(log, preview.sha256)
    if earlier is not None:  # checked again, under the log's lock, when writing
        raise UserError(
            code="safe.import_again",
            file=path.name,
            when=str(earlier["entered_at"])[:16].replace("T", " "),
            by=earlier.get("entered_by") or "?",
        )
    print(preview.summary())
    if preview.skipped:
        print(f"skipped {len(preview.skipped)} blank row(s)")
    if preview.ignored_columns:
        print(f"ignored column(s): {', '.join(preview.ignored_columns)}")
    if args.dry_run or not preview.updates:
        return 0
    written = commit_import(preview, log, entered_by=_who(args.by), again=args.again)
    warn_log_problems(log)
    print(f"appended {len(written)} entr{'ies' if len(written) != 1 else 'y'} to {log}")
    return 0


def _follow_up(args: argparse.Namespace, config: Config, log: Path) -> int:
    fmt = _fmt(args.out)
    path = config.database_path
    _commitments(config)  # a clear error when the database is missing
    warn_log_problems(log)
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
