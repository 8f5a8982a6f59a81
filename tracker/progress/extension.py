"""延期申请 (extension requests): a unit asks to move its item's deadline with a reason; an administrator approves
(the item's due date becomes the new one, `due_source` = `extended`, the old date kept and shown as 原定…) or
refuses. Requests and decisions are records of an append-only log (`progress.extension_log`, or PostgreSQL with
the other logs); the status table reads the approved dates (`approved_dues`) as it reads progress.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from pydantic import Field

from tracker.auth import User, require, require_admin
from tracker.config import Config
from tracker.errors import UserError
from tracker.i18n import Lang, msg
from tracker.progress.log import IsoDate, IsoTime, Text
from tracker.store.logfile import Record, RecordLog
from tracker.store.logs import open_log

Action = Literal["request", "approve", "refuse"]
EXTENDED = "extended"  # due_source of a date moved by an approved request
MAX_REASON = 500


class ExtensionEntry(Record):
    """One request, approval or refusal; a decision names its request by `request_id`."""

    v: int = Field(default=1, ge=1, strict=True)
    entry_id: str = Field(min_length=1)
    request_id: str = Field(min_length=1)  # a request's own entry_id; a decision's request
    commitment_id: str = Field(min_length=1)
    action: Action
    new_due: IsoDate | None = None  # requested date (request); the date set (approve)
    old_due: IsoDate | None = None  # the due date when the request was made (kept: shown as 原定…)
    reason: Text = ""
    entered_by: str = Field(min_length=1)
    entered_at: IsoTime


def open_extension_log(config: Config) -> RecordLog[ExtensionEntry]:
    """The extension log where the config keeps its logs (JSONL file or PostgreSQL)."""
    return open_log(config, "extension", ExtensionEntry)


def read_extensions(config: Config) -> list[ExtensionEntry]:
    """Every valid request and decision, in log order."""
    return list(open_extension_log(config).read().entries)


@dataclass(frozen=True)
class Request:
    """A request with its decision (None while it waits)."""

    request: ExtensionEntry
    decision: ExtensionEntry | None

    @property
    def state(self) -> str:
        """waiting, approve or refuse."""
        return "waiting" if self.decision is None else self.decision.action


def requests(entries: Sequence[ExtensionEntry]) -> list[Request]:
    """Every request in log order with its (first) decision."""
    decided: dict[str, ExtensionEntry] = {}
    for e in entries:
        if e.action != "request" and e.request_id not in decided:
            decided[e.request_id] = e
    return [Request(e, decided.get(e.entry_id)) for e in entries if e.action == "request"]


def waiting(entries: Sequence[ExtensionEntry], commitment_id: str | None = None) -> list[Request]:
    """Requests no administrator has decided yet (of one commitment, or all)."""
    return [
        r
        for r in requests(entries)
        if r.decision is None and (commitment_id is None or r.request.commitment_id == commitment_id)
    ]


def approved_dues(entries: Sequence[ExtensionEntry]) -> pd.DataFrame:
    """commitment_id, new_due, old_due of the latest approved request per commitment: the dates the status
    table uses instead of the stated or assumed ones (old_due: the date first set, before any extension)."""
    current: dict[str, tuple[str, str | None]] = {}
    for r in requests(entries):
        if r.decision is not None and r.decision.action == "approve" and r.decision.new_due:
            cid = r.request.commitment_id
            first = current[cid][1] if cid in current else r.request.old_due
            current[cid] = (r.decision.new_due, first)
    rows = [{"commitment_id": c, "new_due": n, "old_due": o} for c, (n, o) in current.items()]
    out = pd.DataFrame(rows, columns=["commitment_id", "new_due", "old_due"])
    out["new_due"] = pd.to_datetime(out["new_due"]).dt.date
    out["old_due"] = pd.to_datetime(out["old_due"]).dt.date
    return out


def _stamp(now: dt.datetime | None) -> str:
    return (now or dt.datetime.now(dt.UTC)).astimezone().isoformat(timespec="seconds")


def ask(
    config: Config,
    user: User | None,
    owners: Mapping[str, str],
    commitment_id: str,
    new_due: dt.date,
    reason: str,
    current_due: dt.date | None,
    *,
    lang: Lang = "zh",
    now: dt.datetime | None = None,
) -> ExtensionEntry:
    """Record a unit's request to move the commitment's due date to `new_due` (an account of one of its
    `owners`, or an administrator); refused without a reason, for a date not after the current one, or while
    another request of the item waits."""
    user = require(user, "extension", owners, commitment=commitment_id, lang=lang)
    reason = (reason or "").strip()
    if not reason:
        raise UserError(msg("loop.ext_needs_reason", cid=commitment_id))
    if len(reason) > MAX_REASON:
        raise UserError(msg("loop.reason_long", n=len(reason), max=MAX_REASON))
    if current_due is not None and new_due <= current_due:
        raise UserError(msg("loop.ext_not_later", cid=commitment_id, new=new_due, due=current_due))

    def prepare(current: Sequence[ExtensionEntry]) -> list[ExtensionEntry]:
        if waiting(current, commitment_id):
            raise UserError(msg("loop.ext_already_waiting", cid=commitment_id))
        rid = uuid.uuid4().hex
        return [
            ExtensionEntry(
                entry_id=rid,
                request_id=rid,
                commitment_id=commitment_id,
                action="request",
                new_due=new_due.isoformat(),
                old_due=current_due.isoformat() if current_due else None,
                reason=reason,
                entered_by=user.id,
                entered_at=_stamp(now),
            )
        ]

    (written,) = open_extension_log(config).append_batch(prepare)
    return written


def decide(
    config: Config,
    user: User | None,
    commitment_id: str,
    action: Literal["approve", "refuse"],
    reason: str = "",
    *,
    lang: Lang = "zh",
    now: dt.datetime | None = None,
) -> ExtensionEntry:
    """An administrator approves (the requested date becomes the due date) or refuses the item's waiting
    request; refused when none waits (or another administrator decided first)."""
    user = require_admin(user, "extension_decide", lang=lang)
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise UserError(msg("loop.reason_long", n=len(reason), max=MAX_REASON))

    def prepare(current: Sequence[ExtensionEntry]) -> list[ExtensionEntry]:
        found = waiting(current, commitment_id)
        if not found:
            raise UserError(msg("loop.ext_nothing_waits", cid=commitment_id))
        req = found[0].request
        return [
            ExtensionEntry(
                entry_id=uuid.uuid4().hex,
                request_id=req.entry_id,
                commitment_id=commitment_id,
                action=action,
                new_due=req.new_due if action == "approve" else None,
                old_due=req.old_due,
                reason=reason,
                entered_by=user.id,
                entered_at=_stamp(now),
            )
        ]

    (written,) = open_extension_log(config).append_batch(prepare)
    return written
