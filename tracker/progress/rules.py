"""The status rules that run in Python: the roll-up into parents, which entries and evidence a day knows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import pandas as pd

from tracker.vocabulary import AWAITING_SIGNOFF, DONE, IN_PROGRESS, LATE, NO_REPORT, NOT_STARTED

COLOURS = ("red", "yellow", "green", "grey")  # grey: nothing reported yet and no rule triggered
SEVERITY = {"red": 0, "yellow": 1, "grey": 2, "green": 3}  # worst first


def roll_up(parent_of: Mapping[str, str | None], own: Mapping[str, float | None]) -> dict[str, float | None]:
    """Each item's value: its own if reported, else the mean of its children that have a value."""
    children: dict[str, list[str]] = {}
    for cid, parent in parent_of.items():
        if parent is not None and parent in parent_of:
            children.setdefault(parent, []).append(cid)
    out: dict[str, float | None] = {}

    def value(cid: str, path: frozenset[str]) -> float | None:
        if cid in out:
            return out[cid]
        mine = own.get(cid)
        if mine is not None:
            out[cid] = float(mine)
            return out[cid]
        vals = [
            v for k in children.get(cid, ()) if k not in path and (v := value(k, path | {cid})) is not None
        ]
        out[cid] = sum(vals) / len(vals) if vals else None
        return out[cid]

    for cid in parent_of:
        value(cid, frozenset())
    return out


def rolled_status(child_statuses: Iterable[str], n_children: int) -> str:
    """A parent's status from its children's: done only when every child is done; any 滞后 makes it 滞后."""
    reported = [s for s in child_statuses if s != NO_REPORT]
    if not reported:
        return NO_REPORT
    if LATE in reported:
        return LATE
    if len(reported) == n_children and all(s == DONE for s in reported):
        return DONE
    if len(reported) == n_children and all(s in (DONE, AWAITING_SIGNOFF) for s in reported):
        return AWAITING_SIGNOFF  # every child reported done, some still wait for the office's sign-off
    if all(s == NOT_STARTED for s in reported):
        return NOT_STARTED
    return IN_PROGRESS


def known_entries(entries: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The progress entries that describe `as_of` or earlier (their own as_of ≤ it): an entry dated later is
    ignored, so a pack "as of" a past day does not count work reported for after it. An entry back-filled later
    about an earlier date counts from its own date (entered_at says when it was added)."""
    if entries.empty:
        return entries
    dated = pd.to_datetime(entries["as_of"], errors="coerce")
    return entries[(dated <= pd.Timestamp(as_of)).to_numpy()].reset_index(drop=True)


def known_evidence(evidence: pd.DataFrame | None, as_of: dt.date) -> pd.DataFrame | None:
    """Report evidence known on `as_of`: rows dated that day or earlier (undated hints from the text itself stay)."""
    if evidence is None or evidence.empty:
        return evidence
    dates = pd.to_datetime(evidence["date"], errors="coerce")
    return evidence[(dates.isna() | (dates <= pd.Timestamp(as_of))).to_numpy()].reset_index(drop=True)
