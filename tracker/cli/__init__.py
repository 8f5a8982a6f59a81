"""`python -m tracker COMMAND …`: dispatches to tracker.cli.<COMMAND>.main(argv) and turns user errors into exit 2.

Everything a command prints follows the configured language (`language` in the config, or $TRACKER_LANG).
"""

from __future__ import annotations

import contextvars
import importlib
import sys

from tracker.cli.common import cli_language, print_error, terminal_safe
from tracker.errors import UserError
from tracker.i18n import language, t

# command name -> module under tracker.cli; add a new command here and as tracker/cli/<name>.py
COMMANDS: dict[str, str] = {
    "assign": "tracker.cli.assign",
    "brief": "tracker.cli.brief",
    "chart": "tracker.cli.chart",
    "extension": "tracker.cli.extension",
    "progress": "tracker.cli.progress",
    "remind": "tracker.cli.remind",
    "review": "tracker.cli.review",
    "serve": "tracker.cli.serve",
    "signoff": "tracker.cli.signoff",
    "users": "tracker.cli.users",
}


def usage() -> str:
    """The top-level usage and the commands, in the current language."""
    commands = sorted(COMMANDS)
    lines = [t("cli_usage", commands=",".join(commands)), "", t("cli_commands")]
    lines += [f"  {name:10} {t(f'cli_cmd_{name}')}" for name in commands]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; print a one-line error and return 2 for problems the user can fix.

    Output has control characters escaped; the language a command picks (its config's) ends with it."""
    with terminal_safe():
        return contextvars.copy_context().run(_main, argv)


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with language(cli_language(argv)):
        return _run(argv)


def _run(argv: list[str]) -> int:
    commands = sorted(COMMANDS)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage(), file=sys.stderr if not argv else sys.stdout)
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(
            t("cli_error", error=t("cli_unknown_command", name=name, commands=", ".join(commands))),
            file=sys.stderr,
        )
        return 2
    module = importlib.import_module(COMMANDS[name])
    try:
        return int(module.main(rest) or 0)
    except UserError as e:
        return print_error(e)
