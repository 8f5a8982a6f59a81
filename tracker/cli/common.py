"""What every `python -m tracker` command shares: one-line argument errors, dates, the config and database."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import duckdb

from tracker.build import build_warnings, is_stale, run_build
from tracker.config import DEFAULT_CONFIG, Config, load_config
from tracker.errors import UserError
from tracker.i18n import message, use_language
from tracker.progress.log import read_log
from tracker.store import db
from tracker.store.db import connect_readonly


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one-line UserErrors (exit 2), not usage dumps."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError(f"{self.prog.removeprefix('python -m tracker ')}: {message} (see {self.prog} --help)")


def iso_date(text: str) -> dt.date:
    """Parse YYYY-MM-DD for argparse."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def load(args: argparse.Namespace) -> tuple[Config, Path]:
    """The config and a database that exists: --db as given, else the config's, built when missing or stale."""
    config = load_config(args.config, must_exist=args.config != DEFAULT_CONFIG)
    use_language(config.language)
    warn_log_problems(config.progress_log_path)
    if args.db is not None:
        if not args.db.is_file():
            raise UserError(
                f"--db {args.db}: file not found; build it with: python -m extract --db {args.db}"
            )
        return config, args.db
    path = config.database_path
    if is_stale(config, path):
        print(f"building {path} from the sources in {args.config} …", file=sys.stderr)
        run_build(config, path)
        warn_build(path)
    return config, path


def open_db(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, with a clear error when the file is not a tracker database."""
    try:
        return connect_readonly(path)
    except duckdb.Error as e:
        raise UserError(
            f"{path}: cannot open the database ({e}); rebuild it with python -m extract"
        ) from None


def check_out(path: Path, suffixes: tuple[str, ...]) -> Path:
    """Validate an output path's extension and folder before doing any work."""
    if path.suffix.lower() not in suffixes:
        raise UserError(f"--out '{path}' must end in {' or '.join(suffixes)}")
    if not path.parent.is_dir():
        raise UserError(f"--out '{path}': folder '{path.parent}' does not exist; create it first")
    return path


# --- what reaches the terminal ------------------------------------------------------------------------

_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def escape_controls(text: str) -> str:
    """Text safe for a terminal: control characters (ESC, CR, C1 …) and bidirectional overrides are shown as
    escapes like \\x1b, so a note or a file name cannot move the cursor, recolour or rewrite the screen.
    Line breaks and tabs stay."""
    out = []
    for c in text:
        if c in "\n\t" or (unicodedata.category(c) != "Cc" and c not in _BIDI):
            out.append(c)
        else:
            out.append(c.encode("unicode_escape").decode("ascii"))
    return "".join(out)


class _EscapingStream(io.TextIOBase):
    """A text stream that escapes control characters before passing text on."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, s: str) -> int:
        self.stream.write(escape_controls(s))
        return len(s)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")


@contextmanager
def terminal_safe() -> Iterator[None]:
    """Escape control characters in everything printed to stdout and stderr while the block runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _EscapingStream(saved[0]), _EscapingStream(saved[1])  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def warn(text: str) -> None:
    """A warning line on stderr, in the current language."""
    print(message("safe.warning", text=text), file=sys.stderr)


def warn_log_problems(log: Path) -> None:
    """Name every line or batch of the progress log that readers skip (on stderr)."""
    for p in read_log(log).problems:
        warn(str(p))


def warn_build(path: Path) -> None:
    """The warnings the build of `path` recorded (an empty source …), on stderr."""
    try:
        info = db.build_info(path)
    except duckdb.Error:
        return
    for w in build_warnings(info):
        fields = {k: v for k, v in w.items() if k != "code"}
        warn(message(str(w["code"]), **fields))
