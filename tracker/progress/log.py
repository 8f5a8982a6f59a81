"""The progress log: update checks shared by form, CLI and import, and the entries in their RecordLog (a JSONL
file or PostgreSQL, as the config says: `open_progress_log`)."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, TypeGuard

import pandas as pd
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from tracker.config import Config
from tracker.errors import UserError
from tracker.i18n import Lang, Msg, localize, msg, t
from tracker.progress.attachments import Attachment
from tracker.store.logfile import BATCH_FIELDS, JsonlLog, LogProblem, Record, RecordLog
from tracker.store.logfile import LogError as LogError  # re-exported: callers catch it from here
from tracker.store.logs import open_log
from tracker.vocabulary import ENTRY_STATUSES

STATUSES = ENTRY_STATUSES
SOURCES = ("form", "cli", "import")
Source = Literal["form", "cli", "import"]
Status = Literal["未启动", "推进中", "已完成", "滞后"]  # the words of STATUSES, for the type checker
LOG_VERSION = 1
STATUS_ALIASES: dict[str, Status] = {
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


# --- validation shared by the form, the CLI and imports -------------------------------------------


@dataclass(frozen=True)
class Update:
    """One progress report a person makes about one commitment."""

    commitment_id: str
    status: Status
    percent: float
    as_of: dt.date
    note: str = ""
    evidence: str = ""
    reported_by: str = ""  # who the file or form says reported it (free text, not the writer)
    attachments: tuple[Attachment, ...] = ()  # checked files (tracker.progress.attachments), already stored


@dataclass(frozen=True)
class Problem:
    """What is wrong with one value: the column, the value as given and how to fix it (a message of
    tracker.i18n, shown in the reader's language)."""

    column: str  # as the file's header named it (imports), else the field name
    value: str
    reason: Msg | str  # rendered in the reader's language
    row: int | None = None

    def reason_text(self, lang: Lang | None = None) -> str:
        """What is wrong and how to fix it, in `lang`."""
        return localize(self.reason, lang)

    def localized(self, lang: Lang | None = None) -> str:
        """The problem in `lang`: row, column, value and reason."""
        shown = f" {self.value!r}" if self.value != "" else ""
        key = "problem_row" if self.row is not None else "problem"
        return t(key, lang, row=self.row, column=self.column, value=shown, reason=self.reason_text(lang))

    def text(self, lang: Lang | None = None) -> str:
        """The problem in `lang` (the same as localized)."""
        return self.localized(lang)

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


def _is_status(s: str) -> TypeGuard[Status]:
    """True for a status a progress entry may state."""
    return s in STATUSES


def parse_status(v: object) -> Status | None:
    """The canonical status for a value (Chinese, or an English alias), or None."""
    s = _text(v)
    if _is_status(s):
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
    who = _text(values.get("reported_by")) or _text(values.get("entered_by"))
    if probs:
        return None, probs
    assert status is not None and pct is not None and as_of is not None
    return Update(cid, status, pct, as_of, note, evidence, who), []


# --- the log file ---------------------------------------------------------------------------------


def _text_or_empty(v: object) -> object:
    return "" if v is None else v


def _iso_date(v: object) -> str:
    try:
        if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            return dt.date.fromisoformat(v).isoformat()
    except ValueError:
        pass
    raise PydanticCustomError("iso_date", "must be a date written YYYY-MM-DD")


def _iso_time(v: object) -> str:
    try:
        if isinstance(v, str):
            dt.datetime.fromisoformat(v)
            return v
    except ValueError:
        pass
    raise PydanticCustomError("iso_time", "must be a time written like 2024-06-02T09:15:00+08:00")


Text = Annotated[str, BeforeValidator(_text_or_empty)]
IsoDate = Annotated[str, BeforeValidator(_iso_date)]
IsoTime = Annotated[str, BeforeValidator(_iso_time)]
Percent = Annotated[float, Field(ge=0, le=100, strict=True, allow_inf_nan=False)]


class ProgressEntry(Record):
    """One line of the progress log; the field order is the order of keys in the file."""

    v: int = Field(default=LOG_VERSION, ge=1, strict=True)
    entry_id: str = Field(min_length=1)
    commitment_id: str = Field(min_length=1)
    status: Status
    percent: Percent
    as_of: IsoDate
    note: Text = ""
    evidence: Text = ""
    entered_by: Text = ""  # who wrote it (the signed-in user the caller names)
    reported_by: Text = ""  # free text from an import's 填报人 column; never the writer's identity
    entered_at: IsoTime
    source: Source
    import_sha256: str | None = None  # the imported file's content hash (re-imports are refused)
    # for a 已完成 entry: true when it waits for an administrator's 销号 (progress.require_signoff, a unit's
    # account); false when none was needed; absent in entries written before sign-off existed (count as done)
    needs_signoff: bool | None = None
    attachments: tuple[Attachment, ...] = ()  # 佐证材料: hash, name, size, type (bytes in the blob store)
    old_status: Status | None = None
    old_percent: Percent | None = None
    old_as_of: IsoDate | None = None
    old_entry_id: str | None = None


LOG_FIELDS = tuple([f for f in ProgressEntry.model_fields if f not in BATCH_FIELDS] + list(BATCH_FIELDS))


class AlreadyImported(UserError):
    """The same file (by content) is already in the log; importing it again needs an explicit 'again'."""


# Where entries go: an opened log, or a path, meaning that JSONL file (tests, `progress --log FILE`)
LogTarget = RecordLog[ProgressEntry] | Path | str


def progress_log(target: LogTarget) -> RecordLog[ProgressEntry]:
    """The progress log `target` names: a path is a JSONL file of ProgressEntry; an opened log is itself."""
    if isinstance(target, (str, os.PathLike)):
        return JsonlLog(Path(target), ProgressEntry)
    return target


def open_progress_log(config: Config) -> RecordLog[ProgressEntry]:
    """The progress log where the config keeps it (JSONL file or PostgreSQL): what every caller writes to."""
    return open_log(config, "progress", ProgressEntry)


def _latest(entries: Iterable[ProgressEntry]) -> dict[str, ProgressEntry]:
    latest: dict[str, ProgressEntry] = {}
    for e in entries:
        prev = latest.get(e.commitment_id)
        if prev is None or _order_key(e) >= _order_key(prev):
            latest[e.commitment_id] = e
    return latest


def append_updates(
    log: LogTarget,
    updates: Sequence[Update],
    *,
    source: Source,
    entered_by: str = "",
    now: dt.datetime | None = None,
    import_sha256: str | None = None,
    import_name: str = "",
    again: bool = False,
    needs_signoff: bool = False,
) -> list[dict]:
    """Append updates as one batch (all or nothing); `entered_by` names the writer; `needs_signoff` marks its
    已完成 entries as waiting for an administrator's 销号 (tracker.progress.signoff.needs_signoff).

    Under the log's lock: refuse a file already imported (same `import_sha256`) unless `again`, take the
    time, and record the old values each update replaces, from the entries valid at that moment.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    if not updates:
        return []

    def prepare(current: Sequence[ProgressEntry]) -> list[ProgressEntry]:
        if import_sha256 and not again:
            earlier = next((e for e in current if e.import_sha256 == import_sha256), None)
            if earlier is not None:
                raise AlreadyImported(
                    code="safe.import_again",
                    file=import_name or "?",
                    when=earlier.entered_at[:16].replace("T", " "),
                    by=earlier.entered_by or "?",
                )
        stamp = (now or dt.datetime.now(dt.UTC)).astimezone().isoformat(timespec="seconds")
        latest = _latest(current)
        out: list[ProgressEntry] = []
        for u in updates:
            prev = latest.get(u.commitment_id)
            entry = ProgressEntry(
                entry_id=uuid.uuid4().hex,
                commitment_id=u.commitment_id,
                status=u.status,
                percent=float(u.percent),
                as_of=u.as_of.isoformat(),
                note=u.note,
                evidence=u.evidence,
                entered_by=entered_by,
                reported_by=u.reported_by,
                entered_at=stamp,
                source=source,
                import_sha256=import_sha256,
                needs_signoff=needs_signoff if u.status == "已完成" else None,
                attachments=u.attachments,
                old_status=prev.status if prev else None,
                old_percent=prev.percent if prev else None,
                old_as_of=prev.as_of if prev else None,
                old_entry_id=prev.entry_id if prev else None,
            )
            out.append(entry)
            if prev is None or _order_key(entry) >= _order_key(prev):
                latest[u.commitment_id] = entry
        return out

    written = progress_log(log).append_batch(prepare)
    return [entry_dict(e) for e in written]


def _order_key(e: ProgressEntry) -> tuple[str, str]:
    return (e.as_of, e.entered_at)


def entry_dict(e: ProgressEntry) -> dict:
    """An entry as the dict read_log gives (LOG_FIELDS, JSON values)."""
    d = e.model_dump(mode="json")
    return {k: d.get(k) for k in LOG_FIELDS}


@dataclass
class LogContents:
    """The log's valid entries (as dicts, in file order) and a LogProblem for each line or batch skipped."""

    entries: list[dict] = field(default_factory=list)
    problems: list[LogProblem] = field(default_factory=list)


# id(entry) -> (entry, its dict) of the last read of each log: a log read on from its last position returns the
# same entry objects, so only the new ones are turned into dicts
_DICTS: dict[str, dict[int, tuple[ProgressEntry, dict]]] = {}


def read_log(log: LogTarget) -> LogContents:
    """Every complete, valid entry in the log, in log order; a missing log means no entries."""
    target = progress_log(log)
    got = target.read()
    known = _DICTS.get(str(target), {})
    fresh: dict[int, tuple[ProgressEntry, dict]] = {}
    out = []
    for e in got.entries:
        hit = known.get(id(e))
        d = hit[1] if hit is not None and hit[0] is e else entry_dict(e)
        fresh[id(e)] = (e, d)
        out.append(dict(d))  # a copy: a caller may change its dicts
    _DICTS[str(target)] = fresh
    while len(_DICTS) > 8:
        _DICTS.pop(next(iter(_DICTS)))
    return LogContents(out, got.problems)


def imported_before(log: LogTarget, sha256: str) -> dict | None:
    """The first entry of an earlier import of the file with this content hash, or None."""
    for e in read_log(log).entries:
        if e.get("import_sha256") == sha256:
            return e
    return None


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
