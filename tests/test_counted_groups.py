"""A count written in Chinese numerals is a figure when groups are formed or sent, not when a slogan counts."""

from __future__ import annotations

from tests.extract_helpers import run


def test_groups_formed_or_sent_are_counted():
    ex = run(
        "县委督查室组成两个督查组，派出三个工作组，对各乡镇进行了督查。会议要求树牢四个意识，带好三支队伍。"
    )
    assert sorted((f["value"], f["measure"]) for f in ex.figures) == [(2, "个"), (3, "个")]
