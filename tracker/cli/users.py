"""`python -m tracker users add|remove|list|passwd`: the local accounts file (auth.users_file).

Whoever can run this on the server can edit the accounts, so it asks for no sign-in; passwords come from a
prompt (twice) or, for scripts, one line on standard input (--password-stdin), never from the command line.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from pathlib import Path

from tracker.auth import ROLES, Account, canonical_units, check_id, editing, hash_password, load_accounts
from tracker.cli.common import Parser
from tracker.cli.signin import refuse_password_arguments
from tracker.config import DEFAULT_CONFIG, Config, load_config
from tracker.errors import AccountsError
from tracker.i18n import Lang, current_language, t, use_language


def _parser() -> argparse.ArgumentParser:
    p = Parser(prog="python -m tracker users", description=t("auth.cli_users_desc"), allow_abbrev=False)
    p.add_argument(
        "--config", type=Path, default=DEFAULT_CONFIG, metavar=t("cli_mv_file"), help=t("cli_help_config")
    )
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=Parser, metavar="{add,remove,list,passwd}")
    account = t("auth.cli_mv_account")
    add = sub.add_parser(
        "add", help=t("auth.cli_users_add"), description=t("auth.cli_users_add"), allow_abbrev=False
    )
    add.add_argument("id", metavar=account, help=t("auth.cli_help_account_id"))
    add.add_argument("--role", required=True, choices=ROLES, help=t("auth.cli_help_role"))
    add.add_argument(
        "--unit", action="append", default=[], metavar=t("cli_mv_name"), help=t("auth.cli_help_unit")
    )
    add.add_argument("--name", default="", metavar=t("cli_mv_name"), help=t("auth.cli_help_display_name"))
    add.add_argument("--oidc", action="append", default=[], metavar="ID", help=t("auth.cli_help_oidc"))
    add.add_argument("--email", default=None, metavar=t("loop.cli_mv_email"), help=t("loop.cli_help_email"))
    how = add.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true", help=t("auth.cli_help_password_stdin"))
    how.add_argument("--no-password", action="store_true", help=t("auth.cli_help_no_password"))
    rm = sub.add_parser("remove", help=t("auth.cli_users_remove"), description=t("auth.cli_users_remove"))
    rm.add_argument("id", metavar=account, help=t("auth.cli_help_account_id"))
    sub.add_parser("list", help=t("auth.cli_users_list"), description=t("auth.cli_users_list"))
    pw = sub.add_parser(
        "passwd", help=t("auth.cli_users_passwd"), description=t("auth.cli_users_passwd"), allow_abbrev=False
    )
    pw.add_argument("id", metavar=account, help=t("auth.cli_help_account_id"))
    pw.add_argument("--password-stdin", action="store_true", help=t("auth.cli_help_password_stdin"))
    return p


def read_new_password(account_id: str, from_stdin: bool, lang: Lang) -> str:
    """A new password: one line of standard input, or typed twice at a prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise AccountsError(t("auth.no_tty", lang))
    first = getpass.getpass(t("auth.password_prompt", lang, id=account_id))
    if getpass.getpass(t("auth.password_again", lang)) != first:
        raise AccountsError(t("auth.password_mismatch", lang))
    return first


def _add(args: argparse.Namespace, config: Config, path: Path, lang: Lang) -> None:
    check_id(args.id, lang)
    if args.role == "editor" and not args.unit:
        raise AccountsError(t("auth.editor_needs_unit", lang))
    if args.role != "editor" and args.unit:
        raise AccountsError(t("auth.units_not_for_role", lang, role=t(f"auth.role_{args.role}", lang)))
    if args.no_password and not args.oidc:
        raise AccountsError(t("auth.no_password_needs_oidc", lang))
    units = canonical_units(config, args.unit, lang)
    if args.email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", args.email):
        raise AccountsError(t("loop.bad_email", lang, email=args.email))
    if load_accounts(path, lang).get(args.id) is not None:  # before asking for a password
        raise AccountsError(t("auth.exists", lang, id=args.id))
    hashed = (
        None
        if args.no_password
        else hash_password(read_new_password(args.id, args.password_stdin, lang), lang)
    )
    account = Account(
        id=args.id,
        name=args.name.strip(),
        role=args.role,
        units=units,
        password=hashed,
        oidc=tuple(args.oidc),
        email=args.email,
    )
    with editing(path, lang) as accounts:
        if any(a.id == args.id for a in accounts):
            raise AccountsError(t("auth.exists", lang, id=args.id))
        taken = {i.casefold(): a.id for a in accounts for i in a.oidc}
        for ident in account.oidc:
            if ident.casefold() in taken:
                raise AccountsError(
                    t(
                        "auth.file_dup_oidc",
                        lang,
                        path=path,
                        identity=ident,
                        a=taken[ident.casefold()],
                        b=args.id,
                    )
                )
        accounts.append(account)
    print(t("auth.added", lang, id=args.id, role=t(f"auth.role_{args.role}", lang), path=path))


def _remove(args: argparse.Namespace, path: Path, lang: Lang) -> None:
    with editing(path, lang) as accounts:
        gone = next((a for a in accounts if a.id == args.id), None)
        if gone is None:
            raise AccountsError(t("auth.unknown_user", lang, id=args.id))
        if gone.role == "admin" and sum(a.role == "admin" for a in accounts) == 1 and len(accounts) > 1:
            raise AccountsError(t("auth.last_admin", lang, id=args.id))
        accounts.remove(gone)
    print(t("auth.removed", lang, id=args.id, path=path))


def _passwd(args: argparse.Namespace, path: Path, lang: Lang) -> None:
    if load_accounts(path, lang).get(args.id) is None:
        raise AccountsError(t("auth.unknown_user", lang, id=args.id))
    hashed = hash_password(read_new_password(args.id, args.password_stdin, lang), lang)
    with editing(path, lang) as accounts:
        for i, a in enumerate(accounts):
            if a.id == args.id:
                accounts[i] = a.model_copy(update={"password": hashed})
                break
        else:
            raise AccountsError(t("auth.unknown_user", lang, id=args.id))
    print(t("auth.password_set", lang, id=args.id, path=path))


def _list(path: Path, lang: Lang) -> None:
    accounts = load_accounts(path, lang).accounts
    if not accounts:
        print(t("auth.list_empty", lang, path=path))
        return
    for a in accounts:
        ways = ["password"] if a.password else []
        ways += [f"oidc:{i}" for i in a.oidc]
        units = t("auth.units_sep", lang).join(a.units)
        print("\t".join([a.id, a.display, t(f"auth.role_{a.role}", lang), units or "-", " ".join(ways)]))


def main(argv: list[str]) -> int:
    """Run one users subcommand; problems a user can fix raise AccountsError (exit 2), nothing written."""
    refuse_password_arguments(argv, current_language())
    args = _parser().parse_args(argv)
    config = load_config(args.config, must_exist=args.config != DEFAULT_CONFIG)
    use_language(config.language)
    lang: Lang = current_language()
    path = config.users_file_path
    if args.cmd == "add":
        _add(args, config, path, lang)
    elif args.cmd == "remove":
        _remove(args, path, lang)
    elif args.cmd == "passwd":
        _passwd(args, path, lang)
    else:
        _list(path, lang)
    return 0
