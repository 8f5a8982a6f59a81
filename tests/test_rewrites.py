"""Both labelled sets keep their score however a report is written: every rewrite of tests/corpus/mutate.py
(full-width punctuation, traditional characters, PDF-style wrapped lines, one line, other unit names, other years)
scores within five points of the plain text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extract.evaluate import CORPUS, evaluate
from tests.conftest import SHIPPED_CONFIG
from tracker.config import load_config

SETS = {"set1": CORPUS, "set2": CORPUS / "set2"}
REWRITES = ("width", "trad", "wrap", "oneline", "places", "years")
MARGIN = 0.05  # a rewrite may lose at most five points of the plain text's pass ratio
# Known gaps, kept visible as strict xfails (none at present).
KNOWN_GAPS: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def config():
    return load_config(SHIPPED_CONFIG, must_exist=True)


@pytest.fixture(scope="module")
def plain(config):
    return {name: evaluate(folder, config).ratio for name, folder in SETS.items()}


def _rewritten(kind: str, folder: Path, out: Path) -> Path:
    subprocess.run(
        [sys.executable, str(CORPUS / "mutate.py"), kind, str(folder), str(folder / "gold.json"), str(out)],
        check=True,
        capture_output=True,
    )
    return out


CASES = [
    pytest.param(
        s,
        k,
        marks=[pytest.mark.xfail(strict=True, reason="a known gap (KNOWN_GAPS)")]
        if (s, k) in KNOWN_GAPS
        else [],
    )
    for s in sorted(SETS)
    for k in REWRITES
]


@pytest.mark.parametrize(("set_name", "kind"), CASES)
def test_a_rewrite_scores_within_five_points_of_the_plain_text(tmp_path, config, plain, set_name, kind):
    result = evaluate(_rewritten(kind, SETS[set_name], tmp_path / "src"), config)
    failing = "\n".join(c.label for c in result.checks if not c.ok)
    assert result.ratio >= plain[set_name] - MARGIN, f"{set_name} {kind}: {result.ratio:.1%}\n{failing}"
