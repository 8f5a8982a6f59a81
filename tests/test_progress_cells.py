"""What a frame cell holds (tracker.progress.cells): every empty value pandas knows is missing (a list of
several is not), days come from dates, datetimes and Timestamps only, numbers from numbers and their text, a
TypeError for anything else."""

from __future__ import annotations

import datetime as dt
import decimal

import numpy as np
import pandas as pd
import pytest

from tracker.progress.cells import day_of, is_missing, number, timestamp, whole


@pytest.mark.parametrize(
    "value",
    [None, float("nan"), np.float32("nan"), pd.NaT, pd.NA, np.datetime64("NaT"), decimal.Decimal("NaN")],
)
def test_empty_values_are_missing(value: object) -> None:
    assert is_missing(value)


@pytest.mark.parametrize(
    "value", ["", "x", 0, 0.0, False, dt.date(2024, 1, 1), [None, None], [1, 2], {"a": 1}]
)
def test_values_and_list_likes_are_not_missing(value: object) -> None:
    assert not is_missing(value)


def test_day_of() -> None:
    day = dt.date(2024, 3, 1)
    assert day_of(day) == day
    assert day_of(dt.datetime(2024, 3, 1, 23, 59)) == day
    assert day_of(pd.Timestamp("2024-03-01 08:00")) == day
    for empty in (None, pd.NaT, float("nan"), pd.NA, "2024-03-01", 20240301):
        assert day_of(empty) is None


def test_timestamp() -> None:
    assert timestamp("2024-03-01").date() == dt.date(2024, 3, 1)
    assert timestamp(dt.date(2024, 3, 1)) == pd.Timestamp(2024, 3, 1)
    assert timestamp(np.datetime64("2024-03-01")) == pd.Timestamp(2024, 3, 1)
    with pytest.raises(TypeError):
        timestamp(object())


def test_numbers() -> None:
    assert whole(np.int64(3)) == 3 and whole(3.7) == 3 and whole("12") == 12
    assert number(np.float64(2.5)) == 2.5 and number("2.5") == 2.5 and number(decimal.Decimal("1.5")) == 1.5
    for bad in (object(), None, [1]):
        with pytest.raises(TypeError):
            whole(bad)
        with pytest.raises(TypeError):
            number(bad)
