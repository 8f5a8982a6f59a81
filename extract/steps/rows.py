"""One report's facts (`Report`), a commitment as a step finds it (`Found`), and the rows assembled from them."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from extract.dates import latest_deadline
from extract.lists import Item
from extract.spans import Spans
from extract.subjects import DUTY, SHARE_ENDINGS
from extract.text import Document, Paragraph
from extract.units import Gazetteer, Mention, collective_name, collectives, is_collective, standard_body
from tracker.cells import as_int

Row = dict[str, object]
AUTO = object()  # a commitment's due date read from its own quote
NO_MENTIONS: Spans[Mention] = Spans()


@dataclass
class Extraction:
    """Everything found in one source, as rows for the database tables."""

    meetings: list[Row] = field(default_factory=list)
    commitments: list[Row] = field(default_factory=list)
    figures: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    # every unit holding a commitment, with its role
    commitment_units: list[Row] = field(default_factory=list)
    units: dict[str, tuple[str, str, bool]] = field(
        default_factory=dict
    )  # name → (kind, subkind, in_gazetteer)
    evidence: list[Row] = field(
        default_factory=list
    )  # what bulletins say of units and items (kind 'bulletin')


def norm(text: str) -> str:
    """Text without white space, for ids that survive re-wrapping of lines."""
    return re.sub(r"\s+", "", text)


def make_id(prefix: str, *parts: object, n: int = 12) -> str:
    """A stable id from content: the same parts give the same id in every build."""
    return prefix + hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:n]


@lru_cache(maxsize=65536)
def unit_id(name: str) -> str:
    """Stable id of a unit from its canonical name."""
    return make_id("u-", name, n=10)


@dataclass(frozen=True)
class Report:
    """What is known of one report before any item is looked for: its segmented text, the gazetteer that applies
    to it, the year its dates fall in, its own date, and the people with titles in each paragraph."""

    doc: Document
    source_id: str
    gaz: Gazetteer
    by_index: dict[int, Paragraph]
    reference: dt.date | None  # the report's year when no meeting dates a commitment
    stamp: dt.date | None  # the report's own date (config, header or page stamp), if it has one
    persons: dict[int, Spans]  # people with titles, per paragraph

    def span(self, para: int, start: int, end: int) -> tuple[int, int, str]:
        """A paragraph's view range as (start, end, quote) in the source text."""
        a, b = self.by_index[para].orig(start, end)
        return a, b, self.doc.text[a:b]

    @property
    def year(self) -> int | None:
        return self.reference.year if self.reference else None


@dataclass
class Found:
    """One commitment as a step finds it: the item it quotes, what kind it is, where it hangs, who holds it."""

    item: Item
    kind: str
    meeting_id: str | None = None
    parent_id: str | None = None
    list_name: str | None = None
    unit: Mention | None = None  # the lead holder, if the step knows it
    addressee: str | None = None  # a collective it is addressed to (各乡镇)
    issued_by: str | None = None
    title: str | None = None
    due: object = AUTO  # a date, None, or AUTO: read from its own quote
    holders: list[tuple[Mention, str]] = field(default_factory=list)  # (unit, role) from owner fields
    leader: str | None = None


def meeting_for(meetings: list[tuple[int, int, str]], para: int, offset: int) -> str | None:
    """The latest meeting in the article at or before a position, else the article's first one."""
    k = bisect_right(meetings, (para, offset, "\uffff"))
    if k:
        return meetings[k - 1][2]
    return meetings[0][2] if meetings else None


@dataclass
class Article:
    """One article's paragraphs with what the list and task steps share."""

    paras: list[Paragraph]
    meetings: list[tuple[int, int, str]]
    mentions: dict[int, Spans[Mention]]
    people: dict[str, str]
    tables: list[Paragraph] = field(default_factory=list)

    @property
    def body(self) -> list[Paragraph]:
        return [p for p in self.paras if p.kind == "body"]

    def meeting(self, item: Item) -> str | None:
        return meeting_for(self.meetings, item.para, item.start)


class Assembly:
    """The rows of one report as the steps add them, with what later steps look up in earlier ones' results."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.out = Extraction()
        self.used: Counter[str] = Counter()
        self.rows: dict[str, Row] = {}  # commitment rows by id
        self.bodies: dict[str, str] = {}  # a listed body's full name → the name this report first gave it
        self.meeting_dates: dict[str, dt.date | None] = {}
        self.named_ends: set[tuple[int, int]] = set()  # where named lists end: their size is not a figure
        # praise and problem lists: (para, start, end); no tasks are read there
        self.skip: list[tuple[int, int, int]] = []
        # numbered and 要-run items as (start, end, id) in the source: lists and tasks inside them find them here
        self.requirements: Spans[tuple[int, int, str]] = Spans()

    def mark(self, cid: str) -> None:
        """A numbered or 要-run requirement: lists and tasks inside its quote belong to it."""
        r = self.rows[cid]
        self.requirements.add((as_int(r["char_start"]), as_int(r["char_end"]), cid))

    def unique(self, base: str) -> str:
        self.used[base] += 1
        return base if self.used[base] == 1 else f"{base}-{self.used[base]}"

    def meeting_date(self, mid: str | None) -> dt.date | None:
        return self.meeting_dates.get(mid) if mid else None

    def unit(self, m: Mention) -> str:
        """The unit id of a mention; a listed body's forms (县人社局, 县人力资源和社会保障局) are one unit per report,
        named as the report first names it."""
        name = m.name
        body = None if m.in_gazetteer else standard_body(name)
        if body:
            name = self.bodies.setdefault(body, name)
        if not m.in_gazetteer:
            name = self.report.doc.as_written(name)
        self.out.units.setdefault(name, (m.kind, m.subkind, m.in_gazetteer))
        return unit_id(name)

    def mention_row(self, para: int, m: Mention) -> None:
        """A mentions row for a unit named at view range [m.start, m.end) of a paragraph."""
        a, b, surface = self.report.span(para, m.start, m.end)
        self.out.mentions.append(
            {
                "source_id": self.report.source_id,
                "unit_id": self.unit(m),
                "surface": surface,
                "char_start": a,
                "char_end": b,
            }
        )

    def add(self, f: Found) -> str:
        """A commitment row and its holders' rows from what a step found; returns its id."""
        rep = self.report
        a, b, quote = rep.span(f.item.para, f.item.start, f.item.end)
        unit, holders = f.unit, list(f.holders)
        if unit is None and not holders and f.addressee:
            # a collective addressee (各乡镇、各部门) holds the task as a group
            holders = [(self._collective(f.item.para, f.addressee), "lead")]
        if unit is None and holders:
            unit = holders[0][0]
        elif unit is not None and not any(m.name == unit.name for m, _r in holders):
            holders.insert(0, (unit, "lead"))
        uname = unit.name if unit else ""
        title = without_subject(
            f.title or f.item.title, [m.surface for m, _r in holders] + [f.addressee or ""]
        )
        cid = self.unique(make_id("c-", rep.source_id, f.list_name or "", norm(quote), uname))
        due = f.due
        if due is AUTO:
            due = due_in(quote, self.meeting_date(f.meeting_id) or rep.reference)
        seen: set[str] = set()
        for m, role in holders:
            uid = self.unit(m)
            if uid in seen:
                continue
            seen.add(uid)
            role = "lead" if m is unit else ("responsible" if role == "lead" else role)
            self.out.commitment_units.append({"commitment_id": cid, "unit_id": uid, "role": role})
        self.rows[cid] = row = {
            "commitment_id": cid,
            "meeting_id": f.meeting_id,
            "parent_id": f.parent_id,
            "kind": f.kind,
            "ordinal": f.item.ordinal,
            "list_name": f.list_name,
            "title": title,
            "quote": quote,
            "unit_id": self.unit(unit) if unit else None,
            "addressee": f.addressee,
            "issued_by": f.issued_by,
            "leader": f.leader,
            "due_date": due,
            "due_source": "text" if due else None,
            "source_id": rep.source_id,
            "char_start": a,
            "char_end": b,
        }
        self.out.commitments.append(row)
        return cid

    def _collective(self, para: int, addressee: str) -> Mention:
        """The first group of a collective addressee (各园区、各乡镇（街道） → 各园区) as a unit."""
        found = collectives(addressee)
        first = re.split(r"[、和及与]", found[0][2])[0] if found else addressee
        p = self.report.by_index[para]
        start = max(p.text.find(first), 0)
        # named as written in the report: 各村(居)委会 keeps its own brackets
        written = self.report.span(para, start, start + len(first))[2] if first in p.text else first
        name = collective_name(written if len(written) == len(first) else first)
        return Mention(start, start + len(first), first, name, "collective", "各", False)


def due_in(quote: str, meeting_date: dt.date | None) -> dt.date | None:
    """The deadline stated in the quote itself (its latest: 3月底前…9月底前完成); None when the text gives none."""
    return latest_deadline(quote, meeting_date.year if meeting_date else None)


_SUBJECT = re.compile(r"^(?P<who>[^，。；：“”]{2,14}?)(?:要|将|负责|牵头)(?!求)")


def without_subject(title: str, holders: list[str]) -> str:
    """A title without the unit or group that holds it (各乡镇要压实责任 → 压实责任): they are its unit or addressee."""
    m = _SUBJECT.match(title)
    if not m or len(title) - m.end() < 4:
        return title
    who = m.group("who")
    return (
        title[m.end() :].lstrip("，、；： ") if any(h and (h in who or who in h) for h in holders) else title
    )


def addressed(p: Paragraph, item: Item, mentions: Spans[Mention]) -> tuple[Mention | None, str | None]:
    """A unit or collective named at the head of an item with a duty word after it (四是各镇要…, 县统计局负责…)."""
    head_end = min(item.start + 14, item.end)  # the head of this item, never the next one
    for m in mentions.starting_in(item.start, head_end):
        if "要" in p.text[m.end : m.end + 6] or DUTY.match(p.text, m.end):
            return m, None
    for _a, _b, t in collectives(p.text[item.start : head_end]):
        return None, t
    return None, None


def hold_shares(
    ctx: Assembly,
    it: Item,
    cid: str,
    mid: str | None,
    holders: list[tuple[Mention, str]],
    due: object = AUTO,
) -> None:
    """Every lead or responsible body an item's owner fields or a table row's unit cells name after the first
    (牵头单位：A、B; 责任单位：C、D) holds the item as its own share, a task under it, as bodies that are the
    subject of one clause each hold it (A、B要…); supporting bodies (配合单位) and collectives (相关乡镇) hold no
    share; a share is due when the item is (`due`: a table row's deadline cell, else read from the quote)."""
    first = holders[0][0].name if holders else None
    seen = {first}
    for m, role in holders[1:]:
        if role == "support" or m.name in seen or m.kind == "collective" or is_collective(m.name):
            continue
        if len(m.name) < 3 or not m.name.endswith(SHARE_ENDINGS):
            continue  # a word cut out of the fields (项目 of 项目责任人), not a body
        seen.add(m.name)
        share = Item(it.para, it.start, it.end, None, it.title)
        ctx.add(Found(item=share, kind="task", meeting_id=mid, parent_id=cid, unit=m, due=due))
