"""Word's automatic list numbers (一、 （一） 1. ①), rendered as they appear on the page.

python-docx gives a paragraph's typed text only; Chinese documents often number their requirements with
Word's numbering instead, and the extractor needs those numbers (一要, （一）, 1.) to find lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docx.oxml.ns import qn

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from lxml.etree import _Element

_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = _DIGITS, ten: str = "十") -> str:
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (
            ("" if tens == 1 and digits is _DIGITS else digits[tens]) + ten + (digits[ones] if ones else "")
        )
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter in a Word number format (decimal, chineseCounting, ideographTraditional …)."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "ideographDigital",
    ):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _LEGAL, "拾")
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """The document's list definitions and the running counters, advanced paragraph by paragraph."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → level → definition
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_document(cls, doc: Document) -> Numbering:
        """Read numbering.xml of a python-docx Document (none: no automatic numbers)."""
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls()
        abstract: dict[str, dict[int, _Level]] = {}
        for a in root.findall(qn("w:abstractNum")):
            abstract[a.get(qn("w:abstractNumId"))] = {
                int(lvl.get(qn("w:ilvl"), "0")): _level(lvl) for lvl in a.findall(qn("w:lvl"))
            }
        levels: dict[str, dict[int, _Level]] = {}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            defs = dict(abstract.get(ref.get(qn("w:val")) if ref is not None else "", {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    defs[ilvl] = _level(lvl)
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in defs:
                    base = defs[ilvl]
                    defs[ilvl] = _Level(int(start.get(qn("w:val"), "1")), base.fmt, base.text)
            levels[num.get(qn("w:numId"))] = defs
        return cls(levels)

    def label(self, paragraph: Paragraph) -> str:
        """The automatic number in front of this paragraph ('' when it has none); advances the counters."""
        num_id, ilvl = _num_pr(paragraph)
        key = num_id or ""
        defs = self.levels.get(key)
        if not defs or ilvl not in defs:
            return ""
        counters = self.counters.setdefault(key, {})
        counters[ilvl] = counters.get(ilvl, defs[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        lvl = defs[ilvl]
        if lvl.fmt in ("bullet", "none"):
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            d = defs.get(k)
            n = counters.get(k, d.start if d else 1)
            return format_number(n, d.fmt if d else "decimal")

        return re.sub(r"%([1-9])", sub, lvl.text)


def _level(lvl: _Element) -> _Level:
    def val(tag: str, default: str) -> str:
        el = lvl.find(qn(tag))
        return el.get(qn("w:val"), default) if el is not None else default

    start = val("w:start", "1")
    return _Level(int(start) if start.isdigit() else 1, val("w:numFmt", "decimal"), val("w:lvlText", ""))


def _num_pr(paragraph: Paragraph) -> tuple[str | None, int]:
    """(numId, level) of a paragraph's numbering, set on the paragraph or inherited from its style."""
    for p_pr in (paragraph._p.pPr, _style_ppr(paragraph)):
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        if num_pr is None:
            continue
        num = num_pr.find(qn("w:numId"))
        lvl = num_pr.find(qn("w:ilvl"))
        num_id = num.get(qn("w:val")) if num is not None else None
        if num_id in (None, "0"):
            return None, 0
        return num_id, int(lvl.get(qn("w:val"), "0")) if lvl is not None else 0
    return None, 0


def _style_ppr(paragraph: Paragraph) -> _Element | None:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return None
    return style.element.pPr if style is not None else None
