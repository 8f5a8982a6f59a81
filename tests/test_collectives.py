"""Collective addressees (各乡镇（街道）, 县直各部门, 相关单位, 施工单位要…): how they are written, and that the clause a
collective is the subject of stays its own, on short texts written for these tests."""

from __future__ import annotations

from extract.collectives import collectives
from tests.extract_helpers import by_kind, run, unit_name


def _groups(text: str) -> list[str]:
    return [t for _a, _b, t in collectives(text)]


def _held(text: str) -> dict[str, tuple[str, str]]:
    """Holder name → (its kind, the quote it holds) for every task of a text."""
    ex = run(text)
    return {
        str(unit_name(ex, c)): (ex.units[str(unit_name(ex, c))][0], c["quote"]) for c in by_kind(ex, "task")
    }


def test_a_quantifier_or_an_owner_of_many_before_group_nouns_is_one_collective():
    assert _groups("各级各部门要提高站位") == ["各级各部门"]
    assert _groups("各乡镇各部门要压实责任") == ["各乡镇各部门"]
    assert _groups("管委会各部门要抓好落实") == ["管委会各部门"]
    assert _groups("县直牵头部门要倒排工期") == ["县直牵头部门"]
    assert _groups("各镇办对发现的问题要及时整改") == ["各镇办"]
    assert _groups("各个村委进行责任田划分") == ["各个村委"]
    assert _groups("相关责任部门单位要即知即改") == ["相关责任部门单位"]
    assert _groups("各乡镇人大主席团要组织代表") == ["各乡镇人大主席团"]
    # qualifiers in brackets, inside or after a group noun
    assert _groups("各责任（配合）单位要加强协调") == ["各责任（配合）单位"]
    assert _groups("各村（居）委会要召开专题会") == ["各村（居）委会"]


def test_words_after_ge_that_are_not_bodies_make_no_collective():
    for text in ("各类企业要落实安全责任", "各项工作要抓紧推进", "各种隐患要及时消除", "各界人士", "各方面"):
        assert _groups(text) == [], text
    assert _held("会议要求，各类企业要落实安全责任，各项工作要抓紧推进。") == {}


def test_a_collective_holds_its_duty_as_a_group_never_as_a_unit():
    held = _held("会议强调，一是管委会各部门要深刻领会会议精神。")
    assert held == {"管委会各部门": ("collective", "一是管委会各部门要深刻领会会议精神")}
    held = _held("会议要求，各镇（街道）和相关委局要团结协作，确保完成整治任务。")
    assert {name: kind for name, (kind, _q) in held.items()} == {"各镇": "collective"}


def test_a_body_named_by_its_role_with_a_duty_after_it_is_a_collective():
    assert _held("会议要求，项目单位负责办理用地手续。") == {
        "项目单位": ("collective", "项目单位负责办理用地手续")
    }


def test_a_collective_keeps_its_name_as_written():
    held = _held("会议要求，各村(居)委会要召开安全生产专题会。")
    assert held == {"各村(居)委会": ("collective", "各村(居)委会要召开安全生产专题会")}


def test_a_named_body_earlier_in_the_sentence_does_not_take_the_collectives_clause():
    held = _held("会议指出，青禾镇试点进展较慢，各村、各企业要加快进度。")
    assert held == {"各村": ("collective", "各村、各企业要加快进度")}


def test_a_group_whose_own_clause_has_no_duty_leaves_the_sentence_to_the_body_before_it():
    # 相关部门配合 is support; 各单位主要负责同志为… names people: the duty after them is the clause before theirs
    held = _held("市农业局牵头，相关部门配合，尽快完成实施方案，争取年内报批。")
    assert list(held) == ["农业局"]
    assert held["农业局"][1].endswith("争取年内报批")


def test_a_collective_asked_or_ordered_to_act_holds_the_clause():
    held = _held("会议要求各村(社区)学习借鉴白沙镇的做法，进一步规范保洁制度。")
    assert held == {"各村": ("collective", "要求各村(社区)学习借鉴白沙镇的做法，进一步规范保洁制度")}
    held = _held("青石镇政府督促各村对此类问题进行系统排查。")
    assert held == {"各村": ("collective", "督促各村对此类问题进行系统排查")}
    assert _held("会议要求各类企业落实安全责任。") == {}
