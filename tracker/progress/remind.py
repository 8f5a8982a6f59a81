"""催办 (reminders): per unit, the open items due within `remind.before_days`, overdue, or silent for
`remind.silent_days`, as one message per unit and channel (e-mail to the unit's accounts, its group robots), at
most once a day per item, unit and channel; every send recorded in an append-only log (催办记录), a failed one
retried by the next run. Sending itself is tracker/progress/channels.py."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
from pydantic import Field

from tracker.auth import Account
from tracker.cells import day_of
from tracker.config import Config, Webhook
from tracker.i18n import Lang, t
from tracker.progress.log import IsoDate, IsoTime, Text
from tracker.store.logfile import Record, RecordLog
from tracker.store.logs import open_log

Channel = Literal["email", "wecom", "dingtalk"]
Outcome = Literal["sent", "failed"]
OPEN_EXCLUDED = ("已完成", "待销号")  # done, or waiting for the office: nothing for the unit to do
REASONS = ("overdue", "due_soon", "silent")  # most pressing first


class ReminderEntry(Record):
    """One message sent (or tried) to one unit on one channel: which items, when, and how it went."""

    v: int = Field(default=1, ge=1, strict=True)
    entry_id: str = Field(min_length=1)
    day: IsoDate  # the day the reminder is for (--as-of, else today)
    unit_id: str = Field(min_length=1)
    unit_name: Text = ""
    channel: Channel
    target: Text = ""  # addresses, or the robot's address without its key
    items: tuple[str, ...] = ()
    result: Outcome
    error: Text = ""
    entered_by: Text = ""
    entered_at: IsoTime


def open_reminder_log(config: Config) -> RecordLog[ReminderEntry]:
    """The 催办记录 log where the config keeps its logs."""
    return open_log(config, "reminder", ReminderEntry)


@dataclass(frozen=True)
class Item:
    """One item a reminder names, with why (overdue, due_soon, silent) and the days that make it so."""

    commitment_id: str
    title: str
    due_date: dt.date | None
    due_source: str | None
    reason: str
    days: int


@dataclass
class Message:
    """One reminder: a unit, a channel and its target, the items and the text."""

    unit_id: str
    unit_name: str
    channel: Channel
    target: str
    items: list[Item]
    text: str = ""
    recipients: tuple[str, ...] = ()
    webhook: Webhook | None = None
    result: Outcome | Literal[""] = ""  # set once it is sent or tried
    error: str = ""


def items_by_unit(
    status: pd.DataFrame,
    owners: Mapping[str, Mapping[str, str]],
    day: dt.date,
    before_days: int,
    silent_days: int,
) -> dict[str, tuple[str, list[Item]]]:
    """{unit id: (unit name, items)}: each open item of each unit holding it, with its most pressing reason."""
    out: dict[str, tuple[str, list[Item]]] = {}
    for r in status.to_dict("records"):
        if r["status"] in OPEN_EXCLUDED:
            continue
        due = day_of(r.get("due_date"))
        silent = r.get("days_silent")
        reason, days = None, 0
        if due is not None and day > due:
            reason, days = "overdue", (day - due).days
        elif due is not None and 0 <= (due - day).days <= before_days:
            reason, days = "due_soon", (due - day).days
        elif silent is not None and not pd.isna(silent) and int(silent) >= silent_days:
            reason, days = "silent", int(silent)
        if reason is None:
            continue
        item = Item(
            str(r["commitment_id"]), str(r.get("title") or ""), due, r.get("due_source"), reason, days
        )
        for uid, name in owners.get(item.commitment_id, {}).items():
            out.setdefault(uid, (name, []))[1].append(item)
    for _, items in out.values():
        items.sort(key=lambda i: (REASONS.index(i.reason), -i.days if i.reason != "due_soon" else i.days))
    return out


def message_text(config: Config, unit: str, items: Sequence[Item], day: dt.date, lang: Lang) -> str:
    """The reminder's words: the office, the unit, the day, then one line per item with why."""
    lines = [t("loop.remind_head", lang, city=config.city, unit=unit, day=day.isoformat(), n=len(items))]
    for n, i in enumerate(items, 1):
        due = i.due_date.isoformat() if i.due_date else "—"
        if i.due_source == "default":
            due += t("loop.remind_assumed", lang)
        lines.append(
            t(
                "loop.remind_line",
                lang,
                n=n,
                why=t(f"loop.remind_{i.reason}", lang, days=i.days),
                title=i.title,
                due=due,
            )
        )
    lines.append(t("loop.remind_tail", lang))
    return "\n".join(lines)


def sent_today(entries: Iterable[ReminderEntry], day: dt.date) -> set[tuple[str, str, str]]:
    """(unit, channel, item) already delivered for `day`: not sent again that day."""
    return {
        (e.unit_id, e.channel, cid)
        for e in entries
        if e.day == day.isoformat() and e.result == "sent"
        for cid in e.items
    }


def plan(
    config: Config,
    status: pd.DataFrame,
    owners: Mapping[str, Mapping[str, str]],
    accounts: Sequence[Account],
    day: dt.date,
    done: set[tuple[str, str, str]],
    lang: Lang,
    units: Iterable[str] | None = None,
) -> list[Message]:
    """The messages to send for `day` (only for `units` when given): per unit, one e-mail to the addresses of
    the accounts holding it and one message per robot configured for it, each naming the items not yet
    delivered on that channel that day."""
    settings = config.remind
    wanted = set(units) if units is not None else None
    out: list[Message] = []
    for uid, (name, items) in sorted(
        items_by_unit(status, owners, day, settings.before_days, settings.silent_days).items(),
        key=lambda x: x[1][0],
    ):
        if wanted is not None and uid not in wanted:
            continue
        channels: list[tuple[Channel, str, tuple[str, ...], Webhook | None]] = []
        mails = tuple(sorted({a.email for a in accounts if a.email and name in a.units}))
        if mails:
            channels.append(("email", ", ".join(mails), mails, None))
        for w in settings.webhooks:
            if w.unit == name:
                channels.append((w.kind, w.url, (), w))
        for channel, target, recipients, hook in channels:
            left = [i for i in items if (uid, channel, i.commitment_id) not in done]
            if left:
                out.append(
                    Message(
                        uid,
                        name,
                        channel,
                        target,
                        left,
                        message_text(config, name, left, day, lang),
                        recipients,
                        hook,
                    )
                )
    return out


def _tried(m: Message) -> Outcome:
    """How a message went; record() is given only messages sent or tried."""
    if not m.result:
        raise ValueError(f"the message to {m.unit_name} on {m.channel} was not sent")
    return m.result


def record(
    config: Config, messages: Sequence[Message], day: dt.date, user: str, now: dt.datetime | None = None
) -> None:
    """Append one entry per message tried (sent or failed), as one batch."""
    if not messages:
        return
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone().isoformat(timespec="seconds")

    def prepare(_: Sequence[ReminderEntry]) -> list[ReminderEntry]:
        return [
            ReminderEntry(
                entry_id=uuid.uuid4().hex,
                day=day.isoformat(),
                unit_id=m.unit_id,
                unit_name=m.unit_name,
                channel=m.channel,
                target=m.target,
                items=tuple(i.commitment_id for i in m.items),
                result=_tried(m),
                error=m.error,
                entered_by=user,
                entered_at=stamp,
            )
            for m in messages
        ]

    open_reminder_log(config).append_batch(prepare)


@dataclass
class RunResult:
    """What a run did: the messages (with their result), and those that failed."""

    messages: list[Message] = field(default_factory=list)

    @property
    def failed(self) -> list[Message]:
        return [m for m in self.messages if m.result == "failed"]


def run(
    config: Config,
    status: pd.DataFrame,
    owners: Mapping[str, Mapping[str, str]],
    accounts: Sequence[Account],
    day: dt.date,
    user: str,
    send: Callable[[Config, Message], None],
    *,
    dry_run: bool = False,
    lang: Lang = "zh",
    units: Iterable[str] | None = None,
) -> RunResult:
    """Plan the day's reminders, send each (unless dry_run) with `send` (which sets result and error) and record
    every one tried; a message that failed is sent again by the next run, since only 'sent' counts as done."""
    log = open_reminder_log(config)
    done = sent_today(log.read().entries, day)
    messages = plan(config, status, owners, accounts, day, done, lang, units)
    if dry_run:
        return RunResult(messages)
    for m in messages:
        send(config, m)
    record(config, messages, day, user)
    return RunResult(messages)


def failed_recently(config: Config, since: dt.date) -> list[ReminderEntry]:
    """Failed sends on or after `since` not followed by a delivery to the same unit and channel (the 待办 box)."""
    entries = open_reminder_log(config).read().entries
    last: dict[tuple[str, str], ReminderEntry] = {}
    for e in entries:
        last[(e.unit_id, e.channel)] = e
    return [e for e in last.values() if e.result == "failed" and e.day >= since.isoformat()]
