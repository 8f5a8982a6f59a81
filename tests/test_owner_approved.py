"""Owners of approved proposals and of the projects a progress list gives each body, on SYNTHETIC texts."""

from __future__ import annotations

from tests.extract_helpers import run, unit_name


def _owners(text: str) -> list[tuple[str | None, str]]:
    ex = run(text)
    return [(unit_name(ex, c) if c["unit_id"] else None, c["quote"]) for c in ex.commitments]


def test_the_body_named_after_yuanze_tongyi_holds_its_approved_document_without_the_verb_in_its_name():
    owners = _owners(
        "会议审议《青松区数字产业发展实施意见(送审稿)》。原则同意高新区管委会提交的《青松区数字产业发展实施意见》，"
        "要求根据会议审议意见作进一步修改完善后，印发实施。"
    )
    assert any(u == "高新区管委会" and "印发实施" in q for u, q in owners)


def test_a_listed_office_ending_in_ban_is_a_body_before_any_verb():
    owners = _owners(
        "会议听取关于应急避难场所改造有关情况汇报。原则同意区人防办提交的改造方案，"
        "要求根据会议审议意见作进一步修改完善后，依法依规组织实施。"
    )
    assert any(u == "人防办" and "改造方案" in q for u, q in owners)


def test_a_place_or_a_park_in_a_list_of_who_holds_which_project_holds_its_share():
    owners = _owners(
        "截至6月底，未开工项目4个：青川市负责的远航电力风电场扩建项目和农田灌溉综合利用2个项目；"
        "县住建局负责的滨河路道路工程；松林产业园负责的恒达新材料生产基地项目。"
    )
    assert any(u == "青川市" and "风电场扩建" in q for u, q in owners)
    assert any(u == "松林产业园" and "恒达新材料" in q for u, q in owners)
