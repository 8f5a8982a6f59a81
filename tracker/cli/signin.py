"""Sign-in for commands that write (`progress add|import`): --user NAME and its password, from a prompt or
the TRACKER_PASSWORD environment variable (never from the command line); see docs/accounts.md."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from tracker.auth import Owners, User, load_accounts, resolve_unit_ids, verify_password
from tracker.config import Config, load_config
from tracker.errors import AccessDenied
from tracker.i18n import Lang, current_language, t, use_language
from tracker.store import queries
from tracker.store.db import connect_readonly

PASSWORD_ENV = "TRACKER_PASSWORD"


def refuse_password_arguments(argv: Iterable[str], lang: Lang = "zh") -> None:
    """A password given as an option (--password x, --pass=x …) is refused before argparse echoes it back."""
    for arg in argv:
        name = arg.split("=", 1)[0]
        if name.startswith("--pass") and name != "--password-stdin":
            raise AccessDenied(t("auth.password_on_command_line", lang))


def read_password(account_id: str, lang: Lang) -> str:
    """The password: $TRACKER_PASSWORD, else a prompt on the terminal."""
    given = os.environ.get(PASSWORD_ENV)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise AccessDenied(t("auth.cli_no_password", lang))
    return getpass.getpass(t("auth.password_prompt", lang, id=account_id))


def sign_in(
    config: Config,
    account_id: str | None,
    lang: Lang,
    adding: bool = False,
    reviewing: bool = False,
    looping: bool = False,
) -> User:
    """The user `account_id` after checking the password; AccessDenied (exit 2) otherwise. `adding` /
    `reviewing` / `looping`: the command adds reports, reviews items or signs off, extends or reminds (the
    messages say so), not records progress."""
    suffix = "_add" if adding else "_review" if reviewing else "_loop" if looping else ""
    accounts = load_accounts(config.users_file_path, lang)
    if not accounts.accounts:
        raise AccessDenied(t(f"auth.cli_no_accounts{suffix}", lang, path=config.users_file_path))
    if not account_id:
        raise AccessDenied(t(f"auth.cli_need_user{suffix}", lang))
    account = accounts.get(account_id)
    if not verify_password(account, read_password(account_id, lang)):
        raise AccessDenied(t("auth.cli_bad_login", lang, id=account_id))
    assert account is not None
    return account.user("cli")


def with_owners(user: User, database: Path, commitment_ids: Iterable[str]) -> tuple[User, Owners]:
    """The user with their units' ids in this database, and the owners of these commitments."""
    con = connect_readonly(database)
    try:
        unit_ids = resolve_unit_ids(con, user.units)
        owners = queries.commitment_owners(con, commitment_ids)
    finally:
        con.close()
    return User(user.id, user.name, user.role, user.units, user.via, unit_ids), owners


def configured(
    argv: list[str], parser: Callable[[], argparse.ArgumentParser]
) -> tuple[argparse.Namespace, Config, Lang]:
    """A write command's start: a password on the command line refused, the arguments parsed, the config loaded
    and its language in use; returns the arguments, the config and that language."""
    refuse_password_arguments(argv, current_language())
    args = parser().parse_args(argv)
    config = load_config(args.config)
    use_language(config.language)
    return args, config, current_language()
