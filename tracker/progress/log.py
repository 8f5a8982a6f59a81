"""The append-only progress log: one JSON object per line under data/, locked, fsynced and never rewritten."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tracker.errors import UserError
from tracker.i18n import Lang, Msg, localize, msg, t

STATUSES = ("未启动", "推进中", "已完成", "滞后")
NO_REPORT = "未填报"
SOURCES = ("form", "cli", "import")
LOG_VERSION = 1
# Order of keys in each log line (stable, so the file diffs well).
LOG_FIELDS = (
    "v",
    "entry_id",
    "commitment_id",
    "status",
    "percent",
    "as_of",
    "note",
    "evidence",
    "entered_by",
    "entered_at",
    "source",
    "old_status",
    "old_percent",
    "old_as_of",
    "old_entry_id",
    "batch",
    "batch_size",
)
STATUS_ALIASES = {
    "not started": "未启动",
    "not_started": "未启动",
    "in progress": "推进中",
    "in_progress": "推进中",
    "ongoing": "推进中",
    "done": "已完成",
    "completed": "已完成",
    "complete": "已完成",
    "late": "滞后",
    "behind": "滞后",
    "delayed": "滞后",
}
MAX_NOTE = 2000
MAX_EVIDENCE = 500


class LogError(UserError):
    """The progress log cannot be read or written (permissions, a folder in the way)."""


# --- validation shared by the form, the CLI and imports -------------------------------------------


@dataclass(frozen=True)
class Update:
    """One progress report a person makes about one commitment."""

    commitment_id: str
    status: str
    percent: float
    as_of: dt.date
    note: str = ""
    evidence: str = ""
    entered_by: str = ""


@dataclass(frozen=True)
class Problem:
    """What is wrong with one value: the column, the value as given and how to fix it."""

    column: str  # as the file's header named it (imports), else the field name
    value: str
    reason: Msg | str  # rendered in the reader's language
    row: int | None = None

    def localized(self, lang: Lang | None = None) -> str:
        """The problem in `lang`: row, column, value and reason."""
        shown = f" {self.value!r}" if self.value != "" else ""
        key = "problem_row" if self.row is not None else "problem"
        return t(key, lang, row=self.row, column=self.column, value=shown, reason=localize(self.reason, lang))

    def __str__(self) -> str:
        return self.localized()


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and v.strip() == "")


def _text(v: object) -> str:
    if _blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def parse_status(v: object) -> str | None:
    """The canonical status for a value (Chinese, or an English alias), or None."""
    s = _text(v)
    if s in STATUSES:
        return s
    return STATUS_ALIASES.get(s.lower())


def parse_percent(v: object) -> float | None:
    """A percentage from 50, 50.0, '50', '50%' or '５０％'; None when it is not a number."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return None if v != v else float(v)
    s = _text(v).translate({0xFF05: "%", **{0xFF10 + i: str(i) for i in range(10)}, 0xFF0E: "."})
    s = s.removesuffix("%").strip()
    try:
        return float(s)
    except ValueError:
        return None


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(v: object) -> dt.date | None:
    """A date from a date/datetime, '2024-03-01', '2024/3/1', '2024.3.1' or '2024年3月1日'; else None."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = _text(v)
    s = re.sub(r"[ T]00:00(:00)?$", "", s)
    m = _DATE.match(s)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def check_values(
    values: Mapping[str, object],
    known_ids: Iterable[str] | None = None,
    today: dt.date | None = None,
    row: int | None = None,
) -> tuple[Update | None, list[Problem]]:
    """Validate one update's raw values; return the Update, or None and every problem found."""
    today = today or dt.date.today()
    probs: list[Problem] = []

    def bad(col: str, reason: Msg) -> None:
        probs.append(Problem(col, _text(values.get(col)), reason, row))

    cid = _text(values.get("commitment_id"))
    if not cid:
        bad("commitment_id", msg("rsn_cid_empty"))
    elif known_ids is not None and cid not in set(known_ids):
        bad("commitment_id", msg("rsn_cid_unknown"))
    status = parse_status(values.get("status"))
    if status is None:
        if _blank(values.get("status")):
            bad("status", msg("rsn_status_empty", statuses="/".join(STATUSES)))
        else:
            bad("status", msg("rsn_status_bad", statuses="/".join(STATUSES)))
    raw_pct = values.get("percent")
    pct: float | None
    if _blank(raw_pct):
        pct = {"已完成": 100.0, "未启动": 0.0}.get(status or "")
        if pct is None and status is not None:
            bad("percent", msg("rsn_percent_empty", status=status))
    else:
        pct = parse_percent(raw_pct)
        if pct is None:
            bad("percent", msg("rsn_percent_nan"))
        elif not 0 <= pct <= 100:
            bad("percent", msg("rsn_percent_range"))
            pct = None
    if status == "已完成" and pct is not None and pct != 100:
        bad("percent", msg("rsn_percent_done"))
    if status == "未启动" and pct not in (None, 0.0):
        bad("percent", msg("rsn_percent_not_started"))
    as_of = parse_date(values.get("as_of"))
    if as_of is None:
        if _blank(values.get("as_of")):
            bad("as_of", msg("rsn_as_of_empty"))
        else:
            bad("as_of", msg("rsn_as_of_bad"))
    elif as_of > today:
        bad("as_of", msg("rsn_as_of_future", today=today.isoformat()))
    note = _text(values.get("note"))
    if len(note) > MAX_NOTE:
        bad("note", msg("rsn_note_long", n=len(note), max=MAX_NOTE))
    evidence = _text(values.get("evidence"))
    if len(evidence) > MAX_EVIDENCE:
        bad("evidence", msg("rsn_evidence_long", n=len(evidence), max=MAX_EVIDENCE))
    elif evidence and re.search(r"\s", evidence):
        bad("evidence", msg("rsn_evidence_spaces"))
    who = _text(values.get("entered_by"))
    if probs:
        return None, probs
    assert status is not None and pct is not None and as_of is not None
    return Update(cid, status, pct, as_of, note, evidence, who), []


# --- the log file ----------------------------------------------------------------------------------


@contextmanager
def _locked_append(path: Path) -> Iterator[int]:
    """Open the log for appending under an exclusive lock held until the block ends."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as e:
        raise LogError(
            f"{path}: cannot open the progress log for writing ({e.strerror}); check the folder"
        ) from None
    try:
        _lock(fd, path)
        yield fd
    finally:
        os.close(fd)  # closing releases the lock


def _lock(fd: int, path: Path) -> None:
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
    except ImportError:  # Windows: lock the first byte (blocking, retried by msvcrt)
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)  # appends still go to the end (O_APPEND)
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _fsync_dir(path: Path) -> None:
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def _line(entry: Mapping[str, object]) -> bytes:
    return (json.dumps({k: entry.get(k) for k in LOG_FIELDS}, ensure_ascii=False) + "\n").encode("utf-8")


def append_updates(
    path: Path,
    updates: Sequence[Update],
    *,
    source: str,
    entered_by: str = "",
    now: dt.datetime | None = None,
) -> list[dict]:
    """Append updates as one batch (all or nothing): lock, record old values, write once, fsync."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    if not updates:
        return []
    path = Path(path)
    now = (now or dt.datetime.now(dt.UTC)).astimezone()
    batch = uuid.uuid4().hex
    created = not path.exists()
    with _locked_append(path) as fd:
        existing = _read_all(fd)
        latest = {}
        for e in _parse(existing.decode("utf-8", errors="replace"), path).entries:
            prev = latest.get(e["commitment_id"])
            if prev is None or _order_key(e) >= _order_key(prev):
                latest[e["commitment_id"]] = e
        entries: list[dict] = []
        for u in updates:
            prev = latest.get(u.commitment_id)
            entry = {
                "v": LOG_VERSION,
                "entry_id": uuid.uuid4().hex,
                "commitment_id": u.commitment_id,
                "status": u.status,
                "percent": float(u.percent),
                "as_of": u.as_of.isoformat(),
                "note": u.note,
                "evidence": u.evidence,
                "entered_by": u.entered_by or entered_by,
                "entered_at": now.isoformat(timespec="seconds"),
                "source": source,
                "old_status": prev["status"] if prev else None,
                "old_percent": prev["percent"] if prev else None,
                "old_as_of": prev["as_of"] if prev else None,
                "old_entry_id": prev["entry_id"] if prev else None,
                "batch": batch,
                "batch_size": len(updates),
            }
            entries.append(entry)
            if prev is None or _order_key(entry) >= _order_key(prev):
                latest[u.commitment_id] = entry
        payload = b"".join(_line(e) for e in entries)
        if existing and not existing.endswith(b"\n"):
            payload = b"\n" + payload  # an interrupted earlier write stays on its own (ignored) line
        try:
            view = memoryview(payload)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            os.fsync(fd)
        except OSError as e:
            raise LogError(
                f"{path}: could not write the progress log ({e.strerror}); nothing new was saved"
            ) from None
    if created:
        _fsync_dir(path)
    return entries


def _order_key(e: Mapping[str, object]) -> tuple[str, str]:
    return (str(e["as_of"]), str(e["entered_at"]))


@dataclass
class LogContents:
    """The entries of the log that are complete and well formed, and notes about lines that were skipped."""

    entries: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _parse(text: str, path: Path) -> LogContents:
    out = LogContents()
    rows: list[tuple[int, dict]] = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            out.problems.append(
                f"{path}: line {n} is not a complete entry (an interrupted write?); it is ignored"
            )
            continue
        if not isinstance(obj, dict) or not {"entry_id", "commitment_id", "status", "as_of"} <= obj.keys():
            out.problems.append(f"{path}: line {n} lacks the fields of a progress entry; it is ignored")
            continue
        rows.append((n, obj))
    counts: dict[str, int] = {}
    for _, obj in rows:
        counts[str(obj.get("batch"))] = counts.get(str(obj.get("batch")), 0) + 1
    dropped: set[str] = set()
    for n, obj in rows:
        b = str(obj.get("batch"))
        size = obj.get("batch_size")
        if obj.get("batch") and isinstance(size, int) and counts[b] < size:
            if b not in dropped:
                out.problems.append(
                    f"{path}: line {n} belongs to a batch of {size} entries of which only {counts[b]} "
                    "were written (an interrupted import?); the whole batch is ignored, import it again"
                )
                dropped.add(b)
            continue
        out.entries.append(obj)
    return out


def read_log(path: Path) -> LogContents:
    """Every complete entry in the log, in file order; a missing log means no entries."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return LogContents()
    except OSError as e:
        raise LogError(f"{path}: cannot read the progress log ({e.strerror})") from None
    return _parse(data.decode("utf-8", errors="replace"), path)


ENTRY_COLUMNS = [f for f in LOG_FIELDS if f != "v"]


def entries_frame(entries: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """Entries as a DataFrame with dates parsed, oldest first (by as_of, then when entered)."""
    df = pd.DataFrame([{c: e.get(c) for c in ENTRY_COLUMNS} for e in entries], columns=ENTRY_COLUMNS)
    df["percent"] = pd.to_numeric(df["percent"], errors="coerce").astype("float64")
    df["old_percent"] = pd.to_numeric(df["old_percent"], errors="coerce").astype("float64")
    df["as_of"] = pd.to_datetime(df["as_of"], errors="coerce").dt.date
    df = df.sort_values(["as_of", "entered_at"], kind="stable").reset_index(drop=True)
    return df


def latest_by_commitment(entries: pd.DataFrame) -> pd.DataFrame:
    """Each reported commitment's current official entry: latest as_of, then latest entered."""
    if entries.empty:
        return entries.copy()
    counts = entries.groupby("commitment_id").size().rename("n_updates")
    last = entries.drop_duplicates("commitment_id", keep="last").set_index("commitment_id")
    return last.join(counts).reset_index()


def history(entries: pd.DataFrame, commitment_id: str) -> pd.DataFrame:
    """All entries for one commitment, oldest first, with who, when, old and new values."""
    return entries[entries["commitment_id"] == commitment_id].reset_index(drop=True)
