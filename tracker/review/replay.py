"""Replaying the review log over the extracted items, entry by entry: what each item looks like after every
action (its values, owners, state, live parent), the state `apply` turns into tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extract.pipeline import unit_id as make_unit_id
from extract.units import DEPT_SUFFIXES, TOWN_SUFFIXES
from tracker.review import match
from tracker.review.log import LIVE_STATES, ReviewEntry, Values
from tracker.review.reattach import COMMITMENT_COLUMNS, Extracted, Row, follow, moves_of

# --- apply: replay the log --------------------------------------------------------------------------


@dataclass
class _Item:
    row: Row
    owners: list[tuple[str, str]]
    owners_edited: bool = False
    added: bool = False
    missing: bool = False  # an added item whose words are no longer in its source
    decision: str | None = None
    into: str | None = None
    decided_on: dt.date | None = None
    edited: bool = False
    last: ReviewEntry | None = None
    n: int = 0


def _date(v: object) -> dt.date | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def unit_kind(name: str) -> tuple[str, str | None]:
    """(kind, subkind) of a unit name that is not in the gazetteer, from its ending (镇 → town, 局 → department)."""
    for suffix in TOWN_SUFFIXES:
        if name.endswith(suffix):
            return "town", suffix
    for suffix in sorted(DEPT_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return "department", suffix
    return "department", None


def _meeting_at(mine: Sequence[Row], start: int) -> str | None:
    """The meeting of a source (`mine`, in the order of their starts) that text at `start` falls in."""
    before = [m for m in mine if int(m["char_start"]) <= start]
    if before:
        return str(before[-1]["meeting_id"])
    return str(mine[0]["meeting_id"]) if mine else None


class Replay:
    """The log replayed over the extracted items, in order."""

    def __init__(self, ex: Extracted, entries: Sequence[ReviewEntry]) -> None:
        self.ex = ex
        self.entries = entries
        self.moves = moves_of(entries)
        self.items: dict[str, _Item] = {}
        owners: dict[str, list[tuple[str, str]]] = {}
        for u in ex.commitment_units:
            owners.setdefault(str(u["commitment_id"]), []).append((str(u["unit_id"]), str(u["role"])))
        for r in ex.commitments:
            cid = str(r["commitment_id"])
            row = {c: r.get(c) for c in COMMITMENT_COLUMNS}
            self.items[cid] = _Item(row, owners.get(cid, []))
        self.extracted = frozenset(self.items)
        self.added_ids = frozenset(e.commitment_id for e in entries if e.action == "add")
        self.units = {str(u["name"]): dict(u) for u in ex.units}
        self.unit_ids = {str(u["unit_id"]) for u in ex.units}
        self._by_source: dict[str, list[Row]] | None = None

    def target(self, cid: str) -> str:
        if cid not in self.moves:  # never re-attached: itself
            return cid
        return follow(self.moves, cid, self)  # not a set of every id per call: quadratic in the items

    def __contains__(self, cid: object) -> bool:
        """An item now, or one an add entry makes (what `follow` stops at)."""
        return cid in self.items or cid in self.added_ids

    def _meetings_of(self, source_id: str) -> list[Row]:
        """A source's meetings in the order of their starts (grouped once, not scanned per add entry)."""
        if self._by_source is None:
            self._by_source = {}
            for m in self.ex.meetings:
                self._by_source.setdefault(str(m["source_id"]), []).append(m)
            for ms in self._by_source.values():
                ms.sort(key=lambda m: int(m["char_start"]))
        return self._by_source.get(source_id, [])

    def _unit(self, name: str) -> str:
        uid = make_unit_id(name)
        if name not in self.units and uid not in self.unit_ids:
            kind, sub = unit_kind(name)
            self.units[name] = {
                "unit_id": uid,
                "name": name,
                "kind": kind,
                "subkind": sub,
                "in_gazetteer": False,
            }
            self.unit_ids.add(uid)
        return uid

    def _owners(self, values: Values) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for o in values.owners or ():
            uid = self._unit(o.unit)
            if all(uid != u for u, _ in out):
                out.append((uid, o.role))
        if out and not any(r == "lead" for _, r in out):
            out[0] = (out[0][0], "lead")
        return sorted(out, key=lambda p: p[1] != "lead")

    def _add(self, e: ReviewEntry) -> set[str]:
        v = e.values
        cid = e.commitment_id
        if cid in self.moves or cid in self.extracted:
            return set()  # a person re-attached this add's entries to another item
        source_id = str(v.source_id)
        text = self.ex.texts.get(source_id)
        quote = v.quote or ""
        missing = False
        if quote:
            found = match.locate(text, quote, v.char_start) if text is not None else None
            if found is None:
                missing, a, b = True, int(v.char_start or 0), int(v.char_end or 0)
            else:
                quote, a, b = found.quote, found.start, found.end
        else:
            a = b = 0  # given orally: no words in the source
        meeting = v.meeting_id if v.meeting_id else _meeting_at(self._meetings_of(source_id), a)
        owners = self._owners(v)
        due = _date(v.due_date)
        row: Row = {
            "commitment_id": cid,
            "meeting_id": meeting,
            "parent_id": v.parent_id,
            "kind": v.kind or "task",
            "ordinal": v.ordinal,
            "list_name": None,
            "title": v.title or (quote[:60] if quote else cid),
            "quote": quote,
            "unit_id": owners[0][0] if owners else None,
            "addressee": None,
            "issued_by": None,
            "due_date": due,
            "source_id": source_id,
            "char_start": a,
            "char_end": b,
            "leader": None,
            "due_source": "review" if due else None,
        }
        self.items[cid] = _Item(row, owners, owners_edited=True, added=True, missing=missing)
        return {cid}

    def step(self, e: ReviewEntry) -> set[str]:
        """Apply one entry; the ids whose own values changed, and (prefixed '^') those whose children move."""
        if e.action == "add":
            changed = self._add(e)
            it = self.items.get(e.commitment_id)
            if changed and it is not None:
                it.last, it.n = e, 1
            return changed
        if e.action not in ("confirm", "reject", "edit", "merge", "reopen"):
            return set()
        cid = self.target(e.commitment_id)
        it = self.items.get(cid)
        if it is None:
            return set()  # the item is orphaned: the entry waits for a re-attachment
        it.last, it.n = e, it.n + 1
        if e.action == "edit":
            v = e.values
            for k in v.model_fields_set:
                if k == "owners":
                    it.owners = self._owners(v)
                    it.owners_edited = True
                    it.row["unit_id"] = it.owners[0][0] if it.owners else None
                elif k == "due_date":
                    due = _date(v.due_date)
                    it.row["due_date"], it.row["due_source"] = due, ("review" if due else None)
                else:
                    it.row[k] = getattr(v, k)
            it.edited = True
            return {cid, "^" + cid} if "parent_id" in v.model_fields_set else {cid}
        it.decision = None if e.action == "reopen" else e.action
        it.into = e.values.into if e.action == "merge" else None
        it.decided_on = e.day
        return {cid, "^" + cid}

    # what an item looks like now

    def state(self, it: _Item) -> str:
        if it.decision == "reject":
            return "rejected"
        if it.decision == "merge":
            return "merged"
        if it.added:
            return "added"
        if it.edited:
            return "edited"
        if it.decision == "confirm":
            return "confirmed"
        return "unreviewed"

    def live(self, cid: str) -> bool:
        it = self.items.get(cid)
        return it is not None and not it.missing and self.state(it) in LIVE_STATES

    def final(self, cid: str) -> str | None:
        """The live item that `cid`'s entries count for: along re-attachments and merges (None: none)."""
        seen: set[str] = set()
        cur: str | None = self.target(cid)
        while cur is not None and cur not in seen:
            seen.add(cur)
            it = self.items.get(cur)
            if it is None or it.missing:
                return None
            if it.decision == "merge" and it.into:
                cur = self.target(it.into)
                continue
            return cur if self.live(cur) else None
        return None

    def parent(self, cid: str) -> str | None:
        """The nearest live ancestor: a rejected parent hands its children up, a merged one to its target."""
        seen = {cid}
        pid = self.items[cid].row.get("parent_id")
        while isinstance(pid, str) and pid and pid not in seen:
            seen.add(pid)
            pid = self.target(pid)
            it = self.items.get(pid)
            if it is None:
                return None
            if it.decision == "merge" and it.into:
                pid = it.into
                continue
            if self.live(pid):
                return pid if pid != cid else None
            pid = it.row.get("parent_id")
        return None

    def out(self, cid: str) -> tuple[Row, tuple[tuple[str, str], ...]] | None:
        """The item's row (reviewed values, review_state) and owners while it is live; None otherwise."""
        if not self.live(cid):
            return None
        it = self.items[cid]
        row = dict(it.row)
        row["parent_id"] = self.parent(cid)
        row["review_state"] = self.state(it)
        return row, tuple(it.owners)

    def children(self) -> dict[str, list[str]]:
        kids: dict[str, list[str]] = {}
        for cid, it in self.items.items():
            p = it.row.get("parent_id")
            if isinstance(p, str) and p:
                kids.setdefault(self.target(p), []).append(cid)
        return kids

    def descendants(self, roots: Iterable[str]) -> set[str]:
        kids = self.children()
        out: set[str] = set()
        todo = list(roots)
        while todo:
            for k in kids.get(todo.pop(), ()):
                if k not in out:
                    out.add(k)
                    todo.append(k)
        return out
