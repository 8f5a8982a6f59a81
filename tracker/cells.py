"""What one cell of a frame (or one value of a row read from DuckDB) holds, typed: missing or not, a day or a
point in time, a whole number or a number, text, and rows as plain dicts.

pandas-stubs type `pd.isna`, `pd.Timestamp`, `int` and `float` for pandas' own scalar types and key a row by
`Hashable`, while a cell of an object column is any object: these helpers are the one place, for every layer
(the extractor's evidence, the build, progress, review and the pages), that crosses that line."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any, SupportsFloat, SupportsIndex, SupportsInt, cast

import numpy as np
import pandas as pd


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pd.NA (an empty cell), as pd.isna says; False for other values and where
    pd.isna gives no single answer (a list of several values)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, str | int | dt.date):  # the common cells, never missing (NaT is handled above)
        return False
    if isinstance(value, float | np.floating | np.datetime64 | np.timedelta64 | decimal.Decimal):
        return bool(pd.isna(cast(Any, value)))
    try:
        # at run time isna takes any object: a scalar gives a bool
        return bool(pd.isna(cast(Any, value)))
    except (TypeError, ValueError):  # the truth of several answers is ambiguous
        return False


def day_of(value: object) -> dt.date | None:
    """The day of a date, datetime or Timestamp; None when missing or anything else (text included)."""
    if isinstance(value, dt.datetime):  # a Timestamp too
        return None if value is pd.NaT else value.date()
    return value if isinstance(value, dt.date) else None


def as_date(value: object) -> dt.date | None:
    """A day from a date, a timestamp, an ISO text or a numpy datetime; None when there is none or it is no day."""
    if isinstance(value, dt.date | type(None)) or value is pd.NaT:
        return day_of(value)
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    if isinstance(value, np.floating):
        value = float(value)  # the same number, in the kind pd.Timestamp is typed for
    if not isinstance(value, int | float | np.integer | np.datetime64):
        return None  # pd.Timestamp reads no other kind of value (it raises TypeError)
    try:
        return None if pd.isna(value) else pd.Timestamp(value).date()
    except (TypeError, ValueError):
        return None


def timestamp(value: object) -> pd.Timestamp:
    """pd.Timestamp() of a cell known to hold a point in time (date, datetime, datetime64, text or a number)."""
    if isinstance(value, str | dt.date | np.datetime64 | np.integer | int | float):
        return pd.Timestamp(value)
    raise TypeError(f"not a point in time: {value!r}")


def as_int(value: object) -> int:
    """int() of a cell known to hold a whole number (an offset or count: a Python or numpy number, or its
    digits as text); TypeError otherwise."""
    if type(value) is int:  # the common case, without the protocol checks below
        return value
    if isinstance(value, str | bytes | SupportsInt | SupportsIndex):
        return int(value)
    raise TypeError(f"not a whole number: {value!r}")


def as_float(value: object) -> float:
    """float() of a cell known to hold a number (a Python or numpy number, or its text); TypeError otherwise."""
    if isinstance(value, str | bytes | SupportsFloat | SupportsIndex):
        return float(value)
    raise TypeError(f"not a number: {value!r}")


def as_opt_str(value: object) -> str | None:
    """An id or text that may be absent: None stays None, anything else is its text."""
    return None if value is None else str(value)


def record(row: pd.Series) -> dict[str, Any]:
    """One row as {column: value}; the frames here are named by text columns."""
    return {str(k): v for k, v in row.to_dict().items()}


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Every row as {column: value}, in order (as frame.to_dict("records"))."""
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]
