"""Numbered items run on in one line: where a marker that the line's joins have hidden still starts a list."""

from __future__ import annotations

import re
from collections.abc import Callable

Mark = tuple[int, int, int, str, int]  # (paragraph, start, end, family, value) of an ordinal marker
GLUED_REACH = 400  # item 1 glued to a date stands at most this far before item 2
LEAD_REACH = 24  # an item's lead sentence (抓好任务分解。) ends within this many characters of its marker
_BRACKETED = ("括号", "括号数字")
# an owner bracket's fields run on after an item (（责任领导：…；牵头单位：…）): no clauses of the item
FIELDS = re.compile(r"[（(][^）)]*?(?:领导|单位|部门|时限)[：:]")


def glued_one(text: str, prev: Mark | None, mk: Mark) -> Mark | None:
    """Item 1 glued to the digits before it (2008-12-18|1、…2、…): when a 2、 follows a digit marker in the same
    paragraph whose number ends in 1 after other digits (181、), that last 1、 is the list's first marker."""
    if mk[4] != 2 or mk[3] != "数字" or prev is None or prev[3] != "数字" or prev[0] != mk[0]:
        return None
    digits = text[prev[1] : prev[2] - 1]
    if len(digits) < 2 or not digits.endswith("1") or mk[1] - prev[2] > GLUED_REACH:
        return None
    return (prev[0], prev[2] - 2, prev[2], prev[3], 1)


def bracketed_after_heading(
    run: list[Mark], text_of: Callable[[int], str], clause_start: Callable[[str, int], bool]
) -> bool:
    """（一）抓好A。…（二）明确B。…: bracketed markers whose first only is glued to the heading before it (工作任务（一）)
    and whose items each open with a short lead sentence are a list even of two."""
    return run[0][3] in _BRACKETED and all(
        (m is run[0] or clause_start(text_of(m[0]), m[1]))
        and re.search("[。；：]", text_of(m[0])[m[2] : m[2] + LEAD_REACH])
        for m in run
    )


# lead clauses that only say by what or on what occasion the work is done (按照方案要求，对照责任分工，…;
# 以X为契机，…): a title starts after them when a clause of work follows
_BASIS = re.compile(
    r"^(?:(?:按照|对照|依照|依据|根据)[^，。；：！？]{1,16}，|以[^，。；：！？]{2,24}为(?:契机|抓手|载体|引领)，)+"
)
MIN_AFTER_BASIS = 4


def basis_dropped(text: str) -> str:
    """The text without its lead clauses of basis (按照X要求，对照Y，抓实Z → 抓实Z), when enough is left."""
    m = _BASIS.match(text)
    if m is None or len(re.split(r"[，。；：！？]", text[m.end() :])[0]) < MIN_AFTER_BASIS:
        return text
    return text[m.end() :]
