"""`python -m tracker extension list|request|approve|refuse`: 延期申请 from the command line, with the same checks
as the dashboard (a unit's account asks for its own items; administrators decide)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.cli.common import Parser, iso_date
from tracker.cli.signin import configured, sign_in, with_owners
from tracker.cli.signoff import open_database, titles
from tracker.config import DEFAULT_CONFIG
from tracker.errors import UserError
from tracker.i18n import msg, t
from tracker.progress import extension
from tracker.progress.status import status_rows


def parser() -> argparse.ArgumentParser:
    """The extension command's options."""
    p = Parser(prog="python -m tracker extension", description=t("loop.cli_ext_desc"))
    p.add_argument(
        "--config", type=Path, default=DEFAULT_CONFIG, metavar=t("cli_mv_file"), help=t("cli_help_config")
    )
    sub = p.add_subparsers(
        dest="cmd", required=True, parser_class=Parser, metavar="{list,request,approve,refuse}"
    )
    sub.add_parser("list", help=t("loop.cli_ext_list"), description=t("loop.cli_ext_list"))
    for name in ("request", "approve", "refuse"):
        s = sub.add_parser(name, help=t(f"loop.cli_ext_{name}"), description=t(f"loop.cli_ext_{name}"))
        s.add_argument("commitment_id", metavar=t("cli_mv_id"), help=t("cli_help_cid"))
        if name == "request":
            s.add_argument(
                "--to", required=True, type=iso_date, metavar=t("cli_mv_date"), help=t("loop.cli_help_to")
            )
        s.add_argument(
            "--reason",
            default="",
            required=name == "request",
            metavar=t("cli_mv_text"),
            help=t("loop.cli_help_reason"),
        )
        s.add_argument("--user", metavar=t("auth.cli_mv_account"), help=t("auth.cli_help_user"))
    return p


def main(argv: list[str]) -> int:
    """Run one extension subcommand; problems a user can fix raise UserError (exit 2)."""
    args, config, lang = configured(argv, parser)
    if args.cmd == "list":
        waiting = extension.waiting(extension.read_extensions(config))
        con = open_database(config)
        try:
            names = titles(con, [r.request.commitment_id for r in waiting])
        finally:
            con.close()
        for r in waiting:
            q = r.request
            print(
                t(
                    "loop.cli_ext_line",
                    cid=q.commitment_id,
                    title=names.get(q.commitment_id, ""),
                    old=q.old_due or "—",
                    new=q.new_due,
                    who=q.entered_by,
                    reason=q.reason,
                )
            )
        print(t("loop.cli_ext_total", n=len(waiting)))
        return 0
    user = sign_in(config, args.user, lang, looping=True)
    if args.cmd == "request":
        user, owners = with_owners(user, config.database_path, [args.commitment_id])
        con = open_database(config)
        try:
            row = status_rows(con, config, [args.commitment_id])
        finally:
            con.close()
        if row.empty:
            raise UserError(msg("loop.unknown_item", cid=args.commitment_id))
        due = row["due_date"].iloc[0]
        current = None if due is None or due != due else due
        done = extension.ask(
            config,
            user,
            owners[args.commitment_id],
            args.commitment_id,
            args.to,
            args.reason,
            current,
            lang=lang,
        )
        print(t("loop.cli_ext_asked", cid=done.commitment_id, new=done.new_due, old=done.old_due or "—"))
        return 0
    done = extension.decide(config, user, args.commitment_id, args.cmd, args.reason, lang=lang)
    print(
        t(
            f"loop.cli_ext_{args.cmd}d",
            cid=done.commitment_id,
            new=done.new_due or "",
            old=done.old_due or "—",
        )
    )
    return 0
