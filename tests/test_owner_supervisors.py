"""Offices that supervise (…督办室) hold the supervision they take on, on SYNTHETIC texts."""

from __future__ import annotations

from tests.extract_helpers import run, unit_name


def test_a_supervision_office_joined_to_another_holds_the_clause_both_take_on():
    ex = run(
        "各镇要在每月10日之前将本月工作进展情况以书面形式报县政府督办室。县委督查室、县政府督办室将会同有关部门"
        "对项目实施情况进行常态化督查，并每月通报一次进展情况。"
    )
    owners = [(unit_name(ex, c), c["quote"]) for c in ex.commitments if c["unit_id"]]
    assert any(u == "政府督办室" and "常态化督查" in q for u, q in owners)
    assert any(u == "县委督查室" and "常态化督查" in q for u, q in owners)
