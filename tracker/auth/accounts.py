"""Local accounts: a YAML file (auth.users_file, git-ignored) of users with argon2 password hashes, roles and
units, read strictly and written atomically. `python -m tracker users` manages it; see docs/accounts.md."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tracker.auth.model import Role, SignIn, User
from tracker.config import read_yaml, value_reason
from tracker.errors import AccountsError, ConfigError
from tracker.i18n import Lang, msg, t
from tracker.store.files import locked, write_atomic

ID_PATTERN = r"^[\w.@\-]{1,64}$"  # \w includes CJK: 张三 is a valid account name
MIN_PASSWORD = 8
_HASHER = PasswordHasher()
# Verified against when the account does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")
HEADER = (
    "# Accounts of the work tracker (docs/accounts.md). Managed by `python -m tracker users`;\n"
    "# keep this file out of git (it holds password hashes).\n"
)


class Account(BaseModel):
    """One account as stored: id, display name, role, units (editors), argon2 hash, OIDC identities."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    name: str = ""
    role: Role
    units: tuple[str, ...] = ()
    password: str | None = None
    oidc: tuple[str, ...] = ()
    # where reminders (催办) to this account's units go; none: this account gets no e-mail
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)

    @field_validator("password")
    @classmethod
    def _hash(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith("$argon2"):
            raise ValueError(msg("auth.v_not_a_hash"))
        return v

    @model_validator(mode="after")
    def _units_by_role(self) -> Account:
        if self.role == "editor" and not self.units:
            raise ValueError(msg("auth.v_editor_units"))
        if self.role != "editor" and self.units:
            raise ValueError(msg("auth.v_units_role", role=msg(f"auth.role_{self.role}")))
        if self.password is None and not self.oidc:
            raise ValueError(msg("auth.v_no_way_in"))
        return self

    @property
    def display(self) -> str:
        return self.name or self.id

    def user(self, via: SignIn, unit_ids: frozenset[str] = frozenset()) -> User:
        """The signed-in value for this account."""
        return User(self.id, self.display, self.role, self.units, via, unit_ids)

    def stamp(self) -> str:
        """What a dashboard session remembers: a change of role, units or password signs the session out."""
        return repr((self.role, self.units, self.password, self.oidc))


@dataclass(frozen=True)
class Accounts:
    """The accounts file's contents, looked up by id and by OIDC identity."""

    path: Path
    accounts: tuple[Account, ...] = ()
    by_id: dict[str, Account] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_id.update({a.id: a for a in self.accounts})

    def get(self, account_id: str) -> Account | None:
        return self.by_id.get(account_id)

    def by_oidc(self, email: str | None, sub: str | None, email_verified: object = None) -> Account | None:
        """The account an OIDC identity maps to: its `oidc` list names the subject, or the e-mail (any case)
        when the provider says it is verified (`email_verified` true): anyone can type any address into an
        account at a provider that does not check it."""
        verified = is_verified(email_verified)
        for a in self.accounts:
            for ident in a.oidc:
                if (verified and email and ident.casefold() == email.casefold()) or (sub and ident == sub):
                    return a
        return None


def is_verified(email_verified: object) -> bool:
    """Whether an OIDC `email_verified` claim says yes (true, or the text "true" some providers send)."""
    return email_verified is True or str(email_verified).strip().lower() == "true"


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_accounts(text: str, path: Path, lang: Lang = "zh") -> Accounts:
    """Validate the accounts file's text; raise AccountsError naming the file, the line or entry and the fix."""
    try:
        data = read_yaml(text, path)  # duplicate keys, keys that are not text: errors, not silently dropped
    except ConfigError as e:
        raise AccountsError(*e.args, code=e.code, lang=e.lang, **e.fields) from None
    if data is None:
        return Accounts(path)
    if not isinstance(data, dict) or set(data) != {"users"} or not isinstance(data["users"], list | None):
        raise AccountsError(t("auth.file_shape", lang, path=path))
    accounts: list[Account] = []
    for i, raw in enumerate(data["users"] or []):
        try:
            if not isinstance(raw, dict):
                raise AccountsError(
                    t("auth.file_entry", lang, path=path, where=f"users[{i}]", problem=repr(raw))
                )
            accounts.append(Account(**raw))
        except ValidationError as e:
            err = e.errors()[0]
            where = _where(("users", i, *err["loc"]))
            if err["type"] == "extra_forbidden":
                problem: object = t("auth.unknown_key", lang)
            elif err["loc"] == ("id",):
                problem = t("auth.bad_id", lang, id=raw.get("id"))
            else:
                problem = value_reason(err)
            raise AccountsError(t("auth.file_entry", lang, path=path, where=where, problem=problem)) from None
        except TypeError:
            raise AccountsError(
                t("auth.file_entry", lang, path=path, where=f"users[{i}]", problem=repr(raw))
            ) from None
    seen: dict[str, str] = {}
    for a in accounts:
        if a.id in seen:
            raise AccountsError(t("auth.file_dup_id", lang, path=path, id=a.id))
        seen[a.id] = a.id
    owner: dict[str, str] = {}
    for a in accounts:
        for ident in a.oidc:
            k = ident.casefold()
            if k in owner:
                raise AccountsError(
                    t("auth.file_dup_oidc", lang, path=path, identity=ident, a=owner[k], b=a.id)
                )
            owner[k] = a.id
    return Accounts(path, tuple(accounts))


def load_accounts(path: Path, lang: Lang = "zh") -> Accounts:
    """The accounts in `path`; a missing file means no accounts (nobody can sign in)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Accounts(path)
    except OSError as e:
        raise AccountsError(t("auth.file_read", lang, path=path, error=e.strerror)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise AccountsError(t("auth.file_read", lang, path=path, error="not UTF-8")) from None
    return parse_accounts(text, path, lang)


def dump_accounts(accounts: Sequence[Account]) -> str:
    """The file's text: a header comment, then `users:` with one mapping per account."""
    rows = [a.model_dump(exclude_defaults=True) for a in accounts]
    for r in rows:
        for k in ("units", "oidc"):
            if k in r:
                r[k] = list(r[k])
    body = yaml.safe_dump({"users": rows}, allow_unicode=True, sort_keys=False, width=200)
    return HEADER + body


def save_accounts(path: Path, accounts: Sequence[Account]) -> None:
    """Write the file atomically (temporary file, fsync, rename; mode 0600): readers see old or new."""
    path = Path(path)
    text = dump_accounts(accounts)
    parse_accounts(text, path, "en")  # never write what could not be read back
    write_atomic(path, text.encode("utf-8"), mode=0o600, make_folder=False)


@contextmanager
def editing(path: Path, lang: Lang = "zh") -> Iterator[list[Account]]:
    """Read, let the block change the list, write atomically; all under the lock. Nothing is written when
    the block raises."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise AccountsError(t("auth.file_read", lang, path=path, error=e.strerror)) from None
    with locked(path.with_name(f".{path.name}.lock"), what=path, mode=0o600):  # two `users` commands
        current = list(load_accounts(path, lang).accounts)
        before = list(current)
        yield current
        if current != before:
            save_accounts(path, current)


def hash_password(password: str, lang: Lang = "zh") -> str:
    """An argon2id hash of a new password (at least MIN_PASSWORD characters)."""
    if len(password) < MIN_PASSWORD:
        raise AccountsError(t("auth.password_short", lang, n=MIN_PASSWORD))
    return _HASHER.hash(password)


def verify_password(account: Account | None, password: str) -> bool:
    """Whether `password` is the account's; as slow for a missing account or an OIDC-only one."""
    stored = account.password if account is not None and account.password else _DUMMY_HASH
    try:
        ok = _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return ok and account is not None and account.password is not None


def check_id(account_id: str, lang: Lang = "zh") -> str:
    """A valid account name, or AccountsError."""
    if not re.fullmatch(ID_PATTERN, account_id or ""):
        raise AccountsError(t("auth.bad_id", lang, id=account_id))
    return account_id
