"""Applying the review log to the extractor's rows (pure functions; the build calls them).

Two steps. `plan` (in `reattach`) looks at the ids that have review or progress entries and that the extraction no longer
produces (the source's wording or the extractor changed): each is re-attached to the clear best match among the
new items of its source, or listed as orphaned; both outcomes become entries of the log, so a later build,
even from scratch, does the same. `apply` then replays the log in order, day by day (`replay.Replay`, one entry at a time), and returns every table
the build writes: the reviewed `commitments` (with `review_state`) and `commitment_units`, their history
(`valid_from`/`valid_to`, for views "as known on" an earlier day), every item with its state, the applied
actions, the id aliases that move progress (merges, re-attachments) and the orphans.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.review import match
from tracker.review.log import Anchor, ReviewEntry
from tracker.review.reattach import (
    Extracted,
    Row,
    closed_ids,
    follow,
)
from tracker.review.replay import Replay


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


def _owner_rows(cid: str, owners: Sequence[tuple[str, str]], **extra: object) -> list[Row]:
    return [{"commitment_id": cid, "unit_id": u, "role": r, **extra} for u, r in owners]


def apply(
    ex: Extracted, entries: Sequence[ReviewEntry], progress_counts: Mapping[str, int] | None = None
) -> Applied:
    """Replay the log over the extracted rows; every table of the review (see Applied)."""
    rp = Replay(ex, entries)
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
        days = [d for c in _path(rp, old) if (d := merge_day.get(c)) is not None]
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


def _path(rp: Replay, cid: str) -> list[str]:
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


def _orphans(rp: Replay, entries: Sequence[ReviewEntry], progress_counts: Mapping[str, int]) -> list[Row]:
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
