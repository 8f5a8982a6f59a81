"""Words and their parts of speech, cheaply: jieba's dictionary segmentation (no HMM) and the dictionary's tags.

jieba's own tagger (`jieba.posseg`) runs an HMM over every run of characters and costs about 40 µs a character;
the rules here only ask whether a dictionary word is a verb, a pronoun, a particle …, so the dictionary's tag of
each word is enough, at a tenth of the cost. Characters outside the dictionary come out one by one, tagged 'x'.

Loading jieba's whole dictionary (half a million prefixes) takes a second or more, while one report's steps look
up words starting with a few dozen characters. So a `Lexicon` can also be read from a compact form grouped by
first character (`to_bytes`, kept in the build cache by tracker.build.lexicon) and filled one group at a time,
before each text is cut, with the groups of the characters the text holds: jieba only ever looks up fragments
that start at a character of the text, so the words found and their tags are the same as with the whole dictionary.
"""

from __future__ import annotations

import array
import json
import logging
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jieba

jieba.setLogLevel(logging.WARNING)

_MAGIC = b"jieba-lexicon 1\n"
_NO_TAG = 255  # a prefix that is not itself a word of the dictionary has no tag


class Lexicon:
    """jieba's dictionary (word and prefix → frequency, and the total) with the dictionary's tags, whole or filled
    by first character as texts need it."""

    def __init__(self, freq: dict[str, int], total: int, tags: dict[str, str], packed: bytes = b"") -> None:
        self.freq = freq
        self.tags = tags
        self.tokenizer: Any = jieba.Tokenizer()
        self.tokenizer.FREQ, self.tokenizer.total, self.tokenizer.initialized = freq, total, True
        self._groups: dict[str, list[int]] = {}
        self._names: list[str] = []
        self._packed = memoryview(packed)
        if packed:
            end = packed.index(b"\n", len(_MAGIC))
            head = json.loads(packed[len(_MAGIC) : end])
            self._groups, self._names, self._start = head["groups"], head["tags"], end + 1
            self._words_end, self._count = head["words_bytes"], head["count"]
            if len(packed) != self._start + self._words_end + 5 * self._count:
                raise ValueError("a packed jieba lexicon cut short or grown")  # made again by its keeper

    @classmethod
    def from_jieba(cls) -> Lexicon:
        """The dictionary as jieba builds it from the file it ships, and its tags as jieba.posseg reads them."""
        import jieba.posseg  # only here: importing it reads the whole dictionary file for the tags

        with jieba.dt.get_dict_file() as f:
            freq, total = jieba.Tokenizer.gen_pfdict(f)
        return cls(freq, total, dict(jieba.posseg.dt.word_tag_tab))

    @classmethod
    def from_bytes(cls, packed: bytes) -> Lexicon:
        """A lexicon over its compact form (`to_bytes`), empty until texts ask for their characters' groups."""
        if not packed.startswith(_MAGIC):
            raise ValueError("not a packed jieba lexicon")
        return cls(
            {}, json.loads(packed[len(_MAGIC) : packed.index(b"\n", len(_MAGIC))])["total"], {}, packed
        )

    def to_bytes(self) -> bytes:
        """The compact form: a header, then the words grouped by first character, their frequencies, their tags."""
        self.fill("".join(self._groups))
        words = sorted(self.freq, key=lambda w: w[0])  # a stable sort: one group's words stay together
        names = sorted(set(self.tags.values()))
        if len(names) >= _NO_TAG:
            raise ValueError("too many tags for one byte each")
        groups: dict[str, list[int]] = {}
        pos = count = 0
        for i, w in enumerate(words):
            size = len(w.encode("utf-8")) + 1
            g = groups.setdefault(w[0], [pos, pos, i, i])
            g[1], g[3] = g[1] + size, i + 1
            pos += size
            count = i + 1
        index = {name: i for i, name in enumerate(names)}
        freqs = array.array("I", (self.freq[w] for w in words))
        if sys.byteorder != "little":
            freqs.byteswap()
        head = {
            "total": self.tokenizer.total,
            "tags": names,
            "groups": groups,
            "words_bytes": pos,
            "count": count,
        }
        body = "".join(w + "\n" for w in words).encode("utf-8")
        tagged = bytes(index[self.tags[w]] if w in self.tags else _NO_TAG for w in words)
        return (
            _MAGIC + json.dumps(head, ensure_ascii=False).encode() + b"\n" + body + freqs.tobytes() + tagged
        )

    def fill(self, text: str) -> None:
        """Load the groups of the characters of `text` not loaded yet (nothing when the lexicon is whole)."""
        groups = self._groups
        if not groups:
            return
        for ch in [c for c in set(text) if c in groups]:  # not set.intersection: that walks the whole dict
            b0, b1, i0, i1 = groups[ch]
            base = self._start
            words = bytes(self._packed[base + b0 : base + b1 - 1]).decode("utf-8").split("\n")
            at = base + self._words_end
            freqs = array.array("I", bytes(self._packed[at + 4 * i0 : at + 4 * i1]))
            if sys.byteorder != "little":
                freqs.byteswap()
            self.freq.update(zip(words, freqs, strict=True))
            tagged = self._packed[at + 4 * self._count + i0 : at + 4 * self._count + i1]
            names = self._names
            self.tags.update((w, names[t]) for w, t in zip(words, tagged, strict=True) if t != _NO_TAG)
            # marked loaded only once both tables hold it: a build's time limit may interrupt this anywhere
            groups.pop(ch, None)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """(word, flag) for each word of `text` (see the module's `tag`)."""
        self.fill(text)
        tags = self.tags
        return [(w, tags.get(w, "x")) for w in self.tokenizer.cut(text, HMM=False)]

    def frequency(self, word: str) -> int:
        """How often the dictionary has seen the word (0 for an unknown one)."""
        self.fill(word[:1])
        return self.freq.get(word) or 0


def _jieba_default() -> Lexicon:
    """jieba's own loading (its default tokenizer, and its cache where it keeps one): what a process that was
    not given a kept lexicon uses."""
    import jieba.posseg  # only here: importing it reads the whole dictionary file for the tags

    jieba.initialize()
    return Lexicon(jieba.dt.FREQ, jieba.dt.total, jieba.posseg.dt.word_tag_tab)


_LOADER: list[Callable[[], Lexicon]] = [_jieba_default]  # how this process gets its lexicon when first needed


def use(loader: Callable[[], Lexicon]) -> None:
    """Get this process's lexicon from `loader` when a step first needs it (the build: its cache folder), unless
    one is loaded already: every form gives the same words and tags, so the first one loaded stays."""
    if _lexicon.cache_info().currsize == 0:
        _LOADER[:] = [loader]


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    return _LOADER[0]()


def tag(text: str) -> list[tuple[str, str]]:
    """(word, flag) for each word of `text`, in order; flags are jieba's (v, n, ns, r, p …), 'x' when unknown."""
    return _lexicon().tag(text)


@lru_cache(maxsize=65536)
def tag_short(text: str) -> tuple[tuple[str, str], ...]:
    """`tag` for short strings that recur (list items, the words before a figure), cached."""
    return tuple(tag(text))


def frequency(word: str) -> int:
    """How often jieba's dictionary has seen the word (0 for an unknown one)."""
    return _lexicon().frequency(word)


def dictionary_file() -> Path:
    """The dictionary file jieba ships (what a kept compact form was made from)."""
    return Path(jieba.__file__).parent / "dict.txt"
