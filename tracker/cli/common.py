"""What every command line shares: the language, localised argparse, one-line errors, dates, config and database."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Any, NoReturn, TextIO

import duckdb

from tracker.build import build_warnings, is_stale, run_build
from tracker.build.config_cache import compiled_language
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

# argparse's own words, which it passes through gettext (Python ships no Chinese catalogue for them): the help's
# usage prefix and group titles, and the templates of its error messages
_ARGPARSE_WORDS_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
}
_ARGPARSE_ERRORS_ZH = {
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
_FIELD = re.compile(r"%(?:\((\w+)\))?[sr]")
# fields argparse fills from the program (an option's name, a type's name), never from what was typed: read as
# short as possible, so that a typed value holding the template's own words cannot shift them
_PROGRAM_FIELDS = ("argument_name", "type")


def _error_template(english: str, chinese: str) -> tuple[re.Pattern[str], str]:
    """A pattern reading an error template's fields back from argparse's English message, and the Chinese
    template they go into (a %r field is read as the repr argparse wrote, so it goes in as text)."""
    parts, pos, unnamed = [], 0, count()
    for m in _FIELD.finditer(english):
        name = m.group(1) or f"_{next(unnamed)}"
        parts += [
            re.escape(english[pos : m.start()]),
            f"(?P<{name}>.*{'?' if name in _PROGRAM_FIELDS else ''})",
        ]
        pos = m.end()
    parts.append(re.escape(english[pos:]))
    unnamed = count()
    target = _FIELD.sub(lambda m: f"%({m.group(1) or f'_{next(unnamed)}'})s", chinese)
    return re.compile("".join(parts), re.DOTALL), target


# the fewest fields and the most words first: "expected one argument" before "expected %s argument"
_ERROR_TEMPLATES = [
    _error_template(en, zh)
    for en, zh in sorted(_ARGPARSE_ERRORS_ZH.items(), key=lambda x: (len(_FIELD.findall(x[0])), -len(x[0])))
]


def _argparse_word(text: str) -> str:
    """One of argparse's fixed words (usage prefix, group title) in the current language."""
    return _ARGPARSE_WORDS_ZH.get(text, text) if current_language() == "zh" else text


def _argparse_error(message: str) -> str:
    """An argparse error message in the current language: its template's Chinese with the same fields (the
    message of 'argument X: …' translated in turn); a message of no known template (a command's own) as it is."""
    if current_language() != "zh":
        return message
    for pattern, target in _ERROR_TEMPLATES:
        m = pattern.fullmatch(message)
        if m:
            fields = m.groupdict()
            if "message" in fields:
                fields["message"] = _argparse_error(fields["message"])
            return target % fields
    return message


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with its usage prefix in the current language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, _argparse_word("usage: ") if prefix is None else prefix)


class RawDescriptionHelpFormatter(HelpFormatter, argparse.RawDescriptionHelpFormatter):
    """The help layout that keeps the description's own line breaks, its usage prefix in the current language."""


class Parser(argparse.ArgumentParser):
    """An argument parser in the current language whose errors are one-line UserErrors (exit 2).

    The language is the one current when the parser is made (group titles), its help formatted (usage prefix)
    or its error raised; a formatter_class given must be one of this module's for the usage prefix to follow."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.get("add_help", False)
        kwargs.update(add_help=False, formatter_class=kwargs.get("formatter_class", HelpFormatter))
        super().__init__(*args, **kwargs)
        for group in (self._positionals, self._optionals):
            if group.title:
                group.title = _argparse_word(group.title)
        # argparse's own -h (add_help=True) says what it does in its words; ours, in the catalogue's
        help_text = _argparse_word("show this help message and exit") if add_help else t("cli_help_help")
        self.add_argument("-h", "--help", action="help", help=help_text)

    def error(self, message: str) -> NoReturn:
        short = self.prog.removeprefix("python -m tracker ")
        raise UserError(
            msg("cli_arg_error", prog=short, message=_argparse_error(message), prog_full=self.prog)
        )


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
    return normalise_language(compiled_language(path)) or configured_language(path)


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

    # the base's encoding is read-only; a plain class attribute hides it, so each stream takes its wrapped one's
    encoding = "utf-8"

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.encoding = getattr(stream, "encoding", "utf-8")

    def write(self, s: str) -> int:
        self.stream.write(escape_controls(s))
        return len(s)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


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
