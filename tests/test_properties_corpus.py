"""Property test: real report texts cut and spliced at random (hypothesis) go through the extractor without an
exception, and every quote it stores is exactly the slice of the text its span names."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.pipeline import extract_text
from extract.units import Gazetteer

CORPUS = Path(__file__).parent / "corpus"
TEXTS = [
    p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("set2/*.txt"))
]
# what may stand between two pieces: nothing, line breaks, sentence ends, list markers, table pipes, odd space
JOINS = (
    "",
    "\n",
    "\n\n",
    "。",
    "；",
    "一、",
    "（二）",
    "3.",
    "一要",
    "其次，",
    " | ",
    "\u3000",
    "\r\n",
    "责任单位：",
    "达",
    "约",
    "12",
)


@st.composite
def spliced(draw: st.DrawFn) -> str:
    """One to four random stretches of real reports joined by random separators, some lines folded into one."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        text = draw(st.sampled_from(TEXTS))
        a = draw(st.integers(0, len(text) - 1))
        parts.append(text[a : a + draw(st.integers(0, 900))])
        parts.append(draw(st.sampled_from(JOINS)))
    out = "".join(parts)
    if draw(st.booleans()):
        out = out.replace("\n", "")  # a web page pasted without its line breaks
    return out


@pytest.mark.slow
@settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spliced(), st.sampled_from((None, 2019, 2024)))
def test_spliced_real_reports_extract_without_error_and_with_exact_quotes(
    text: str, year: int | None
) -> None:
    ex = extract_text(text, "spliced", Gazetteer(()), year=year)
    for table in (ex.meetings, ex.commitments, ex.figures, ex.mentions):
        for r in table:
            a, b = r["char_start"], r["char_end"]
            assert 0 <= a < b <= len(text)
            assert text[a:b] == r.get("quote", r.get("surface"))
