"""Per-row rules the status SQL is tested against (due date, expected progress, colour): test code only."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tracker.config import DueDefaults, StatusRules
from tracker.progress.rules import SEVERITY
from tracker.vocabulary import DONE, LATE, NO_REPORT


def default_due(kind: str, meeting_date: dt.date | None, defaults: DueDefaults) -> dt.date | None:
    """The default due date for a commitment kind, counted from its meeting's date."""
    if meeting_date is None or pd.isna(meeting_date):
        return None
    rule = getattr(defaults, kind, "year_end")
    y, m = meeting_date.year, meeting_date.month
    if isinstance(rule, int):
        return meeting_date + dt.timedelta(days=rule)
    if rule == "year_end":
        return dt.date(y, 12, 31)
    if rule == "half_year_end":
        return dt.date(y, 6, 30) if m <= 6 else dt.date(y, 12, 31)
    if rule == "quarter_end":
        q_end = ((m - 1) // 3 + 1) * 3
        return dt.date(y, q_end + 1, 1) - dt.timedelta(days=1) if q_end < 12 else dt.date(y, 12, 31)
    return None


def effective_due(
    text_due: dt.date | None,
    extended_due: dt.date | None,
    kind: str,
    meeting_date: dt.date | None,
    defaults: DueDefaults,
) -> tuple[dt.date | None, str | None]:
    """An item's due date and its source: an approved extension's date ('extended'), else the date the text
    states ('text'), else the default for its kind ('default'); what status_table's SQL computes per row."""
    if extended_due is not None:
        return extended_due, "extended"
    if text_due is not None:
        return text_due, "text"
    d = default_due(kind, meeting_date, defaults)
    return d, ("default" if d is not None else None)


def expected_percent(start: dt.date | None, due: dt.date | None, today: dt.date) -> float | None:
    """Linear expected progress between the meeting and the due date, 0-100."""
    if start is None or due is None or pd.isna(start) or pd.isna(due) or due <= start:
        return None
    frac = (today - start).days / (due - start).days
    return round(100 * min(max(frac, 0.0), 1.0), 1)


def colour_for(
    status: str,
    percent: float | None,
    expected: float | None,
    due: dt.date | None,
    days_silent: int | None,
    today: dt.date,
    rules: StatusRules,
) -> tuple[str, list[str]]:
    """The warning colour and every reason for it (overdue, late, behind, silent, due_soon, done, …)."""
    if status == DONE:
        return "green", ["done"]
    found: list[tuple[str, str]] = []
    if due is not None and not pd.isna(due) and today > due:
        found.append(("red", "overdue"))
    if status == LATE:
        found.append(("red", "late"))
    if expected is not None and percent is not None and not pd.isna(percent):
        gap = expected - percent
        if gap > rules.behind_red_points:
            found.append(("red", "behind"))
        elif gap > rules.behind_yellow_points:
            found.append(("yellow", "behind"))
    if days_silent is not None and days_silent >= rules.silent_days:
        found.append((rules.silent_colour, "silent"))
    if due is not None and not pd.isna(due) and today <= due and (due - today).days <= rules.due_soon_days:
        found.append(("yellow", "due_soon"))
    if not found:
        return ("grey", ["no_report"]) if status == NO_REPORT else ("green", ["on_track"])
    colour = min((c for c, _ in found), key=SEVERITY.__getitem__)
    return colour, [r for _, r in found]
