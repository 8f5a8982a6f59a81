"""Words and their parts of speech, cheaply: jieba's dictionary segmentation (no HMM) and the dictionary's tags.

jieba's own tagger (`jieba.posseg`) runs an HMM over every run of characters and costs about 40 µs a character;
the rules here only ask whether a dictionary word is a verb, a pronoun, a particle …, so the dictionary's tag of
each word is enough, at a tenth of the cost. Characters outside the dictionary come out one by one, tagged 'x'.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import jieba.posseg

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    jieba.initialize()
    return jieba.posseg.dt.word_tag_tab


def tag(text: str) -> list[tuple[str, str]]:
    """(word, flag) for each word of `text`, in order; flags are jieba's (v, n, ns, r, p …), 'x' when unknown."""
    tags = _tags()
    return [(w, tags.get(w, "x")) for w in jieba.cut(text, HMM=False)]


@lru_cache(maxsize=65536)
def tag_short(text: str) -> tuple[tuple[str, str], ...]:
    """`tag` for short strings that recur (list items, the words before a figure), cached."""
    return tuple(tag(text))


def frequency(word: str) -> int:
    """How often jieba's dictionary has seen the word (0 for an unknown one)."""
    return jieba.get_FREQ(word) or 0
