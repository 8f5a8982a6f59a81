"""`python -m tracker COMMAND …`: dispatches to tracker.cli.<COMMAND>.main(argv) and turns user errors into exit 2."""

from __future__ import annotations

import contextvars
import importlib
import sys

from tracker.cli.common import terminal_safe
from tracker.errors import UserError

# command name -> module under tracker.cli; add a new command here and as tracker/cli/<name>.py
COMMANDS: dict[str, str] = {
    "brief": "tracker.cli.brief",
    "chart": "tracker.cli.chart",
    "progress": "tracker.cli.progress",
}


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; print a one-line error and return 2 for problems the user can fix.

    Output has control characters escaped; the language a command picks (its config's) ends with it."""
    with terminal_safe():
        return contextvars.copy_context().run(_main, argv)


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = sorted(COMMANDS)
    if not argv or argv[0] in ("-h", "--help"):
        print(
            f"usage: python -m tracker {{{','.join(commands)}}} ...",
            file=sys.stderr if not argv else sys.stdout,
        )
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"error: unknown command '{name}'; choose one of: {', '.join(commands)}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name])
    try:
        return int(module.main(rest) or 0)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
