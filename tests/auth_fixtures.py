"""Accounts for tests: a users file with one account per role (passwords made up for the tests), and
signing in through the dashboard's real sidebar form in AppTest."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tracker.app import auth as auth_ui
from tracker.app.plaintext import WORD_JOINER
from tracker.auth import Account, save_accounts

# account -> (role, units, password); the units are in the project's gazetteer and the synthetic database
ACCOUNTS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "admin": ("admin", (), "admin-pass-1"),
    "hs": ("editor", ("红山街道",), "hongshan-pass"),
    "edu": ("editor", ("教育体育局",), "education-pass"),
    "two": ("editor", ("红山街道", "尚店镇"), "two-units-pass"),
    "viewer": ("viewer", (), "viewer-pass-1"),
}
NAMES = {"hs": "红山填报"}
# argon2id as the product stores it, with the cheapest parameters: verification reads them from the hash, so
# signing in runs the product's code; the cost that slows down guessing would only slow down the tests
_CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@functools.cache
def hashed(password: str) -> str:
    """An argon2id hash of `password` that tracker.auth verifies (made once per password and run)."""
    return _CHEAP_HASHER.hash(password)


def like_a_running_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make AppTest runs look like a running server's: AppTest resets Streamlit's legacy pages/ flag before
    every run, so tracker.app.context.legacy_pages_guard reruns every run and a button press (a one-shot
    trigger) is lost in the rerun; a real server clears the flag once, at its first run."""
    init = PagesManager.__init__

    def steady(self: PagesManager, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", steady)


def write_accounts(users_file: Path, only: tuple[str, ...] | None = None) -> Path:
    """Write the test accounts (all, or `only` these) to `users_file`."""
    users_file.parent.mkdir(parents=True, exist_ok=True)
    accounts = [
        Account(id=a, name=NAMES.get(a, ""), role=role, units=units, password=hashed(pw))
        for a, (role, units, pw) in ACCOUNTS.items()
        if only is None or a in only
    ]
    save_accounts(users_file, accounts)
    return users_file


def sign_in(at: AppTest, account: str, password: str | None = None) -> AppTest:
    """Fill the sidebar's sign-in form and submit it (the password of ACCOUNTS unless given)."""
    at.text_input(key=auth_ui.NAME_KEY).input(account)
    at.text_input(key=auth_ui.PASSWORD_KEY).input(ACCOUNTS[account][2] if password is None else password)
    return at.button(key=auth_ui.SUBMIT_KEY).click().run()


def shown(text: str) -> str:
    """What a reader sees of Markdown made by tracker.app.md (escapes and word joiners removed)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace(WORD_JOINER, "")


def texts(elements: object) -> list[str]:
    """The shown text of AppTest elements (info, error, caption …)."""
    return [shown(e.value) for e in elements]  # type: ignore[attr-defined]


def sidebar_text(at: AppTest) -> list[str]:
    """The sidebar's captions, warnings and errors, as shown."""
    sb = at.sidebar
    return texts([*sb.caption, *sb.warning, *sb.error])
