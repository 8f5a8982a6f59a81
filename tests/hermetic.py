"""The working copy's config.yaml, data/ and logs/ are out of bounds for tests: an audit hook refuses and records
every open() of them in this process (conftest.py fails the test that did it).

A module of its own so the hook is installed once per process, whatever imports it."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Guard:
    """The paths kept out of bounds and what was opened of them since the last check."""

    forbidden: tuple[str, ...]
    touched: list[str] = field(default_factory=list)

    def __call__(self, event: str, args: tuple) -> None:
        if event != "open" or isinstance(args[0], int):
            return
        try:
            path = os.path.abspath(os.fsdecode(args[0]))
        except (TypeError, ValueError):
            return
        if path.startswith(self.forbidden):
            self.touched.append(path)
            raise PermissionError(
                f"a test opened the working copy's {path}; use a copy in a temporary folder"
            )


_GUARDS: dict[Path, Guard] = {}


def install_guard(root: Path) -> Guard:
    """The guard of the project at `root`, installed as an audit hook on first use."""
    if root not in _GUARDS:
        # config.yaml and its backups and locks; everything inside data/ and logs/
        names = ("config.yaml", ".config.yaml", f"data{os.sep}", f"logs{os.sep}")
        _GUARDS[root] = Guard(tuple(str(root) + os.sep + n for n in names))
        sys.addaudithook(_GUARDS[root])
    return _GUARDS[root]
