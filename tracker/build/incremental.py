"""The cached build: extract only the sources whose results are not in the build cache (on every core), bring
the cross-report evidence up to date, and write the database from the cache with INSERT … SELECT.

A source's cache key (`source_key`) is the hash of everything its rows depend on: the bytes read, its id, year,
date, encoding and file suffix, the extractor's code version (which covers this package too), the schema version
and the gazetteer. Title, path and original name come from the config at every build, so editing them costs no
extraction. See tracker.store.cache for the folder and tracker.build.crossref for the evidence.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from extract.evidence import FactIndex, match_key, matter_text, own_evidence, source_facts
from extract.pipeline import unit_id
from extract.units import Gazetteer
from tracker.build import delta, lexicon
from tracker.build.crossref import update_cross
from tracker.build.failures import Failure, failure, stops_build, time_limit
from tracker.build.sources import extract_source, first_line, read_source, text_path
from tracker.config import Config, Source
from tracker.i18n import msg
from tracker.store import db
from tracker.store.cache import ROW_TABLES, cache_dir, fill_from_cache, open_cache
from tracker.store.files import write_atomic

Progress = Callable[..., None]
AfterFill = Callable[["duckdb.DuckDBPyConnection", dict[str, str]], None]
BATCH = 200  # sources stored in the cache per transaction: a killed build keeps what it finished
MIN_FOR_POOL = (8, 512 * 1024)  # fewer sources or bytes than this are extracted in the build's own process


def gazetteer_fingerprint(gaz: Gazetteer) -> str:
    """A hash of the gazetteer's entries (surface, canonical name, kind, subkind)."""
    return hashlib.sha256(json.dumps(gaz.entries, ensure_ascii=False).encode()).hexdigest()[:16]


def source_key(source: Source, sha256: str, gazetteer: str, extractor: str) -> str:
    """The cache key of one source's results (see the module docstring)."""
    parts = [
        extractor,
        str(db.SCHEMA_VERSION),
        gazetteer,
        source.source_id,
        source.path.suffix.lower(),
        source.year,
        source.date.isoformat() if source.date else None,
        source.encoding,
        sha256,
    ]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]


def source_result(config: Config, source: Source, gaz: Gazetteer, gazetteer: str, extractor: str) -> dict:
    """One source read and extracted, with everything the cache keeps of it (rows with their order `pos`); a
    source whose reading or extraction raises gives a result with its error and no rows
    (tracker.build.failures), unless the error is the config's to fix."""
    try:
        with time_limit(config.limits.source_seconds):
            return _source_result(config, source, gaz, gazetteer, extractor)
    except Exception as e:  # noqa: BLE001 - one report's failure is recorded, the others are built
        if stops_build(e):
            raise
        return failed_result(config, source, failure(e, config.language), gazetteer, extractor)


def failed_result(config: Config, source: Source, why: Failure, gazetteer: str, extractor: str) -> dict:
    """The cache entry of a source that gave no rows: its bytes' hash, its text when it could be read, the error."""
    path = config.resolve(source.path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    text, encoding, reader = "", None, None
    if (
        why.step != "read"
    ):  # the reader worked: keep its text, so the report can still be read on the dashboard
        try:
            derived = read_source(config, source)
            text, encoding, reader = derived.text, derived.encoding, derived.reader
        except Exception:  # noqa: BLE001 - the error recorded is the first one
            pass
    empty: list[dict] = []
    return {
        "key": source_key(source, sha, gazetteer, extractor),
        "source_id": source.source_id,
        "sha256": sha,
        "encoding": encoding,
        "reader": reader,
        "text": text,
        "first_line": first_line(text),
        "text_bytes": len(text.encode("utf-8")),
        "empty": not text.strip(),
        "error": why.error,
        "error_step": why.step,
        "error_both": json.dumps(why.warning("")["error"], ensure_ascii=False),
        **{name: empty for name in (*ROW_TABLES, "units", "own", "facts", "match")},
    }


def _source_result(config: Config, source: Source, gaz: Gazetteer, gazetteer: str, extractor: str) -> dict:
    row, ex = extract_source(config, source, gaz)
    text = str(row["text"])
    facts = source_facts(source.source_id, text, ex.meetings, ex.mentions, ex.figures, source.date)
    index = FactIndex(facts)
    mdate: dict[object, dt.date | None] = {}
    for m in ex.meetings:
        day = m.get("date")
        mdate[m["meeting_id"]] = day if isinstance(day, dt.date) else None
    own: list[dict] = []
    match: list[dict] = []
    for pos, c in enumerate(ex.commitments):
        when = mdate.get(c.get("meeting_id"))
        rows, around = own_evidence(c, text, index, when)
        own.extend(rows)
        key = match_key(c, when)
        if key is not None:
            match.append(
                {
                    "pos": pos,
                    "commitment_id": c["commitment_id"],
                    "unit_id": key[0],
                    "when": key[1],
                    "source_id": c["source_id"],
                    "char_start": c["char_start"],
                    "char_end": c["char_end"],
                    "ctext": matter_text(c, around),
                }
            )
    # what bulletins say of units and items, dated by their report when the text gives no date
    own.extend({**b, "date": b.get("date") or source.date} for b in ex.evidence)
    sentences = [
        {
            "pos": i,
            "source_id": s.source_id,
            "paragraph": s.paragraph,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "quote": text[s.start : s.end],
            "units": sorted(s.units),
            "meeting_id": s.meeting_id,
            "date": s.date,
            "figure_id": s.figure_id,
        }
        for i, s in enumerate(facts)
        if s.units and s.date is not None  # other sentences are never evidence for anything
    ]

    def numbered(rows: Sequence[dict]) -> list[dict]:
        return [{**r, "pos": i} for i, r in enumerate(rows)]

    return {
        "key": source_key(source, str(row["sha256"]), gazetteer, extractor),
        "source_id": source.source_id,
        "sha256": row["sha256"],
        "encoding": row["encoding"],
        "reader": row["reader"],
        "text": text,
        "first_line": first_line(text),
        "text_bytes": len(text.encode("utf-8")),
        "empty": not text.strip(),
        "error": None,
        "error_step": None,
        "error_both": None,
        "meetings": numbered(ex.meetings),
        "commitments": numbered(ex.commitments),
        "commitment_units": numbered(ex.commitment_units),
        "figures": numbered(ex.figures),
        "mentions": numbered(ex.mentions),
        "units": [
            {"pos": i, "name": n, "kind": k, "subkind": sub, "in_gazetteer": g}
            for i, (n, (k, sub, g)) in enumerate(ex.units.items())
        ],
        "own": numbered(own),
        "facts": sentences,
        "match": match,
    }


# --- extraction on every core ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Setup:
    """What every source a worker process extracts shares (given once, when the process starts)."""

    config: Config
    gaz: Gazetteer
    gazetteer: str
    extractor: str


_WORKER: list[_Setup] = []  # this worker process's setup, once _init_worker has run


def _init_worker(config: Config, gaz: Gazetteer, gazetteer: str, extractor: str, folder: Path) -> None:
    _WORKER[:] = [_Setup(config, gaz, gazetteer, extractor)]
    lexicon.keep_in(folder)


def _work(source: Source) -> dict:
    import resource

    setup = _WORKER[0]
    result = source_result(setup.config, source, setup.gaz, setup.gazetteer, setup.extractor)
    result["worker_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def _size(config: Config, sources: Sequence[Source]) -> int:
    total = 0
    for s in sources:
        try:
            total += config.resolve(s.path).stat().st_size
        except OSError:
            pass
    return total


def workers(config: Config) -> int:
    """How many processes extract: the config's build_workers, else one per core."""
    return max(1, getattr(config, "build_workers", 0) or os.cpu_count() or 1)


def extract_all(
    config: Config, todo: Sequence[Source], gaz: Gazetteer, gazetteer: str, extractor: str, folder: Path
) -> Iterator[dict]:
    """Results of `todo` in the order they finish: in a process pool when there are enough of them; a source
    that fails in a worker is extracted again here, so its error is raised as the build itself raises it. The
    dictionary comes from the cache folder `folder` (tracker.build.lexicon)."""
    lexicon.keep_in(folder)
    n = min(workers(config), len(todo))
    if n < 2 or len(todo) < MIN_FOR_POOL[0] or _size(config, todo) < MIN_FOR_POOL[1]:
        for source in todo:
            yield source_result(config, source, gaz, gazetteer, extractor)
        return
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["extract.pipeline", "tracker.build.incremental"])
    with concurrent.futures.ProcessPoolExecutor(
        n, mp_context=ctx, initializer=_init_worker, initargs=(config, gaz, gazetteer, extractor, folder)
    ) as pool:
        futures = {pool.submit(_work, s): s for s in todo}
        try:
            for done in concurrent.futures.as_completed(futures):
                try:
                    yield done.result()
                except Exception:  # noqa: BLE001 - raised again below, with the build's own message
                    yield source_result(config, futures[done], gaz, gazetteer, extractor)
        finally:
            for f in futures:
                f.cancel()


# --- the build -----------------------------------------------------------------------------------------


@dataclass
class Built:
    """What a cached build read: each source's hash as extracted, and what it noticed."""

    read: dict[str, str]
    warnings: list[dict[str, object]]
    extracted: int
    seconds: dict[str, float]  # per step: cache lookup, extraction, evidence, writing
    worker_rss_mb: float = 0.0  # the largest extraction process's peak memory (0 without a pool)
    only_changes: bool = False  # only the difference was written to a copy of the file (tracker.build.delta)


LAST: list[Built] = []  # the last build of this process (for benchmarks)


def build(
    config: Config,
    path: Path,
    extractor: str,
    shas: dict[str, str],
    meta: Callable[[dict[str, str], list[dict[str, object]]], dict[str, str]],
    progress: Progress | None = None,
    write_texts: bool = True,
    fresh: bool = False,
    after_fill: AfterFill | None = None,
    after_delta: delta.ReviewDelta | None = None,
) -> Built:
    """Build the database at `path` from the cache, extracting what it lacks; `shas` are the sources' hashes
    read before (the cache keys); `meta(read, warnings)` gives the build_info rows; `fresh` extracts every
    source again; `after_fill(con, info)` runs on the new file once its tables are filled, before it replaces
    the old one (the review: tracker.build.runner), and may add build_info rows to `info`. When the current
    file was written from this cache, only the difference is written (tracker.build.delta), with
    `after_delta(con, info)` bringing what after_fill writes along (False: it cannot, the whole file is
    written; without it, a build with after_fill always writes the whole file)."""
    db.check_target(path)
    folder = cache_dir(path)
    hooks = (after_fill, after_delta)
    if folder.exists():
        return _build(config, path, extractor, shas, meta, progress, write_texts, fresh, folder, hooks)
    try:  # a first build that fails leaves no cache folder behind
        return _build(config, path, extractor, shas, meta, progress, write_texts, fresh, folder, hooks)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _build(
    config: Config,
    path: Path,
    extractor: str,
    shas: dict[str, str],
    meta: Callable[[dict[str, str], list[dict[str, object]]], dict[str, str]],
    progress: Progress | None,
    write_texts: bool,
    fresh: bool,
    folder: Path,
    hooks: tuple[AfterFill | None, delta.ReviewDelta | None] = (None, None),
) -> Built:
    after_fill, after_delta = hooks
    clock = _Clock()
    gaz = Gazetteer.from_config(config)
    gfp = gazetteer_fingerprint(gaz)
    keys = {
        s.source_id: source_key(s, shas.get(s.source_id, "missing"), gfp, extractor) for s in config.sources
    }
    total = max(len(config.sources), 1)
    paths = {s.source_id: str(s.path) for s in config.sources}
    with open_cache(folder) as cache:
        have = set() if fresh else cache.present(keys.values())
        todo = [s for s in config.sources if keys[s.source_id] not in have]
        clock.lap("lookup")
        done_before = len(config.sources) - len(todo)
        batch: list[dict] = []
        extracted: set[str] = set()
        worker_kb = 0
        for i, result in enumerate(extract_all(config, todo, gaz, gfp, extractor, folder), start=1):
            worker_kb = max(worker_kb, int(result.pop("worker_rss_kb", 0)))
            sid = str(result["source_id"])
            keys[sid] = str(result["key"])  # the bytes actually read
            extracted.add(sid)
            batch.append(result)
            if len(batch) >= BATCH:
                cache.put(batch)
                batch = []
            if progress:
                n = done_before + i
                progress(msg("build_extracting", path=paths[sid]), 0.8 * n / total)
        cache.put(batch)
        clock.lap("extract")
        order = [keys[s.source_id] for s in config.sources]
        # one dict per entry: looked up once per source below (a DataFrame row lookup costs ~0.5 ms each)
        entries = {str(k): e for k, e in cache.entry_facts(order).set_index("key").to_dict("index").items()}
        units = _units(config, gaz, cache.units(order))
        names = list(units["name"]) + cache.surfaces(order)
        if progress:
            progress(msg("build_evidence"), 0.85)
        prior = None if fresh or (after_fill is not None and after_delta is None) else delta.prior_info(path)
        if prior is not None:
            delta.keep_cross(cache.con)
        update_cross(cache, order, names)
        clock.lap("evidence")
        cache.prune(order)
        digest = delta.cross_digest(cache.con)
        sources = _sources(config, keys, entries)
        warnings: list[dict[str, object]] = []
        for s in config.sources:
            e = entries[keys[s.source_id]]
            if isinstance(e["error"], str):
                warning = Failure(str(e["error_step"]), e["error"]).warning(str(s.path))
                if isinstance(e["error_both"], str):
                    warning["error"] = json.loads(e["error_both"])
                warnings.append(warning)
            elif bool(e["empty"]):
                warnings.append({"code": "safe.source_empty", "file": str(s.path)})
        if write_texts:
            _write_texts(config, sources, entries, cache.text, extracted)
        read = {s.source_id: str(entries[keys[s.source_id]]["sha256"]) for s in config.sources}
        info = meta(read, warnings)
        source_keys = {s.source_id: keys[s.source_id] for s in config.sources}
        info[delta.GAZETTEER] = gfp
        found = delta.changes(cache.con, prior, source_keys, info)
        info.update({delta.SOURCE_KEYS: json.dumps(source_keys, sort_keys=True), delta.CROSS_DIGEST: digest})
        cache.close()
        if progress:
            progress(msg("build_writing"), 0.95)
        frame_order = pd.DataFrame({"key": pd.Series(order, dtype=object), "ord": range(len(order))})
        only_changes = found is not None and prior is not None
        if found is not None and prior is not None:
            only_changes = _write_delta(
                path, cache.file, found, prior, frame_order, sources, units, after_delta, info
            )
        if not only_changes:

            def fill(con: duckdb.DuckDBPyConnection) -> None:
                fill_from_cache(con, cache.file, frame_order, sources, units)
                if after_fill is not None:
                    after_fill(con, info)

            db.write_database_with(path, fill, info)
        clock.lap("write")
    LAST[:] = [Built(read, warnings, len(extracted), clock.laps, worker_kb / 1024, only_changes)]
    return LAST[0]


def _write_delta(
    path: Path,
    cache_file: Path,
    found: delta.Changes,
    prior: dict[str, str],
    order: pd.DataFrame,
    sources: pd.DataFrame,
    units: pd.DataFrame,
    review: delta.ReviewDelta | None,
    info: dict[str, str],
) -> bool:
    """Write only the difference (tracker.build.delta); False when it cannot be applied (nothing written)."""
    try:
        db.update_database_with(
            path,
            lambda con: delta.apply(con, cache_file, found, prior, order, sources, units, review, info),
            info,
        )
    except delta.Fallback:
        return False
    return True


class _Clock:
    def __init__(self) -> None:
        self.t = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + now - self.t
        self.t = now


def configured_units(config: Config, gaz: Gazetteer) -> dict[str, tuple[str, str, bool]]:
    """The configured towns, then departments, as units: name → (kind, subkind, in gazetteer)."""
    units: dict[str, tuple[str, str, bool]] = {}
    for t in config.towns:
        units[t.name] = ("town", t.kind, True)
    for d in config.departments:
        entry = gaz.lookup(d.name)
        assert entry is not None, d.name  # Gazetteer.from_config lists every configured department
        units[d.name] = ("department", entry[2], True)
    return units


def _units(config: Config, gaz: Gazetteer, found: Sequence[tuple[str, str, str, bool]]) -> pd.DataFrame:
    """The units table: configured towns and departments, then each unit as the first source naming it has it
    (`found`: ResultCache.units, in the sources' order)."""
    units = configured_units(config, gaz)
    for name, kind, sub, g in found:
        units.setdefault(name, (kind, sub, bool(g)))
    rows = [
        {"unit_id": unit_id(n), "name": n, "kind": k, "subkind": sub, "in_gazetteer": g}
        for n, (k, sub, g) in sorted(units.items(), key=lambda kv: (kv[1][0], not kv[1][2], kv[0]))
    ]
    return pd.DataFrame(rows, columns=db.columns("units"))


def _sources(
    config: Config, keys: dict[str, str], entries: Mapping[str, Mapping[Hashable, Any]]
) -> pd.DataFrame:
    """The config's part of each sources row (id, path, title, original name, derived-text path) and its key."""
    rows = []
    for s in config.sources:
        e = entries[keys[s.source_id]]
        first = e["first_line"] if isinstance(e["first_line"], str) else None
        rows.append(
            {
                "key": keys[s.source_id],
                "source_id": s.source_id,
                "path": str(s.path),
                "title": s.title or first,
                "original_name": s.original_name or config.resolve(s.path).name,
                "text_path": str(text_path(s.path)) if e["reader"] in ("docx", "pdf", "html") else None,
            }
        )
    return pd.DataFrame(rows, columns=["key", "source_id", "path", "title", "original_name", "text_path"])


def _write_texts(
    config: Config,
    sources: pd.DataFrame,
    entries: Mapping[str, Mapping[Hashable, Any]],
    text_of: Callable[[str], str],
    extracted: set[str],
) -> None:
    """Keep each .docx/.pdf/.html source's text beside it: written when extracted now, or when the file there is
    missing or of another size (unchanged files are left alone)."""
    for r in sources.itertuples(index=False):
        if not isinstance(r.text_path, str):
            continue
        target = config.resolve(Path(r.text_path))
        key = str(r.key)
        size = int(entries[key]["text_bytes"])
        if r.source_id not in extracted and target.is_file() and target.stat().st_size == size:
            continue
        data = text_of(key).encode("utf-8")
        if target.exists() and target.read_bytes() == data:
            continue
        write_atomic(target, data)
