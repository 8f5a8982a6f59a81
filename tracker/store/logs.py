"""Opening the append-only logs where the config keeps them, and copying a log from one store to another.

`open_log(config, kind, Model)` is the one way code opens a log (progress, review …): a JSONL file (`progress.log`,
`review.log`; the default) or PostgreSQL (`logs.store: postgres`, `logs.postgres_url`), so switching stores is a
config change. `copy_log` moves the stored records between stores verbatim (`python -m tracker progress migrate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tracker.config import Config
from tracker.errors import UserError
from tracker.store.blobs import Blobs, FileBlobs
from tracker.store.logfile import JsonlLog, LogProblem, R, Record, RecordLog

# kind -> the config's JSONL path for it; in PostgreSQL the kind is the log's name
LOG_KINDS = ("progress", "review", "signoff", "extension", "reminder", "assignment")


def jsonl_path(config: Config, kind: str) -> Path:
    """The JSONL file the config names for a log kind (used by the file store, and by migration)."""
    if kind == "progress":
        return config.progress_log_path
    if kind == "review":
        return config.review_log_path
    if kind == "signoff":
        return config.resolve(config.progress.signoff_log)
    if kind == "extension":
        return config.resolve(config.progress.extension_log)
    if kind == "reminder":
        return config.resolve(config.remind.log)
    if kind == "assignment":
        return config.resolve(config.progress.assignment_log)
    raise ValueError(f"unknown log kind {kind!r}; known: {', '.join(LOG_KINDS)}")


def open_log(config: Config, kind: str, model: type[R]) -> RecordLog[R]:
    """The log of `kind` holding `model` records, in the store `logs.store` names (jsonl or postgres)."""
    path = jsonl_path(config, kind)
    if config.logs.store == "postgres":
        return postgres_log(config, kind, model)
    return JsonlLog(path, model)


def postgres_log(config: Config, kind: str, model: type[R]) -> RecordLog[R]:
    """The PostgreSQL log of `kind` at logs.postgres_url (even while logs.store is still jsonl: migration)."""
    jsonl_path(config, kind)  # an unknown kind is a programming error
    url = config.logs.postgres_url
    if not url:
        raise UserError(code="safe.migrate_no_url", file=str(config.config_file or "config.yaml"))
    from tracker.store.pglog import PostgresLog  # psycopg only where a server is configured

    return PostgresLog(url, model, kind, schema=config.logs.postgres_schema)


# --- copying between stores ------------------------------------------------------------------------


@dataclass
class CopyResult:
    """What copy_log did: records and batches copied, records left out (already in the target), bad lines."""

    copied: int = 0
    batches: int = 0
    already_there: int = 0
    bad_lines: list[LogProblem] = field(default_factory=list)


def _batch_key(obj: dict, text: str) -> str:
    b = obj.get("batch")
    return f"batch:{b}" if isinstance(b, str) else f"text:{text}"


def copy_log(
    source: RecordLog, target: RecordLog, *, append: bool = False, skip_bad: bool = False
) -> CopyResult:
    """Copy every stored record of `source` to `target` verbatim, in order, in one write (all or nothing).

    Records are copied as stored, valid or not (a record the reader skips stays visible as a problem in the
    target), so ids, batches and order are kept and a copy back gives the same bytes. A target that already
    holds records is refused unless `append`; then batches already in it (same batch id; a record without
    one by its text) are skipped, so copying twice adds nothing. Lines of the source that are not JSON objects
    cannot be stored in PostgreSQL: they stop the copy unless `skip_bad`.
    """
    got = source.raw_records()
    result = CopyResult(bad_lines=list(got.problems))
    if got.problems and not skip_bad:
        first = got.problems[0]
        raise UserError(code="safe.migrate_bad_lines", source=str(source), n=len(got.problems), first=first)
    there = target.raw_records()
    held = len(there.records) + len(there.problems)
    if held and not append:
        raise UserError(code="safe.migrate_not_empty", target=str(target), n=held)
    known = {_batch_key(r.obj, r.text) for r in there.records}
    texts: list[str] = []
    batches: set[str] = set()
    for r in got.records:
        key = _batch_key(r.obj, r.text)
        if key in known:
            result.already_there += 1
            continue
        texts.append(r.text.replace("\n", " "))  # JSON whitespace only: a line stays one line in a file
        batches.add(key)
    target.append_raw(texts)
    result.copied, result.batches = len(texts), len(batches)
    return result


def same_records(a: Sequence[Record], b: Sequence[Record]) -> bool:
    """True when two reads hold the same records in the same order (a check after copying)."""
    return [r.model_dump() for r in a] == [r.model_dump() for r in b]


def open_blobs(config: Config) -> Blobs:
    """The attachment store beside the configured logs: the folder (jsonl) or PostgreSQL (postgres); here, with
    open_log, so that choosing a store is one module's work (tracker.store.blobs and pglog stay below it)."""
    if config.logs.store == "postgres":
        from tracker.store.pglog import PostgresBlobs  # psycopg only where a server is configured

        if not config.logs.postgres_url:
            raise UserError(code="safe.migrate_no_url", file=str(config.config_file or "config.yaml"))
        return PostgresBlobs(config.logs.postgres_url, schema=config.logs.postgres_schema)
    return FileBlobs(config.resolve(config.attachments.folder))
