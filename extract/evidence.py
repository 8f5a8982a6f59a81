"""Evidence from the reports themselves: later sentences about an earlier commitment, and hints in its own text.

Every row is marked source='report': it is a pointer for people to check, never an official status.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import pandas as pd

from extract.matter import (  # noqa: F401  (re-exported: callers import them from extract.evidence)
    _DONE,
    GENERIC,
    MIN_RUN_CHARS,
    MIN_SHARED_BIGRAMS,
    _bigrams,
    _matter,
    matter_bigrams,
    matter_words,
    shared_matter,
    shared_runs,
    text_hint,
)
from extract.text import segment
from tracker.cells import as_date, as_int, as_opt_str, is_missing

EVIDENCE_COLUMNS = [
    "evidence_id",
    "commitment_id",
    "meeting_id",
    "date",
    "kind",  # restatement | figure | completion | hint | bulletin
    "hint",  # done | in_progress | planned | None: what the wording says about the state
    "figure_id",
    "score",
    "matched",
    "quote",
    "source_id",
    "char_start",
    "char_end",
    "source",
    "unit_id",  # the unit the row is about: the commitment's, or the one a bulletin names
]
KINDS = ("restatement", "figure", "completion", "hint", "bulletin")
HINTS = ("done", "in_progress", "planned")

COMPLETION = re.compile(
    r"建成|完成|累计|竣工|投用|投入使用|投产|落成|通车|开业|交付|验收|实现了|已有|达到|突破|覆盖率达"
)
# How far around a commitment its own paragraph is read for what it is about and for past completions
CONTEXT_CHARS = 400
# Later sentences of one report compared with a commitment, at most (the first ones after its meeting), and
# matches kept from one report (the first ones): pointers for a person to check, not a complete index
CANDIDATES_PER_SOURCE = 20
MATCHES_PER_SOURCE = 3
# Matches kept per commitment over all later reports: the latest ones (by the sentence's date, then report id and
# position). A commitment has at most this many rows however many reports follow it, so the evidence grows with
# the number of commitments (linearly with the reports), and the search for them stops once older reports cannot
# displace those found (Candidates.latest_first)
MATCHES_PER_ITEM = 5

R = TypeVar("R")  # what Candidates hands back for a sentence: whatever the caller finds it by


@dataclass(frozen=True)
class _Sentence:
    source_id: str
    article: int
    paragraph: int
    start: int
    end: int
    text: str  # folded view, line breaks removed


def _records(rows: pd.DataFrame | Iterable[Mapping[str, object]] | None) -> list[dict]:
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    return [dict(r) for r in rows]


def _sentences(source_id: str, text: str) -> list[_Sentence]:
    out = []
    for p in segment(text).body():
        for s in p.sentences:
            a, b = p.orig(s.start, s.end)
            out.append(_Sentence(source_id, p.article, p.index, a, b, s.text))
    return out


def _evidence_id(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence-sized pieces of text[start:end] (split at 。！？；), as original offsets."""
    out, a = [], start
    for m in re.finditer(r"[。！？；!?;]", text[start:end]):
        b = start + m.end()
        out.append((a, b))
        a = b
    if a < end:
        out.append((a, end))
    return [(x, y) for x, y in out if text[x:y].strip()]


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in "，,”“"):
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def own_hints(
    commitment: Mapping[str, object],
    text: str,
    meeting_date: dt.date | None,
    context: Sequence[tuple[int, int]] = (),
) -> list[dict]:
    """Hints from a commitment's wording, at most one of each kind (下一步/将/要 vs 已…建成运营).

    `context` spans (the rest of its paragraph) are searched for past completions only.
    """
    rows = []
    a0, b0 = as_int(commitment["char_start"]), as_int(commitment["char_end"])
    seen: set[str] = set()
    pieces = [(a, b, False) for a, b in _clauses(text, a0, b0)] + [(a, b, True) for a, b in context]
    for a, b, is_context in pieces:
        squeezed = re.sub(r"\s+", "", text[a:b])
        hint = ("done" if _DONE.search(squeezed) else None) if is_context else text_hint(squeezed)
        if hint is None or hint in seen:
            continue
        seen.add(hint)
        a, b = _strip_span(text, a, b)
        rows.append(
            {
                "evidence_id": _evidence_id(
                    commitment["commitment_id"], "hint", commitment["source_id"], a, b
                ),
                "commitment_id": commitment["commitment_id"],
                "unit_id": commitment.get("unit_id"),
                "meeting_id": commitment.get("meeting_id"),
                "date": meeting_date,
                "kind": "hint",
                "hint": hint,
                "figure_id": None,
                "score": None,
                "matched": None,
                "quote": text[a:b],
                "source_id": commitment["source_id"],
                "char_start": a,
                "char_end": b,
                "source": "report",
            }
        )
    return rows


def _meeting_of(
    sent: _Sentence, mtgs: Sequence[Mapping[str, object]], starts: Sequence[int], article: tuple[int, int]
) -> Mapping[str, object] | None:
    """The meeting an article reports on: the last one starting before the sentence in its article, else the
    article's first (`mtgs` in order of start, `starts` their starts)."""
    a, b = article
    first, end = bisect_left(starts, a), bisect_left(starts, b)
    if first == end:
        return None
    before = bisect_right(starts, sent.start, first, end)
    return mtgs[before - 1] if before > first else mtgs[first]


@dataclass(frozen=True)
class SentenceFacts:
    """One body sentence of a report with what matching needs: the units it is about (named in it, else the
    last one named earlier in its paragraph), the meeting its article reports on, its date and first figure."""

    source_id: str
    paragraph: int
    start: int
    end: int
    text: str  # folded view, line breaks removed
    units: frozenset[str]
    meeting_id: str | None
    date: dt.date | None
    figure_id: str | None


def source_facts(
    source_id: str,
    text: str,
    meetings: Iterable[Mapping[str, object]] = (),
    mentions: Iterable[Mapping[str, object]] = (),
    figures: Iterable[Mapping[str, object]] = (),
    source_date: dt.date | None = None,
) -> list[SentenceFacts]:
    """Every body sentence of one source (its own meetings, mentions and figures) in text order."""
    sentences = _sentences(source_id, text)
    # every look-up below is a bisection in rows sorted by start: linear in the report, however long its lines
    mtgs = sorted(
        (dict(m) for m in meetings if m["source_id"] == source_id), key=lambda m: as_int(m["char_start"])
    )
    mstarts = [as_int(m["char_start"]) for m in mtgs]
    mdate = {m["meeting_id"]: as_date(m.get("date")) for m in mtgs}
    spans: dict[int, tuple[int, int]] = {}
    for s in sentences:
        a, b = spans.get(s.article, (s.start, s.end))
        spans[s.article] = (min(a, s.start), max(b, s.end))
    starts = sorted(a for a, _ in spans.values())
    for key, (a, _b) in list(spans.items()):  # an article runs to the next one's start
        k = bisect_right(starts, a)
        spans[key] = (a, starts[k] if k < len(starts) else len(text))
    ments = sorted(
        (m for m in mentions if m["source_id"] == source_id), key=lambda m: as_int(m["char_start"])
    )
    ment_starts = [as_int(m["char_start"]) for m in ments]
    figs = sorted((f for f in figures if f["source_id"] == source_id), key=lambda f: as_int(f["char_start"]))
    fig_starts = [as_int(f["char_start"]) for f in figs]
    out: list[SentenceFacts] = []
    last_in_para: dict[int, str] = {}
    for s in sentences:
        here = ments[bisect_left(ment_starts, s.start) : bisect_left(ment_starts, s.end)]
        if here:
            units = frozenset(str(m["unit_id"]) for m in here)
            last_in_para[s.paragraph] = str(here[-1]["unit_id"])
        else:
            units = frozenset({last_in_para[s.paragraph]}) if s.paragraph in last_in_para else frozenset()
        m = _meeting_of(s, mtgs, mstarts, spans[s.article])
        date = (mdate.get(m["meeting_id"]) if m else None) or source_date
        k = bisect_left(fig_starts, s.start)
        fig = figs[k] if k < len(figs) and fig_starts[k] < s.end else None
        out.append(
            SentenceFacts(
                source_id,
                s.paragraph,
                s.start,
                s.end,
                s.text,
                units,
                as_opt_str(m["meeting_id"]) if m else None,
                date,
                as_opt_str(fig["figure_id"]) if fig else None,
            )
        )
    return out


class FactIndex:
    """A source's sentence facts, indexed by position and paragraph so each commitment finds its own in
    logarithmic time (facts come in text order and do not overlap)."""

    def __init__(self, facts: Sequence[SentenceFacts]) -> None:
        self.facts = list(facts)
        self._ends = [f.end for f in self.facts]
        self._para: dict[int, tuple[int, int]] = {}
        for i, f in enumerate(self.facts):
            a, _ = self._para.get(f.paragraph, (i, i))
            self._para[f.paragraph] = (a, i)

    def overlapping(self, a: int, b: int) -> list[SentenceFacts]:
        """Facts whose span meets [a, b)."""
        out = []
        for f in self.facts[bisect_right(self._ends, a) :]:
            if f.start >= b:
                break
            out.append(f)
        return out

    def paragraph_span(self, paragraphs: Iterable[int]) -> tuple[int, int] | None:
        """From the first fact's start to the last fact's end of these paragraphs."""
        found = [self._para[p] for p in paragraphs if p in self._para]
        if not found:
            return None
        return self.facts[min(a for a, _ in found)].start, self.facts[max(b for _, b in found)].end


def own_evidence(
    commitment: Mapping[str, object],
    text: str,
    facts: FactIndex | Sequence[SentenceFacts],
    meeting_date: dt.date | None,
) -> tuple[list[dict], str]:
    """A commitment's hints from its own wording, and the rest of its paragraph (what it is about), given the
    facts of its source: whole clauses within CONTEXT_CHARS of it (a report pasted as one line is one paragraph,
    and its every commitment must not carry all of it)."""
    index = facts if isinstance(facts, FactIndex) else FactIndex(facts)
    a0, b0 = as_int(commitment["char_start"]), as_int(commitment["char_end"])
    span = index.paragraph_span({s.paragraph for s in index.overlapping(a0, b0)})
    context: list[tuple[int, int]] = []
    if span:
        pa, pb = max(span[0], a0 - CONTEXT_CHARS), min(span[1], b0 + CONTEXT_CHARS)
        context = [
            (a, b)
            for a, b in _clauses(text, pa, pb)
            if (b <= a0 or a >= b0) and (a > pa or pa == span[0]) and (b < pb or pb == span[1])
        ]
    return own_hints(commitment, text, meeting_date, context), "|".join(text[a:b] for a, b in context)


def matter_text(commitment: Mapping[str, object], surroundings: str) -> str:
    """What a commitment is about: its title, quote and the rest of its paragraph."""
    return f"{commitment.get('title') or ''}|{commitment.get('quote') or ''}|{surroundings}"


def matter_view(text: str, words: Sequence[str]) -> str:
    """A sentence's text with `words` (matter_words) and everything but Chinese characters as breaks."""
    return _matter(text, words)


def match_key(commitment: Mapping[str, object], meeting_date: dt.date | None) -> tuple[str, dt.date] | None:
    """(unit, meeting date) of a commitment that later sentences can be evidence for; None when it has no
    unit or no dated meeting."""
    unit = commitment.get("unit_id")
    if not unit or meeting_date is None or is_missing(unit):
        return None
    return str(unit), meeting_date


def may_match(commitment: Mapping[str, object], unit: str, when: dt.date, s: SentenceFacts) -> bool:
    """Whether a sentence may be evidence for a commitment: about its unit, dated after its meeting, and not
    the commitment's own sentence."""
    if unit not in s.units or s.date is None or s.date <= when:
        return False
    return not (
        s.source_id == commitment["source_id"]
        and s.start < as_int(commitment["char_end"])
        and as_int(commitment["char_start"]) < s.end
    )


class Candidates(Generic[R]):
    """The sentences a commitment is compared with: of its unit, dated after its meeting, and from each report
    at most CANDIDATES_PER_SOURCE of them (the first after the meeting, in date and text order), of which the
    first MATCHES_PER_SOURCE that match are kept. Both caps keep matching linear in a report's length (a long
    report names its units in thousands of sentences) and depend on no other report, so adding a report never
    changes the matches between two others."""

    def __init__(
        self, sentences: Iterable[tuple[SentenceFacts, R]], views: Callable[[R], str] | None = None
    ) -> None:
        lists: dict[str, dict[str, list[tuple[dt.date, int, int, R]]]] = {}
        terms: dict[tuple[str, str], set[str]] = {}  # (unit, report): the trigrams of its sentences' views
        for n, (s, ref) in enumerate(sentences):
            if s.date is None:
                continue
            grams = _trigrams(views(ref)) if views is not None and s.units else set()
            for u in s.units:
                lists.setdefault(u, {}).setdefault(s.source_id, []).append((s.date, s.start, n, ref))
                if grams:
                    terms.setdefault((u, s.source_id), set()).update(grams)
        self._lists: dict[str, dict[str, tuple[list[tuple[dt.date, int, int]], list[R]]]] = {}
        # per unit, its reports by their latest sentence (latest first): the order latest_first walks them in
        self._order: dict[str, list[tuple[tuple[int, str], dt.date, str]]] = {}
        for u, per_source in lists.items():
            for sid, lst in per_source.items():
                lst.sort(key=lambda x: x[:3])
                self._lists.setdefault(u, {})[sid] = ([x[:3] for x in lst], [x[3] for x in lst])
            self._order[u] = sorted(
                ((-lst[-1][0].toordinal(), sid), lst[-1][0], sid) for sid, lst in per_source.items()
            )
        # the index by term: per unit and trigram, the reports with it, in the same order
        self._index: dict[str, dict[str, list[tuple[tuple[int, str], dt.date, str]]]] = {}
        if views is not None:
            for u, order in self._order.items():
                post = self._index[u] = {}
                for entry in order:
                    for g in terms.get((u, entry[2]), ()):
                        post.setdefault(g, []).append(entry)

    def after(self, unit: str, when: dt.date) -> list[list[R]]:
        """References of the candidate sentences of `unit` dated after `when`: one list per report, in date and
        text order."""
        return [refs for _bound, refs in self.latest_first(unit, when)]

    def latest_first(
        self, unit: str, when: dt.date, terms: Iterable[str] | None = None
    ) -> Iterator[tuple[tuple[int, str], list[R]]]:
        """Per report with candidates, a bound no candidate of it ranks before (rank_key: its latest sentence's
        date and its id) and their references, in the order of that bound: the report with the latest
        sentence first. Lazy: a caller that has what it needs stops without the older reports being looked at.
        With `terms` (match_terms of a commitment; the index needs `views`), only the reports whose sentences
        about the unit have one of those trigrams: the only ones that can hold a match (is_match)."""
        if terms is None:
            order: Iterable[tuple[tuple[int, str], dt.date, str]] = self._order.get(unit, ())
        else:
            post = self._index.get(unit, {})
            order = _distinct(heapq.merge(*(post[t] for t in terms if t in post)))
        for bound, latest, sid in order:
            if latest <= when:  # this report and every one after it end before the meeting
                break
            keys, refs = self._lists[unit][sid]
            k = bisect_right(keys, (when, 1 << 62, 0))
            yield bound, refs[k : k + CANDIDATES_PER_SOURCE]


def _distinct(entries: Iterable[tuple]) -> Iterator[tuple]:
    """Sorted entries without the repeats (a report found through several terms)."""
    last = None
    for e in entries:
        if e != last:
            yield e
            last = e


def _trigrams(view: str) -> set[str]:
    out: set[str] = set()
    for run in view.split("|"):
        out.update(run[i : i + 3] for i in range(len(run) - 2))
    return out


def match_terms(mine: set[str]) -> set[str]:
    """The trigrams xyz whose bigrams xy and yz are both among a commitment's content bigrams `mine`: a
    sentence matches it (is_match: a shared run of three characters) only when its view has one of them."""
    following: dict[str, list[str]] = {}
    for b in mine:
        following.setdefault(b[0], []).append(b[1])
    return {b + c for b in mine for c in following.get(b[1], ())}


def rank_key(row: Mapping[str, object]) -> tuple[int, str, int]:
    """The order in which a commitment keeps its matches (MATCHES_PER_ITEM): latest sentence date first, then
    report id and position; the same for rows from any build."""
    when = as_date(row["date"])
    return (-(when.toordinal() if when else 0), str(row["source_id"]), as_int(row["char_start"]))


def latest_matches(
    groups: Iterable[tuple[tuple[int, str], list[R]]], match: Callable[[list[R]], Iterable[dict]]
) -> list[dict]:
    """The MATCHES_PER_ITEM best rows (rank_key) among the matches `match(refs)` of each report's group, the
    groups coming from Candidates.latest_first (in the order of their bounds): once a group's bound ranks after
    the last row kept, neither it nor any group after it can displace one, and they are never matched."""
    kept: list[tuple[tuple[int, str, int], dict]] = []
    for best, refs in groups:
        if len(kept) >= MATCHES_PER_ITEM and best > kept[-1][0][:2]:
            break
        kept.extend((rank_key(r), r) for r in match(refs))
        kept.sort(key=lambda x: x[0])
        del kept[MATCHES_PER_ITEM:]
    return [r for _k, r in kept]


def is_match(n: int, runs: Sequence[str]) -> bool:
    """Enough shared matter: MIN_SHARED_BIGRAMS bigrams and one run of MIN_RUN_CHARS characters."""
    return n >= MIN_SHARED_BIGRAMS and max((len(r) for r in runs), default=0) >= MIN_RUN_CHARS


def cross_row(
    commitment: Mapping[str, object], s: SentenceFacts, n: int, runs: Sequence[str], quote: str
) -> dict:
    """The evidence row of a later sentence `s` (its text as written: `quote`) about a commitment."""
    kind = (
        "figure"
        if s.figure_id is not None
        else ("completion" if COMPLETION.search(s.text) else "restatement")
    )
    return {
        "evidence_id": _evidence_id(commitment["commitment_id"], kind, s.source_id, s.start, s.end),
        "commitment_id": commitment["commitment_id"],
        "unit_id": commitment.get("unit_id"),
        "meeting_id": s.meeting_id,
        "date": s.date,
        "kind": kind,
        "hint": text_hint(s.text),
        "figure_id": s.figure_id,
        "score": float(n),
        "matched": "、".join(runs),
        "quote": quote,
        "source_id": s.source_id,
        "char_start": s.start,
        "char_end": s.end,
        "source": "report",
    }


def unit_names(units: Iterable[Mapping[str, object]], mentions: Iterable[Mapping[str, object]]) -> list[str]:
    """Every unit name and every surface a unit was named by: words that say who, not what."""
    return [str(u["name"]) for u in units] + [str(m["surface"]) for m in mentions]


def find_evidence(
    sources: pd.DataFrame | Iterable[Mapping[str, object]],
    meetings: pd.DataFrame | Iterable[Mapping[str, object]],
    commitments: pd.DataFrame | Iterable[Mapping[str, object]],
    figures: pd.DataFrame | Iterable[Mapping[str, object]] | None = None,
    units: pd.DataFrame | Iterable[Mapping[str, object]] | None = None,
    mentions: pd.DataFrame | Iterable[Mapping[str, object]] | None = None,
    source_dates: Mapping[str, dt.date] | None = None,
) -> list[dict]:
    """Evidence rows (EVIDENCE_COLUMNS) linking later report sentences and own-text hints to commitments."""
    srcs = {str(s["source_id"]): str(s["text"]) for s in _records(sources)}
    mtgs = _records(meetings)
    mdate = {m["meeting_id"]: as_date(m.get("date")) for m in mtgs}
    cms = _records(commitments)
    figs = _records(figures)
    ments = _records(mentions)
    words = matter_words(unit_names(_records(units), ments))
    of: dict[str, dict[str, list[dict]]] = {"m": {}, "n": {}, "f": {}}
    for part, rows in (("m", mtgs), ("n", ments), ("f", figs)):
        for r in rows:
            of[part].setdefault(str(r["source_id"]), []).append(r)
    facts = {
        sid: source_facts(
            sid,
            text,
            of["m"].get(sid, ()),
            of["n"].get(sid, ()),
            of["f"].get(sid, ()),
            (source_dates or {}).get(sid),
        )
        for sid, text in srcs.items()
    }
    out: list[dict] = []
    surroundings: dict[
        str, str
    ] = {}  # the rest of the commitment's paragraph: what the unit said it is about
    indexes = {sid: FactIndex(f) for sid, f in facts.items()}
    for c in cms:
        if c["source_id"] not in srcs:
            continue
        sid = str(c["source_id"])
        rows, surroundings[c["commitment_id"]] = own_evidence(
            c, srcs[sid], indexes[sid], mdate.get(c.get("meeting_id"))
        )
        out.extend(rows)

    sentences = [s for sid in srcs for s in facts[sid]]
    order = {sid: n for n, sid in enumerate(srcs)}
    views: dict[int, str] = {}

    def view(i: int) -> str:
        if i not in views:
            views[i] = _matter(sentences[i].text, words)
        return views[i]

    candidates = Candidates(((s, i) for i, s in enumerate(sentences)), view)
    for c in cms:
        key = match_key(c, mdate.get(c.get("meeting_id")))
        if key is None:
            continue
        unit, when = key
        mine = matter_bigrams(matter_text(c, surroundings.get(c["commitment_id"], "")), words)

        def match(
            group: list[int], c: dict = c, unit: str = unit, when: dt.date = when, mine: set[str] = mine
        ) -> list[dict]:
            found = []
            for i in group:
                s = sentences[i]
                if not may_match(c, unit, when, s):
                    continue
                n, runs = shared_runs(mine, view(i))
                if is_match(n, runs):
                    found.append(cross_row(c, s, n, runs, srcs[s.source_id][s.start : s.end]))
                    if len(found) == MATCHES_PER_SOURCE:
                        break
            return found

        kept = latest_matches(candidates.latest_first(unit, when, match_terms(mine)), match)
        out.extend(sorted(kept, key=lambda r: (order[str(r["source_id"])], r["char_start"])))  # as a build
    return dedupe(out)


def dedupe(rows: Iterable[dict]) -> list[dict]:
    """Rows with each evidence_id once (the first)."""
    seen: set[str] = set()
    unique = []
    for r in rows:
        if r["evidence_id"] not in seen:
            seen.add(r["evidence_id"])
            unique.append(r)
    return unique
