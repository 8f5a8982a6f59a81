"""Add report files to a project in one step: copy, enter in config.yaml, rebuild, and say what was found.

The one code path behind `python -m extract add` and the dashboard's upload page. All or nothing, even when
killed: the files are read and checked within the config's limits, the new config is rendered and validated,
the new project is built in a staging folder, and only then are the copies linked into data/sources/ and
config.yaml replaced (with a backup of the old one); an add interrupted in between is rolled back by the next
add or build (`recover`). A dry run extracts into a temporary folder and changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import pandas as pd

from extract import readers
from extract.readers.limits import read_limited
from tracker.build.config_edit import add_sources, check_only_sources_added
from tracker.build.runner import Progress, run_build
from tracker.build.sources import text_path
from tracker.config import MAX_YEAR, MIN_YEAR, Config, Limits, Source, load_config
from tracker.errors import SourceError, UserError
from tracker.i18n import Lang, format_date, kind_label, reader_label, t
from tracker.store import db, queries
from tracker.store.cache import RESULT_FILE, cache_dir
from tracker.store.files import LONG_LOCK_TIMEOUT_S, fsync_dir, locked, write_atomic

SOURCES_DIR = Path("data/sources")  # where added files are copied, relative to the config file's folder
BACKUP_SUFFIX = ".bak"
_ID = re.compile(r"^[A-Za-z0-9_.\-]+$")


@dataclass(frozen=True)
class Upload:
    """One file to add: its original name and its bytes."""

    name: str
    data: bytes


@dataclass
class Planned:
    """What adding one file does: the source entry, where the copy goes and the text its reader made."""

    upload_name: str
    source: Source
    dest: Path  # relative to the config folder
    reader: str
    text: str
    sha256: str


@dataclass
class Found:
    """What the extractor found in one added source (read back from the built database)."""

    source_id: str
    meetings: list[tuple[dt.date | None, str]] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    n_due: int = 0
    owners: list[tuple[str, int]] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)

    @property
    def n_items(self) -> int:
        return sum(self.kinds.values())


@dataclass
class AddResult:
    """The outcome of an add (or of a dry run: nothing written)."""

    planned: list[Planned]
    found: list[Found]
    dry_run: bool
    config_path: Path
    backup_path: Path | None = None


def read_uploads(paths: Sequence[Path], limits: Limits | None = None) -> list[Upload]:
    """Read files named on the command line (each refused by its size before it is read); a missing,
    unreadable or too large one raises SourceError."""
    out = []
    for p in paths:
        try:
            out.append(Upload(Path(p).name, read_limited(Path(p), str(p), limits or Limits())))
        except FileNotFoundError:
            raise SourceError(code="safe.add_not_found", file=str(p)) from None
        except IsADirectoryError:
            raise SourceError(code="safe.add_is_folder", file=str(p)) from None
        except OSError as e:
            raise SourceError(code="safe.add_unreadable", file=str(p), reason=e.strerror) from None
    return out


def default_id(name: str, sha256: str) -> str:
    """A source id from a file name: its Latin letters, digits and - _ . when they say something (a word of
    three letters or more), else 'report-' and the start of the file's hash."""
    stem = PurePath(name).stem
    slug = re.sub(r"[^A-Za-z0-9_.\-]+", "-", stem).strip("-._")[:60]
    return slug if re.search(r"[A-Za-z]{3}", slug) else f"report-{sha256[:10]}"


def plan(
    config: Config,
    uploads: Sequence[Upload],
    *,
    source_id: str | None = None,
    title: str | None = None,
    date: dt.date | None = None,
    year: int | None = None,
    added_by: str | None = None,
) -> list[Planned]:
    """Read every file and decide its id, copy and config entry; UserError for anything that would not work."""
    if not uploads:
        raise UserError(code="safe.add_no_file")
    if len(uploads) > 1 and (source_id or title):
        raise UserError(code="safe.add_id_one")
    if source_id is not None and not _ID.match(source_id):
        raise UserError(code="safe.add_bad_id", id=source_id)
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise UserError(code="safe.add_bad_year", year=year)
    taken_ids = {s.source_id for s in config.sources}
    known: dict[str, str] = {}
    for s in config.sources:
        p = config.resolve(s.path)
        if p.is_file():
            known[readers.sha256_of(p)] = s.source_id
    reserved = {config.database_path.resolve(), config.progress_log_path.resolve()}
    if config.config_file is not None:
        reserved.add(config.config_file.resolve())
    out: list[Planned] = []
    for up in uploads:
        derived = readers.read_bytes(up.data, up.name, limits=config.limits)
        if derived.sha256 in known:
            raise UserError(code="safe.add_already", file=up.name, id=known[derived.sha256])
        if not derived.text.strip():
            raise SourceError(code="safe.add_no_text", file=up.name)
        sid = source_id or _free_id(default_id(up.name, derived.sha256), taken_ids)
        if sid in taken_ids:
            raise UserError(code="safe.add_id_taken", id=sid)
        dest = SOURCES_DIR / f"{sid}{readers.extension(derived.reader)}"
        full = config.resolve(dest)
        if full.exists() or config.resolve(text_path(dest)).exists():
            raise UserError(code="safe.add_dest_exists", file=up.name, dest=dest.as_posix())
        if full.resolve() in reserved:
            raise UserError(code="safe.add_dest_reserved", file=up.name, dest=dest.as_posix())
        source = Source(
            path=dest,
            id=sid,
            title=title,
            date=date,
            year=year,
            original_name=up.name if up.name != dest.name else None,
            added_by=added_by,
        )
        out.append(Planned(up.name, source, dest, derived.reader, derived.text, derived.sha256))
        taken_ids.add(sid)
        known[derived.sha256] = sid
    return out


def _free_id(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _entries(planned: Sequence[Planned]) -> list[dict[str, object]]:
    return [
        {
            "id": p.source.id,
            "path": p.dest.as_posix(),
            "title": p.source.title,
            "date": p.source.date,
            "year": p.source.year,
            "original_name": p.source.original_name,
            "added_by": p.source.added_by,
        }
        for p in planned
    ]


def _locked(config_path: Path) -> AbstractContextManager[int]:
    """One add at a time per project (the CLI and the upload page may race); an add includes builds."""
    lock = config_path.with_name(f".{config_path.name}.lock")
    return locked(lock, timeout=LONG_LOCK_TIMEOUT_S, what=config_path)


def add_files(
    config_path: Path,
    uploads: Sequence[Upload],
    *,
    source_id: str | None = None,
    title: str | None = None,
    date: dt.date | None = None,
    year: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    build: Callable[..., Path] = run_build,
    added_by: str | None = None,
) -> AddResult:
    """Add report files to the project of `config_path` (or, with dry_run, only show what they would give);
    `added_by` (the signed-in administrator's account) is kept in each new config entry.

    All or nothing, even when the process is killed: the copies are written to a staging folder beside the
    config and the whole project is built there first (the new sources read from the staging copies); only
    when that build succeeds are the copies moved into data/sources/ and config.yaml replaced — the replace is
    the moment the add happens. A journal in the staging folder says what was moved, so an add interrupted
    between the two (a kill, a power cut) is rolled back by the next add, or by `python -m extract`
    (`recover`). Then the project's own database is rebuilt."""
    config_path = Path(config_path)
    if dry_run:
        return _dry_run(config_path, uploads, source_id, title, date, year, progress, build)
    with _locked(config_path):
        recover(config_path)
        old_bytes = _read_config(config_path)
        config = load_config(config_path, must_exist=True)
        planned = plan(
            config, uploads, source_id=source_id, title=title, date=date, year=year, added_by=added_by
        )
        new_text = add_sources(old_bytes.decode("utf-8"), _entries(planned), config_path)
        new_config = check_only_sources_added(config, new_text, config_path, len(planned))
        backup = config_path.with_name(config_path.name + BACKUP_SUFFIX)
        stage = staging_dir(config_path)
        try:
            _trial(stage, config, new_config, planned, uploads, progress, build)
            moves = [(stage / "files" / p.dest.name, config.resolve(p.dest)) for p in planned]
            moves += [
                (stage / "files" / text_path(p.dest).name, config.resolve(text_path(p.dest)))
                for p in planned
                if p.reader != "txt"  # the text read from a .docx/.pdf/.html, kept beside it
            ]
            write_atomic(
                stage / JOURNAL,
                json.dumps(
                    {
                        "config_sha256": hashlib.sha256(new_text.encode("utf-8")).hexdigest(),
                        "files": [str(dest) for _, dest in moves],
                    }
                ).encode("utf-8"),
            )
            for src, dest in moves:
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.link(src, dest)  # never replaces a file: plan() checked that none is there
            fsync_dir(config.resolve(SOURCES_DIR))
            write_atomic(backup, old_bytes)
            write_atomic(config_path, new_text.encode("utf-8"))  # the add happens here
        except BaseException:
            recover(config_path)  # roll back whatever was moved (config.yaml is still the old one)
            raise
        shutil.rmtree(stage, ignore_errors=True)
        db_path = build(new_config, progress=progress)
        found = [findings(db_path, p.source.source_id) for p in planned]
    return AddResult(planned, found, False, config_path, backup)


JOURNAL = "journal.json"


def staging_dir(config_path: Path) -> Path:
    """Where an add stages its copies and trial build: a hidden folder beside the config (same file system,
    so the copies move into data/sources/ by a link, not a copy)."""
    return config_path.with_name(f".{config_path.name}.adding")


def _trial(
    stage: Path,
    config: Config,
    new_config: Config,
    planned: Sequence[Planned],
    uploads: Sequence[Upload],
    progress: Progress | None,
    build: Callable[..., Path],
) -> None:
    """Stage the copies and build the new config on them in the staging folder; raises when it fails."""
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "files").mkdir(parents=True)
    staged = []
    for p, up in zip(planned, uploads, strict=True):
        f = stage / "files" / p.dest.name
        write_atomic(f, up.data)
        if p.reader != "txt":
            write_atomic(f.with_name(f.name + ".txt"), p.text.encode("utf-8"))
        staged.append(p.source.model_copy(update={"path": f.resolve()}))
    trial = new_config.model_copy(update={"sources": (*config.sources, *staged)})
    cache = cache_dir(config.database_path) / RESULT_FILE
    if cache.is_file():  # start from the project's build cache: only the new files are extracted
        with contextlib.suppress(OSError):
            (cache_dir(stage / "trial.duckdb")).mkdir()
            shutil.copyfile(cache, cache_dir(stage / "trial.duckdb") / RESULT_FILE)
    build(trial, stage / "trial.duckdb", progress, write_texts=False, reviews=False)


def recover_interrupted(config_path: Path) -> None:
    """`recover` under the add lock, for commands other than add (the build) that find a staging folder."""
    if staging_dir(Path(config_path)).exists():
        with _locked(Path(config_path)):
            recover(Path(config_path))


def recover(config_path: Path) -> None:
    """Finish an add that was interrupted: when config.yaml is the new one, the add happened and only the
    staging folder is left to remove; otherwise every file the journal lists is removed again (it was
    moved into data/sources/ by the add that did not finish). Called under the add lock."""
    stage = staging_dir(config_path)
    if not stage.exists():
        return
    try:
        journal = json.loads((stage / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        journal = None  # killed before anything was moved: nothing but the staging folder to remove
    if isinstance(journal, dict):
        try:
            current = hashlib.sha256(config_path.read_bytes()).hexdigest()
        except OSError:
            current = None
        if current != journal.get("config_sha256"):
            for name in journal.get("files", []):
                dest = Path(name)
                if dest.is_file() and dest.samefile(stage / "files" / dest.name):
                    dest.unlink()
    shutil.rmtree(stage, ignore_errors=True)


def _read_config(config_path: Path) -> bytes:
    try:
        return config_path.read_bytes()
    except FileNotFoundError:
        raise UserError(code="safe.add_config_missing", file=str(config_path)) from None


def _dry_run(
    config_path: Path,
    uploads: Sequence[Upload],
    source_id: str | None,
    title: str | None,
    date: dt.date | None,
    year: int | None,
    progress: Progress | None,
    build: Callable[..., Path],
) -> AddResult:
    """Extract the project plus the new files in a temporary folder: the same result, nothing changed."""
    _read_config(config_path)
    config = load_config(config_path, must_exist=True)
    planned = plan(config, uploads, source_id=source_id, title=title, date=date, year=year)
    new_text = add_sources(config_path.read_text(encoding="utf-8"), _entries(planned), config_path)
    check_only_sources_added(config, new_text, config_path, len(planned))
    with tempfile.TemporaryDirectory(prefix="tracker-add-") as tmp:
        staged = []
        for i, (p, up) in enumerate(zip(planned, uploads, strict=True)):
            f = Path(tmp) / f"{i}-{p.dest.name}"
            f.write_bytes(up.data)
            staged.append(p.source.model_copy(update={"path": f}))
        trial = config.model_copy(update={"sources": (*config.sources, *staged)})
        db_path = build(trial, Path(tmp) / "preview.duckdb", progress, write_texts=False)
        found = [findings(db_path, p.source.source_id) for p in planned]
    return AddResult(planned, found, True, config_path)


def figure_words(number_text: object, value: object, measure: object) -> str:
    """A figure as the report wrote it (12个, 不少于10场): its own text already holds the measure word."""
    if isinstance(number_text, str) and number_text.strip():
        return number_text.strip()
    return f"{value:g}" + (measure if isinstance(measure, str) else "")


def findings(db_path: Path, source_id: str) -> Found:
    """What one source yielded in a built database."""
    con = db.connect_readonly(db_path)
    try:
        f = queries.source_findings(con, source_id)
    finally:
        con.close()
    return Found(
        source_id,
        meetings=[
            (None if pd.isna(r["date"]) else pd.Timestamp(r["date"]).date(), str(r["title"]))
            for r in f["meetings"].to_dict("records")
        ],
        kinds={str(r["kind"]): int(r["n"]) for r in f["kinds"].to_dict("records")},
        n_due=int(f["kinds"]["n_due"].sum()) if not f["kinds"].empty else 0,
        owners=[(str(r["name"]), int(r["n"])) for r in f["owners"].to_dict("records")],
        figures=[
            figure_words(r["number_text"], r["value"], r["measure"]) for r in f["figures"].to_dict("records")
        ],
    )


def summary_lines(result: AddResult, lang: Lang = "zh", limit: int = 8) -> list[str]:
    """What an add did or would do, file by file: meetings, items, deadlines, figures and owners."""

    def listed(items: Sequence[str]) -> str:
        shown = list(items[:limit])
        return "、".join(shown) + (t("add.more", lang) if len(items) > limit else "")

    out: list[str] = []
    for p, f in zip(result.planned, result.found, strict=True):
        key = "add.would_add" if result.dry_run else "add.added"
        out.append(
            t(
                key,
                lang,
                id=f.source_id,
                name=p.upload_name,
                reader=reader_label(p.reader, lang),
                dest=p.dest.as_posix(),
            )
        )
        if f.meetings:
            names = [f"{format_date(d, lang) if d else ''} {title}".strip() for d, title in f.meetings]
            out.append(t("add.meetings", lang, n=len(f.meetings), list=listed(names)))
        else:
            out.append(t("add.no_meetings", lang))
        if f.n_items:
            kinds = "、".join(f"{kind_label(k, lang)} {n}" for k, n in f.kinds.items())
            out.append(t("add.items", lang, n=f.n_items, kinds=kinds, due=f.n_due))
        else:
            out.append(t("add.no_items", lang))
        if f.figures:
            out.append(t("add.figures", lang, n=len(f.figures), list=listed(f.figures)))
        if f.owners:
            out.append(t("add.owners", lang, n=len(f.owners), list=listed([f"{n} {c}" for n, c in f.owners])))
        else:
            out.append(t("add.no_owners", lang))
    if result.dry_run:
        out.append(t("add.dry_run", lang))
    else:
        backup = result.backup_path.name if result.backup_path else "-"
        out.append(t("add.written", lang, config=result.config_path.name, backup=backup))
    return out
