"""Build the database from the config: extract every source, find evidence, then write the file atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import extract
from extract import readers
from extract.evidence import find_evidence
from extract.pipeline import Extraction, extract_text, unit_id
from extract.units import Gazetteer
from tracker.build.files import write_atomic
from tracker.config import Config, Source
from tracker.store import db

Progress = Callable[[str, float], None]


def _code_version() -> str:
    """Hash of the extractor's and the build's own source: a database built by older code counts as stale."""
    h = hashlib.sha256()
    for folder in (Path(extract.__file__).parent, Path(__file__).parent):
        for f in sorted(folder.rglob("*.py")):
            h.update(str(f.relative_to(folder)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


EXTRACTOR_VERSION = _code_version()


def _config_hash(config: Config) -> str:
    f = config.config_file
    return hashlib.sha256(f.read_bytes()).hexdigest() if f and f.exists() else "defaults"


def _source_hashes(config: Config) -> dict[str, str]:
    out = {}
    for s in config.sources:
        p = config.resolve(s.path)
        out[s.source_id] = hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else "missing"
    return out


def is_stale(config: Config, db_path: Path | None = None) -> bool:
    """True when the database is missing or was built from another config, sources or extractor."""
    path = Path(db_path or config.database_path)
    if not path.exists():
        return True
    try:
        info = db.build_info(path)
    except Exception:  # an unreadable or foreign file is rebuilt
        return True
    return (
        info.get("schema_version") != str(db.SCHEMA_VERSION)
        or info.get("extractor_version") != EXTRACTOR_VERSION
        or info.get("config_sha256") != _config_hash(config)
        or info.get("sources") != json.dumps(_source_hashes(config), sort_keys=True)
    )


def extract_sources(config: Config, progress: Progress | None = None) -> dict[str, list[dict[str, object]]]:
    """Rows for every table from the config's sources; raises SourceError before anything is written."""
    gaz = Gazetteer.from_config(config)
    rows: dict[str, list[dict[str, object]]] = {t: [] for t in db.TABLES}
    units: dict[str, tuple[str, str, bool]] = {}
    for t in config.towns:
        units[t.name] = ("town", t.kind, True)
    for d in config.departments:
        units[d.name] = ("department", gaz.lookup(d.name)[2], True)  # type: ignore[index]
    total = max(len(config.sources), 1)
    for i, source in enumerate(config.sources):
        if progress:
            progress(f"extracting {source.path}", i / total)
        source_row, ex = extract_source(config, source, gaz)
        for table in ("meetings", "commitments", "commitment_units", "figures", "mentions"):
            rows[table].extend(getattr(ex, table))
        rows["sources"].append(source_row)
        for name, info in ex.units.items():
            units.setdefault(name, info)
    rows["units"] = [
        {"unit_id": unit_id(n), "name": n, "kind": k, "subkind": sub, "in_gazetteer": g}
        for n, (k, sub, g) in sorted(units.items(), key=lambda kv: (kv[1][0], not kv[1][2], kv[0]))
    ]
    dates = {s.source_id: s.date for s in config.sources if s.date}
    tables = ("sources", "meetings", "commitments", "figures", "units", "mentions")
    rows["evidence"] = find_evidence(*(rows[t] for t in tables), source_dates=dates)
    if progress:
        progress("writing database", 0.95)
    return rows


def extract_source(config: Config, source: Source, gaz: Gazetteer) -> tuple[dict[str, object], Extraction]:
    """Read and extract one configured source: its `sources` row and everything found in it."""
    path = config.resolve(source.path)
    derived = readers.read_file(path, source.encoding)
    ex = extract_text(derived.text, source.source_id, gaz, year=source.year, published=source.date)
    row = {
        "source_id": source.source_id,
        "path": str(source.path),
        "sha256": derived.sha256,
        "title": source.title or _first_line(derived.text),
        "encoding": derived.encoding,
        "text": derived.text,
        "reader": derived.reader,
        "original_name": source.original_name or path.name,
        "text_path": None if derived.reader == "txt" else str(text_path(source.path)),
    }
    return row, ex


def text_path(path: Path) -> Path:
    """Where the text derived from a .docx, .pdf or .html source is kept: beside it, as <name>.txt."""
    return path.with_name(path.name + ".txt")


def write_derived_texts(config: Config, source_rows: list[dict[str, object]]) -> None:
    """Write each derived text beside its original (atomically; unchanged files are left alone)."""
    for row in source_rows:
        if not row.get("text_path"):
            continue
        target = config.resolve(Path(str(row["text_path"])))
        data = str(row["text"]).encode("utf-8")
        if target.exists() and target.read_bytes() == data:
            continue
        write_atomic(target, data)


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line[:60]
    return None


def run_build(
    config: Config, db_path: Path | None = None, progress: Progress | None = None, write_texts: bool = True
) -> Path:
    """Extract all sources and atomically replace the database; the old file survives any error.

    With `write_texts`, the text derived from each .docx/.pdf/.html source is also kept beside it."""
    path = Path(db_path or config.database_path)
    rows = extract_sources(config, progress)
    if write_texts:
        write_derived_texts(config, rows["sources"])
    meta = {
        "extractor_version": EXTRACTOR_VERSION,
        "config_sha256": _config_hash(config),
        "sources": json.dumps(_source_hashes(config), sort_keys=True),
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "city": config.city,
    }
    db.write_database(path, rows, meta)
    if progress:
        progress("done", 1.0)
    return path
