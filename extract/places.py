"""China's cities and counties (from the `cpca` package's division list) and whether a report is about another place.

A config's gazetteer maps short forms to the configured city's own names (住建局 → 住房和城乡建设局). A report from
another county keeps its own names: `is_elsewhere` tells such a report by the places it names.
"""

from __future__ import annotations

import csv
import importlib.metadata
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

_SUFFIX = re.compile(r"(自治县|自治旗|自治州|特别行政区|自治区|林区|地区|盟|市|县|区|旗|州)$")
_SHORT_SUFFIXES = "市县区旗州"
_COMMON_WORDS = {"城区", "郊区", "矿区"}  # districts whose name is also an everyday word


@dataclass(frozen=True)
class Division:
    """One city or county: its code (6 digits: province, prefecture, county) and its official name."""

    code: str
    name: str

    @property
    def province(self) -> bool:
        return self.code[2:] == "0000"

    def within(self, other: Division) -> bool:
        """Whether this division is `other`, lies inside it, or holds it (a prefecture and its counties)."""
        a, b = self.code, other.code
        if a == b:
            return True
        for n in (2, 4):
            if a[n:] == "0" * (6 - n) and b.startswith(a[:n]):
                return True  # self holds other
            if b[n:] == "0" * (6 - n) and a.startswith(b[:n]):
                return True  # other holds self
        return False


def _resource(name: str) -> str:
    path = importlib.metadata.distribution("cpca").locate_file(f"cpca/resources/{name}")
    # an installed package's files are paths (typed as SimplePath, whose read_text takes no encoding before 3.13)
    assert isinstance(path, Path)
    return path.read_text(encoding="utf-8")


def core(name: str, nations: tuple[str, ...]) -> str:
    """A division's name without its level and, for autonomous ones, the peoples' names (石林彝族自治县 → 石林)."""
    m = _SUFFIX.search(name)
    stem = name[: m.start()] if m else name
    if m and m.group(1).startswith("自治"):
        changed = True
        while changed:
            changed = False
            for n in nations:
                if stem.endswith(n) and len(stem) > len(n) + 1:
                    stem, changed = stem[: -len(n)], True
    return stem


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every province, prefecture and county in the package's list (about 3,500)."""
    rows = csv.DictReader(_resource("adcodes.csv").splitlines())
    return tuple(Division(r["adcode"][:6], r["name"]) for r in rows)


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    """Every city's and county's name, and its core with a one-character level (石林县 for 石林彝族自治县)."""
    nations = tuple(
        sorted(
            (x.strip() for x in _resource("56_nations.csv").splitlines() if x.strip()), key=len, reverse=True
        )
    )
    forms: dict[str, set[int]] = {}
    for k, d in enumerate(divisions()):
        if d.province:
            continue
        if len(d.name) >= 2 and d.name not in _COMMON_WORDS:
            forms.setdefault(d.name, set()).add(k)
        stem = core(d.name, nations)
        if len(stem) >= 2:
            for s in _SHORT_SUFFIXES:
                forms.setdefault(stem + s, set()).add(k)
    auto = ahocorasick.Automaton()
    for form, ks in forms.items():
        auto.add_word(form, (form, tuple(sorted(ks))))
    auto.make_automaton()
    return auto


def named_divisions(text: str) -> list[tuple[str, tuple[Division, ...]]]:
    """Cities and counties named in the text: (the name as written, the divisions it may be), longest names only."""
    all_divs = divisions()
    hits: list[tuple[int, int, str, tuple[int, ...]]] = []
    for end, (form, ks) in _automaton().iter(text):
        hits.append((end - len(form) + 1, end + 1, form, ks))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out = []
    last_end = -1
    for a, b, form, ks in hits:
        if a < last_end:
            continue  # inside a longer name already taken (锡林浩特市 before 浩特市)
        if len(form) < 3 and a > 0 and "\u4e00" <= text[a - 1] <= "\u9fff":
            continue  # a two-character name (和县, 城区) inside a word: 建成县城, 老城区
        if len(form) < 3 and text[b : b + 1] == "长":
            continue  # 代县长: a title, not 代县
        out.append((form, tuple(all_divs[k] for k in ks)))
        last_end = b
    return out


def home_division(city: str) -> Division | None:
    """The configured city as a division of the list, when it is one."""
    return next((d for d in divisions() if d.name == city), None)


def is_elsewhere(text: str, city: str, own_names: tuple[str, ...] = ()) -> bool:
    """True when the text names a city or county other than `city` (or one that holds it or lies in it) and names
    neither `city` (舞钢市, 舞钢县/区 …) nor any of `own_names` (its towns)."""
    if not city:
        return False
    home = home_division(city)
    stem = core(city, ()) if home else city
    own = {city, *own_names, *(stem + s for s in _SHORT_SUFFIXES if len(stem) >= 2)}
    if any(n and n in text for n in own):
        return False
    for _form, divs in named_divisions(text):
        if home is None or not any(d.within(home) for d in divs):
            return True
    return False
