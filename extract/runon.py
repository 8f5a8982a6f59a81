"""Numbered items run on in one line: where a marker that the line's joins have hidden still starts a list."""

from __future__ import annotations

Mark = tuple[int, int, int, str, int]  # (paragraph, start, end, family, value) of an ordinal marker
GLUED_REACH = 400  # item 1 glued to a date stands at most this far before item 2


def glued_one(text: str, prev: Mark | None, mk: Mark) -> Mark | None:
    """Item 1 glued to the digits before it (2008-12-18|1、…2、…): when a 2、 follows a digit marker in the same
    paragraph whose number ends in 1 after other digits (181、), that last 1、 is the list's first marker."""
    if mk[4] != 2 or mk[3] != "数字" or prev is None or prev[3] != "数字" or prev[0] != mk[0]:
        return None
    digits = text[prev[1] : prev[2] - 1]
    if len(digits) < 2 or not digits.endswith("1") or mk[1] - prev[2] > GLUED_REACH:
        return None
    return (prev[0], prev[2] - 2, prev[2], prev[3], 1)
