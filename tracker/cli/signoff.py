"""`python -m tracker signoff list|history|sign|return`: 审核销号 from the command line, with the same checks as
the dashboard (administrators only; a return needs a reason)."""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from tracker.cli.common import Parser, warn_log_problems
from tracker.cli.signin import configured, sign_in
from tracker.config import DEFAULT_CONFIG, Config
from tracker.errors import UserError
from tracker.i18n import current_language, msg, t
from tracker.progress import signoff
from tracker.progress.log import open_progress_log
from tracker.progress.status import loop_entries
from tracker.store.db import connect_readonly


def parser() -> argparse.ArgumentParser:
    """The signoff command's options."""
    p = Parser(prog="python -m tracker signoff", description=t("loop.cli_signoff_desc"))
    p.add_argument(
        "--config", type=Path, default=DEFAULT_CONFIG, metavar=t("cli_mv_file"), help=t("cli_help_config")
    )
    sub = p.add_subparsers(
        dest="cmd", required=True, parser_class=Parser, metavar="{list,history,sign,return}"
    )
    sub.add_parser("list", help=t("loop.cli_signoff_list"), description=t("loop.cli_signoff_list"))
    h = sub.add_parser(
        "history", help=t("loop.cli_signoff_history"), description=t("loop.cli_signoff_history")
    )
    h.add_argument("commitment_id", metavar=t("cli_mv_id"), help=t("cli_help_cid"))
    for name, key in (("sign", "loop.cli_signoff_sign"), ("return", "loop.cli_signoff_return")):
        s = sub.add_parser(name, help=t(key), description=t(key))
        s.add_argument("commitment_id", metavar=t("cli_mv_id"), help=t("cli_help_cid"))
        s.add_argument("--reason", default="", metavar=t("cli_mv_text"), help=t("loop.cli_help_reason"))
        s.add_argument("--user", metavar=t("auth.cli_mv_account"), help=t("auth.cli_help_user"))
    return p


def open_database(config: Config) -> duckdb.DuckDBPyConnection:
    """The built database, read-only; a clear error when it has not been built."""
    path = config.database_path
    if not path.exists():
        raise UserError(msg("cli_progress_no_db", path=path, config=DEFAULT_CONFIG))
    return connect_readonly(path)


def titles(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    """{commitment id: title} of these commitments."""
    rows = con.execute(
        "SELECT commitment_id, coalesce(title, quote) FROM commitments WHERE commitment_id IN (SELECT unnest(?))",
        [ids],
    ).fetchall()
    return {c: str(x or "") for c, x in rows}


def main(argv: list[str]) -> int:
    """Run one signoff subcommand; problems a user can fix raise UserError (exit 2)."""
    args, config, lang = configured(argv, parser)
    log = open_progress_log(config)
    warn_log_problems(log)
    con = open_database(config)
    try:
        entries = loop_entries(config, log, con)
        if args.cmd == "list":
            waiting = signoff.waiting(entries)
            names = titles(con, [w.commitment_id for w in waiting])
            for w in waiting:
                print(
                    t(
                        "loop.cli_waiting_line",
                        cid=w.commitment_id,
                        title=names.get(w.commitment_id, ""),
                        as_of=w.as_of,
                        who=w.entered_by,
                        at=w.entered_at[:16].replace("T", " "),
                    )
                )
            print(t("loop.cli_waiting_total", n=len(waiting)))
            return 0
        if args.cmd == "history":
            for step in signoff.history(args.commitment_id, entries, signoff.read_decisions(config)):
                print(step_line(step))
            return 0
        user = sign_in(config, args.user, lang, looping=True)
        decision: signoff.Decision = "signoff" if args.cmd == "sign" else "return"
        done = signoff.decide(config, entries, user, args.commitment_id, decision, args.reason, lang=lang)
    finally:
        con.close()
    print(t(f"loop.cli_done_{done.decision}", cid=done.commitment_id, who=done.entered_by))
    return 0


def step_line(step: dict) -> str:
    """One sign-off step for the terminal: when, what, who (and the state of a report, or a reason)."""
    what = t(f"loop.step_{step['step']}")
    if step["state"]:
        what += (
            f"（{t('loop.signoff_' + step['state'])}）"
            if current_language() == "zh"
            else f" ({t('loop.signoff_' + step['state'])})"
        )
    reason = (
        f"：{step['reason']}"
        if step["reason"] and current_language() == "zh"
        else (f": {step['reason']}" if step["reason"] else "")
    )
    return f"{step['at'][:16].replace('T', ' ')}  {what}  {step['who']}{reason}"
