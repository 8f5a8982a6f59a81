"""What a frame cell holds (tracker.cells): every empty value pandas knows is missing (a list of several is not),
days from dates, timestamps, ISO texts and numpy datetimes, numbers from numbers and their text, a TypeError for
anything else where a value must be there."""

from __future__ import annotations

import datetime as dt
import decimal

import numpy as np
import pandas as pd
import pytest

from tracker.cells import (
    as_date,
    as_float,
    as_int,
    as_opt_str,
    day_of,
    is_missing,
    record,
    records,
    timestamp,
)


@pytest.mark.parametrize(
    "value",
    [None, float("nan"), np.float32("nan"), pd.NaT, pd.NA, np.datetime64("NaT"), decimal.Decimal("NaN")],
)
def test_empty_values_are_missing(value: object) -> None:
    assert is_missing(value)


@pytest.mark.parametrize(
    "value",
    ["", "x", 0, 0.0, 1.5, False, dt.date(2024, 1, 1), pd.Timestamp("2024-01-01"), [None, None], {"a": 1}],
)
def test_values_and_list_likes_are_not_missing(value: object) -> None:
    assert not is_missing(value)


def test_day_of_takes_dates_datetimes_and_timestamps_only() -> None:
    day = dt.date(2024, 3, 1)
    assert day_of(day) == day
    assert day_of(dt.datetime(2024, 3, 1, 23, 59)) == day
    assert day_of(pd.Timestamp("2024-03-01 08:00")) == day
    for empty in (None, pd.NaT, float("nan"), pd.NA, "2024-03-01", 20240301):
        assert day_of(empty) is None


def test_as_date_reads_every_kind_a_row_holds() -> None:
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


def test_timestamp() -> None:
    assert timestamp("2024-03-01").date() == dt.date(2024, 3, 1)
    assert timestamp(dt.date(2024, 3, 1)) == pd.Timestamp(2024, 3, 1)
    assert timestamp(np.datetime64("2024-03-01")) == pd.Timestamp(2024, 3, 1)
    with pytest.raises(TypeError):
        timestamp(object())


def test_numbers_from_python_numpy_and_text() -> None:
    assert [as_int(v) for v in (3, np.int64(4), 5.0, 3.7, "6", True)] == [3, 4, 5, 3, 6, 1]
    assert type(as_int(np.int64(4))) is int
    assert (
        as_float(np.float64(2.5)) == 2.5
        and as_float("2.5") == 2.5
        and as_float(decimal.Decimal("1.5")) == 1.5
    )
    for bad in (object(), None, [1]):
        with pytest.raises(TypeError):
            as_int(bad)
        with pytest.raises(TypeError):
            as_float(bad)


def test_text_that_may_be_absent() -> None:
    assert as_opt_str(None) is None and as_opt_str("m1") == "m1" and as_opt_str(3) == "3"


def test_rows_keep_their_columns_and_values() -> None:
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    assert record(frame.iloc[1]) == {"a": 2, "b": "y"}
    assert records(frame) == frame.to_dict("records")
