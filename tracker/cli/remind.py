"""`python -m tracker remind [--dry-run] [--as-of DAY] [--unit NAME] --user ADMIN`: 催办 from the command line or a
cron job / systemd timer (docs/deployment.md): one message per unit and channel, each recorded; exit status 1
when any send failed (they are retried by the next run)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from tracker.auth import load_accounts, require_admin
from tracker.cli.common import Parser, iso_date, warn_log_problems
from tracker.cli.signin import configured, sign_in
from tracker.cli.signoff import open_database
from tracker.config import DEFAULT_CONFIG
from tracker.errors import UserError
from tracker.i18n import msg, t
from tracker.progress import channels, remind
from tracker.progress.log import open_progress_log
from tracker.progress.status import commitment_status
from tracker.store import queries


def parser() -> argparse.ArgumentParser:
    """The remind command's options."""
    p = Parser(prog="python -m tracker remind", description=t("loop.cli_remind_desc"))
    p.add_argument(
        "--config", type=Path, default=DEFAULT_CONFIG, metavar=t("cli_mv_file"), help=t("cli_help_config")
    )
    p.add_argument("--dry-run", action="store_true", help=t("loop.cli_remind_dry_run"))
    p.add_argument("--as-of", type=iso_date, metavar=t("cli_mv_date"), help=t("loop.cli_remind_as_of"))
    p.add_argument("--unit", action="append", metavar=t("cli_mv_name"), help=t("loop.cli_remind_unit"))
    p.add_argument("--user", metavar=t("auth.cli_mv_account"), help=t("auth.cli_help_user"))
    return p


def main(argv: list[str]) -> int:
    """Plan, send and record the day's reminders; 1 when a send failed, 2 for a problem the user can fix."""
    args, config, lang = configured(argv, parser)
    as_of = args.as_of or dt.date.today()
    user_id = ""
    if not args.dry_run:
        user = require_admin(sign_in(config, args.user, lang, looping=True), "remind", lang=lang)
        user_id = user.id
    warn_log_problems(open_progress_log(config))
    con = open_database(config)
    try:
        status = commitment_status(con, config, as_of)
        owners = queries.commitment_owners(con)
        units = None
        if args.unit:
            known = queries.unit_ids(con, args.unit)
            missing = [u for u in args.unit if u not in known]
            if missing:
                raise UserError(msg("loop.remind_unknown_unit", name=missing[0]))
            units = list(known.values())
    finally:
        con.close()
    accounts = load_accounts(config.users_file_path, lang).accounts
    result = remind.run(
        config,
        status,
        owners,
        accounts,
        as_of,
        user_id,
        channels.send,
        dry_run=args.dry_run,
        lang=lang,
        units=units,
    )
    for m in result.messages:
        state = t("loop.remind_would" if args.dry_run else f"loop.remind_{m.result}")
        print(
            t(
                "loop.remind_summary",
                unit=m.unit_name,
                channel=m.channel,
                target=m.target,
                n=len(m.items),
                state=state,
            )
        )
        if args.dry_run:
            print("  " + m.text.replace("\n", "\n  "))
    for m in result.failed:
        print(
            t("loop.remind_failed_line", unit=m.unit_name, channel=m.channel, error=m.error), file=sys.stderr
        )
    print(t("loop.remind_total", n=len(result.messages), failed=len(result.failed), day=as_of.isoformat()))
    return 1 if result.failed else 0
