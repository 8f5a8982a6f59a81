"""The review log: one pydantic model per line (`ReviewEntry`) on the generic record log (JSONL or PostgreSQL).

Each entry is one decision about one item: confirm, reject, edit, add, merge, reopen (undo a rejection or a
merge), and the entries that keep decisions attached when the source text changes: reattach (entries of an id
that a rebuild no longer produces now belong to another item), orphan (no clear match was found; the item's
text is kept in the entry) and close (a person gave up on an orphan). Entries are never rewritten: the latest
decision about an item wins, edits accumulate field by field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tracker.store.logfile import BATCH_FIELDS, JsonlLog, LogRead, Prepare, Record, RecordLog

LOG_VERSION = 1
ACTIONS = ("confirm", "reject", "edit", "add", "merge", "reopen", "reattach", "orphan", "close")
PERSON_ACTIONS = ("confirm", "reject", "edit", "add", "merge", "reopen", "reattach", "close")
DECISIONS = ("confirm", "reject", "merge", "reopen")  # the latest of these sets an item's decision
KINDS = ("requirement", "focus_area", "project", "task", "request")
ROLES = ("lead", "responsible", "support")
SOURCES = ("form", "cli", "import", "build")
# review_state of an item: live while unreviewed, confirmed, edited or added; rejected and merged items (folded
# into another) leave the commitments table
STATES = ("unreviewed", "confirmed", "edited", "added", "rejected", "merged")
LIVE_STATES = ("unreviewed", "confirmed", "edited", "added")  # what the commitments table holds
EDIT_FIELDS = ("title", "kind", "owners", "due_date", "parent_id", "ordinal")
MAX_TITLE = 500
MAX_WHY = 2000
MAX_QUOTE = 5000

Source = Literal["form", "cli", "import", "build"]
Action = Literal["confirm", "reject", "edit", "add", "merge", "reopen", "reattach", "orphan", "close"]


def _iso_date(v: object) -> object:
    if v is None:
        return None
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        try:
            return dt.date.fromisoformat(v).isoformat()
        except ValueError:
            pass
    raise PydanticCustomError("iso_date", "must be a date written YYYY-MM-DD")


def _iso_time(v: object) -> str:
    if isinstance(v, str):
        try:
            dt.datetime.fromisoformat(v)
            return v
        except ValueError:
            pass
    raise PydanticCustomError("iso_time", "must be a time written like 2024-06-02T09:15:00+08:00")


def _text(v: object) -> object:
    return "" if v is None else v


IsoDate = Annotated[str | None, BeforeValidator(_iso_date)]
IsoTime = Annotated[str, BeforeValidator(_iso_time)]
Text = Annotated[str, BeforeValidator(_text)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Owner(_Part):
    """One unit holding an item, with its role (lead: 牵头; responsible: 责任; support: 配合)."""

    unit: str = Field(min_length=1, max_length=100)
    role: Literal["lead", "responsible", "support"] = "responsible"


class Anchor(_Part):
    """Where an item stood in its source when the entry was made: what re-attachment matches against."""

    source_id: str = Field(min_length=1)
    quote: str = Field(max_length=MAX_QUOTE)
    char_start: int = Field(ge=0, strict=True)
    char_end: int = Field(ge=0, strict=True)
    title: str = ""
    meeting_id: str | None = None


class Values(_Part):
    """The new values of an edit or an add (only the keys given are set; null clears due_date or parent_id),
    or the target of a merge or reattach (`into`)."""

    title: str | None = Field(default=None, min_length=1, max_length=MAX_TITLE)
    kind: Literal["requirement", "focus_area", "project", "task", "request"] | None = None
    owners: tuple[Owner, ...] | None = None
    due_date: IsoDate = None
    parent_id: str | None = None
    ordinal: int | None = Field(default=None, ge=0, strict=True)
    # add
    source_id: str | None = None
    quote: str | None = Field(default=None, max_length=MAX_QUOTE)
    char_start: int | None = Field(default=None, ge=0, strict=True)
    char_end: int | None = Field(default=None, ge=0, strict=True)
    meeting_id: str | None = None
    # merge, reattach
    into: str | None = None
    score: float | None = None

    @model_serializer(mode="wrap")
    def _only_given(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # a key left out means "unchanged", a null means "cleared": only the keys given reach the file
        return {k: v for k, v in handler(self).items() if k in self.model_fields_set}


class ReviewEntry(Record):
    """One line of the review log; the field order is the order of keys in the file."""

    v: int = Field(default=LOG_VERSION, ge=1, strict=True)
    entry_id: str = Field(min_length=1)
    commitment_id: str = Field(min_length=1)
    action: Action
    values: Values = Values()
    why: Text = Field(default="", max_length=MAX_WHY)
    entered_by: Text = ""  # who decided (the signed-in user the caller names); "" for the build's own entries
    entered_at: IsoTime
    source: Source
    import_sha256: str | None = None  # the imported sheet's content hash (re-imports are refused)
    anchor: Anchor | None = None  # the item's source, quote and span when the entry was made
    old: dict[str, Any] | None = None  # an edit's values before it (as the database showed them)

    @model_validator(mode="after")
    def _values_fit_the_action(self) -> ReviewEntry:
        given = self.values.model_fields_set
        if self.action == "edit":
            if not given or not given <= set(EDIT_FIELDS):
                raise PydanticCustomError(
                    "review_edit_values", "an edit sets title, kind, owners, due_date, parent_id or ordinal"
                )
        elif self.action == "add":
            if not self.values.source_id or self.values.quote is None or self.values.char_start is None:
                raise PydanticCustomError("review_add_values", "an add needs source_id, quote and char_start")
        elif self.action in ("merge", "reattach"):
            if not self.values.into:
                raise PydanticCustomError("review_into", "a merge or reattach needs 'into'")
            if self.values.into == self.commitment_id:
                raise PydanticCustomError("review_into_self", "an item cannot be merged into itself")
        elif given:
            raise PydanticCustomError("review_no_values", f"a {self.action} has no values")
        return self

    @property
    def day(self) -> dt.date:
        """The day the decision was made (local time of entry): what 'as known on a day' compares."""
        return dt.datetime.fromisoformat(self.entered_at).date()


LOG_FIELDS = tuple([f for f in ReviewEntry.model_fields if f not in BATCH_FIELDS] + list(BATCH_FIELDS))


def review_log(path: Path | str) -> JsonlLog[ReviewEntry]:
    """The review log at `path` (a JSONL RecordLog of ReviewEntry)."""
    return JsonlLog(Path(path), ReviewEntry)


def read_entries(log: RecordLog[ReviewEntry]) -> LogRead[ReviewEntry]:
    """Every valid entry in log order, and the lines or batches skipped."""
    return log.read()


def append_entries(log: RecordLog[ReviewEntry], prepare: Prepare[ReviewEntry]) -> list[ReviewEntry]:
    """Append the entries `prepare(current valid entries)` returns, as one batch under the log's lock."""
    return log.append_batch(prepare)


def given(values: Values) -> dict[str, Any]:
    """The keys an edit or add sets, with their values (null included: it clears the field)."""
    return {k: getattr(values, k) for k in values.model_fields_set}


def dump_values(values: Values) -> dict[str, Any]:
    """The values as stored in the file (only the keys given)."""
    return values.model_dump(mode="json")


def entries_by_id(entries: Sequence[ReviewEntry]) -> dict[str, list[ReviewEntry]]:
    """Entries grouped by the id they name, in log order."""
    out: dict[str, list[ReviewEntry]] = {}
    for e in entries:
        out.setdefault(e.commitment_id, []).append(e)
    return out
