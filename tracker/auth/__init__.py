"""Accounts and roles: who is signed in (`User`), what each role may do (`require`, `require_admin`,
`can_write_progress`), the local accounts file, and the rules for serving beyond this machine.

No Streamlit here: the dashboard's sign-in lives in tracker/app/auth.py, the commands in tracker/cli/users.py
and tracker/cli/serve.py. See docs/accounts.md.
"""

from __future__ import annotations

from tracker.auth.accounts import (
    MIN_PASSWORD,
    Account,
    Accounts,
    check_id,
    editing,
    hash_password,
    load_accounts,
    parse_accounts,
    save_accounts,
    verify_password,
)
from tracker.auth.model import ROLES, Role, SignIn, User
from tracker.auth.permissions import (
    ACTIONS,
    ADMIN_ACTIONS,
    UNIT_ACTIONS,
    Action,
    Owners,
    allowed,
    can_write_progress,
    require,
    require_admin,
    require_rows,
)
from tracker.auth.throttle import Throttle
from tracker.auth.units import canonical_units, known_units, resolve_unit_ids

__all__ = [
    "ACTIONS",
    "ADMIN_ACTIONS",
    "MIN_PASSWORD",
    "ROLES",
    "UNIT_ACTIONS",
    "Account",
    "Accounts",
    "Action",
    "Owners",
    "Role",
    "SignIn",
    "Throttle",
    "User",
    "allowed",
    "can_write_progress",
    "canonical_units",
    "check_id",
    "editing",
    "hash_password",
    "known_units",
    "load_accounts",
    "parse_accounts",
    "require",
    "require_admin",
    "require_rows",
    "resolve_unit_ids",
    "save_accounts",
    "verify_password",
]
