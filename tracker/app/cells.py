"""Values read out of a frame's cells, typed once here: pandas' stubs type a cell as a union of its scalar types,
which their own pd.isna and pd.Timestamp do not accept, and a row's labels as Hashable."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import numpy as np
import pandas as pd


def missing(v: object) -> bool:
    """Whether a cell holds no value: None, NaN, NaT or NA (pd.isna of a single value of any type)."""
    # pd.isna takes any object at run time; its stubs list only the scalar types they know
    return bool(pd.isna(cast(Any, v)))


def day(v: object) -> dt.date | None:
    """The day in a cell (a date, a timestamp, an ISO text or a numpy datetime), None when it has none."""
    if missing(v):
        return None
    if not isinstance(v, str | int | float | dt.date | np.integer | np.datetime64):
        raise TypeError(f"not a day: {v!r}")  # what pd.Timestamp raises for it, said before the call
    return pd.Timestamp(v).date()


def record(row: pd.Series) -> dict[str, Any]:
    """One row as {column: value}; the frames shown here are named by text columns."""
    return {str(k): v for k, v in row.to_dict().items()}


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Every row as {column: value}, in order (as frame.to_dict("records"))."""
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]
