"""What every command line shares: the language, localised argparse, one-line errors, dates, config and database."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TextIO

import duckdb

from tracker.build import build_warnings, is_stale, run_build
from tracker.config import DEFAULT_CONFIG, Config, configured_language, load_config
from tracker.errors import UserError
from tracker.i18n import (
    LANG_ENV,
    InLanguage,
    Lang,
    current_language,
    message,
    msg,
    normalise_language,
    t,
    use_language,
)
from tracker.progress.log import LogTarget, open_progress_log, read_log
from tracker.store import db
from tracker.store.db import connect_readonly

# argparse's own words (it translates them through gettext, for which Python ships no Chinese catalogue)
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "需要参数 %s 之一",
    "ignored explicit argument %r": "忽略了参数 %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的子命令 %(parser_name)r（可选：%(choices)s）",
}


@contextmanager
def _argparse_language(lang: Lang) -> Iterator[None]:
    """Let argparse speak `lang` for the duration of the block (its strings go through `argparse._`)."""
    if lang != "zh":
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda s: _ARGPARSE_ZH.get(s, s)  # type: ignore[attr-defined]
    argparse.ngettext = lambda s, p, n: _ARGPARSE_ZH.get(s if n == 1 else p, s if n == 1 else p)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """An argument parser in the current language whose errors are one-line UserErrors (exit 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        with _argparse_language(current_language()):  # group titles are translated when the parser is made
            super().__init__(*args, **kwargs)
        if not kwargs["add_help"]:
            self.add_argument("-h", "--help", action="help", help=t("cli_help_help"))

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        with _argparse_language(current_language()):
            return super().parse_args(args, namespace)

    def format_help(self) -> str:
        with _argparse_language(current_language()):
            return super().format_help()

    def format_usage(self) -> str:
        with _argparse_language(current_language()):
            return super().format_usage()

    def error(self, message: str) -> NoReturn:
        short = self.prog.removeprefix("python -m tracker ")
        raise UserError(msg("cli_arg_error", prog=short, message=message, prog_full=self.prog))


def cli_language(argv: Sequence[str]) -> Lang:
    """The language of a command line: $TRACKER_LANG, else the `language` of the config given with --config
    (or config.yaml), else zh. Read before the arguments are parsed, so --help and its errors use it too."""
    env = normalise_language(os.environ.get(LANG_ENV))
    if env:
        return env
    path: str = str(DEFAULT_CONFIG)
    for i, arg in enumerate(argv):
        if arg == "--config" and i + 1 < len(argv):
            path = argv[i + 1]
        elif arg.startswith("--config="):
            path = arg.split("=", 1)[1]
    return configured_language(path)


def print_error(e: UserError) -> int:
    """Print a user error as one line on stderr and return its exit status."""
    print(t("cli_error", error=e), file=sys.stderr)
    return e.exit_code


def iso_date(text: str) -> dt.date:
    """Parse YYYY-MM-DD for argparse."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli_bad_date", text=text)) from None


def load(args: argparse.Namespace) -> tuple[Config, Path]:
    """The config and a database that exists: --db as given, else the config's, built when missing or stale."""
    config = load_config(args.config, must_exist=args.config != DEFAULT_CONFIG)
    use_language(config.language)
    warn_log_problems(open_progress_log(config))
    if args.db is not None:
        if not args.db.is_file():
            raise UserError(msg("cli_db_missing", path=args.db))
        return config, args.db
    path = config.database_path
    if is_stale(config, path):
        print(t("cli_building", path=path, config=args.config), file=sys.stderr)
        run_build(config, path)
        warn_build(path)
    return config, path


def open_db(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, with a clear error when the file is not a tracker database."""
    try:
        return connect_readonly(path)
    except duckdb.Error as e:
        raise UserError(msg("cli_db_unreadable", path=path, detail=InLanguage("en", f" ({e})"))) from None


def check_out(path: Path, suffixes: tuple[str, ...]) -> Path:
    """Validate an output path's extension and folder before doing any work."""
    if path.suffix.lower() not in suffixes:
        raise UserError(msg("cli_out_suffix", path=path, suffixes=Alternatives(suffixes)))
    if not path.parent.is_dir():
        raise UserError(msg("cli_out_folder", path=path, folder=path.parent))
    return path


# --- what reaches the terminal ------------------------------------------------------------------------

_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def escape_controls(text: str) -> str:
    """Text safe for a terminal: control characters (ESC, CR, C1 …) and bidirectional overrides are shown as
    escapes like \\x1b, so a note or a file name cannot move the cursor, recolour or rewrite the screen; a lone
    surrogate (a log's "\\ud800") is shown as \\ud800 instead of failing to print. Line breaks and tabs stay."""
    out = []
    for c in text:
        if c in "\n\t" or (unicodedata.category(c) not in ("Cc", "Cs") and c not in _BIDI):
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

    # typeshed declares TextIOBase.encoding a plain attribute, but at run time the base's is read-only (assigning
    # it in __init__ raises AttributeError): a property is the one way to answer with the wrapped stream's
    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")


@contextmanager
def terminal_safe() -> Iterator[None]:
    """Escape control characters in everything printed to stdout and stderr while the block runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _EscapingStream(saved[0]), _EscapingStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def warn(text: str) -> None:
    """A warning line on stderr, in the current language."""
    print(message("safe.warning", text=text), file=sys.stderr)


def warn_log_problems(log: LogTarget) -> None:
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


class Alternatives:
    """Choices joined with 'or' in the reader's language ('.pptx or .pdf' / '.pptx 或 .pdf'), as a message field."""

    def __init__(self, items: Sequence[str]) -> None:
        self.items = list(items)

    def localized(self, lang: Lang) -> str:
        """The choices in `lang`."""
        return (" 或 " if lang == "zh" else " or ").join(self.items)


def say(key: str, **fields: object) -> None:
    """Print one line of output in the current language."""
    print(t(key, **fields))
