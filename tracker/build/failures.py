"""A report that cannot be read or extracted is recorded with its error instead of stopping the build.

One bad report must not keep every other report out of the database: its `sources` row carries the error and
the step that raised it, its rows are left out, the build's warnings name the file and the step (the CLI prints
them, every dashboard page shows them), and the rest is built. Only problems with the config itself stop a
build: a source path that names no file, a folder or a file the build may not open (the person editing the
config must fix those, and the message says how).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import extract
from tracker.errors import SourceError, UserError
from tracker.i18n import error_text, t

# Source errors about the config's path rather than the report's content: the build stops with them.
STOPS_BUILD = frozenset({"safe.source_not_found", "safe.source_is_folder", "safe.source_unreadable"})
WARNING_CODE = "build.source_failed"
_MAX_ERROR = 300  # characters of an unexpected exception's text kept in the database and the warning
_PACKAGES = (Path(extract.__file__).parent, Path(__file__).parents[1])


@dataclass(frozen=True)
class InBoth:
    """A text in both languages, shown in the reader's (a warning recorded once, read by anyone)."""

    zh: str
    en: str

    def localized(self, lang: str) -> str:
        """The text in `lang`."""
        return self.en if lang == "en" else self.zh

    @classmethod
    def from_json(cls, value: object) -> object:
        """An {"zh", "en"} mapping read back from a recorded warning as InBoth; anything else as it is."""
        if isinstance(value, dict) and set(value) == {"zh", "en"}:
            return cls(str(value["zh"]), str(value["en"]))
        return value


@dataclass(frozen=True)
class Failure:
    """Why one source produced no rows: the step that raised (e.g. `read`, `extract.figures.find_figures`)
    and the error as a person reads it (`error` in the config's language, `both` in each)."""

    step: str
    error: str
    both: InBoth | None = None

    def warning(self, file: str) -> dict[str, object]:
        """The build warning that names the file, the step and the error."""
        error: object = {"zh": self.both.zh, "en": self.both.en} if self.both else self.error
        return {"code": WARNING_CODE, "file": file, "step": self.step, "error": error}


class TooLong(Exception):
    """One report's extraction ran past the config's limits.source_seconds."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TooLong in the block once `seconds` have passed. A timer signal interrupts the extractor wherever
    it is, so this works where signals can be delivered: in a process's main thread (command-line and
    scheduled builds, the build's worker processes). Elsewhere (a build started from a dashboard thread) the block
    runs unbounded and only the extractor's linear time bounds it."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise TooLong(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def stops_build(exc: BaseException) -> bool:
    """True for errors the person editing the config must fix before anything can be built."""
    return isinstance(exc, SourceError) and exc.code in STOPS_BUILD


def failure(exc: BaseException, lang: str | None = None) -> Failure:
    """What to record of an exception raised while reading or extracting one source."""
    if isinstance(exc, TooLong):
        seconds = f"{exc.seconds:g}"
        both = InBoth(
            t("build.source_too_long", "zh", seconds=seconds),
            t("build.source_too_long", "en", seconds=seconds),
        )
        return Failure(step_of(exc), both.localized(lang or "zh"), both)
    if isinstance(exc, UserError):  # a reader's refusal: already a sentence for the user
        both = InBoth(error_text(exc, "zh"), error_text(exc, "en"))
        return Failure("read", error_text(exc, lang), both)
    text = f"{type(exc).__name__}: {exc}".strip()
    if len(text) > _MAX_ERROR:
        text = text[: _MAX_ERROR - 1] + "…"
    return Failure(step_of(exc), text)


def step_of(exc: BaseException) -> str:
    """The innermost function of the extractor (or the build) on the exception's traceback, as module.function:
    it names the step that failed without each step having to say who it is."""
    best = "build"
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path == Path(__file__):  # the time limit's own handler
            continue
        for root in _PACKAGES:
            if path.is_relative_to(root):
                module = ".".join((root.name, *path.relative_to(root).with_suffix("").parts))
                best = f"{module.removesuffix('.__init__')}.{frame.name}"
    return best
