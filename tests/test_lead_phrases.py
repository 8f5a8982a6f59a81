"""Items written with a lead phrase (a short heading clause, then what it means), on made-up texts."""

from __future__ import annotations

from tests.extract_helpers import by_kind, run


def test_a_long_item_is_titled_by_its_lead_clauses():
    ex = run(
        "会议指出，下一步要统一思想，压实责任，全面补齐短板；要广泛宣传发动，形成一个人人知晓、户户参与的浓厚氛围；"
        "要明确目标，突出重点，积极探索建立长效管护机制，完善制度。"
    )
    titles = [c["title"] for c in by_kind(ex, "requirement")]
    assert titles == ["下一步要统一思想，压实责任，全面补齐短板", "广泛宣传发动", "明确目标，突出重点"]


def test_sentences_opening_with_a_work_verb_go_on_a_run_of_demands():
    ex = run(
        "县长要求，要压实乡镇主体责任，抓好日常巡查。要健全考核办法，完善奖惩机制。"
        "着力推进村庄清洁行动，突出抓好河塘清淤。扎实推进垃圾分类试点，拓宽宣传渠道。"
        "强化资金投入保障，解决无钱办事的问题。"
    )
    items = [(c["ordinal"], c["title"]) for c in by_kind(ex, "requirement")]
    assert items == [
        (1, "压实乡镇主体责任，抓好日常巡查"),
        (2, "健全考核办法，完善奖惩机制"),
        (3, "着力推进村庄清洁行动，突出抓好河塘清淤"),
        (4, "扎实推进垃圾分类试点，拓宽宣传渠道"),
        (5, "强化资金投入保障，解决无钱办事的问题"),
    ]


def test_a_sentence_with_a_subject_after_a_demand_is_not_a_demand_of_the_run():
    ex = run("县长要求，要压实乡镇主体责任。要健全考核办法。这项工作是民生实事，群众十分关心。")
    assert [c["title"] for c in by_kind(ex, "requirement")] == ["压实乡镇主体责任", "健全考核办法"]
