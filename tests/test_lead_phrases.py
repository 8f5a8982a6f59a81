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


def test_short_sentences_heading_the_parts_of_a_demand_are_its_items():
    ex = run(
        "镇长要求，思想必须统一。河道整治是群众最关心的事，是检验作风的试金石；责任必须压实。"
        "各村书记是第一责任人，要每天巡河一次；保障必须有力。镇财政安排专项经费。"
    )
    items = [(c["ordinal"], c["title"]) for c in by_kind(ex, "requirement")]
    assert items == [(1, "思想必须统一"), (2, "责任必须压实"), (3, "保障必须有力")]


def test_one_short_sentence_after_a_demand_heads_nothing():
    ex = run("镇长要求，思想必须统一。河道整治是群众最关心的事，各村要每天巡河一次。")
    assert "思想必须统一" not in [c["title"] for c in ex.commitments]


def test_headed_parts_after_a_later_speaker_in_a_long_paragraph_are_items_up_to_the_next_semicolon():
    ex = run(
        "县长指出，今年工作成效明显，群众比较满意。书记要求，思想必须统一。河道整治是民生实事；"
        "责任必须压实。各村书记是第一责任人；会后各村要认真传达。"
    )
    items = [(c["ordinal"], c["title"], c["quote"]) for c in by_kind(ex, "requirement")]
    assert items[:2] == [
        (1, "思想必须统一", "思想必须统一。河道整治是民生实事"),
        (2, "责任必须压实", "责任必须压实。各村书记是第一责任人"),
    ]


def test_a_lead_clause_pairing_two_phrases_is_a_heading_of_its_own():
    ex = run(
        "书记提出三点要求：一要守正创新、担当作为，大力弘扬敢闯敢干之风，在全县上下形成比学赶超的浓厚氛围；"
        "二要明确目标，突出重点，集中力量解决群众最关心最直接最现实的利益问题。"
    )
    titles = [c["title"] for c in by_kind(ex, "requirement")]
    assert titles == ["守正创新、担当作为", "明确目标，突出重点"]
