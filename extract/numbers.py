"""Parse numbers as reports write them: 6117, 1,449, 21.2, 两, 三十五, 一百二十, 4万, 1.5亿."""

from __future__ import annotations

import re

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+"


def cn_to_int(text: str) -> int:
    """Value of a Chinese numeral below 10,000 (十五 → 15, 三百零二 → 302, 二〇二四 → 2024)."""
    if not text:
        raise ValueError("empty numeral")
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a numeral: {text}")
    return total + current


def parse_number(text: str, multiplier: str = "") -> float:
    """Value of a number written in digits or Chinese, times 万/亿 when given."""
    text = text.replace(",", "")
    value = float(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else float(cn_to_int(text))
    for ch in multiplier:
        value *= _BIG[ch]
    return value


def ordinal_value(text: str) -> int | None:
    """Value of an ordinal marker's numeral (一 → 1, 十二 → 12, 3 → 3), or None."""
    try:
        return int(parse_number(text))
    except (ValueError, KeyError):
        return None
