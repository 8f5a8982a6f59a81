"""The document model and the general rules read off it, on short made-up texts (not real reports)."""

from __future__ import annotations

from pathlib import Path

import opencc

from tests.extract_helpers import by_kind, run, unit_name
from tests.test_units_places import GAZ

TEXTS = Path(__file__).parent / "texts"
S2T = opencc.OpenCC("s2t").convert


def test_a_traditional_report_from_another_county_keeps_its_own_unit_names():
    text = S2T((TEXTS / "county_elsewhere.txt").read_text(encoding="utf-8"))
    ex = run(text, gazetteer=GAZ)
    got = {unit_name(ex, t) for t in by_kind(ex, "task")}
    assert "住建局" in got and "住房和城乡建设局" not in got


def test_a_figures_measure_word_is_kept_simplified_in_a_traditional_report():
    ex = run(S2T("全县新建12个停车场，新增车位3万个，完成8项改造。"))
    assert {(f["value"], f["measure"]) for f in ex.figures} == {(12, "个"), (30000, "个"), (8, "项")}
