"""Typed reads of row values read what int(), pd.isna and the old date parsing read, from Python, numpy and
pandas values alike."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from extract.cells import as_date, as_int, as_opt_str, is_missing


def test_as_int_reads_python_numpy_and_text_numbers() -> None:
    assert [as_int(v) for v in (3, np.int64(4), 5.0, "6", True)] == [3, 4, 5, 6, 1]
    assert type(as_int(np.int64(4))) is int
    with pytest.raises(TypeError):
        as_int(None)


def test_missing_values_are_those_pandas_counts() -> None:
    for v in (None, float("nan"), np.float32("nan"), pd.NaT, pd.NA, np.datetime64("NaT")):
        assert is_missing(v)
    for v in ("", "u1", 0, 1.5, dt.date(2024, 1, 1)):
        assert not is_missing(v)


def test_dates_from_every_kind_a_row_holds() -> None:
    day = dt.date(2024, 6, 15)
    for v in (
        day,
        dt.datetime(2024, 6, 15, 9),
        pd.Timestamp("2024-06-15"),
        "2024-06-15 09:00",
        np.datetime64(day),
    ):
        assert as_date(v) == day
    for v in (None, pd.NaT, float("nan"), "not a date", dt.timedelta(1), [1]):
        assert as_date(v) is None
    assert as_opt_str(None) is None and as_opt_str("m1") == "m1"
