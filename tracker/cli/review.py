"""`python -m tracker review list|confirm|reject|edit|add|merge|reopen|orphans|reattach|close|export|import|log`.

Every write goes through `tracker.review.actions.record` (checked against the database, appended as one batch)
and returns once the database shows it: `tracker.build.refresh` re-applies the review (no extraction) and the
command reads the change back before it reports.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from tracker.auth import User
from tracker.build import refresh
from tracker.build.review import review_store
from tracker.cells import as_int, is_missing
from tracker.cli.common import Parser, open_db, warn
from tracker.cli.progress import migrate_log
from tracker.cli.signin import refuse_password_arguments, sign_in, with_owners
from tracker.config import DEFAULT_CONFIG, Config, load_config
from tracker.errors import UserError
from tracker.i18n import current_language, join, kind_label, msg, t, use_language
from tracker.review import sheet
from tracker.review.actions import Known, Request, ReviewRefused, check, record
from tracker.review.apply import orphan_candidates
from tracker.review.log import STATES, ReviewEntry
from tracker.store import queries
from tracker.store.files import write_atomic

OPTION = {
    "commitment_id": "ID",
    "title": "--title",
    "kind": "--kind",
    "owners": "--owner",
    "due_date": "--due",
    "parent_id": "--parent",
    "ordinal": "--ordinal",
    "into": "--into",
    "why": "--why",
    "source_id": "--source",
    "quote": "--quote",
    "meeting_id": "--meeting",
}


def _parser() -> argparse.ArgumentParser:
    file_ = t("cli_mv_file")
    p = Parser(prog="python -m tracker review", description=t("review.cli_desc"))
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar=file_, help=t("cli_help_config"))
    names = "{list,confirm,reject,edit,add,merge,reopen,orphans,reattach,close,export,import,log,migrate}"
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=Parser, metavar=names)

    def cmd(name: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, help=t(f"review.cli_help_{name}"), description=t(f"review.cli_help_{name}")
        )

    def writer(q: argparse.ArgumentParser) -> None:
        q.add_argument("--user", metavar=t("auth.cli_mv_account"), help=t("auth.cli_help_user"))
        q.add_argument("--why", default="", metavar=t("cli_mv_text"), help=t("review.cli_help_why"))

    def values(q: argparse.ArgumentParser) -> None:
        q.add_argument("--title", metavar=t("cli_mv_text"), help=t("review.cli_help_title"))
        q.add_argument("--kind", metavar=t("review.cli_mv_kind"), help=t("review.cli_help_kind"))
        q.add_argument(
            "--owner", action="append", metavar=t("review.cli_mv_owner"), help=t("review.cli_help_owner")
        )
        q.add_argument("--due", metavar=t("cli_mv_date"), help=t("review.cli_help_due"))
        q.add_argument("--parent", metavar=t("cli_mv_id"), help=t("review.cli_help_parent"))
        q.add_argument("--ordinal", metavar="N", help=t("review.cli_help_ordinal"))

    lst = cmd("list")
    lst.add_argument("--state", choices=STATES, help=t("review.cli_help_state"))
    lst.add_argument("--meeting", metavar=t("cli_mv_id"), help=t("review.cli_help_meeting_filter"))
    lst.add_argument("--format", choices=("text", "csv"), default="text", help=t("review.cli_help_format"))
    for name in ("confirm", "reject", "reopen"):
        q = cmd(name)
        q.add_argument("ids", nargs="+", metavar=t("cli_mv_id"), help=t("cli_help_cid"))
        writer(q)
    q = cmd("edit")
    q.add_argument("id", metavar=t("cli_mv_id"), help=t("cli_help_cid"))
    values(q)
    writer(q)
    q = cmd("add")
    q.add_argument("--source", required=True, metavar=t("cli_mv_id"), help=t("review.cli_help_source"))
    q.add_argument("--quote", default="", metavar=t("cli_mv_text"), help=t("review.cli_help_quote"))
    q.add_argument("--meeting", metavar=t("cli_mv_id"), help=t("review.cli_help_meeting"))
    values(q)
    writer(q)
    q = cmd("merge")
    q.add_argument("id", metavar=t("cli_mv_id"), help=t("cli_help_cid"))
    q.add_argument("--into", required=True, metavar=t("cli_mv_id"), help=t("review.cli_help_into"))
    writer(q)
    cmd("orphans")
    q = cmd("reattach")
    q.add_argument("id", metavar=t("cli_mv_id"), help=t("review.cli_help_orphan_id"))
    q.add_argument("--to", required=True, metavar=t("cli_mv_id"), help=t("review.cli_help_to"))
    writer(q)
    q = cmd("close")
    q.add_argument("id", metavar=t("cli_mv_id"), help=t("review.cli_help_orphan_id"))
    writer(q)
    q = cmd("export")
    q.add_argument("file", type=Path, metavar=file_, help=t("review.cli_help_export_file"))
    q.add_argument("--state", choices=STATES, help=t("review.cli_help_state"))
    q.add_argument("--meeting", metavar=t("cli_mv_id"), help=t("review.cli_help_meeting_filter"))
    q = cmd("import")
    q.add_argument("file", type=Path, metavar=file_, help=t("review.cli_help_import_file"))
    q.add_argument("--user", metavar=t("auth.cli_mv_account"), help=t("auth.cli_help_user"))
    q.add_argument("--dry-run", action="store_true", help=t("cli_help_dry_run"))
    q.add_argument("--again", action="store_true", help=t("cli_help_again"))
    q = cmd("log")
    q.add_argument("id", nargs="?", metavar=t("cli_mv_id"), help=t("cli_help_cid"))
    q = cmd("migrate")
    q.add_argument("--to", required=True, choices=("postgres", "jsonl"), help=t("safe.cli_help_migrate_to"))
    q.add_argument("--log", type=Path, metavar=file_, help=t("review.cli_help_migrate_log"))
    q.add_argument("--append", action="store_true", help=t("safe.cli_help_migrate_append"))
    q.add_argument("--skip-bad", action="store_true", help=t("safe.cli_help_migrate_skip_bad"))
    return p


def who(config: Config, account: str | None) -> User:
    """The signed-in account the command writes as (--user and its password), with its units' ids."""
    user = sign_in(config, account, current_language(), reviewing=True)
    return with_owners(user, config.database_path, ())[0]


def warn_review_problems(config: Config) -> None:
    """Name every line or batch of the review log that readers skip (on stderr)."""
    for p in review_store(config).read().problems:
        warn(str(p))


def _up_to_date(config: Config) -> Path:
    path = refresh(config)
    warn_review_problems(config)
    return path


def _state(config: Config) -> Known:
    con = open_db(config.database_path)
    try:
        return Known.load(con, config)
    finally:
        con.close()


def main(argv: list[str]) -> int:
    """Run one review subcommand; problems a user can fix raise UserError (exit 2)."""
    refuse_password_arguments(argv, current_language())
    args = _parser().parse_args(argv)
    config = load_config(args.config, must_exist=args.config != DEFAULT_CONFIG)
    use_language(config.language)
    if args.cmd == "migrate":  # before anything reads the log from the store it is leaving
        return migrate_log(config, "review", ReviewEntry, args.to, args.log, args.append, args.skip_bad)
    _up_to_date(config)
    if args.cmd == "list":
        return _list(args, config)
    if args.cmd == "orphans":
        return _orphans(config)
    if args.cmd == "log":
        return _log(args, config)
    if args.cmd == "export":
        return _export(args, config)
    if args.cmd == "import":
        return _import(args, config)
    return _write(args, config)


def _requests(args: argparse.Namespace) -> list[Request]:
    why = args.why
    if args.cmd in ("confirm", "reject", "reopen"):
        return [Request(args.cmd, cid, {}, why) for cid in dict.fromkeys(args.ids)]
    if args.cmd == "merge":
        return [Request("merge", args.id, {"into": args.into}, why)]
    if args.cmd == "reattach":
        return [Request("reattach", args.id, {"into": args.to}, why)]
    if args.cmd == "close":
        return [Request("close", args.id, {}, why)]
    given = {
        "title": args.title,
        "kind": args.kind,
        "owners": args.owner,
        "due_date": args.due,
        "parent_id": args.parent,
        "ordinal": args.ordinal,
    }
    values = {k: v for k, v in given.items() if v is not None}
    if args.cmd == "edit":
        return [Request("edit", args.id, values, why)]
    values.update(source_id=args.source, quote=args.quote)
    if args.meeting:
        values["meeting_id"] = args.meeting
    return [Request("add", "", values, why)]


def _refused(e: ReviewRefused) -> UserError:
    parts = [
        t("cli_option_problem", option=OPTION.get(p.column, p.column), value=repr(p.value), reason=p.reason)
        for p in e.problems
    ]
    return UserError("；".join(parts) if current_language() == "zh" else "; ".join(parts))


def _write(args: argparse.Namespace, config: Config) -> int:
    known = _state(config)
    try:
        written = record(
            review_store(config),
            _requests(args),
            known,
            user=who(config, args.user),
            source="cli",
            lang=current_language(),
        )
    except ReviewRefused as e:
        raise _refused(e) from None
    path = _up_to_date(config)
    shown = _shown(config, written)
    for entry in written:
        print(_done_line(entry, shown))
    print(t("review.cli_db_updated", path=path))
    return 0


def _shown(config: Config, written: Sequence[ReviewEntry]) -> pd.DataFrame:
    """The items as the database shows them now (the command reports what it reads back): each item decided on
    is there, each orphan re-attached or closed is no longer listed."""
    con = open_db(config.database_path)
    try:
        items = queries.review_items(con)
        orphans = set(queries.review_orphans(con)["commitment_id"])
    finally:
        con.close()
    items = items.set_index("commitment_id", drop=False)
    missing = [
        e.commitment_id
        for e in written
        if (
            e.commitment_id in orphans
            if e.action in ("reattach", "close")
            else e.commitment_id not in items.index
        )
    ]
    if missing:  # the log has it but the database does not show it: say so rather than claim success
        raise UserError(msg("review.cli_not_shown", ids=join(missing)))
    return items


def _done_line(e: ReviewEntry, items: pd.DataFrame) -> str:
    cid = e.commitment_id
    title = str(items.at[cid, "title"]) if cid in items.index else ""
    state = t(f"review.state_{items.at[cid, 'review_state']!s}") if cid in items.index else ""
    if e.action == "merge":
        into = e.values.into or ""
        return t(
            "review.cli_done_merge",
            id=cid,
            into=into,
            title=items.at[into, "title"] if into in items.index else "",
        )
    if e.action in ("reattach", "close"):
        return t(f"review.cli_done_{e.action}", id=cid, into=e.values.into or "")
    if e.action == "add":
        a, b = as_int(items.at[cid, "char_start"]), as_int(items.at[cid, "char_end"])
        return t("review.cli_done_add", id=cid, title=title, source=e.values.source_id, a=a, b=b, state=state)
    return t(f"review.cli_done_{e.action}", id=cid, title=title, state=state)


def _owners_text(v: object) -> str:
    """'红山街道:lead, 公安局:support' in the reader's words: 红山街道（牵头）、公安局（配合）."""
    if not isinstance(v, str) or not v:
        return "—"
    out = []
    for part in v.split(", "):
        name, _, role = part.rpartition(":")
        out.append(t("review.owner_role", unit=name or part, role=t(f"review.role_{role or 'responsible'}")))
    return join(out)


def _list(args: argparse.Namespace, config: Config) -> int:
    con = open_db(config.database_path)
    try:
        items = queries.review_items(con, args.meeting, (args.state,) if args.state else ())
    finally:
        con.close()
    table = sheet.review_table(items, current_language())
    if args.format == "csv":
        sys.stdout.write(sheet.csv_text(table).replace("\r\n", "\n"))  # a terminal shows a CR as \\r
        return 0
    for r in items.itertuples():
        due = "" if is_missing(r.due_date) else str(r.due_date)[:10]
        print(
            t(
                "review.cli_list_line",
                state=t(f"review.state_{r.review_state}"),
                id=r.commitment_id,
                kind=kind_label(r.kind if isinstance(r.kind, str) else None, current_language()),
                title=" ".join(str(r.title).split()),
                owners=_owners_text(r.owners_text),
                due=due or "—",
            )
        )
    print(t("review.cli_list_total", n=len(items)))
    return 0


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """A query's rows as dicts by column name (pandas types the keys as any hashable)."""
    return [{str(k): v for k, v in r.items()} for r in table.to_dict("records")]


def _orphans(config: Config) -> int:
    con = open_db(config.database_path)
    try:
        orphans = queries.review_orphans(con)
        live = queries.review_items(con, states=("unreviewed", "confirmed", "edited", "added"))
    finally:
        con.close()
    if orphans.empty:
        print(t("review.cli_no_orphans"))
        return 0
    rows = _records(live)
    for o in _records(orphans):
        quote = " ".join(str(o["quote"] or "").split()) or t("review.quote_unknown")
        print(
            t(
                "review.cli_orphan_line",
                id=o["commitment_id"],
                reason=t(f"review.orphan_{o['reason']}"),
                source=o["source_id"] or "—",
                quote=quote,
                n_review=o["n_review"],
                n_progress=o["n_progress"],
            )
        )
        for c in orphan_candidates(rows, o):
            print(t("review.cli_candidate", id=c.commitment_id, score=f"{c.score:g}", title=c.title))
    print(t("review.cli_orphans_hint"))
    return 0


def _log(args: argparse.Namespace, config: Config) -> int:
    got = review_store(config).read()
    for e in got.entries:
        if args.id and args.id not in (e.commitment_id, e.values.into):
            continue
        values = sheet.values_text(e, current_language())
        print(
            t(
                "review.cli_log_line",
                at=e.entered_at,
                who=e.entered_by or t("review.by_build"),
                action=t(f"review.action_{e.action}"),
                id=e.commitment_id,
                values=values,
                why=" ".join(e.why.split()),
            ).rstrip()
        )
    return 0


def _export(args: argparse.Namespace, config: Config) -> int:
    fmt = sheet.sheet_format(args.file)
    con = open_db(config.database_path)
    try:
        items = queries.review_items(con, args.meeting, (args.state,) if args.state else ())
    finally:
        con.close()
    key = sheet.sheet_key(config.sheet_key_path)
    write_atomic(args.file, sheet.export_bytes(items, fmt, current_language(), key=key), make_folder=False)
    print(t("cli_wrote_items", path=args.file, n=len(items)))
    return 0


def _import(args: argparse.Namespace, config: Config) -> int:
    path: Path = args.file
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(msg("cli_file_not_found", path=path)) from None
    except OSError as e:
        raise UserError(msg("cli_file_unreadable", path=path, detail=f" ({e.strerror})")) from None
    known = _state(config)
    plan = sheet.read_sheet(data, path.name, known, key=sheet.sheet_key(config.sheet_key_path))
    problems = sorted(
        [*plan.problems, *plan.named(check(plan.requests, known).problems)], key=lambda p: p.row or 0
    )
    for p in problems:
        print(f"{path.name}: {p}" if current_language() == "en" else f"{path.name}：{p}", file=sys.stderr)
    if problems:
        bad = len({p.row for p in problems})
        raise UserError(msg("review.sheet_refused", name=path.name, bad=bad, problems=len(problems)))
    print(t("review.sheet_ready", name=path.name, n=len(plan.requests), skipped=len(plan.skipped)))
    if args.dry_run:
        for line in sheet.preview_lines(plan, known, current_language()):
            print(line)
        print(t("cli_dry_run_nothing_written"))
        return 0
    if not plan.requests:
        return 0
    try:
        written = record(
            review_store(config),
            plan.requests,
            known,
            user=who(config, args.user),
            lang=current_language(),
            source="import",
            import_sha256=plan.sha256,
            import_name=path.name,
            again=args.again,
        )
    except ReviewRefused as e:
        raise _refused(e) from None
    db_path = _up_to_date(config)
    _shown(config, written)
    print(t("review.sheet_written", n=len(written), path=db_path))
    return 0
