"""`python -m tracker assign [--unit NAME …] [--meeting ID] --out FILE.docx|pdf --user ADMIN`: 交办单 for units (all,
when none is named), recorded as 已交办 (who, when, which items)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from tracker.auth import require_admin
from tracker.cli.common import Parser, check_out
from tracker.cli.signin import configured, sign_in
from tracker.cli.signoff import open_database
from tracker.config import DEFAULT_CONFIG
from tracker.errors import UserError
from tracker.i18n import msg, t
from tracker.reports import assign
from tracker.reports.render import atomic_write
from tracker.store import queries


def parser() -> argparse.ArgumentParser:
    """The assign command's options."""
    p = Parser(prog="python -m tracker assign", description=t("loop.cli_assign_desc"))
    p.add_argument(
        "--config", type=Path, default=DEFAULT_CONFIG, metavar=t("cli_mv_file"), help=t("cli_help_config")
    )
    p.add_argument("--unit", action="append", metavar=t("cli_mv_name"), help=t("loop.cli_assign_unit"))
    p.add_argument("--meeting", metavar=t("cli_mv_id"), help=t("loop.cli_assign_meeting"))
    p.add_argument("--out", type=Path, required=True, metavar=t("cli_mv_file"), help=t("loop.cli_assign_out"))
    p.add_argument("--user", metavar=t("auth.cli_mv_account"), help=t("auth.cli_help_user"))
    return p


def main(argv: list[str]) -> int:
    """Write the sheet and record it; problems a user can fix raise UserError (exit 2)."""
    args, config, lang = configured(argv, parser)
    out = check_out(args.out, (".docx", ".pdf"))
    user = require_admin(sign_in(config, args.user, lang, looping=True), "assign", lang=lang)
    con = open_database(config)
    try:
        unit_ids = None
        if args.unit:
            known = queries.unit_ids(con, args.unit)
            missing = [u for u in args.unit if u not in known]
            if missing:
                raise UserError(msg("loop.remind_unknown_unit", name=missing[0]))
            unit_ids = list(known.values())
        sheet = assign.build(con, config, unit_ids, args.meeting, dt.date.today())
    finally:
        con.close()
    fmt: assign.Format = "docx" if out.suffix.lower() == ".docx" else "pdf"
    atomic_write(out, assign.render(sheet, config, fmt, lang))
    assign.record(config, sheet, fmt, user.id)
    print(t("loop.cli_assigned", path=out, units=len(sheet.units), n=sheet.n_items))
    return 0
