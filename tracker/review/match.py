"""Finding words in a source and an item among the items of a changed source (rapidfuzz).

`locate` finds pasted words in a source text (exactly, then ignoring white space, then approximately) and
returns the span of the source's own characters, so a quote always equals text[start:end]. `best_match`
scores the items of a rebuilt source against an item that disappeared (similar quote, overlapping span) and
says whether one is the clear winner.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

MIN_LOCATE = 90.0  # approximate location: how alike (0-100) the pasted words and the found text must be
MIN_MATCH = 80.0  # re-attachment: the least score of a match
CLEAR_MARGIN = 10.0  # re-attachment: how far ahead of the runner-up the best match must be
OVERLAP_BONUS = 10.0  # re-attachment: added to the quote's similarity when the spans overlap

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Text compared loosely: NFKC (full-width → half-width), no white space."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Located:
    """Where words were found: [start, end) in the source, the source's text there, and how (exact, spacing,
    approximate with a score)."""

    start: int
    end: int
    quote: str
    how: str
    score: float = 100.0


def _folded_with_index(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the source character it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isspace():
                out.append(c)
                where.append(i)
    return "".join(out), where


def locate(text: str, words: str, near: int | None = None) -> Located | None:
    """Find `words` in `text`: the occurrence nearest to `near` (else the first); None when nothing is alike
    enough. Leading and trailing white space of the words is ignored."""
    words = words.strip()
    if not words:
        return None
    starts = [m.start() for m in re.finditer(re.escape(words), text)]
    if starts:
        s = min(starts, key=lambda k: abs(k - near)) if near is not None else starts[0]
        return Located(s, s + len(words), text[s : s + len(words)], "exact")
    folded, where = _folded_with_index(text)
    target = fold(words)
    if not target:
        return None
    hits = [m.start() for m in re.finditer(re.escape(target), folded)]
    if hits:
        k = min(hits, key=lambda h: abs(where[h] - near)) if near is not None else hits[0]
        a, b = where[k], where[k + len(target) - 1] + 1
        return Located(a, b, text[a:b], "spacing")
    if len(target) < 4 or len(folded) < len(target) // 2:
        return None
    al = fuzz.partial_ratio_alignment(target, folded)
    if al is None or al.score < MIN_LOCATE or al.dest_end <= al.dest_start:
        return None
    a, b = where[al.dest_start], where[al.dest_end - 1] + 1
    return Located(a, b, text[a:b], "approximate", round(al.score, 1))


@dataclass(frozen=True)
class Candidate:
    """An item of the rebuilt source and how well it matches the vanished one (0-100+)."""

    commitment_id: str
    score: float
    title: str = ""


def score(old_quote: str, old_span: tuple[int, int], new_quote: str, new_span: tuple[int, int]) -> float:
    """How alike two items are: the similarity of their quotes (0-100), plus a bonus when the spans overlap."""
    sim = fuzz.ratio(fold(old_quote), fold(new_quote)) if old_quote and new_quote else 0.0
    overlap = min(old_span[1], new_span[1]) - max(old_span[0], new_span[0])
    return round(sim + (OVERLAP_BONUS if overlap > 0 and sim > 0 else 0.0), 1)


def candidates(
    old_quote: str, old_span: tuple[int, int], items: Sequence[tuple[str, str, int, int, str]], n: int = 3
) -> list[Candidate]:
    """The best `n` of `items` (id, quote, start, end, title) for a vanished item, best first."""
    scored = [
        Candidate(cid, score(old_quote, old_span, quote, (a, b)), title) for cid, quote, a, b, title in items
    ]
    scored.sort(key=lambda c: (-c.score, c.commitment_id))
    return scored[:n]


def clear_winner(found: Sequence[Candidate]) -> Candidate | None:
    """The best candidate when it is good enough and well ahead of the runner-up, else None."""
    if not found or found[0].score < MIN_MATCH:
        return None
    if len(found) > 1 and found[0].score - found[1].score < CLEAR_MARGIN:
        return None
    return found[0]
