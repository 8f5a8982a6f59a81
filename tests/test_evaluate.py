"""The evaluation on the labelled corpus (tests/corpus): floors reached, and agreement with the corpus scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extract.evaluate import CORPUS, Rows, evaluate, main, score, strip_header
from tests.conftest import ROOT, SHIPPED_CONFIG
from tracker.config import load_config

# The level reached on the thirty labelled reports with the project's config.yaml, as `python -m extract.evaluate`
# prints it. Raise these when the extractor improves; a change that lowers any of them fails here.
FLOOR_OVERALL = 315
FLOOR_BY_KIND = {
    "meeting": 15,
    "ordered": 100,
    "named-item": 15,
    "unit-task": 47,
    "figure": 73,
    "due": 11,
    "not-a-figure": 36,
    "not-a-commitment": 18,
}


# The second labelled set (tests/corpus/set2, scored on its own gold): its level reached, guarded the same way.
SET2_FLOOR_OVERALL = 138
SET2_FLOOR_BY_KIND = {
    "meeting": 6,
    "ordered": 27,
    "named-item": 10,
    "unit-task": 26,
    "figure": 33,
    "due": 4,
    "not-a-figure": 21,
    "not-a-commitment": 11,
}


@pytest.fixture(scope="module")
def result():
    return evaluate(CORPUS, load_config(SHIPPED_CONFIG, must_exist=True))


def test_overall_score_does_not_fall_below_the_level_reached(result):
    assert len(result.checks) == 317
    assert result.passed >= FLOOR_OVERALL, "\n".join(c.label for c in result.checks if not c.ok)


@pytest.mark.parametrize("kind", sorted(FLOOR_BY_KIND))
def test_each_kind_does_not_fall_below_the_level_reached(result, kind):
    passed, _total = result.by_kind()[kind]
    failing = [c.label for c in result.checks if c.kind == kind and not c.ok]
    assert passed >= FLOOR_BY_KIND[kind], "\n".join(failing)


@pytest.fixture(scope="module")
def result2():
    return evaluate(CORPUS / "set2", load_config(SHIPPED_CONFIG, must_exist=True))


def test_second_set_does_not_fall_below_the_level_reached(result2):
    assert len(result2.checks) == 141
    assert result2.passed >= SET2_FLOOR_OVERALL, "\n".join(c.label for c in result2.checks if not c.ok)
    assert result2.provenance_total > 0 and result2.provenance_bad == 0


@pytest.mark.parametrize("kind", sorted(SET2_FLOOR_BY_KIND))
def test_second_set_each_kind_does_not_fall_below_the_level_reached(result2, kind):
    passed, _total = result2.by_kind()[kind]
    failing = [c.label for c in result2.checks if c.kind == kind and not c.ok]
    assert passed >= SET2_FLOOR_BY_KIND[kind], "\n".join(failing)


def test_every_quote_is_its_source_slice(result):
    assert result.provenance_total > 0 and result.provenance_bad == 0


def test_the_corpus_scorer_on_a_built_database_agrees(tmp_path: Path, result):
    """score.py (the corpus's own scorer) on a database built by `python -m extract` gives the same count."""
    gold = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))
    src = tmp_path / "src"
    src.mkdir()
    for name in gold["files"]:
        (src / name).write_text(strip_header((CORPUS / name).read_text(encoding="utf-8")), encoding="utf-8")
    db = tmp_path / "eval.duckdb"
    files = [str(src / n) for n in gold["files"]]
    build = subprocess.run(
        [sys.executable, "-m", "extract", "-q", "--db", str(db), *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    out = subprocess.run(
        [
            sys.executable,
            str(CORPUS / "score.py"),
            str(db),
            str(CORPUS / "gold.json"),
            str(src),
            "0",
            "corpus",
        ],
        capture_output=True,
        text=True,
    )
    last = out.stdout.strip().splitlines()[-1]
    assert f"corpus: {result.passed}/{len(result.checks)} checks" in last, last
    assert "provenance ok" in last


def test_rules_of_each_kind_on_hand_made_rows():
    text = "会议要求，一要抓好整改。二要严格督查。县住建局要于6月底前完成改造。"
    a1, a2 = text.index("一要"), text.index("县住建局")
    rows = Rows(
        meetings=[{"date": "2023-05-04", "title": "推进会", "source_id": "a"}],
        commitments=[
            {
                "ordinal": 1,
                "title": "抓好整改",
                "quote": "一要抓好整改。",
                "unit_id": None,
                "source_id": "a",
                "char_start": a1,
                "char_end": a1 + 7,
                "due_date": None,
            },
            {
                "ordinal": None,
                "title": "县住建局要于6月底前完成改造",
                "quote": "县住建局要于6月底前完成改造。",
                "unit_id": "u1",
                "source_id": "a",
                "char_start": a2,
                "char_end": a2 + 15,
                "due_date": "2023-06-30",
            },
        ],
        figures=[
            {
                "value": 40.0,
                "measure": "家",
                "qualifier": "余",
                "source_id": "a",
                "quote": "一要抓好整改。",
                "char_start": a1,
                "char_end": a1 + 7,
            }
        ],
        units={"u1": "住建局"},
        texts={"a": text},
    )
    gold = {
        "meetings": [["2023-05-04", "推进会"], ["*-05-05", "动员会"]],
        "ordered": [{"group": "a 一要", "items": ["抓好整改", "严格督查"]}],
        "mentioned": ["抓好整改"],
        "unit_tasks": [[["住建局"], ["改造"]], [["县住建局"], ["改造"]]],
        "figures": [[40, "家", "余"], [40, "家", None]],
        "due": [["完成改造", "*-06-30"], ["抓好整改", "*-12-31"]],
        "forbidden_figure_values": [40, 41],
        "forbidden_commitments": ["严格督查", "抓好整改"],
    }
    got = [(c.kind, c.ok) for c in score(rows, gold).checks]
    assert got == [
        ("meeting", True), ("meeting", False),
        ("ordered", True), ("ordered", False),
        ("named-item", True),
        ("unit-task", True), ("unit-task", False),
        ("figure", True), ("figure", False),
        ("due", True), ("due", False),
        ("not-a-figure", False), ("not-a-figure", True),
        ("not-a-commitment", True), ("not-a-commitment", False),
    ]  # fmt: skip
    rows.commitments[0]["quote"] = "一要抓好"
    assert score(rows, gold).provenance_bad == 1


def test_command_prints_kinds_and_files(capsys):
    assert main(["--config", str(SHIPPED_CONFIG), "--threshold", "0"]) == 0
    out = capsys.readouterr().out
    assert "| meeting |" in out and "| 13_dazhu_minsheng_shishi_fenjie.txt |" in out
    assert out.strip().splitlines()[-1].startswith("overall: ")
    assert main(["--config", str(SHIPPED_CONFIG), "--threshold", "1.01"]) == 1


def test_missing_corpus_is_a_clear_error(tmp_path: Path, capsys):
    assert main(["--config", str(SHIPPED_CONFIG), "--corpus", str(tmp_path)]) == 2
    assert (
        capsys.readouterr().err.strip()
        == f"error: {tmp_path / 'gold.json'}: no gold file; give the corpus folder with --corpus"
    )
