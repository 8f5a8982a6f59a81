"""Following and making re-attachments: where the entries of an id that the extraction no longer produces belong.

`plan` looks at the ids that have review or progress entries and no item any more (the source's wording or the
extractor changed): each is re-attached to the clear best match among the new items of its source, or listed as
orphaned; both outcomes become entries of the log, so a later build, even from scratch, does the same. The rows
the review works on (`Extracted`, `COMMITMENT_COLUMNS`) are defined here too, as the first step that reads them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.review import match
from tracker.review.log import DECISIONS, Anchor, ReviewEntry, Values

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


def follow(moves: Mapping[str, str], cid: str, live: Container[str]) -> str:
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
    known = live | added  # made once: per referenced id it made the whole step quadratic in the items
    out: dict[str, None] = {}
    for cid in dict.fromkeys(referenced):
        d = decision.get(cid)
        if d is not None and d.action == "merge" and cid not in live:
            continue  # a merged duplicate that disappeared: its entries already belong to the other item
        end = follow(moves, cid, known)
        if end in known or end in closed or cid in closed:
            continue
        out[end] = None
    return list(out), moves


def _logged_anchors(entries: Iterable[ReviewEntry]) -> dict[str, Anchor]:
    """The latest anchor the log gives each id (one pass, not one per vanished id)."""
    return {e.commitment_id: e.anchor for e in entries if e.anchor is not None}


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
    logged = _logged_anchors(entries) if ids else {}
    for cid in ids:
        anchor = old_anchors[cid] if cid in old_anchors else logged.get(cid)
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
