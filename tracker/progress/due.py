"""How a due date is told, the same on every page, list and pack: stated in the text, assumed by the config's
default rule (marked so), or none."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tracker.i18n import Lang, t

ASSUMED = "default"  # the due_source of a date the config's default rule set (status_v.due_source)
EXTENDED = "extended"  # a date an administrator's approval of a 延期申请 set (the original is in its history)


def _day(due: object) -> dt.date | None:
    """A date from whatever a frame holds (date, Timestamp, ISO text, NaT, None)."""
    if due is None or (not isinstance(due, str) and pd.isna(due)):
        return None
    if isinstance(due, str):
        return dt.date.fromisoformat(due[:10]) if due.strip() else None
    return pd.Timestamp(due).date()


def due_label(due: object, due_source: object, lang: Lang) -> str:
    """2024-12-31 (stated), 2024-12-31（默认）(assumed by the default rule), 2024-12-31（已批准延期）(moved by an
    approved extension), or 无完成时限 (none)."""
    day = _day(due)
    if day is None:
        return t("due_none", lang)
    suffix = {ASSUMED: "due_assumed_suffix", EXTENDED: "loop.assign_extended"}.get(str(due_source))
    return day.isoformat() + (t(suffix, lang) if suffix else "")
