"""Values read out of frame cells (tracker.app.cells): what counts as missing, and a day from any form it
comes in, as pd.isna and pd.Timestamp read them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tracker.app.cells import day, missing, record, records


def test_none_nan_nat_and_na_are_missing_and_values_are_not() -> None:
    assert all(missing(v) for v in (None, float("nan"), np.nan, pd.NaT, pd.NA, np.datetime64("NaT")))
    assert not any(missing(v) for v in (0, 0.0, "", "x", dt.date(2024, 1, 1), False))


def test_a_day_comes_from_dates_timestamps_texts_and_numpy_datetimes() -> None:
    want = dt.date(2024, 2, 20)
    for v in (want, dt.datetime(2024, 2, 20, 9, 30), pd.Timestamp("2024-02-20 23:00"), "2024-02-20"):
        assert day(v) == want
    assert day(np.datetime64("2024-02-20")) == want
    assert day(None) is None and day(pd.NaT) is None and day(float("nan")) is None


def test_a_value_that_is_no_day_is_refused() -> None:
    with pytest.raises(TypeError):
        day(["2024-02-20"])


def test_rows_keep_their_columns_and_values() -> None:
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    assert record(frame.iloc[1]) == {"a": 2, "b": "y"}
    assert records(frame) == frame.to_dict("records")
