"""Named items: lists written to one formula (A到位、B到位…, A全清理、B全整治…) and counted names with their items."""

from __future__ import annotations

from pathlib import Path

from extract.lists import common_formula
from tests.extract_helpers import run

TEXTS = Path(__file__).parent / "texts"


def _ex():
    return run((TEXTS / "formula_items.txt").read_text(encoding="utf-8"))


def test_formula_items_inside_a_requirement_are_its_focus_areas():
    ex = _ex()
    parent = next(c for c in ex.commitments if c["title"].startswith("牢固树立安全发展理念"))
    kids = [c["title"] for c in ex.commitments if c["parent_id"] == parent["commitment_id"]]
    assert kids == ["家访走访到位", "安全教育开展到位", "隐患排查整改到位"]
    assert parent["addressee"] == "各学校"


def test_a_counted_name_takes_the_items_that_follow_it_in_its_sentence():
    ex = _ex()
    named = [c for c in ex.commitments if c["list_name"] == "五个专项行动"]
    assert [(c["ordinal"], c["title"]) for c in named] == [
        (1, "河道垃圾全清理"),  # not 要求河道垃圾全清理: the lead-in word is left out
        (2, "背街小巷全整治"),
        (3, "农贸市场全规范"),
        (4, "公共厕所全达标"),
        (5, "文明习惯全养成"),
    ]


def test_a_yao_run_keeps_a_sentence_that_holds_a_named_list_and_its_first_item_has_a_short_title():
    ex = _ex()
    run_items = [
        c for c in ex.commitments if c["kind"] == "requirement" and c["addressee"] == "各乡镇、各学校"
    ]
    titles = [c["title"] for c in run_items]
    assert titles[0] == "切实提高政治站位，开学准备务必充分"  # 各乡镇、各学校 is the addressee
    assert "切实筑牢安全防线，校园安全务必万无一失" in titles
    assert "切实深化教学改革，重点工作务必高效推进" in titles
    three = [c["title"] for c in ex.commitments if c["list_name"] == "三个到位"]
    assert three == ["校舍检查到位", "师资配备到位", "教材发放到位"]


def test_common_formula():
    assert common_formula(["家访走访到位", "安全教育开展到位", "隐患排查整改到位"])
    assert common_formula(["河道垃圾全清理", "背街小巷全整治", "公共厕所全达标"])
    assert not common_formula(["加强宣传", "完善制度", "压实责任"])
