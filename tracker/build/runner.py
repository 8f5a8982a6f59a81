"""Build the database from the config: extract every source, find evidence, then write the file atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import duckdb

import extract
from extract.evidence import find_evidence
from extract.pipeline import unit_id
from extract.units import Gazetteer
from tracker.build import delta, incremental
from tracker.build.failures import WARNING_CODE, InBoth, failure, stops_build
from tracker.build.fingerprint import file_hashes, gc_paused
from tracker.build.review import OFF, apply_in_build, apply_in_place, current_fingerprint
from tracker.build.sources import extract_source, failed_row
from tracker.config import Config, check_distinct
from tracker.i18n import Msg, msg
from tracker.store import db
from tracker.store.cache import cache_dir
from tracker.store.files import write_atomic

Progress = Callable[[Msg, float], None]  # a message (rendered in the reader's language) and a fraction 0-1


def _code_version() -> str:
    """Hash of the extractor's and the build's own source: a database built by older code counts as stale."""
    h = hashlib.sha256()
    review = Path(__file__).parents[1] / "review"  # how the review log is applied is part of the build
    for folder in (Path(extract.__file__).parent, Path(__file__).parent, review):
        for f in sorted(folder.rglob("*.py")):
            h.update(str(f.relative_to(folder)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


EXTRACTOR_VERSION = _code_version()


def _results_version() -> str:
    """Hash of the code a cached source result depends on: the extractor and the step that turns its output into
    cache rows (tracker.build.incremental); other build code may change without extracting again."""
    h = hashlib.sha256()
    folder = Path(extract.__file__).parent
    for f in sorted(folder.rglob("*.py")):
        h.update(str(f.relative_to(folder)).encode() + b"\0" + f.read_bytes())
    h.update(Path(incremental.__file__).read_bytes())
    return h.hexdigest()[:16]


RESULTS_VERSION = _results_version()


@dataclass(frozen=True)
class BuildInputs:
    """What a build reads, by content: the config text, each source file's bytes, the extractor and schema, and
    the review log's entries (a review changes what the build writes)."""

    config_sha256: str
    sources: tuple[tuple[str, str], ...]  # (source_id, sha256 of its bytes, or "missing")
    extractor_version: str = EXTRACTOR_VERSION
    schema_version: str = str(db.SCHEMA_VERSION)
    review_sha256: str = ""  # tracker.build.review.fingerprint of the entries applied ("off": none applied)

    def meta(self) -> dict[str, str]:
        """The build_info rows that record these inputs."""
        return {
            "schema_version": self.schema_version,
            "extractor_version": self.extractor_version,
            "config_sha256": self.config_sha256,
            "sources": json.dumps(dict(self.sources), sort_keys=True),
            "review_sha256": self.review_sha256,
        }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def config_sha256(config: Config) -> str:
    """The hash of the text `config` was parsed from (not of the file as it is now: a config edited or broken
    since it was loaded is another input); a config built in code hashes its file now, or is 'defaults'."""
    if config.config_sha256:
        return config.config_sha256
    f = config.config_file
    return _sha256(f) if f and f.exists() else "defaults"


def read_inputs(config: Config, review: bool = True) -> BuildInputs:
    """Fingerprint what a build of `config` reads, as the files (and the review log) are now."""
    return _read_inputs(config, review)[0]


def _read_inputs(
    config: Config, review: bool = True, db_path: Path | None = None
) -> tuple[BuildInputs, Callable[[], None]]:
    """read_inputs, and what remembers the sources' hashes for the next build (tracker.build.fingerprint) in the
    cache of the database being written (`db_path`, default the config's: a preview build leaves the project's
    cache alone)."""
    base = str(config.base_dir)
    paths = [p if os.path.isabs(p) else os.path.join(base, p) for p in (str(s.path) for s in config.sources)]
    hashes, keep = file_hashes(
        paths, cache_dir(db_path or config.database_path)
    )  # unchanged files are not read again
    sources = tuple(sorted(zip((s.source_id for s in config.sources), hashes, strict=True)))
    inputs = BuildInputs(
        config_sha256(config), sources, review_sha256=current_fingerprint(config) if review else OFF
    )
    return inputs, keep


def built_inputs(db_path: Path) -> BuildInputs | None:
    """The inputs a database records it was built from; None for a missing, unreadable or foreign file. Read
    from the note the last build left in the cache folder (BUILT_NOTE) while the file is the one it wrote (same
    inode, times and size), else from the file's build_info."""
    path = Path(db_path)
    stamp = _db_stamp(path)
    if stamp is None:
        return None
    try:
        note = json.loads((cache_dir(path) / BUILT_NOTE).read_text(encoding="utf-8"))
        if note["db"] == stamp:
            sources = tuple((str(k), str(v)) for k, v in note["sources"])
            return BuildInputs(**{**note["inputs"], "sources": sources})
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return _recorded_inputs(path)


BUILT_NOTE = "built.json"  # what the database beside the cache folder was built from, with the file's stamp


def _db_stamp(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size]


def _recorded_inputs(path: Path) -> BuildInputs | None:
    """The inputs in the database file's own build_info."""
    try:
        info = db.build_info(path)
        sources = json.loads(info["sources"])
        return BuildInputs(
            info["config_sha256"],
            tuple(sorted(sources.items())),
            info["extractor_version"],
            info["schema_version"],
            info.get("review_sha256", ""),
        )
    except Exception:  # noqa: BLE001 - an unreadable or foreign file is simply rebuilt
        return None


def _note_built(path: Path) -> None:
    """Leave the note built_inputs reads (after a build that succeeded), when the cache folder is there."""
    folder, stamp = cache_dir(path), _db_stamp(path)
    inputs = _recorded_inputs(path) if stamp is not None and folder.is_dir() else None
    if inputs is None:
        return
    note = {
        "db": stamp,
        "inputs": {k: v for k, v in asdict(inputs).items() if k != "sources"},
        "sources": [list(x) for x in inputs.sources],
    }
    try:
        write_atomic(folder / BUILT_NOTE, json.dumps(note, ensure_ascii=False).encode())
    except OSError:
        pass  # a read-only cache folder: the database itself is read each time


def is_stale(config: Config, db_path: Path | None = None) -> bool:
    """True when the database is missing or was built from another config text, other source bytes or another
    extractor, or before the review log's latest entries: compared by content with what the build recorded."""
    built = built_inputs(Path(db_path or config.database_path))
    return built is None or built != read_inputs(config)


def refresh(
    config: Config, db_path: Path | None = None, progress: Progress | None = None, write_texts: bool = True
) -> Path:
    """Bring the database up to date: nothing when it is, the review alone when only the review log changed
    (no extraction: `tracker.build.review.apply_in_place`), else the whole build. Same signature as run_build."""
    path = Path(db_path or config.database_path)
    built = built_inputs(path)
    now = read_inputs(config)
    if built == now:
        return path
    if (
        built is not None
        and built.review_sha256 != OFF
        and replace(built, review_sha256=now.review_sha256) == now
    ):
        check_distinct(config, path)
        if progress:
            progress(msg("build_review"), 0.5)
        apply_in_place(config, path)
        if progress:
            progress(msg("build_done"), 1.0)
        return path
    return run_build(config, path, progress, write_texts)


def extract_sources(
    config: Config, progress: Progress | None = None, warnings: list[dict[str, object]] | None = None
) -> dict[str, list[dict[str, object]]]:
    """Rows for every table from the config's sources; raises SourceError before anything is written.
    Problems that do not stop the build (an empty source) are added to `warnings` as message keys."""
    gaz = Gazetteer.from_config(config)
    rows: dict[str, list[dict[str, object]]] = {t: [] for t in db.TABLES}
    units = incremental.configured_units(config, gaz)
    bulletins: list[dict[str, object]] = []
    total = max(len(config.sources), 1)
    for i, source in enumerate(config.sources):
        if progress:
            progress(msg("build_extracting", path=source.path), i / total)
        try:
            source_row, ex = extract_source(config, source, gaz)
        except Exception as e:  # noqa: BLE001 - recorded as tracker.build.incremental records it
            if stops_build(e):
                raise
            why = failure(e, config.language)
            rows["sources"].append(failed_row(config, source, why))
            if warnings is not None:
                warnings.append(why.warning(str(source.path)))
            continue
        if warnings is not None and not str(source_row["text"]).strip():
            warnings.append({"code": "safe.source_empty", "file": str(source.path)})
        for table in ("meetings", "commitments", "commitment_units", "figures", "mentions"):
            rows[table].extend(getattr(ex, table))
        rows["sources"].append(source_row)
        bulletins.extend(ex.evidence)
        for name, info in ex.units.items():
            units.setdefault(name, info)
    rows["units"] = [
        {"unit_id": unit_id(n), "name": n, "kind": k, "subkind": sub, "in_gazetteer": g}
        for n, (k, sub, g) in sorted(units.items(), key=lambda kv: (kv[1][0], not kv[1][2], kv[0]))
    ]
    dates = {s.source_id: s.date for s in config.sources if s.date}
    rows["evidence"] = find_evidence(
        rows["sources"],
        rows["meetings"],
        rows["commitments"],
        rows["figures"],
        rows["units"],
        rows["mentions"],
        source_dates=dates,
    )
    # what bulletins say of units and items, dated by their report when the text gives no date
    rows["evidence"] += [{**b, "date": b["date"] or dates.get(str(b["source_id"]))} for b in bulletins]
    if progress:
        progress(msg("build_writing"), 0.95)
    return rows


def run_build(
    config: Config,
    db_path: Path | None = None,
    progress: Progress | None = None,
    write_texts: bool = True,
    reviews: bool = True,
    *,
    force: bool = False,
) -> Path:
    """Bring the database up to date with the config and its sources, atomically; the old file survives any error.

    Nothing is written when the database already records exactly these inputs; `force` rebuilds anyway and
    extracts every source again (replacing its cached results). Otherwise only
    sources without results in the build cache beside the database are extracted (on every core, see
    tracker.build.incremental), cross-report evidence is matched again only where it can have changed, and the
    new file is written from the cache. The inputs are fingerprinted before anything is extracted, and the
    database records the config text this `config` was parsed from and the hash of each source's bytes as the
    extractor read them: an edit saved while the build runs (or a config that broke since it was loaded) leaves
    the result stale, so it is rebuilt next. With `write_texts`, the text derived from each .docx/.pdf/.html
    source is also kept beside it. Warnings (empty sources) are kept in build_info['warnings'] (see
    build_warnings). The review log is applied to the new file before it replaces the old one, so
    readers never see unreviewed rows (`reviews=False` for loose files that are not the config's sources)."""
    path = Path(db_path or config.database_path)
    if db_path is not None or config.config_file is None:  # a loaded config was checked when it loaded
        check_distinct(config, path)  # `--db` too may not name the config, a log or a source
    with gc_paused():
        before, keep_hashes = _read_inputs(config, review=reviews, db_path=path)
        same = not force and built_inputs(path) == before
    if same:
        keep_hashes()
        if not (cache_dir(path) / BUILT_NOTE).is_file():
            _note_built(path)
        if progress:
            progress(msg("build_up_to_date"), 1.0)
        return path
    old_db = path if path.is_file() else None

    def meta(read: dict[str, str], warnings: list[dict[str, object]]) -> dict[str, str]:
        inputs = BuildInputs(
            before.config_sha256, tuple(sorted(read.items())), review_sha256=before.review_sha256
        )
        return {
            **inputs.meta(),
            "warnings": json.dumps(warnings, ensure_ascii=False),
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "city": config.city,
        }

    def review(con: duckdb.DuckDBPyConnection, info: dict[str, str]) -> None:
        """The review log applied to the extracted rows in the new file (its build_info gains the review's)."""
        info.update(apply_in_build(con, config, old_db=old_db, enabled=reviews))

    def review_delta(con: duckdb.DuckDBPyConnection, info: dict[str, str]) -> bool:
        """The review's tables brought along with a build that writes only what changed (tracker.build.delta)."""
        found = delta.unreviewed(con, config, enabled=reviews)
        if found is not None:
            info.update(found)
        return found is not None

    incremental.build(
        config,
        path,
        RESULTS_VERSION,
        dict(before.sources),
        meta,
        progress,
        write_texts,
        fresh=force,
        after_fill=review,
        after_delta=review_delta,
    )
    keep_hashes()
    _note_built(path)
    if progress:
        progress(msg("build_done"), 1.0)
    return path


def build_warnings(info: dict[str, str]) -> list[dict[str, object]]:
    """The warnings a build recorded in its build_info (message keys with their fields)."""
    try:
        found = json.loads(info.get("warnings") or "[]")
    except json.JSONDecodeError:
        return []
    return [
        {k: InBoth.from_json(v) for k, v in w.items()}
        for w in found
        if isinstance(w, dict) and isinstance(w.get("code"), str)
    ]


def failed_sources(db_path: Path) -> tuple[int, int]:
    """(reports that failed to extract, reports) in the build of `db_path`, from what the build recorded."""
    try:
        info = db.build_info(Path(db_path))
        total = len(json.loads(info.get("sources") or "{}"))
    except (duckdb.Error, json.JSONDecodeError, KeyError):
        return 0, 0
    return sum(1 for w in build_warnings(info) if w["code"] == WARNING_CODE), total
