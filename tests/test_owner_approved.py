"""The body whose proposal a meeting approves holds putting it into effect, on SYNTHETIC minutes."""

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
