"""Run the extractor on a string and look rows up by readable keys (test helper)."""

from __future__ import annotations

from extract.pipeline import Extraction, extract_text, unit_id
from extract.units import Gazetteer


def run(text: str, year: int | None = None, gazetteer: Gazetteer | None = None) -> Extraction:
    """Extract a text with an empty gazetteer unless one is given, checking every span on the way."""
    ex = extract_text(text, "t", gazetteer or Gazetteer(()), year=year)
    for table in (ex.meetings, ex.commitments, ex.figures, ex.mentions):
        for r in table:
            assert text[r["char_start"] : r["char_end"]] == r.get("quote", r.get("surface"))
    return ex


def unit_name(ex: Extraction, commitment: dict) -> str | None:
    names = {unit_id(n): n for n in ex.units}
    return names.get(commitment["unit_id"])


def by_kind(ex: Extraction, kind: str) -> list[dict]:
    return [c for c in ex.commitments if c["kind"] == kind]
