"""审核销号 (sign-off): a unit's 已完成 counts as done only after an administrator signs it off.

With `progress.require_signoff` on (the default), a 已完成 entry written by a unit's account is stored with
`needs_signoff: true`; until an administrator records 销号 for that entry it counts as 待销号 (not done) in every
status, ranking, chart and pack. 退回 (return, with a reason) sends it back to 推进中. Decisions are records of
their own append-only log (`progress.signoff_log`, or PostgreSQL with the other logs); the progress log is never
rewritten. Entries written before sign-off existed, or while it was off, or by an administrator, count as done and
say so (`signoff` column: `before`, `not_needed`).

The rule is applied to the progress entries before the status table is computed (`apply`), so the SQL of
tracker/progress/status_table.py and the roll-up of tracker/progress/rules.py see the same statuses.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from pydantic import Field

from tracker.auth import User, require_admin
from tracker.config import Config
from tracker.errors import UserError
from tracker.i18n import Lang, msg
from tracker.progress.log import IsoTime, Text
from tracker.store.logfile import Record, RecordLog
from tracker.store.logs import open_log
from tracker.vocabulary import AWAITING_SIGNOFF, DONE, IN_PROGRESS

PENDING = AWAITING_SIGNOFF
RETURNED_TO = IN_PROGRESS
Decision = Literal["signoff", "return"]
# What the `signoff` column of an entry says: waits, signed off, returned, none needed, or written before
SIGNOFF_STATES = ("pending", "signed", "returned", "not_needed", "before")
MAX_REASON = 500


class SignoffEntry(Record):
    """One 销号 or 退回 decision on one 已完成 progress entry; field order is the order of keys in the file."""

    v: int = Field(default=1, ge=1, strict=True)
    entry_id: str = Field(min_length=1)
    commitment_id: str = Field(min_length=1)
    progress_entry_id: str = Field(min_length=1)  # the 已完成 entry decided on
    decision: Decision
    reason: Text = ""
    entered_by: str = Field(min_length=1)
    entered_at: IsoTime


def open_signoff_log(config: Config) -> RecordLog[SignoffEntry]:
    """The sign-off log where the config keeps its logs (JSONL file or PostgreSQL)."""
    return open_log(config, "signoff", SignoffEntry)


def needs_signoff(config: Config, user: User | None) -> bool:
    """Whether a 已完成 written by `user` waits for 销号: sign-off is on and the writer is not an administrator
    (the office's own 已完成 is its decision already)."""
    return bool(config.progress.require_signoff) and not (user is not None and user.is_admin)


def read_decisions(config: Config) -> list[SignoffEntry]:
    """Every valid decision in the sign-off log, in log order (bad lines are skipped, as in every log)."""
    return list(open_signoff_log(config).read().entries)


def _latest_decision(decisions: Sequence[SignoffEntry]) -> dict[str, SignoffEntry]:
    out: dict[str, SignoffEntry] = {}
    for d in decisions:  # log order: a later decision on the same entry replaces the earlier one
        out[d.progress_entry_id] = d
    return out


def state_of(status: object, needs: object, decision: str | None, required: bool) -> str:
    """The per-entry rule: the sign-off state of one progress entry ('' for an entry that is not 已完成)."""
    if status != DONE:
        return ""
    if decision == "return":
        return "returned"
    if decision == "signoff":
        return "signed"
    if needs is None or (isinstance(needs, float) and needs != needs):
        return "before"
    if needs is True and required:
        return "pending"
    return "not_needed"


def apply(entries: pd.DataFrame, decisions: Sequence[SignoffEntry], required: bool) -> pd.DataFrame:
    """The progress entries as they count: a 已完成 waiting for 销号 becomes 待销号, a returned one 推进中 (at the
    percent reported before it, when there was one); adds the `signoff` column (SIGNOFF_STATES or '')."""
    if entries.empty:
        return entries.assign(signoff=pd.Series(dtype=object))
    latest = _latest_decision(decisions)
    needs = entries["needs_signoff"] if "needs_signoff" in entries else pd.Series(None, index=entries.index)
    states = [
        state_of(s, n, latest[e].decision if e in latest else None, required)
        for s, n, e in zip(entries["status"], needs.astype(object), entries["entry_id"], strict=True)
    ]
    out = entries.assign(signoff=states)
    pending = out["signoff"] == "pending"
    returned = out["signoff"] == "returned"
    out.loc[pending, "status"] = PENDING
    out.loc[returned, "status"] = RETURNED_TO
    if returned.any():
        before = pd.to_numeric(out.loc[returned, "old_percent"], errors="coerce")
        out.loc[returned, "percent"] = before.where(
            before.notna() & (before < 100), out.loc[returned, "percent"]
        )
    return out


@dataclass(frozen=True)
class Waiting:
    """A commitment whose current report waits for 销号: the entry, who wrote it and when."""

    commitment_id: str
    entry_id: str
    as_of: str
    entered_by: str
    entered_at: str
    note: str


def waiting(entries: pd.DataFrame) -> list[Waiting]:
    """Commitments whose current entry (latest as_of, then latest entered) is 待销号, after `apply`."""
    if entries.empty:
        return []
    last = entries.sort_values(["as_of", "entered_at"], kind="stable").drop_duplicates(
        "commitment_id", keep="last"
    )
    rows = last[last["signoff"] == "pending"]
    return [
        Waiting(
            str(r["commitment_id"]),
            str(r["entry_id"]),
            str(r["as_of"]),
            str(r.get("entered_by") or ""),
            str(r.get("entered_at") or ""),
            str(r.get("note") or ""),
        )
        for r in rows.to_dict("records")
    ]


def decide(
    config: Config,
    entries: pd.DataFrame,
    user: User | None,
    commitment_id: str,
    decision: Decision,
    reason: str = "",
    *,
    lang: Lang = "zh",
    now: dt.datetime | None = None,
) -> SignoffEntry:
    """Record 销号 or 退回 on the commitment's waiting 已完成 (entries after `apply`): administrators only
    (a unit's editors never sign off their own items), a return needs a reason; refused when nothing waits or
    when another administrator decided first."""
    user = require_admin(user, "signoff", lang=lang)
    reason = (reason or "").strip()
    if decision == "return" and not reason:
        raise UserError(msg("loop.return_needs_reason", cid=commitment_id))
    if len(reason) > MAX_REASON:
        raise UserError(msg("loop.reason_long", n=len(reason), max=MAX_REASON))
    found = [w for w in waiting(entries) if w.commitment_id == commitment_id]
    if not found:
        raise UserError(msg("loop.nothing_waits", cid=commitment_id))
    target = found[0]

    def prepare(current: Sequence[SignoffEntry]) -> list[SignoffEntry]:
        earlier = next((d for d in current if d.progress_entry_id == target.entry_id), None)
        if earlier is not None:  # decided meanwhile by someone else: the first decision stands
            raise UserError(msg("loop.already_decided", cid=commitment_id, by=earlier.entered_by))
        stamp = (now or dt.datetime.now(dt.UTC)).astimezone().isoformat(timespec="seconds")
        return [
            SignoffEntry(
                entry_id=uuid.uuid4().hex,
                commitment_id=commitment_id,
                progress_entry_id=target.entry_id,
                decision=decision,
                reason=reason,
                entered_by=user.id,
                entered_at=stamp,
            )
        ]

    (written,) = open_signoff_log(config).append_batch(prepare)
    return written


def history(commitment_id: str, entries: pd.DataFrame, decisions: Sequence[SignoffEntry]) -> list[dict]:
    """The sign-off steps of one commitment, oldest first: each 已完成 report (who, when, its state) and each
    decision (销号 / 退回 with its reason, who, when)."""
    out: list[dict] = []
    mine = (
        entries[(entries["commitment_id"] == commitment_id) & (entries["signoff"] != "")]
        if len(entries)
        else entries
    )
    ids = set()
    for e in mine.to_dict("records"):
        ids.add(e["entry_id"])
        out.append(
            {
                "at": str(e.get("entered_at") or ""),
                "step": "claimed",
                "state": e["signoff"],
                "who": str(e.get("entered_by") or ""),
                "reason": "",
                "entry_id": e["entry_id"],
            }
        )
    for d in decisions:
        if d.progress_entry_id in ids or d.commitment_id == commitment_id:
            out.append(
                {
                    "at": d.entered_at,
                    "step": d.decision,
                    "state": "",
                    "who": d.entered_by,
                    "reason": d.reason,
                    "entry_id": d.progress_entry_id,
                }
            )
    return sorted(out, key=lambda r: r["at"])
