"""What one cell of a frame holds, typed: missing or not, a day or a point in time, a number.

pandas-stubs type `pd.isna`, `int` and `float` for pandas' own scalar types, while a cell of an object column
(or a value read from a record) is any object: these helpers are the one place that crosses that line."""

from __future__ import annotations

import datetime as dt
from typing import Any, SupportsFloat, SupportsIndex, SupportsInt, cast

import numpy as np
import pandas as pd


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pd.NA (an empty cell), as pd.isna says; False for other values and where
    pd.isna gives no single answer (a list of several values)."""
    try:
        # at run time isna takes any object: a scalar gives a bool
        return bool(pd.isna(cast(Any, value)))
    except (TypeError, ValueError):  # the truth of several answers is ambiguous
        return False


def day_of(value: object) -> dt.date | None:
    """The day of a date, datetime or Timestamp; None when missing or anything else (text included)."""
    if value is None or value is pd.NaT or (not isinstance(value, dt.date) and is_missing(value)):
        return None
    if isinstance(value, dt.datetime):  # a Timestamp too
        return value.date()
    return value if isinstance(value, dt.date) else None


def timestamp(value: object) -> pd.Timestamp:
    """pd.Timestamp() of a cell known to hold a point in time (date, datetime, datetime64, text or a number)."""
    if isinstance(value, (str, dt.date, np.datetime64, np.integer, int, float)):
        return pd.Timestamp(value)
    raise TypeError(f"not a point in time: {value!r}")


def whole(value: object) -> int:
    """int() of a cell known to hold a number (a Python or numpy number, or its text); TypeError otherwise."""
    if isinstance(value, (str, bytes, SupportsInt, SupportsIndex)):
        return int(value)
    raise TypeError(f"not a whole number: {value!r}")


def number(value: object) -> float:
    """float() of a cell known to hold a number (a Python or numpy number, or its text); TypeError otherwise."""
    if isinstance(value, (str, bytes, SupportsFloat, SupportsIndex)):
        return float(value)
    raise TypeError(f"not a number: {value!r}")
