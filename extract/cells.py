"""Typed reads of row values: rows are dicts of mixed values (Python or numpy scalars once they have passed
through a DataFrame), and each read here says what a value must be where it is used."""

from __future__ import annotations

import datetime as dt
from typing import SupportsIndex, SupportsInt

import numpy as np
import pandas as pd


def as_int(v: object) -> int:
    """`v` as int() reads it (an offset or count: a Python or numpy number, or its digits as text)."""
    if type(v) is int:  # the common case, without the protocol checks below
        return v
    if isinstance(v, (str, bytes, SupportsInt, SupportsIndex)):
        return int(v)
    raise TypeError(f"int() argument must be a string or a number, not {type(v).__name__!r}")


def as_opt_str(v: object) -> str | None:
    """An id or text that may be absent: None stays None, anything else is its text."""
    return None if v is None else str(v)


def is_missing(v: object) -> bool:
    """Whether `v` is a value pandas counts as missing (None, NaN, NaT, NA)."""
    if v is None or v is pd.NaT or v is pd.NA:
        return True
    return isinstance(v, (float, np.floating, np.datetime64, np.timedelta64)) and bool(pd.isna(v))


def as_date(v: object) -> dt.date | None:
    """A day from a date, a timestamp, an ISO string or a numpy datetime; None when there is none."""
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v[:10])
        except ValueError:
            return None
    if isinstance(v, np.floating):
        v = float(v)  # the same number, in the kind pd.Timestamp is typed for
    if not isinstance(v, (int, float, np.integer, np.datetime64)):
        return None  # pd.Timestamp reads no other kind of value (it raises TypeError)
    try:
        return None if pd.isna(v) else pd.Timestamp(v).date()
    except (TypeError, ValueError):
        return None
