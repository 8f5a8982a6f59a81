"""Status reaches the queries as an argument, never through module state; each status word has one home."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from tracker import vocabulary
from tracker.store import queries

ROOT = Path(__file__).resolve().parent.parent
STORE = sorted((ROOT / "tracker" / "store").rglob("*.py"))
CODE = sorted([*(ROOT / "tracker").rglob("*.py"), *(ROOT / "extract").rglob("*.py")])


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", STORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_store_keeps_no_state_set_at_run_time(path: Path) -> None:
    """No `global` rebinding and no context variables: what a query shows depends on its arguments only."""
    tree = _tree(path)
    rebinds = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Global)]
    contextvars = [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom)
        and n.module == "contextvars"
        or isinstance(n, ast.Import)
        and any(a.name == "contextvars" for a in n.names)
    ]
    assert rebinds == [] and contextvars == [], f"{path.name}: module state at lines {rebinds + contextvars}"


def test_every_query_that_joins_status_takes_it_as_an_argument() -> None:
    """A public query whose SQL reaches status_v has a `status` parameter (so the page or pack can hand it the
    status of its as-of day), and one without it has none."""
    missing, extra = [], []
    for name in queries.__all__:
        fn = getattr(queries, name)
        if not inspect.isfunction(fn) or name in ("commitment_status", "database_status", "no_report_status"):
            continue
        source = inspect.getsource(fn)
        joins = "_status_table(" in source or "status=status" in source
        takes = "status" in inspect.signature(fn).parameters
        if joins and not takes:
            missing.append(name)
        if takes and not joins:
            extra.append(name)
    assert missing == [] and extra == []
    assert "status" in inspect.signature(queries.commitments).parameters  # the check above found queries


def _status_literals(path: Path) -> list[str]:
    """Module-level names bound to a status word (未填报, 已完成 …) written out as a string."""
    found = []
    for node in _tree(path).body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        value = getattr(node, "value", None)
        if isinstance(value, ast.Constant) and value.value in vocabulary.STATUS_ORDER:
            found += [f"{path.name}:{t.id}" for t in targets if isinstance(t, ast.Name)]
    return found


def test_each_status_word_is_defined_once() -> None:
    found = [hit for path in CODE if path.name != "vocabulary.py" for hit in _status_literals(path)]
    assert found == [], f"define status words in tracker/vocabulary.py and import them: {found}"
    assert _status_literals(ROOT / "tracker" / "vocabulary.py")  # the check above sees definitions
