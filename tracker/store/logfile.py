"""Append-only record logs: the interface every log store implements, and its JSONL-file implementation.

A log holds records of one pydantic model (progress entries, review actions, …). Writers append whole batches
through a `prepare` hook that runs under the log's exclusive lock and sees the valid records read under that
lock, so derived fields (timestamps, predecessor/old values, duplicate checks) cannot race. Readers get every
valid record and a `LogProblem` for each line or batch they skipped; a bad line never stops a reader or a
writer. The PostgreSQL store (tracker/store/pglog.py) implements the same `RecordLog` protocol with the same
checks (`check_records`); tracker/store/logs.py opens the store the config names.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import uuid
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tracker.errors import UserError
from tracker.i18n import message
from tracker.store.files import fsync_dir, lock_fd

BATCH_FIELDS = ("batch", "batch_size")


class Record(BaseModel):
    """Base of a log record; `batch` and `batch_size` are set by the log when the record is written."""

    model_config = ConfigDict(extra="ignore", frozen=True)  # keys from newer versions are ignored

    batch: str | None = None
    batch_size: int | None = Field(default=None, ge=1, strict=True)


R = TypeVar("R", bound=Record)


class LogError(UserError):
    """A log cannot be read or written (permissions, a folder in the way, a full disk)."""


@dataclass(frozen=True)
class LogProblem:
    """A skipped line or batch: the file, the line (1-based) and what was wrong, worded in either language."""

    file: str
    line: int
    code: (
        str  # torn | not_utf8 | not_json | not_object | missing_field | bad_field | partial_batch | duplicate
    )
    fields: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        """The problem as one sentence naming file and line."""
        return message(f"safe.log_{self.code}", lang, file=self.file, line=self.line, **self.fields)

    def localized(self, lang: str) -> str:
        """The same sentence, when the problem is a field of another message."""
        return self.text(lang)

    def __str__(self) -> str:
        return self.text()


@dataclass
class LogRead(Generic[R]):
    """What a reader got: the valid records in log order, and every problem met on the way."""

    entries: list[R] = field(default_factory=list)
    problems: list[LogProblem] = field(default_factory=list)


Prepare = Callable[[Sequence[R]], Sequence[R]]


class RecordLog(Protocol[R]):
    """An append-only store of records: whole batches in, (valid records, problems) out."""

    def read(self) -> LogRead[R]:
        """Every valid record in order, and a problem for each skipped line or dropped batch."""
        ...

    def append_batch(self, prepare: Prepare[R]) -> list[R]:
        """Lock, read, call prepare(valid records) for the new records, write them as one batch, unlock.

        Returns the records as written (with their batch); an exception from prepare writes nothing.
        """
        ...

    def version(self) -> Hashable:
        """A value that changes whenever a record is added (a cache key); None for a log not yet written."""
        ...

    def raw_records(self) -> RawRead:
        """Every record as its stored JSON text, in order, valid or not; what cannot be a record is a problem."""
        ...

    def append_raw(self, texts: Sequence[str]) -> None:
        """Append stored JSON texts verbatim, all or nothing (copying a log between stores)."""
        ...


@dataclass(frozen=True)
class RawRecord:
    """One stored record as its JSON text (exactly as stored), with its line (file) or seq (database)."""

    line: int
    text: str
    obj: dict


@dataclass
class RawRead:
    """A log's stored records as text, and a problem for each line that is not a JSON object."""

    records: list[RawRecord] = field(default_factory=list)
    problems: list[LogProblem] = field(default_factory=list)


# --- the checks every store applies to what it read -------------------------------------------------


_FIELD_SETS: dict[frozenset[str], set[str]] = {}
_SHORT = 64  # strings up to this length are shared between records (statuses, names, batch ids, dates)


def _shared(rec: R) -> R:
    """The record holding the same set of given fields as every record that gave the same ones, and one copy of
    each short string: a reader keeps every record of a log, and 50,000 records each with its own set (2 KB)
    and strings cost hundreds of MB. Records are frozen; pydantic copies the set before it changes one."""
    given = rec.__pydantic_fields_set__
    shared = _FIELD_SETS.setdefault(frozenset(given), set(given))
    object.__setattr__(rec, "__pydantic_fields_set__", shared)
    values = rec.__dict__
    for name, value in values.items():
        if type(value) is str and len(value) <= _SHORT:
            values[name] = sys.intern(value)
    return rec


def check_record(model: type[R], name: str, line: int, obj: object) -> R | LogProblem:
    """One stored object validated against the model: the record, or the problem that skips it."""
    if not isinstance(obj, dict):
        return LogProblem(name, line, "not_object")
    try:
        return _shared(model.model_validate(obj))
    except ValidationError as e:
        err = e.errors()[0]
        where = _field_name(err["loc"])
        if err["type"] == "missing":
            return LogProblem(name, line, "missing_field", {"field": where})
        bad = {
            "field": where,
            "value": _shown(err.get("input")),
            "reason": err["msg"].removeprefix("Value error, "),
            "why": err["type"],
            "ctx": {k: v for k, v in (err.get("ctx") or {}).items() if k in ("expected", "ge", "le")},
        }
        return LogProblem(name, line, "bad_field", bad)


def whole_batches(name: str, parsed: Sequence[tuple[int, dict, R | None]], out: LogRead[R]) -> None:
    """Add the valid records of `parsed` (line, object, record or None) to `out`, dropping every record of a
    batch that has fewer records stored than its batch_size says (one problem per dropped batch)."""
    _whole(name, parsed, _batch_counts(parsed), {}, out)


def _batch_counts(parsed: Sequence[tuple[int, dict, object]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, obj, _ in parsed:
        if isinstance(obj.get("batch"), str):
            counts[obj["batch"]] = counts.get(obj["batch"], 0) + 1
    return counts


def _whole(
    name: str,
    parsed: Sequence[tuple[int, dict, R | None]],
    counts: Mapping[str, int],
    seen: dict[str, int],  # entry_id -> the line that first had it (of these rows and any before them)
    out: LogRead[R],
) -> None:
    dropped: set[str] = set()
    for n, _obj, rec in parsed:
        if rec is None:
            continue
        b, size = rec.batch, rec.batch_size
        if b is not None and size is not None and counts.get(b, 0) < size:
            if b not in dropped:
                dropped.add(b)
                out.problems.append(
                    LogProblem(name, n, "partial_batch", {"size": size, "count": counts.get(b, 0)})
                )
            continue
        entry_id = getattr(rec, "entry_id", None)
        if isinstance(entry_id, str):
            # a line copied twice (a merge of two copies of the file, a hand edit) is one entry, counted once
            if entry_id in seen:
                out.problems.append(
                    LogProblem(name, n, "duplicate", {"first": seen[entry_id], "id": entry_id})
                )
                continue
            seen[entry_id] = n
        out.entries.append(rec)


def check_records(model: type[R], name: str, rows: Sequence[tuple[int, object] | LogProblem]) -> LogRead[R]:
    """Validate decoded rows (line, object) in order; a LogProblem in `rows` (a line that did not decode) is
    reported in its place. The same checks for every store: a bad record is skipped and named, never fatal."""
    out: LogRead[R] = LogRead()
    parsed: list[tuple[int, dict, R | None]] = []
    validate_rows(model, name, rows, out.problems, parsed)
    whole_batches(name, parsed, out)
    return out


_NO_BATCH: dict = {}  # what validate_rows keeps of an object without a batch id (never changed)


def validate_rows(
    model: type[R],
    name: str,
    rows: Iterable[tuple[int, object] | LogProblem],
    problems: list[LogProblem],
    parsed: list[tuple[int, dict, R | None]],
) -> None:
    """check_records' first half: validate each row, adding its problem to `problems` and (line, object,
    record or None) to `parsed`; whole_batches then takes the batches (so a reader can keep `parsed` and
    validate only the rows added since). Of the object only its batch id is kept (one dict shared by the rows
    of a batch): a reader keeps `parsed` as long as the log, and the whole objects would double its memory."""
    last: dict = _NO_BATCH
    for row in rows:
        READ_COUNT["records"] += 1
        if isinstance(row, LogProblem):
            problems.append(row)
            continue
        n, obj = row
        if not isinstance(obj, dict):
            problems.append(LogProblem(name, n, "not_object"))
            continue
        got = check_record(model, name, n, obj)
        batch = obj.get("batch")
        if not isinstance(batch, str):
            last = _NO_BATCH
        elif last.get("batch") != batch:
            last = {"batch": batch}
        if isinstance(got, LogProblem):
            problems.append(got)
            parsed.append((n, last, None))
        else:
            parsed.append((n, last, got))


# Rows (lines or database rows) decoded and validated by every reader in this process: tests check with it that
# reading a log after an append reads only what was appended.
READ_COUNT = {"records": 0}


def record_text(rec: Record) -> str:
    """A record as the JSON text every store keeps: the model's fields in order, batch keys last, Chinese
    kept readable, a lone surrogate written as its JSON escape (so the text is valid UTF-8)."""
    d = rec.model_dump(mode="json")
    ordered = {k: v for k, v in d.items() if k not in BATCH_FIELDS}
    ordered.update({k: d.get(k) for k in BATCH_FIELDS})  # batch keys last: lines diff well
    text = json.dumps(ordered, ensure_ascii=False)
    return text.encode("utf-8", errors="backslashreplace").decode("utf-8")


def stamp_batch(model: type[R], new: Sequence[R]) -> tuple[list[R], list[str]]:
    """The records of one new batch with a fresh batch id and size, and their texts, each checked to read back
    as the model (what is written must be readable)."""
    batch = uuid.uuid4().hex
    written = [r.model_copy(update={"batch": batch, "batch_size": len(new)}) for r in new]
    texts = [record_text(r) for r in written]
    for text in texts:
        model.model_validate(json.loads(text))
    return written, texts


# --- the JSONL file ---------------------------------------------------------------------------------


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)  # appends still go to the end (O_APPEND)
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _field_name(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "?"


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


class _Ending:
    """What _write needs of the bytes already in a file (its length, whether it ends a line), without them."""

    def __init__(self, fd: int) -> None:
        self.size = os.fstat(fd).st_size
        self.newline = self.size == 0 or os.pread(fd, 1, self.size - 1) == b"\n"

    def __len__(self) -> int:
        return self.size

    def __bool__(self) -> bool:
        return self.size > 0

    def endswith(self, suffix: bytes) -> bool:
        return self.newline if suffix == b"\n" else False


_CHECK_BYTES = 4096  # how much of the file before the position reached is hashed to see it is unchanged


@dataclass(frozen=True)
class _Batches(Generic[R]):
    """whole_batches of the rows read so far, kept so that a read on checks the new rows only: their batches are
    new ones (a batch is written whole, in one append), so nothing decided about the earlier rows changes."""

    counts: Mapping[str, int] = field(default_factory=dict)
    seen: Mapping[str, int] = field(default_factory=dict)
    entries: tuple[R, ...] = ()
    problems: tuple[LogProblem, ...] = ()

    @staticmethod
    def of(name: str, parsed: Sequence[tuple[int, dict, R | None]]) -> _Batches[R]:
        """whole_batches of all these rows."""
        out: LogRead[R] = LogRead()
        counts, seen = _batch_counts(parsed), dict[str, int]()
        _whole(name, parsed, counts, seen, out)
        return _Batches(counts, seen, tuple(out.entries), tuple(out.problems))

    def extended(self, name: str, parsed: Sequence[tuple[int, dict, R | None]]) -> _Batches[R] | None:
        """These batches and the rows after them; None when a new row belongs to an earlier batch (a file
        edited by hand): then every row is checked again."""
        counts = _batch_counts(parsed)
        if any(b in self.counts for b in counts):
            return None
        out: LogRead[R] = LogRead()
        seen = dict(self.seen)
        _whole(name, parsed, counts, seen, out)
        return _Batches(
            {**self.counts, **counts},
            seen,
            self.entries + tuple(out.entries),
            self.problems + tuple(out.problems),
        )


@dataclass(frozen=True)
class _Tail(Generic[R]):
    """How far this process has read a JSONL log: the file (device, inode), the bytes and lines read (whole
    lines), a hash of the bytes just before that position, and the rows validated so far."""

    ino: tuple[int, int]
    offset: int = 0
    lines: int = 0
    check: bytes = b""
    problems: tuple[LogProblem, ...] = ()
    parsed: tuple[tuple[int, dict, R | None], ...] = ()
    batches: _Batches[R] = field(default_factory=_Batches)  # whole_batches of `parsed`

    def still_there(self, fd: int, size: int) -> bool:
        """True when the file still holds what was read: at least as long, same bytes before the position."""
        if size < self.offset:
            return False
        start = max(0, self.offset - _CHECK_BYTES)
        return hashlib.sha256(os.pread(fd, self.offset - start, start)).digest() == self.check

    def grown(
        self, model: type[R], name: str, rows: Iterable[tuple[int, object] | LogProblem], done: bytes, fd: int
    ) -> _Tail[R]:
        """This position moved past `done` (whole lines of the file behind `fd`), its rows validated and added."""
        if not done:
            return self
        problems: list[LogProblem] = []
        parsed: list[tuple[int, dict, R | None]] = []
        validate_rows(model, name, rows, problems, parsed)
        batches = self.batches.extended(name, parsed) or _Batches.of(name, self.parsed + tuple(parsed))
        offset = self.offset + len(done)
        start = max(0, offset - _CHECK_BYTES)
        return _Tail(
            self.ino,
            offset,
            self.lines + done.count(b"\n"),
            hashlib.sha256(os.pread(fd, offset - start, start)).digest(),
            self.problems + tuple(problems),
            self.parsed + tuple(parsed),
            batches,
        )


# keyed by (file, model): the tail stored under a model holds records of that model
_TAILS: dict[tuple[str, type], _Tail[Any]] = {}
_TAIL_LOCK = threading.Lock()


class JsonlLog(Generic[R]):
    """A RecordLog in a JSONL file: one record per line, flock, fsync, whole batches, lines validated."""

    def __init__(self, path: Path | str, model: type[R]) -> None:
        self.path = Path(path)
        self.model = model

    # reading

    def read(self) -> LogRead[R]:
        """Every valid record (shared lock, so a batch being written is not seen half-done). Only the lines added
        since this process last read the file are decoded (see _Tail); a file rewritten or edited by hand is
        read from the start."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return LogRead()
        except IsADirectoryError:
            raise LogError(code="safe.log_is_folder", file=str(self.path)) from None
        except OSError as e:
            raise LogError(code="safe.log_cannot_read", file=str(self.path), reason=e.strerror) from None
        try:
            lock_fd(fd, exclusive=False)
            return self._read_fd(fd)
        except IsADirectoryError:
            raise LogError(code="safe.log_is_folder", file=str(self.path)) from None
        finally:
            os.close(fd)

    def _read_fd(self, fd: int) -> LogRead[R]:
        """parse() of the whole file behind `fd` (locked by the caller), decoding only the complete lines added
        since the last read whose prefix is unchanged: same file, at least as long, and the same bytes just
        before the position reached (a hash of the last line read). Anything else is a full read."""
        st = os.fstat(fd)
        key = (str(self.path), self.model)
        with _TAIL_LOCK:
            tail: _Tail[R] | None = _TAILS.get(key)
        if tail is None or tail.ino != (st.st_dev, st.st_ino) or not tail.still_there(fd, st.st_size):
            tail = _Tail((st.st_dev, st.st_ino))
        data = os.pread(fd, st.st_size - tail.offset, tail.offset) if st.st_size > tail.offset else b""
        end = data.rfind(b"\n") + 1  # whole lines only: an unterminated last line is read again next time
        done, rest = data[:end], data[end:]
        rows = (r if isinstance(r, LogProblem) else (r[0], r[2]) for r in self._scan(done, tail.lines))
        grown = tail.grown(self.model, str(self.path), rows, done, fd)
        with _TAIL_LOCK:
            _TAILS[key] = grown
            while len(_TAILS) > 32:
                _TAILS.pop(next(iter(_TAILS)))
        problems = list(grown.problems)
        if not rest.strip():  # whole lines only: the batches checked as far as they were read
            return LogRead(list(grown.batches.entries), problems + list(grown.batches.problems))
        parsed = list(grown.parsed)
        more = [r if isinstance(r, LogProblem) else (r[0], r[2]) for r in self._scan(rest, grown.lines)]
        validate_rows(self.model, str(self.path), more, problems, parsed)
        out: LogRead[R] = LogRead(problems=problems)
        whole_batches(str(self.path), parsed, out)
        return out

    def _read_bytes(self) -> bytes:
        """The whole file, read under a shared lock; empty when it does not exist."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return b""
        except IsADirectoryError:
            raise LogError(code="safe.log_is_folder", file=str(self.path)) from None
        except OSError as e:
            raise LogError(code="safe.log_cannot_read", file=str(self.path), reason=e.strerror) from None
        try:
            lock_fd(fd, exclusive=False, what=self.path)
            return _read_all(fd)
        except IsADirectoryError:
            raise LogError(code="safe.log_is_folder", file=str(self.path)) from None
        finally:
            os.close(fd)

    def _scan(self, data: bytes, before: int = 0) -> Iterator[tuple[int, str, object] | LogProblem]:
        """Decode every non-blank line: (line number, text, JSON value), or the problem that skips it; `data`
        starts after line `before`. One line at a time: a reader validating as it goes holds one decoded line."""
        name = str(self.path)
        lines = data.split(b"\n")
        last = len(lines) if data.endswith(b"\n") else len(lines) - 1  # index of an unterminated line
        for i, raw in enumerate(lines):
            n = before + i + 1
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield LogProblem(name, n, "torn" if i == last else "not_utf8")
                continue
            text = text.lstrip("\ufeff")
            try:
                obj = json.loads(text)
            except (json.JSONDecodeError, RecursionError):
                yield LogProblem(name, n, "torn" if i == last else "not_json")
                continue
            yield (n, text, obj)

    def parse(self, data: bytes) -> LogRead[R]:
        """Validate every line of the file's bytes; skip (and report) bad lines and incomplete batches."""
        rows = [r if isinstance(r, LogProblem) else (r[0], r[2]) for r in self._scan(data)]
        return check_records(self.model, str(self.path), rows)

    def version(self) -> Hashable:
        """The file's identity and size and time of change; None while it does not exist."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (str(self.path), st.st_ino, st.st_mtime_ns, st.st_size)

    def __str__(self) -> str:
        return str(self.path)

    def raw_records(self) -> RawRead:
        """Every line that is a JSON object, as its text (valid for the model or not); other lines are problems."""
        data = self._read_bytes()
        out = RawRead()
        for row in self._scan(data):
            if isinstance(row, LogProblem):
                out.problems.append(row)
            elif not isinstance(row[2], dict):
                out.problems.append(LogProblem(str(self.path), row[0], "not_object"))
            else:
                out.records.append(RawRecord(row[0], row[1], row[2]))
        return out

    # writing

    @contextmanager
    def _open_locked(self) -> Iterator[tuple[int, bool]]:
        path = self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd, created = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o644), True
            except FileExistsError:
                fd, created = os.open(path, os.O_RDWR | os.O_APPEND), False
        except IsADirectoryError:
            raise LogError(code="safe.log_is_folder", file=str(path)) from None
        except OSError as e:
            raise LogError(code="safe.log_cannot_open", file=str(path), reason=e.strerror) from None
        try:
            lock_fd(fd, exclusive=True, what=path)
            yield fd, created
        finally:
            os.close(fd)  # closing releases the lock

    def _write(self, fd: int, existing: bytes | _Ending, texts: Sequence[str], created: bool) -> None:
        """Write the lines with one write and fsync, under the lock held by the caller; take them back on failure."""
        payload = "".join(t + "\n" for t in texts).encode("utf-8")
        if existing and not existing.endswith(b"\n"):
            payload = b"\n" + payload  # an interrupted earlier write stays on its own (skipped) line
        try:
            view = memoryview(payload)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            os.fsync(fd)
        except OSError as e:
            try:
                os.ftruncate(fd, len(existing))  # take back a partial batch while still holding the lock
            except OSError:
                pass  # the reader drops the partial batch anyway
            raise LogError(code="safe.log_cannot_write", file=str(self.path), reason=e.strerror) from None
        if created:
            fsync_dir(self.path.parent)

    def append_batch(self, prepare: Prepare[R]) -> list[R]:
        """Write the records prepare() returns as one batch, all under the exclusive lock; see RecordLog."""
        with self._open_locked() as (fd, created):
            current = self._read_fd(fd)  # only what was added since this process last read the file
            new = list(prepare(current.entries))
            if not new:
                return []
            written, texts = stamp_batch(self.model, new)
            self._write(fd, _Ending(fd), texts, created)
        return written

    def append_raw(self, texts: Sequence[str]) -> None:
        """Append JSON texts verbatim as lines, all at once under the lock (copying from another store)."""
        if not texts:
            return
        with self._open_locked() as (fd, created):
            self._write(fd, _read_all(fd), texts, created)
