"""Applying the review log to the extractor's rows (pure functions; the build calls them).

Two steps. `plan` looks at the ids that have review or progress entries and that the extraction no longer
produces (the source's wording or the extractor changed): each is re-attached to the clear best match among the
new items of its source, or listed as orphaned; both outcomes become entries of the log, so a later build,
even from scratch, does the same. `apply` then replays the log in order, day by day, and returns every table
the build writes: the reviewed `commitments` (with `review_state`) and `commitment_units`, their history
(`valid_from`/`valid_to`, for views "as known on" an earlier day), every item with its state, the applied
actions, the id aliases that move progress (merges, re-attachments) and the orphans.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from extract.pipeline import unit_id as make_unit_id
from extract.units import DEPT_SUFFIXES, TOWN_SUFFIXES
from tracker.review import match
from tracker.review.log import DECISIONS, LIVE_STATES, Anchor, ReviewEntry, Values

Row = dict[str, Any]
ADD_PREFIX = "a-"
COMMITMENT_COLUMNS = (
    "commitment_id",
    "meeting_id",
    "parent_id",
    "kind",
    "ordinal",
    "list_name",
    "title",
    "quote",
    "unit_id",
    "addressee",
    "issued_by",
    "due_date",
    "source_id",
    "char_start",
    "char_end",
    "leader",
    "due_source",
)


@dataclass
class Extracted:
    """What the extractor produced (and the build knows) that the review is applied to."""

    commitments: list[Row]
    commitment_units: list[Row]
    units: list[Row]
    meetings: list[Row]
    texts: dict[str, str]  # source_id -> text


def new_add_id() -> str:
    """An id for an item a person adds (kept in the log, so it never changes)."""
    return ADD_PREFIX + uuid.uuid4().hex[:12]


def anchor_of(row: Mapping[str, Any]) -> Anchor:
    """Where a commitment row stands in its source."""
    return Anchor(
        source_id=str(row["source_id"]),
        quote=str(row.get("quote") or ""),
        char_start=int(row.get("char_start") or 0),
        char_end=int(row.get("char_end") or 0),
        title=str(row.get("title") or ""),
        meeting_id=row.get("meeting_id") if isinstance(row.get("meeting_id"), str) else None,
    )


# --- following re-attachments -------------------------------------------------------------------------


def moves_of(entries: Iterable[ReviewEntry]) -> dict[str, str]:
    """old id -> new id, from reattach entries (a later one for the same id wins)."""
    out: dict[str, str] = {}
    for e in entries:
        if e.action == "reattach" and e.values.into:
            out[e.commitment_id] = e.values.into
    return out


def follow(moves: Mapping[str, str], cid: str, live: set[str] | frozenset[str]) -> str:
    """Where the entries of `cid` belong now: itself while it exists, else along its re-attachments."""
    seen: set[str] = set()
    while cid not in live and cid in moves and cid not in seen:
        seen.add(cid)
        cid = moves[cid]
    return cid


def closed_ids(entries: Iterable[ReviewEntry]) -> set[str]:
    """Orphans a person closed (and did not re-attach afterwards)."""
    last: dict[str, str] = {}
    for e in entries:
        if e.action in ("close", "reattach"):
            last[e.commitment_id] = e.action
    return {cid for cid, a in last.items() if a == "close"}


def _latest_decision(entries: Iterable[ReviewEntry]) -> dict[str, ReviewEntry]:
    out: dict[str, ReviewEntry] = {}
    for e in entries:
        if e.action in DECISIONS:
            out[e.commitment_id] = e
    return out


# --- plan: re-attach or list as orphaned ------------------------------------------------------------


@dataclass
class Vanished:
    """An id with entries that the build no longer produces, and what it looked like."""

    commitment_id: str
    anchor: Anchor | None
    found: list[match.Candidate] = field(default_factory=list)
    winner: match.Candidate | None = None


def vanished_ids(
    ex: Extracted, entries: Sequence[ReviewEntry], progress_ids: Iterable[str]
) -> tuple[list[str], dict[str, str]]:
    """The ids (after following re-attachments) that have entries but no item; and the moves."""
    moves = moves_of(entries)
    live = {str(r["commitment_id"]) for r in ex.commitments}
    added = {e.commitment_id for e in entries if e.action == "add"}
    closed = closed_ids(entries)
    decision = _latest_decision(entries)
    referenced: list[str] = []
    for e in entries:
        if e.action in ("confirm", "reject", "edit", "merge", "reopen"):
            referenced.append(e.commitment_id)
        if e.action == "merge" and e.values.into:
            referenced.append(e.values.into)
    referenced += list(progress_ids)
    out: list[str] = []
    for cid in dict.fromkeys(referenced):
        d = decision.get(cid)
        if d is not None and d.action == "merge" and cid not in live:
            continue  # a merged duplicate that disappeared: its entries already belong to the other item
        end = follow(moves, cid, live | added)
        if end in live or end in added or end in closed or cid in closed:
            continue
        if end not in out:
            out.append(end)
    return out, moves


def _anchor_for(cid: str, entries: Sequence[ReviewEntry], old: Mapping[str, Anchor]) -> Anchor | None:
    if cid in old:
        return old[cid]
    found = None
    for e in entries:
        if e.commitment_id == cid and e.anchor is not None:
            found = e.anchor
    return found


def plan(
    ex: Extracted,
    entries: Sequence[ReviewEntry],
    progress_ids: Iterable[str],
    old_anchors: Mapping[str, Anchor],
    now: dt.datetime,
) -> tuple[list[ReviewEntry], list[Vanished]]:
    """The entries the build should record (reattach for clear matches, orphan for the rest, once), and every
    vanished id with its candidates."""
    ids, _moves = vanished_ids(ex, entries, progress_ids)
    by_source: dict[str, list[tuple[str, str, int, int, str]]] = {}
    for r in ex.commitments:
        by_source.setdefault(str(r["source_id"]), []).append(
            (
                str(r["commitment_id"]),
                str(r["quote"]),
                int(r["char_start"]),
                int(r["char_end"]),
                str(r["title"]),
            )
        )
    found: list[Vanished] = []
    for cid in ids:
        anchor = _anchor_for(cid, entries, old_anchors)
        v = Vanished(cid, anchor)
        if anchor is not None:
            v.found = match.candidates(
                anchor.quote, (anchor.char_start, anchor.char_end), by_source.get(anchor.source_id, [])
            )
            v.winner = match.clear_winner(v.found)
        found.append(v)
    winners: dict[str, int] = {}
    for v in found:
        if v.winner is not None:
            winners[v.winner.commitment_id] = winners.get(v.winner.commitment_id, 0) + 1
    for v in found:  # two vanished items claiming one new item: neither match is clear
        if v.winner is not None and winners[v.winner.commitment_id] > 1:
            v.winner = None
    stamp = now.astimezone().isoformat(timespec="seconds")
    orphaned = {e.commitment_id for e in entries if e.action == "orphan"}
    new: list[ReviewEntry] = []
    for v in found:
        if v.winner is not None:
            new.append(
                ReviewEntry(
                    entry_id=uuid.uuid4().hex,
                    commitment_id=v.commitment_id,
                    action="reattach",
                    values=Values(into=v.winner.commitment_id, score=v.winner.score),
                    entered_at=stamp,
                    source="build",
                    anchor=v.anchor,
                )
            )
        elif v.commitment_id not in orphaned:
            new.append(
                ReviewEntry(
                    entry_id=uuid.uuid4().hex,
                    commitment_id=v.commitment_id,
                    action="orphan",
                    entered_at=stamp,
                    source="build",
                    anchor=v.anchor,
                )
            )
    return new, found


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


def _meeting_at(meetings: Sequence[Row], source_id: str, start: int) -> str | None:
    mine = sorted((m for m in meetings if m["source_id"] == source_id), key=lambda m: int(m["char_start"]))
    before = [m for m in mine if int(m["char_start"]) <= start]
    if before:
        return str(before[-1]["meeting_id"])
    return str(mine[0]["meeting_id"]) if mine else None


@dataclass
class Applied:
    """Every table the review adds to or changes in a build."""

    commitments: list[Row]
    commitment_units: list[Row]
    commitments_history: list[Row]
    commitment_units_history: list[Row]
    review_items: list[Row]
    review_actions: list[Row]
    commitment_aliases: list[Row]
    review_orphans: list[Row]
    units: list[Row]
    last_review_day: dt.date | None = None


class _Replay:
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

    def target(self, cid: str) -> str:
        return follow(self.moves, cid, set(self.items) | self.added_ids)

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
        meeting = v.meeting_id if v.meeting_id else _meeting_at(self.ex.meetings, source_id, a)
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


def _owner_rows(cid: str, owners: Sequence[tuple[str, str]], **extra: object) -> list[Row]:
    return [{"commitment_id": cid, "unit_id": u, "role": r, **extra} for u, r in owners]


def apply(
    ex: Extracted, entries: Sequence[ReviewEntry], progress_counts: Mapping[str, int] | None = None
) -> Applied:
    """Replay the log over the extracted rows; every table of the review (see Applied)."""
    rp = _Replay(ex, entries)
    versions: dict[str, list[list[Any]]] = {}  # id -> [[valid_from, valid_to, out], …]
    for cid in rp.items:
        o = rp.out(cid)
        if o is not None:
            versions[cid] = [[None, None, o]]

    def close_day(day: dt.date, touched: set[str]) -> None:
        moved = {t[1:] for t in touched if t.startswith("^")}
        ids = {t for t in touched if not t.startswith("^")} | rp.descendants(moved)
        for cid in ids:
            if cid not in rp.items:
                continue
            now = rp.out(cid)
            vs = versions.setdefault(cid, [])
            cur = vs[-1][2] if vs and vs[-1][1] is None else None
            if now == cur:
                continue
            if cur is not None:
                vs[-1][1] = day
            if now is not None:
                vs.append([day, None, now])

    day: dt.date | None = None
    touched: set[str] = set()
    last_day = None
    for e in entries:
        if e.day != day and day is not None:
            close_day(day, touched)
            touched = set()
        day = e.day
        changed = rp.step(e)
        if changed:
            touched |= changed
            last_day = day
    if day is not None:
        close_day(day, touched)

    commitments, units_now, history, units_history = [], [], [], []
    for cid, vs in versions.items():
        for valid_from, valid_to, (row, owners) in vs:
            history.append({**row, "valid_from": valid_from, "valid_to": valid_to})
            units_history += _owner_rows(cid, owners, valid_from=valid_from, valid_to=valid_to)
            if valid_to is None:
                commitments.append(row)
                units_now += _owner_rows(cid, owners)
    order = {cid: i for i, cid in enumerate(rp.items)}
    commitments.sort(key=lambda r: order[r["commitment_id"]])

    progress_counts = progress_counts or {}
    items = []
    for cid, it in rp.items.items():
        last = it.last
        merged_into = rp.final(cid) if it.decision == "merge" else None
        items.append(
            {
                **it.row,
                "parent_id": rp.parent(cid) if rp.live(cid) else it.row.get("parent_id"),
                "review_state": rp.state(it),
                "merged_into": merged_into,
                "located": not it.missing,
                "reviewed_by": last.entered_by if last else None,
                "reviewed_at": last.entered_at if last else None,
                "review_why": last.why if last else None,
                "last_action": last.action if last else None,
                "last_entry_id": last.entry_id if last else None,
                "n_actions": it.n,
                "n_progress": int(progress_counts.get(cid, 0)),
            }
        )

    actions = [
        {
            "entry_id": e.entry_id,
            "commitment_id": e.commitment_id,
            "target_id": rp.target(e.commitment_id),
            "action": e.action,
            "values_json": json.dumps(e.values.model_dump(mode="json"), ensure_ascii=False),
            "why": e.why,
            "entered_by": e.entered_by,
            "entered_at": e.entered_at,
            "day": e.day,
            "source": e.source,
            "old_json": json.dumps(e.old, ensure_ascii=False) if e.old else None,
        }
        for e in entries
    ]

    aliases = []
    merge_day = {cid: it.decided_on for cid, it in rp.items.items() if it.decision == "merge"}
    olds = set(rp.moves) | set(merge_day) | set(progress_counts)
    for old in sorted(olds):
        end = rp.final(old)
        if end is None or end == old:
            continue
        days = [merge_day[c] for c in _path(rp, old) if merge_day.get(c) is not None]
        kind = "merge" if days else "reattach"
        aliases.append({"old_id": old, "new_id": end, "kind": kind, "since": max(days) if days else None})

    orphans = _orphans(rp, entries, progress_counts)
    return Applied(
        commitments=commitments,
        commitment_units=units_now,
        commitments_history=history,
        commitment_units_history=units_history,
        review_items=items,
        review_actions=actions,
        commitment_aliases=aliases,
        review_orphans=orphans,
        units=list(rp.units.values()),
        last_review_day=last_day,
    )


def _path(rp: _Replay, cid: str) -> list[str]:
    """The ids passed on the way from `cid` to its final item (re-attachments and merges)."""
    out: list[str] = []
    cur: str | None = cid
    while cur is not None and cur not in out:
        out.append(cur)
        nxt = rp.target(cur)
        if nxt != cur:
            cur = nxt
            continue
        it = rp.items.get(cur)
        cur = it.into if it is not None and it.decision == "merge" else None
    return out


def _orphans(rp: _Replay, entries: Sequence[ReviewEntry], progress_counts: Mapping[str, int]) -> list[Row]:
    """Ids with entries and no item (and adds whose words are gone), not closed: what a person must settle."""
    closed = closed_ids(entries)
    live_or_added = set(rp.items)
    n_review: dict[str, int] = {}
    anchors: dict[str, Anchor] = {}
    reason: dict[str, str] = {}
    for e in entries:
        end = follow(rp.moves, e.commitment_id, live_or_added)
        if e.anchor is not None:
            anchors[end] = e.anchor
        if e.action in ("confirm", "reject", "edit", "merge", "reopen") and end not in rp.items:
            n_review[end] = n_review.get(end, 0) + 1
            reason.setdefault(end, "vanished")
        if e.action == "orphan" and end not in rp.items:
            reason.setdefault(end, "vanished")
    n_progress: dict[str, int] = {}
    for cid, n in progress_counts.items():
        end = follow(rp.moves, cid, live_or_added)
        if end not in rp.items:
            n_progress[end] = n_progress.get(end, 0) + n
            reason.setdefault(end, "vanished")
    for cid, it in rp.items.items():
        if it.missing:
            reason[cid] = "add_not_found"
            anchors[cid] = Anchor(
                source_id=str(it.row["source_id"]),
                quote=str(it.row["quote"]),
                char_start=int(it.row["char_start"]),
                char_end=max(int(it.row["char_end"]), int(it.row["char_start"])),
                title=str(it.row["title"]),
            )
            n_review[cid] = it.n
            n_progress[cid] = int(progress_counts.get(cid, 0))
    out = []
    for cid, why in reason.items():
        if cid in closed:
            continue
        a = anchors.get(cid)
        out.append(
            {
                "commitment_id": cid,
                "reason": why,
                "source_id": a.source_id if a else None,
                "quote": a.quote if a else None,
                "title": a.title if a else None,
                "char_start": a.char_start if a else None,
                "char_end": a.char_end if a else None,
                "n_review": n_review.get(cid, 0),
                "n_progress": n_progress.get(cid, 0),
            }
        )
    return out


def orphan_candidates(ex_rows: Sequence[Row], orphan: Mapping[str, Any], n: int = 3) -> list[match.Candidate]:
    """The best live items of an orphan's source for a person to choose from."""
    if not orphan.get("source_id"):
        return []
    items = [
        (str(r["commitment_id"]), str(r["quote"]), int(r["char_start"]), int(r["char_end"]), str(r["title"]))
        for r in ex_rows
        if r["source_id"] == orphan["source_id"]
    ]
    span = (int(orphan.get("char_start") or 0), int(orphan.get("char_end") or 0))
    return match.candidates(str(orphan.get("quote") or ""), span, items, n)
