"""Who may do what: one rule per action, and `require…` functions that raise AccessDenied worded for the
person (zh/en). Call sites (dashboard widgets, CLI commands) check before they write; see docs/accounts.md.

| action | admin | editor (unit editor) | viewer | nobody signed in |
| progress, import, review, extension | every commitment | commitments of its own units | no | no |
| upload, config, users, signoff, extension_decide, remind, assign | yes | no | no | no |
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from tracker.auth.model import User
from tracker.errors import AccessDenied
from tracker.i18n import Lang, t

Action = Literal[
    "progress",
    "import",
    "review",
    "extension",
    "upload",
    "config",
    "users",
    "signoff",
    "extension_decide",
    "remind",
    "assign",
]
# editors: own units only (extension: asking to move a deadline)
UNIT_ACTIONS: tuple[Action, ...] = ("progress", "import", "review", "extension")
# signoff: 销号/退回 (a unit never signs off its own items); extension_decide: approve or refuse a 延期申请
ADMIN_ACTIONS: tuple[Action, ...] = (
    "upload",
    "config",
    "users",
    "signoff",
    "extension_decide",
    "remind",
    "assign",
)
ACTIONS: tuple[Action, ...] = (*UNIT_ACTIONS, *ADMIN_ACTIONS)

# Owners of commitments: commitment id -> {unit id: unit name} (tracker.store.queries.commitment_owners).
Owners = Mapping[str, Mapping[str, str]]


def can_write_progress(user: User | None, commitment_unit_ids: Iterable[str]) -> bool:
    """Whether `user` may record progress on a commitment owned by these units (admin: any; editor: when
    one of the units is theirs; viewer or nobody: never). A commitment with no unit is the admin's."""
    if user is None:
        return False
    if user.role == "admin":
        return True
    if user.role == "editor":
        return not user.unit_ids.isdisjoint(commitment_unit_ids)
    return False


def allowed(user: User | None, action: Action, commitment_unit_ids: Iterable[str] = ()) -> bool:
    """Whether `user` may do `action` (for unit actions: on a commitment owned by these units)."""
    if action in UNIT_ACTIONS:
        return can_write_progress(user, commitment_unit_ids)
    if action in ADMIN_ACTIONS:
        return user is not None and user.role == "admin"
    raise ValueError(f"unknown action {action!r}; use one of {ACTIONS}")


def _role(user: User, lang: Lang) -> str:
    return t(f"auth.role_{user.role}", lang)


def _units(names: Iterable[str], lang: Lang) -> str:
    shown = [n for n in names if n]
    return t("auth.units_sep", lang).join(shown) if shown else t("auth.no_unit", lang)


def _refusal(user: User | None, action: Action, lang: Lang) -> str | None:
    """The sentence for a refusal that does not depend on the commitment (nobody, viewer, non-admin)."""
    what = t(f"auth.action_{action}", lang)
    if user is None:
        return t("auth.need_sign_in", lang, action=what)
    if action in ADMIN_ACTIONS and user.role != "admin":
        return t("auth.admin_only", lang, action=what, user=user.label, role=_role(user, lang))
    if user.role == "viewer":
        return t("auth.viewer_refused", lang, action=what, user=user.label)
    return None


def require(
    user: User | None,
    action: Action,
    owners: Mapping[str, str] | None = None,
    *,
    commitment: str = "",
    lang: Lang = "zh",
) -> User:
    """Return `user` when they may do `action` (on a commitment owned by `owners`, {unit id: name}); else
    raise AccessDenied with a sentence saying who they are, what they may do and how to get access."""
    message = _refusal(user, action, lang)
    if message is None and action in UNIT_ACTIONS:
        assert user is not None
        ids = dict(owners or {})
        if not can_write_progress(user, ids):
            message = t(
                "auth.other_unit",
                lang,
                action=t(f"auth.action_{action}", lang),
                user=user.label,
                mine=_units(user.units, lang),
                commitment=commitment or "?",
                owners=_units(ids.values(), lang),
            )
    if message is not None:
        raise AccessDenied(message)
    assert user is not None
    return user


def require_admin(user: User | None, action: Action = "config", lang: Lang = "zh") -> User:
    """Return `user` when they are an administrator (config-changing actions); else raise AccessDenied."""
    if action not in ADMIN_ACTIONS:
        raise ValueError(f"{action!r} is not an administrator's action; use one of {ADMIN_ACTIONS}")
    return require(user, action, lang=lang)


def require_rows(
    user: User | None,
    rows: Iterable[tuple[int | None, str]],
    owners: Owners,
    action: Action = "import",
    lang: Lang = "zh",
) -> User:
    """Check a batch (an import file's (row, commitment id) pairs) as a whole: raise AccessDenied naming
    every row the user may not write, so a refused file writes nothing."""
    message = _refusal(user, action, lang)
    if message is not None:
        raise AccessDenied(message)
    assert user is not None
    refused = [(row, cid) for row, cid in rows if not can_write_progress(user, owners.get(cid, {}))]
    if refused:
        others = sorted({name for _, cid in refused for name in owners.get(cid, {}).values()})
        raise AccessDenied(
            t(
                "auth.other_unit_rows",
                lang,
                action=t(f"auth.action_{action}", lang),
                user=user.label,
                mine=_units(user.units, lang),
                rows=", ".join(str(r) if r is not None else cid for r, cid in refused[:20])
                + (" …" if len(refused) > 20 else ""),
                owners=_units(others, lang),
            )
        )
    return user
