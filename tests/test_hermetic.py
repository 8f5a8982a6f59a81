"""The suite's own guard: a test that opens the working copy's config.yaml or data/ is refused and reported."""

from __future__ import annotations

import pytest

from tests.conftest import HERMETIC, ROOT


def test_opening_the_working_copys_config_or_data_is_refused_and_recorded() -> None:
    with pytest.raises(PermissionError, match="working copy"):
        (ROOT / "config.yaml").read_text(encoding="utf-8")
    with pytest.raises(PermissionError):
        (ROOT / "data" / "anything.jsonl").open("a")
    assert HERMETIC.touched == [str(ROOT / "config.yaml"), str(ROOT / "data" / "anything.jsonl")]
    HERMETIC.touched.clear()  # this test made the violations on purpose
