"""The sidebar's filters (Filters), the unit kinds, and how many rows a page of a table shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

UNIT_KINDS: tuple[str, ...] = ("department", "town")


@dataclass(frozen=True)
class Filters:
    """The sidebar's filters; empty means 'all'. Hashable, so results can be cached per filter set.

    `as_of` is the day the numbers are as known on: meetings held after it (and what they raised or reported)
    are left out, as the status view of that day leaves out later progress entries and evidence. The dashboard
    sets it to today, a briefing pack to its --as-of date, so both count the same rows.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    meeting_ids: tuple[str, ...] = ()
    unit_kind: str | None = None
    unit_ids: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    as_of: dt.date | None = None
    # review.required: count confirmed, edited and added items only, not those awaiting review
    reviewed_only: bool = False

    def without_unit_kind(self) -> Filters:
        """The same filters with the unit-kind filter cleared (for pages that fix the kind)."""
        return replace(self, unit_kind=None)

    @property
    def is_empty(self) -> bool:
        """Whether no filter is set (the as-of day and the review setting are not filters a person chose)."""
        return replace(self, as_of=None, reviewed_only=False) == Filters()


# Pages ask for what they show: counts and sums made in DuckDB, one page of a long table, the top of a long
# chart. No query reads every row into Python.
PAGE_SIZE = 200  # rows of a table shown at a time
