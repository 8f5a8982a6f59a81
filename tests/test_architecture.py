"""The layering in docs/architecture.md: pages are layout only, importing nothing but the app layer.

import-linter holds `pages/` to that (pyproject.toml, "pages-only-app"); it cannot take `dashboard.py` (a module,
not a package), and it forbids a list where this allows one: these tests read every page's and dashboard.py's
imports and accept only tracker.app, Streamlit, pandas, plotly and the standard library."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tracker.app import PageContext

ROOT = Path(__file__).resolve().parent.parent
VIEWS = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "dashboard.py"]
ALLOWED = ("tracker.app", "streamlit", "pandas", "plotly")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, as dotted names (a from-import gives its module, `from tracker import app`
    gives tracker.app)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module == "tracker":
            names.update(f"tracker.{a.name}" for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def allowed(module: str) -> bool:
    """Whether a page may import `module`: the app layer, the display libraries, the standard library."""
    top = module.split(".")[0]
    return (
        module == "__future__"
        or top in sys.stdlib_module_names
        or any(module == a or module.startswith(a + ".") for a in ALLOWED)
    )


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_pages_and_dashboard_import_only_the_app_layer(path: Path) -> None:
    found = sorted(m for m in imported_modules(path) if not allowed(m))
    assert found == [], f"{path.name} imports {found}: use what tracker.app offers (app.data for queries)"


def test_the_check_refuses_what_pages_may_not_import() -> None:
    for module in ("tracker.store.queries", "tracker.reports", "tracker.i18n", "tracker", "duckdb", "yaml"):
        assert not allowed(module), module
    assert allowed("tracker.app") and allowed("tracker.app.data") and allowed("plotly.graph_objects")
    assert not allowed("tracker.application")


def test_a_page_reads_through_one_call_with_the_function_itself() -> None:
    assert hasattr(PageContext, "call") and not hasattr(PageContext, "q")
