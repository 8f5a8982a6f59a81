"""The layering in docs/architecture.md: pages are layout only and never reach the database themselves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VIEWS = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "dashboard.py"]
FORBIDDEN = ("duckdb", "tracker.store.db", "tracker.build", "tracker.progress.log")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, as dotted names (from-imports give module and module.name)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_views_open_no_connections_and_write_nothing(path: Path) -> None:
    found = sorted(m for m in imported_modules(path) if m.startswith(FORBIDDEN))
    assert found == [], f"{path.name} imports {found}: go through tracker.app (PageContext) instead"
