"""`python -m tracker COMMAND …`: dispatches to tracker.cli_COMMAND.main(argv) and turns user errors into exit 2."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import tracker
from tracker.errors import UserError


def _commands() -> list[str]:
    return sorted(m.name[4:] for m in pkgutil.iter_modules(tracker.__path__) if m.name.startswith("cli_"))


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; print a one-line error and return 2 for problems the user can fix."""
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = _commands()
    if not argv or argv[0] in ("-h", "--help"):
        print(
            f"usage: python -m tracker {{{','.join(commands)}}} ...",
            file=sys.stderr if not argv else sys.stdout,
        )
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in commands:
        print(f"error: unknown command '{name}'; choose one of: {', '.join(commands)}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"tracker.cli_{name}")
    try:
        return int(module.main(rest) or 0)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code


if __name__ == "__main__":
    sys.exit(main())
