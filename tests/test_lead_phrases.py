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
