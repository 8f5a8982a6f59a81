"""The one text form every reader produces: paragraphs one per line; table rows one per line, cells TAB-separated."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

TAB = "\t"
_SPACE = re.compile(r"[\s\u3000\xa0]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

Table = Sequence[Sequence[str]]
Block = str | Table


def clean(text: str) -> str:
    """One line of text: invisible characters dropped, every run of white space (TAB, line break) one space."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def render(blocks: Iterable[Block]) -> str:
    """The derived text of a document given as paragraphs (str) and tables (rows of cell texts).

    A paragraph's own line breaks stay line breaks; empty paragraphs and rows are left out; a table gets a
    blank line before and after it; cells keep their column (an empty cell is an empty string between TABs).
    """
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.extend(line for line in (clean(p) for p in block.splitlines()) if line)
            continue
        rows = [[clean(c) for c in row] for row in block]
        rows = [r for r in rows if any(r)]
        if not rows:
            continue
        if out and out[-1] != "":
            out.append("")
        out.extend(TAB.join(_trim(r)) for r in rows)
        out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def _trim(row: list[str]) -> list[str]:
    """A row without its trailing empty cells (a short row is a short line)."""
    while row and not row[-1]:
        row = row[:-1]
    return row
