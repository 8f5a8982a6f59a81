"""Add report files to a project in one step: copy, enter in config.yaml, rebuild, and say what was found.

The one code path behind `python -m extract add` and the dashboard's upload page. All or nothing: the files
are read and checked, the new config is rendered and validated, and only then are the copies, the config
(with a backup of the old one) and the database written; any error on the way puts config.yaml and
data/sources/ back as they were. A dry run extracts into a temporary folder and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import pandas as pd

from extract import readers
from tracker.build.config_edit import add_sources, check_only_sources_added
from tracker.build.files import write_atomic
from tracker.build.runner import Progress, run_build, text_path
from tracker.config import Config, Source, load_config
from tracker.errors import SourceError, UserError
from tracker.i18n import Lang, format_date, kind_label, reader_label, t
from tracker.store import db, queries

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


def read_uploads(paths: Sequence[Path]) -> list[Upload]:
    """Read files named on the command line; a missing or unreadable one raises SourceError."""
    out = []
    for p in paths:
        try:
            out.append(Upload(Path(p).name, Path(p).read_bytes()))
        except FileNotFoundError:
            raise SourceError(f"{p}: file not found; check the name and the folder") from None
        except IsADirectoryError:
            raise SourceError(f"{p}: is a folder; name the report files in it") from None
        except OSError as e:
            raise SourceError(f"{p}: cannot be read ({e.strerror})") from None
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
        raise UserError("no file to add; name one or more .docx, .pdf, .html or .txt files")
    if len(uploads) > 1 and (source_id or title):
        raise UserError("--id and --title name one source; add files one at a time to give each its own")
    if source_id is not None and not _ID.match(source_id):
        raise UserError(f"--id '{source_id}' may only use letters, digits and - _ . (e.g. 2024-03-changwei)")
    if year is not None and not 1949 <= year <= 2100:
        raise UserError(f"--year {year} is not a year between 1949 and 2100")
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
        derived = readers.read_bytes(up.data, up.name)
        if derived.sha256 in known:
            raise UserError(
                f"{up.name}: this file was already added as source '{known[derived.sha256]}'; nothing was changed"
            )
        if not derived.text.strip():
            raise SourceError(f"{up.name}: no text found in the file; check that it is the right report")
        sid = source_id or _free_id(default_id(up.name, derived.sha256), taken_ids)
        if sid in taken_ids:
            raise UserError(
                f"--id '{sid}' is already used by another source in the config; choose another id"
            )
        dest = SOURCES_DIR / f"{sid}{readers.extension(derived.reader)}"
        full = config.resolve(dest)
        if full.exists() or config.resolve(text_path(dest)).exists():
            raise UserError(
                f"{up.name}: {dest} already exists in the project; choose another --id or remove the old file"
            )
        if full.resolve() in reserved:
            raise UserError(
                f"{up.name}: {dest} is the database, progress log or config file; choose another --id"
            )
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


@contextmanager
def _locked(config_path: Path) -> Iterator[None]:
    """One add at a time per project (the CLI and the upload page may race)."""
    import fcntl

    lock = config_path.with_name(f".{config_path.name}.lock")
    with open(lock, "a") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


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
    `added_by` (the signed-in administrator's account) is kept in each new config entry."""
    config_path = Path(config_path)
    if dry_run:
        return _dry_run(config_path, uploads, source_id, title, date, year, progress, build)
    with _locked(config_path):
        old_bytes = _read_config(config_path)
        config = load_config(config_path, must_exist=True)
        planned = plan(
            config, uploads, source_id=source_id, title=title, date=date, year=year, added_by=added_by
        )
        new_text = add_sources(old_bytes.decode("utf-8"), _entries(planned), config_path)
        new_config = check_only_sources_added(config, new_text, config_path, len(planned))
        backup = config_path.with_name(config_path.name + BACKUP_SUFFIX)
        old_backup = backup.read_bytes() if backup.exists() else None
        created: list[Path] = []
        try:
            for p, up in zip(planned, uploads, strict=True):
                target = config.resolve(p.dest)
                write_atomic(target, up.data)
                created.append(target)
                created.append(config.resolve(text_path(p.dest)))
            write_atomic(backup, old_bytes)
            write_atomic(config_path, new_text.encode("utf-8"))
            db_path = build(new_config, progress=progress)
        except BaseException:
            write_atomic(config_path, old_bytes)
            if old_backup is None:
                backup.unlink(missing_ok=True)
            else:
                write_atomic(backup, old_backup)
            for f in created:
                f.unlink(missing_ok=True)
            raise
        found = [findings(db_path, p.source.source_id) for p in planned]
    return AddResult(planned, found, False, config_path, backup)


def _read_config(config_path: Path) -> bytes:
    try:
        return config_path.read_bytes()
    except FileNotFoundError:
        raise UserError(
            f"{config_path}: config file not found; run the command in the project folder or pass --config"
        ) from None


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
            (None if pd.isna(r.date) else pd.Timestamp(r.date).date(), str(r.title))
            for r in f["meetings"].itertuples()
        ],
        kinds={str(r.kind): int(r.n) for r in f["kinds"].itertuples()},
        n_due=int(f["kinds"]["n_due"].sum()) if not f["kinds"].empty else 0,
        owners=[(str(r.name), int(r.n)) for r in f["owners"].itertuples()],
        figures=[figure_words(r.number_text, r.value, r.measure) for r in f["figures"].itertuples()],
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
