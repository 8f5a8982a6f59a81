"""Sign-in on the dashboard: Streamlit's own st.login (any OIDC provider) when `[auth]` is configured in
secrets.toml, otherwise a user-name/password form for the local accounts file; both in the sidebar, with who
is signed in and a sign-out button. The identity maps to an account (role, units) in auth.users_file.

`account_box` runs on every script run (from `prepare`), so a removed account, or a changed role, unit or
password, signs its sessions out at their next interaction.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from tracker.app.env import file_key
from tracker.app.plaintext import md
from tracker.auth import Accounts, Throttle, User, is_verified, load_accounts, verify_password
from tracker.auth.serving import oidc_missing
from tracker.config import Config
from tracker.errors import UserError
from tracker.i18n import Lang, t

ACCOUNT_KEY = "_tracker_account"  # local sign-in: (account id, stamp of the account when it signed in)
USER_KEY = "_tracker_user"  # this run's signed-in User, or None
FORM_KEY, NAME_KEY, PASSWORD_KEY, SUBMIT_KEY = "signin", "signin_user", "signin_password", "signin_go"
ERROR_KEY = "_tracker_signin_error"


@dataclass
class _AccountsState:
    key: tuple | None = None
    accounts: Accounts | None = None
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


@st.cache_resource(show_spinner=False)
def _accounts_state(path: str) -> _AccountsState:
    return _AccountsState()


@st.cache_resource(show_spinner=False)
def _throttle(max_failures: int, minutes: float) -> Throttle:
    """Failed sign-ins, shared by every session of this server (one per setting of auth.max_failed_sign_ins
    and auth.lockout_minutes)."""
    return Throttle(max_failures, dt.timedelta(minutes=minutes))


def accounts_for(config: Config, lang: Lang) -> tuple[Accounts | None, str | None]:
    """The accounts file (re-read when it changes) or the sentence saying what is wrong with it."""
    path = config.users_file_path
    state = _accounts_state(str(path.resolve()))
    key = file_key(path)
    with state.lock:
        if key != state.key or (state.accounts is None and state.error is None):
            state.key = key
            try:
                state.accounts, state.error = load_accounts(path, lang), None
            except UserError as e:
                state.accounts, state.error = None, str(e)
        return state.accounts, state.error


def oidc_providers() -> list[str] | None:
    """None when st.login is not configured; else the named providers ([] for the one in [auth] itself)."""
    try:
        section = st.secrets.get("auth") if "auth" in st.secrets else None
    except StreamlitSecretNotFoundError:
        return None
    if not section or oidc_missing(section):  # incomplete: the local form (oidc_problem says what is missing)
        return None
    return sorted(k for k, v in section.items() if hasattr(v, "items") and "client_id" in v)


def oidc_problem() -> list[str]:
    """The st.login keys an [auth] section in the secrets lacks ([] when there is none or it is complete)."""
    try:
        section = st.secrets.get("auth") if "auth" in st.secrets else None
    except StreamlitSecretNotFoundError:
        return []
    return oidc_missing(section) if section else []


def _unmapped(email: object, sub: object, email_verified: object, lang: Lang) -> str:
    """Why an OIDC identity has no account: none names it, or its e-mail is not verified by the provider."""
    if email and not is_verified(email_verified):
        return t("auth.oidc_unverified", lang, email=email, sub=sub or "?")
    return t("auth.oidc_unknown", lang, identity=email or sub or "?")


def _claim(name: str) -> str | None:
    """A text claim of the signed-in OIDC identity (e-mail, subject), None when the provider sent none."""
    value = st.user.get(name)
    return value if isinstance(value, str) else None


def signed_in_user() -> User | None:
    """The user signed in for this script run (set by `account_box`), or None."""
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, User) else None


def _sign_out_local() -> None:
    st.session_state.pop(ACCOUNT_KEY, None)


def _describe(user: User, lang: Lang) -> str:
    role = t(f"auth.role_{user.role}", lang)
    if user.units:
        units = t("auth.units_sep", lang).join(user.units)
        return md(t("auth.signed_in_units", lang, user=user.label, role=role, units=units))
    return md(t("auth.signed_in", lang, user=user.label, role=role))


def _try_sign_in(config: Config, lang: Lang) -> None:
    """The sign-in button's callback (it runs before the script, so no rerun can lose the press)."""
    name = str(st.session_state.get(NAME_KEY) or "").strip()
    password = str(st.session_state.get(PASSWORD_KEY) or "")
    st.session_state[PASSWORD_KEY] = ""  # never kept in the session
    accounts, _error = accounts_for(config, lang)
    if accounts is None:
        return
    throttle = _throttle(config.auth.max_failed_sign_ins, config.auth.lockout_minutes)
    wait = throttle.locked_for(name)
    if wait is not None:
        minutes = max(1, math.ceil(wait.total_seconds() / 60))
        st.session_state[ERROR_KEY] = t("auth.throttled", lang, minutes=minutes)
        return
    account = accounts.get(name)
    if not verify_password(account, password):
        throttle.failed(name)
        st.session_state[ERROR_KEY] = t("auth.bad_login", lang)
        return
    assert account is not None
    throttle.succeeded(name)
    st.session_state[ACCOUNT_KEY] = (account.id, account.stamp())


def _local_form(config: Config, lang: Lang) -> None:
    sb = st.sidebar
    with sb.form(FORM_KEY):
        st.markdown(f"**{t('auth.sign_in_title', lang)}**")
        st.text_input(t("auth.username", lang), key=NAME_KEY)
        st.text_input(t("auth.password", lang), type="password", key=PASSWORD_KEY)
        st.form_submit_button(
            t("auth.sign_in", lang), key=SUBMIT_KEY, on_click=_try_sign_in, args=(config, lang)
        )
    error = st.session_state.pop(ERROR_KEY, None)
    if error:
        sb.error(md(error))


def current_user(config: Config, lang: Lang) -> User | None:
    """Who is signed in right now, from the session and the accounts file as it is now (no sidebar drawn):
    for callbacks, which run before the script and must not trust the previous run's user."""
    accounts, _error = accounts_for(config, lang)
    if accounts is None:
        return None
    if oidc_providers() is not None:
        if not st.user.is_logged_in:
            return None
        account = accounts.by_oidc(_claim("email"), _claim("sub"), st.user.get("email_verified"))
        return account.user("oidc") if account is not None else None
    held = st.session_state.get(ACCOUNT_KEY)
    if held is None:
        return None
    account = accounts.get(held[0])
    if account is None or account.stamp() != held[1]:  # removed, or role, units or password changed
        return None
    return account.user("local")


def account_box(config: Config, lang: Lang) -> User | None:
    """The sidebar's account section: who is signed in and a sign-out button, or the way to sign in.
    Returns the signed-in user (units not yet resolved: see `resolve`) or None."""
    st.session_state[USER_KEY] = None
    sb = st.sidebar
    accounts, error = accounts_for(config, lang)
    if error is not None:
        sb.error(md(t("auth.accounts_broken", lang, error=error)))
    user = current_user(config, lang)
    providers = oidc_providers()
    missing = oidc_problem()
    if missing:
        sb.warning(md(t("auth.oidc_incomplete", lang, keys="、".join(missing))))
    if providers is not None:  # OIDC through st.login; the identity maps to an account
        if user is not None:
            sb.caption(_describe(user, lang))
        elif st.user.is_logged_in:
            sb.warning(
                md(_unmapped(st.user.get("email"), st.user.get("sub"), st.user.get("email_verified"), lang))
            )
        if st.user.is_logged_in:
            sb.button(t("auth.sign_out", lang), on_click=st.logout, key="signout")
        else:
            names: list[str | None] = [*providers] or [None]  # None: the provider of [auth] itself
            for name in names:
                label = t("auth.sign_in_with", lang, provider=name) if name else t("auth.sign_in_oidc", lang)
                sb.button(label, on_click=st.login, args=(name,) if name else (), key=f"signin_oidc_{name}")
        return user
    if user is not None:
        sb.caption(_describe(user, lang))
        sb.button(t("auth.sign_out", lang), on_click=_sign_out_local, key="signout")
        return user
    _sign_out_local()  # a session whose account was removed or changed is signed out
    if accounts is None:
        return None
    if not accounts.accounts:
        sb.caption(t("auth.no_accounts", lang))
        return None
    _local_form(config, lang)
    return None


def gate(config: Config, user: User | None, lang: Lang) -> None:
    """Stop the run before any data is shown when viewing needs a sign-in (auth.require_login_to_view)."""
    if config.auth.require_login_to_view and user is None:
        st.info(t("auth.login_to_view", lang))
        st.stop()


def resolve(user: User | None, unit_ids: Callable[[tuple[str, ...]], Iterable[str]]) -> User | None:
    """The user with their units' ids in this run's database; remembered for this run."""
    if user is not None:
        user = User(user.id, user.name, user.role, user.units, user.via, frozenset(unit_ids(user.units)))
    st.session_state[USER_KEY] = user
    return user
