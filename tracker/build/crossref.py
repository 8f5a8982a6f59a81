"""Evidence across reports, kept up to date incrementally in the build cache.

A later sentence is evidence for a commitment when extract.evidence's rules say so (same unit, later date,
shared matter); whether a pair matches depends only on the two sources and on the words taken out of the
matter (generic words and every unit name — `matter_words`). So the matches between sources that did not
change are kept from the last build, and only pairs that involve a new or changed source, or a text containing
a word that joined or left the list, are compared again: adding one report compares its commitments with the
earlier sentences of their units and its sentences with the commitments of theirs. Sentences are indexed by unit
and by date, and a pair is compared only when it shares MIN_SHARED_BIGRAMS content bigrams.

Each commitment keeps its latest MATCHES_PER_ITEM matches (extract.evidence.latest_matches): a new report's
matches join the stored ones and each touched commitment is cut back to its latest (ResultCache.trim_cross); a
commitment that loses a stored match (its report left, or the report's words changed) may have had more than the
cap, so it is matched again with every report (ResultCache.losing).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence

import numpy as np
import pandas as pd

from extract.evidence import (
    MATCHES_PER_ITEM,
    MATCHES_PER_SOURCE,
    MIN_SHARED_BIGRAMS,
    Candidates,
    SentenceFacts,
    _bigrams,
    cross_row,
    is_match,
    latest_matches,
    match_terms,
    matter_view,
    matter_words,
    may_match,
    shared_runs,
)
from tracker.store.cache import ResultCache

UNIT_BATCH = 40  # units matched at a time: bounds the memory of a large build


def _date(v: object) -> dt.date | None:
    """A cache cell as a day: a Timestamp (or datetime) to its date; a missing value (NaN, None) to None."""
    if isinstance(v, dt.datetime):  # pd.Timestamp, and pd.NaT, whose date() is NaT
        return v.date()
    return v if isinstance(v, dt.date) else None


def _facts(frame: pd.DataFrame) -> list[tuple[str, int, SentenceFacts, str, str | None]]:
    """(key, pos, facts, quote, stored view) per sentence row of the cache."""
    out = []
    for r in frame.to_dict("records"):
        s = SentenceFacts(
            r["source_id"],
            int(r["paragraph"]),
            int(r["start"]),
            int(r["end"]),
            r["text"],
            frozenset(r["units"] if r["units"] is not None else ()),
            r["meeting_id"] if isinstance(r["meeting_id"], str) else None,
            _date(r["date"]),
            r["figure_id"] if isinstance(r["figure_id"], str) else None,
        )
        view = r["view"]
        out.append((r["key"], int(r["pos"]), s, r["quote"], view if isinstance(view, str) else None))
    return out


def _words_hash(words: Sequence[str]) -> str:
    return hashlib.sha256(json.dumps(list(words), ensure_ascii=False).encode()).hexdigest()


def update_cross(
    cache: ResultCache,
    keys: Sequence[str],
    names: Sequence[str],
    progress: Callable[[float], None] | None = None,
) -> int:
    """Bring the cache's cross-report matches up to date for the entries `keys` (this build's sources) and the
    unit names `names`; returns how many commitments were compared again."""
    words = matter_words(names)
    old_words = cache.state("words")
    matched = cache.matched_keys() if cache.state("words_hash") else set()
    keyset = set(keys)
    kept = [k for k in keys if k in matched]
    fresh = [k for k in keys if k not in matched]
    cache.con.execute("BEGIN TRANSACTION")
    try:
        # a commitment that loses a stored match may have had more than MATCHES_PER_ITEM: all of it again
        lost = cache.losing(kept)
        cache.prune_cross(kept)  # matches with a source that left or is new are made again
        dirty_s: list[tuple[str, int]] = []
        dirty_c: list[tuple[str, int]] = []
        if kept and old_words is not None:
            changed = sorted(set(words) ^ set(json.loads(old_words)))
            dirty_s, dirty_c = cache.texts_with(kept, changed)
            if dirty_s:  # a report's matches are capped in its order (Candidates): all its sentences again
                f = cache.facts(sorted({k for k, _ in dirty_s}))
                dirty_s = list(zip(f["key"], f["pos"].astype(int), strict=True))
                lost |= cache.losing(kept, dirty_s)
        dirty_c = sorted(set(dirty_c) | lost)
        cache.drop_cross(sentences=dirty_s, commitments=dirty_c)
        _views(cache, fresh, dirty_s, dirty_c, words)
        n = _match(cache, list(keys), fresh, set(dirty_s), set(dirty_c), progress)
        cache.set_matched_keys(keyset)
        cache.set_state(
            {"words": json.dumps(list(words), ensure_ascii=False), "words_hash": _words_hash(words)}
        )
        cache.con.execute("COMMIT")
    except BaseException:
        cache.con.execute("ROLLBACK")
        raise
    return n


def _views(
    cache: ResultCache,
    fresh: Sequence[str],
    dirty_s: Sequence[tuple[str, int]],
    dirty_c: Sequence[tuple[str, int]],
    words: Sequence[str],
) -> None:
    """Compute and store the matter views of new entries' sentences and commitments and of dirty texts."""
    ds, dc = set(dirty_s), set(dirty_c)
    s_keys = sorted({k for k, _ in dirty_s} | set(fresh))
    c_keys = sorted({k for k, _ in dirty_c} | set(fresh))
    fresh_set = set(fresh)
    if s_keys:
        f = cache.facts(s_keys)
        rows = [
            (k, int(p), matter_view(t, words))
            for k, p, t in zip(f["key"], f["pos"], f["text"], strict=True)
            if k in fresh_set or (k, int(p)) in ds
        ]
        cache.put_views("x_sview", rows)
    if c_keys:
        m = cache.matches(c_keys)
        rows = [
            (k, int(p), matter_view(t, words))
            for k, p, t in zip(m["key"], m["pos"], m["ctext"], strict=True)
            if k in fresh_set or (k, int(p)) in dc
        ]
        cache.put_views("x_cview", rows)


def _match(
    cache: ResultCache,
    keys: list[str],
    fresh: Sequence[str],
    dirty_s: set[tuple[str, int]],
    dirty_c: set[tuple[str, int]],
    progress: Callable[[float], None] | None,
) -> int:
    """Compare (new or dirty commitment, any sentence) and (other commitment, new or dirty sentence) pairs."""
    fresh_set = set(fresh)
    everything = len(fresh_set) == len(keys)
    # the commitments to compare with every sentence of their unit, grouped by unit
    if everything:
        todo = cache.matches(keys)
    else:
        sub = sorted(fresh_set | {k for k, _ in dirty_c})
        todo = cache.matches(sub) if sub else cache.matches([], None)
        keep = [
            k in fresh_set or (k, int(p)) in dirty_c for k, p in zip(todo["key"], todo["pos"], strict=True)
        ]
        todo = todo.loc[np.array(keep, dtype=bool)]
    new_c = set(zip(todo["key"], todo["pos"].astype(int), strict=True))
    units = sorted(set(todo["unit_id"]))
    total = max(len(units), 1)
    compared = len(todo)
    for i in range(0, len(units), UNIT_BATCH):
        batch = units[i : i + UNIT_BATCH]
        sentences = _facts(cache.facts(keys, batch))
        part = todo[todo["unit_id"].isin(batch)]
        _add(cache, _pairs(part, sentences, new_c, side="c"))
        if progress:
            progress(min(1.0, (i + len(batch)) / total) * (1.0 if everything else 0.5))
    if everything:
        return compared
    # sentences of new or dirty entries against the commitments already there
    s_keys = sorted(fresh_set | {k for k, _ in dirty_s})
    all_s = _facts(cache.facts(s_keys)) if s_keys else []
    new_s = [x for x in all_s if x[0] in fresh_set or (x[0], x[1]) in dirty_s]
    wanted = {(x[0], x[1]) for x in new_s}
    s_units = sorted({u for x in new_s for u in x[2].units})
    for i in range(0, len(s_units), UNIT_BATCH):
        batch = s_units[i : i + UNIT_BATCH]
        commitments = cache.matches(keys, batch)
        commitments = commitments.loc[
            np.array(
                [
                    (k, int(p)) not in new_c
                    for k, p in zip(commitments["key"], commitments["pos"], strict=True)
                ],
                dtype=bool,
            )
        ]
        compared += len(commitments)
        mine = [x for x in all_s if x[2].units & set(batch)]
        _add(cache, _pairs(commitments, mine, set(), side="s", wanted=wanted))
    cache.trim_cross(MATCHES_PER_ITEM, s_keys)  # each commitment's latest, the new reports' among them
    if progress:
        progress(1.0)
    return compared


def _add(cache: ResultCache, rows: Iterator[dict], chunk: int = 50_000) -> None:
    """Store matches as they are found, a chunk at a time (a large build finds millions)."""
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            cache.add_cross(batch)
            batch = []
    cache.add_cross(batch)


def _pairs(
    commitments: pd.DataFrame,
    sentences: list[tuple[str, int, SentenceFacts, str, str | None]],
    skip: set[tuple[str, int]],
    side: str,
    wanted: set[tuple[str, int]] | None = None,
) -> Iterator[dict]:
    """Evidence rows for every matching (commitment, sentence) pair of one unit batch; with `wanted`, only pairs
    whose sentence is one of those (the others' matches are kept from the last build, but all of a report's
    sentences are needed to choose its candidates, extract.evidence.Candidates)."""

    def view_of(i: object) -> str:
        assert isinstance(i, int)  # the reference given with each sentence below: its index
        return sentences[i][4] or ""

    candidates = Candidates(((s, i) for i, (_k, _p, s, _q, _v) in enumerate(sentences)), view_of)
    grams: dict[int, set[str]] = {}
    for c in commitments.to_dict("records"):
        if side == "s" and (c["key"], int(c["pos"])) in skip:
            continue
        unit, when = str(c["unit_id"]), _date(c["when"])
        if when is None:
            continue
        view_c = c["view"] if isinstance(c["view"], str) else ""
        mine = _bigrams(view_c)
        if len(mine) < MIN_SHARED_BIGRAMS:
            continue

        def match(group: list, c: dict = c, unit: str = unit, when: dt.date = when, mine: set = mine) -> list:
            found: list[dict] = []
            for i in group:
                key_s, pos_s, s, quote, view_s = sentences[i]
                if not may_match(c, unit, when, s):
                    continue
                if i not in grams:
                    grams[i] = _bigrams(view_s or "")
                if len(mine & grams[i]) < MIN_SHARED_BIGRAMS:
                    continue
                n, runs = shared_runs(mine, view_s or "")
                if not is_match(n, runs):
                    continue
                row = cross_row(c, s, n, runs, quote)
                row.update(key_c=c["key"], pos_c=int(c["pos"]), key_s=key_s, pos_s=pos_s)
                found.append(row)
                if len(found) == MATCHES_PER_SOURCE:
                    break
            return found

        groups = candidates.latest_first(unit, when, match_terms(mine))
        if side == "c":  # every report: the commitment's latest matches
            yield from latest_matches(groups, match)
            continue
        for _best, group in groups:  # new reports only: kept with the stored ones, then cut (trim_cross)
            for row in match(group):
                if wanted is None or (row["key_s"], row["pos_s"]) in wanted:
                    yield row
