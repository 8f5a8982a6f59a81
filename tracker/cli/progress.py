"""`python -m tracker progress import|add|template|list|follow-up|migrate`: progress entries from the command line."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path

import pandas as pd

from tracker.auth import User, require, require_rows
from tracker.cli.common import Parser, warn, warn_log_problems
from tracker.cli.signin import refuse_password_arguments, sign_in, with_owners
from tracker.config import DEFAULT_CONFIG, Config, load_config
from tracker.errors import UserError
from tracker.i18n import InLanguage, current_language, join, msg, status_label, t, use_language
from tracker.progress import attachments, signoff
from tracker.progress.due import with_due_note
from tracker.progress.follow_up import follow_up, follow_up_bytes
from tracker.progress.imports import ImportPreview, commit_import, preview_import, template_bytes
from tracker.progress.log import (
    STATUSES,
    LogTarget,
    ProgressEntry,
    append_updates,
    check_values,
    imported_before,
    open_progress_log,
    progress_log,
    read_log,
)
from tracker.progress.status import commitment_status
from tracker.store.db import connect_readonly
from tracker.store.files import write_atomic
from tracker.store.logfile import JsonlLog, Record
from tracker.store.logs import copy_log, jsonl_path, open_blobs, postgres_log


def _parser() -> argparse.ArgumentParser:
    file_, sheet = t("cli_mv_file"), t("cli_help_out_sheet")
    p = Parser(prog="python -m tracker progress", description=t("cli_progress_desc"))
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar=file_, help=t("cli_help_config"))
    p.add_argument("--log", type=Path, metavar=file_, help=t("cli_help_log"))
    sub = p.add_subparsers(
        dest="cmd", required=True, parser_class=Parser, metavar="{import,add,template,list,follow-up,migrate}"
    )
    imp = sub.add_parser("import", help=t("cli_help_import"), description=t("cli_help_import"))
    imp.add_argument("file", type=Path, metavar=file_, help=t("cli_help_import_file"))
    imp.add_argument("--user", metavar=t("auth.cli_mv_account"), help=t("auth.cli_help_user"))
    imp.add_argument("--by", help=argparse.SUPPRESS)  # gone: refused with a sentence saying to use --user
    imp.add_argument("--dry-run", action="store_true", help=t("cli_help_dry_run"))
    imp.add_argument("--again", action="store_true", help=t("cli_help_again"))
    add = sub.add_parser("add", help=t("cli_help_add"), description=t("cli_help_add"))
    add.add_argument("commitment_id", metavar=t("cli_mv_id"), help=t("cli_help_cid"))
    add.add_argument("--status", required=True, metavar=t("cli_mv_status"), help="/".join(STATUSES))
    add.add_argument("--percent", default="", metavar=t("cli_mv_percent"), help=t("cli_help_percent"))
    add.add_argument(
        "--as-of", default=dt.date.today().isoformat(), metavar=t("cli_mv_date"), help=t("cli_help_add_as_of")
    )
    add.add_argument("--note", default="", metavar=t("cli_mv_text"), help=t("cli_help_note"))
    add.add_argument("--evidence", default="", metavar=t("cli_mv_link"), help=t("cli_help_evidence"))
    add.add_argument(
        "--attach", nargs="+", type=Path, default=[], metavar=file_, help=t("loop.cli_help_attach")
    )
    add.add_argument("--user", metavar=t("auth.cli_mv_account"), help=t("auth.cli_help_user"))
    add.add_argument("--by", help=argparse.SUPPRESS)
    tpl = sub.add_parser("template", help=t("cli_help_template"), description=t("cli_help_template"))
    tpl.add_argument("--out", type=Path, default=Path("progress_template.xlsx"), metavar=file_, help=sheet)
    lst = sub.add_parser("list", help=t("cli_help_list_cmd"), description=t("cli_help_list_cmd"))
    lst.add_argument("commitment_id", nargs="?", metavar=t("cli_mv_id"), help=t("cli_help_cid"))
    fu = sub.add_parser("follow-up", help=t("cli_help_follow_up"), description=t("cli_help_follow_up"))
    fu.add_argument("--unit", metavar=t("cli_mv_name"), help=t("cli_help_fu_unit"))
    fu.add_argument("--out", type=Path, default=Path("follow_up.xlsx"), metavar=file_, help=sheet)
    mig = sub.add_parser("migrate", help=t("safe.cli_help_migrate"), description=t("safe.cli_help_migrate"))
    mig.add_argument("--to", required=True, choices=("postgres", "jsonl"), help=t("safe.cli_help_migrate_to"))
    mig.add_argument("--append", action="store_true", help=t("safe.cli_help_migrate_append"))
    mig.add_argument("--skip-bad", action="store_true", help=t("safe.cli_help_migrate_skip_bad"))
    return p


def _status(config: Config, log: LogTarget | None = None) -> pd.DataFrame:
    """Every commitment with its status and due date (from the text or the config's default), as of today."""
    path = config.database_path
    if not path.exists():
        raise UserError(msg("cli_progress_no_db", path=path, config=DEFAULT_CONFIG))
    con = connect_readonly(path)
    try:
        return commitment_status(con, config, log=log)
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
    if args.by is not None:
        raise UserError(t("auth.cli_by_removed", current_language()))
    return sign_in(config, args.user, current_language())


def _read_files(paths: list[Path]) -> list[tuple[str, bytes]]:
    """(name, bytes) of each file to attach; a missing or unreadable one is a UserError."""
    out = []
    for p in paths:
        try:
            out.append((p.name, p.read_bytes()))
        except OSError:
            raise UserError(msg("cli_file_not_found", path=p)) from None
    return out


def _fmt(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise UserError(msg("cli_sheet_suffix", path=path))
    return fmt


def main(argv: list[str]) -> int:
    """Run one progress subcommand; problems a user can fix raise UserError (exit 2)."""
    refuse_password_arguments(argv, current_language())
    args = _parser().parse_args(argv)
    config = load_config(args.config)
    use_language(config.language)
    if args.cmd == "migrate":
        return _migrate(args, config)
    log = progress_log(args.log) if args.log else open_progress_log(config)
    if args.cmd == "import":
        return _import(args, config, log)
    if args.cmd == "add":
        user = _signed_in(args, config)
        ids = set(_status(config, log)["commitment_id"])
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
            parts = [
                t("cli_option_problem", option=_OPTION[p.column], value=repr(p.value), reason=p.reason)
                for p in probs
            ]
            raise UserError("；".join(parts) if current_language() == "zh" else "; ".join(parts))
        user, owners = with_owners(user, config.database_path, [upd.commitment_id])
        cid = upd.commitment_id
        require(user, "progress", owners[cid], commitment=cid, lang=current_language())
        files = attachments.check_all(_read_files(args.attach), config.attachments)
        if files:  # the bytes first (content-addressed; nothing refers to them until the entry is written)
            blobs = open_blobs(config)
            for path in args.attach:
                blobs.put(path.read_bytes())
            upd = dataclasses.replace(upd, attachments=tuple(files))
        (entry,) = append_updates(
            log, [upd], source="cli", entered_by=user.id, needs_signoff=signoff.needs_signoff(config, user)
        )
        warn_log_problems(log)
        print(
            t(
                "cli_recorded",
                status=status_label(entry["status"], current_language()),
                percent=f"{entry['percent']:g}",
                cid=entry["commitment_id"],
                log=log,
            )
        )
        return 0
    if args.cmd == "template":
        fmt = _fmt(args.out)
        rows = with_due_note(_status(config, log), config, current_language())
        write_atomic(args.out, template_bytes(rows, fmt, current_language()), make_folder=False)
        print(t("cli_wrote_items", path=args.out, n=len(rows)))
        return 0
    if args.cmd == "list":
        return _list(args, log)
    return _follow_up(args, config, log)


def _list(args: argparse.Namespace, log: LogTarget) -> int:
    got = read_log(log)
    for p in got.problems:
        warn(str(p))
    for e in got.entries:
        if args.commitment_id and e["commitment_id"] != args.commitment_id:
            continue
        old = (
            t(
                "cli_list_was",
                old=f"{status_label(e['old_status'], current_language())} {e['old_percent']:g}%",
            )
            if e.get("old_status")
            else ""
        )
        source = (
            t(f"cli_source_{e['source']}")
            if e.get("source") in ("form", "cli", "import")
            else e.get("source")
        )
        line = t(
            "cli_list_line",
            as_of=e["as_of"],
            cid=e["commitment_id"],
            status=f"{status_label(e['status'], current_language())} {e['percent']:g}%{old}",
            who=(e.get("entered_by") or "-")
            + (t("cli_list_reported", name=e["reported_by"]) if e.get("reported_by") else ""),
            source=source,
            at=e["entered_at"],
            note=" ".join(str(e.get("note") or "").splitlines()),  # one line per entry
        )
        print(line.rstrip())
    return 0


def preview_lines(preview: ImportPreview, status: pd.DataFrame) -> list[str]:
    """The rows an import would write, one line each: row, commitment, unit and title, status, percent, date, note."""
    known = status.set_index("commitment_id") if len(status) else None
    lines = [t("cli_dry_run_header", n=len(preview.updates))]
    for row, u in zip(preview.rows, preview.updates, strict=True):
        unit = title = ""
        if known is not None and u.commitment_id in known.index:
            name = known.at[u.commitment_id, "unit_name"]
            unit = name if isinstance(name, str) else "—"
            title = str(known.at[u.commitment_id, "title"])
        title = title if len(title) <= 24 else title[:23] + "…"
        lines.append(
            t(
                "cli_dry_run_row",
                row=row,
                cid=u.commitment_id,
                unit=unit,
                title=title,
                status=status_label(u.status, current_language()),
                percent=f"{u.percent:g}",
                as_of=u.as_of.isoformat(),
                note=u.note,
            ).rstrip()
        )
    return lines


def _import(args: argparse.Namespace, config: Config, log: LogTarget) -> int:
    path: Path = args.file
    user = None if args.dry_run and not args.user and args.by is None else _signed_in(args, config)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(msg("cli_file_not_found", path=path)) from None
    except OSError as e:
        raise UserError(
            msg("cli_file_unreadable", path=path, detail=InLanguage("en", f" ({e.strerror})"))
        ) from None
    status = _status(config, log)
    preview = preview_import(data, str(path), set(status["commitment_id"]))
    for p in preview.errors:
        print(f"{path}: {p}" if current_language() == "en" else f"{path}：{p}", file=sys.stderr)
    if preview.errors:
        raise UserError(preview.summary_msg())
    if user is not None:  # every row must be the user's to write, or nothing is
        user, owners = with_owners(user, config.database_path, [u.commitment_id for u in preview.updates])
        rows = zip(preview.rows, (u.commitment_id for u in preview.updates), strict=True)
        require_rows(user, rows, owners, "import", current_language())
    earlier = None if args.again else imported_before(log, preview.sha256)
    if earlier is not None:  # checked again, under the log's lock, when writing
        raise UserError(
            code="safe.import_again",
            file=path.name,
            when=str(earlier["entered_at"])[:16].replace("T", " "),
            by=earlier.get("entered_by") or "?",
        )
    print(preview.summary_msg())
    if preview.skipped:
        print(t("cli_skipped_blank", n=len(preview.skipped)))
    if ignored := preview.ignored_columns:
        print(t("cli_ignored_columns", count=len(ignored), columns=join(ignored)))
    if args.dry_run:
        if preview.updates:
            print("\n".join(preview_lines(preview, status)))
        print(t("cli_dry_run_nothing_written"))
        return 0
    if not preview.updates:
        return 0
    assert user is not None
    written = commit_import(
        preview, log, entered_by=user.id, again=args.again, needs_signoff=signoff.needs_signoff(config, user)
    )
    warn_log_problems(log)
    print(t("cli_appended", n=len(written), log=log))
    return 0


def _follow_up(args: argparse.Namespace, config: Config, log: LogTarget) -> int:
    fmt = _fmt(args.out)
    warn_log_problems(log)
    status = _status(config, log)
    unit_id = None
    if args.unit:
        match = status[status["unit_name"] == args.unit]
        if match.empty:
            names = sorted(set(status["unit_name"].dropna()))
            raise UserError(msg("cli_fu_no_unit", unit=args.unit, names=join(names)))
        unit_id = match["unit_id"].iloc[0]
    items = follow_up(status, unit_id, config.review.required)
    write_atomic(args.out, follow_up_bytes(items, fmt, current_language()), make_folder=False)
    print(t("cli_wrote_items", path=args.out, n=len(items)))
    return 0


def _migrate(args: argparse.Namespace, config: Config) -> int:
    """Copy the progress log between its JSONL file (--log, else progress.log) and PostgreSQL (logs.postgres_url)."""
    return migrate_log(config, "progress", ProgressEntry, args.to, args.log, args.append, args.skip_bad)


def migrate_log(
    config: Config,
    kind: str,
    model: type[Record],
    to: str,
    log: Path | None,
    append: bool = False,
    skip_bad: bool = False,
) -> int:
    """Copy the log `kind` (progress, review) between its JSONL file (`log`, else the config's) and PostgreSQL,
    record for record; prints what was copied and what to do next."""
    jsonl = JsonlLog(log or jsonl_path(config, kind), model)
    pg = postgres_log(config, kind, model)
    source, target = (jsonl, pg) if to == "postgres" else (pg, jsonl)
    done = copy_log(source, target, append=append, skip_bad=skip_bad)
    for p in done.bad_lines:
        warn(str(p))
    skipped = t("safe.migrate_skipped", n=done.already_there) if done.already_there else ""
    if done.bad_lines:
        skipped += t("safe.migrate_skipped_bad", n=len(done.bad_lines))
    print(
        t(
            "safe.migrate_done",
            source=source,
            target=target,
            n=done.copied,
            batches=done.batches,
            skipped=skipped,
        )
    )
    got = target.read()
    print(t("safe.migrate_check", entries=len(got.entries), problems=len(got.problems)))
    if config.logs.store != to:
        print(t("safe.migrate_next", store=to))
    return 0
