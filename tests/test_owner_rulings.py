"""Rulings that give each piece of work to the official or body leading it and to the body carrying it out
(A由X牵头，Y落实；B由Z牵头，W落实), bodies named without their level (made-up places and people)."""

from __future__ import annotations

from tests.extract_helpers import run, unit_name

TEXT = """青禾县城区提升工作推进会召开

5月6日，县长李明主持召开城区提升工作推进会。会议决定：要按照高标准要求，全力做好提升工作。东湖片区环境整治由张华牵头，东湖镇落实；南山公园绿化、环城路绿化由刘强牵头，林业局落实；北站停车场建设由陈伟牵头，交通局落实，并派专人每日督导；督导组负责每天报送进度。"""


def test_each_ruling_is_a_task_of_the_body_that_carries_it_out():
    ex = run(TEXT)
    owned = {(unit_name(ex, c), c["quote"]) for c in ex.commitments if c["kind"] == "task"}
    assert ("东湖镇", "东湖片区环境整治由张华牵头，东湖镇落实") in owned
    assert ("林业局", "南山公园绿化、环城路绿化由刘强牵头，林业局落实") in owned
    # the rest of the ruling's clause, with no task of its own, is part of it
    assert ("交通局", "北站停车场建设由陈伟牵头，交通局落实，并派专人每日督导") in owned
    # no ruling is given to the body of the ruling before it
    assert not any(u == "东湖镇" and "南山公园" in q for u, q in owned)


FIELDS = """青禾县项目推进会召开

5月6日，青禾县召开项目推进会。副县长李明对明年项目谋划提出两点要求：一要做深做细前期工作，发改、财政、自然资源等部门要提前做好对接，避免项目无法如期开工；二要强化项目审查管理，确保项目如期开工。"""


def test_fields_named_alone_before_deng_bumen_are_each_a_body_holding_the_task():
    ex = run(FIELDS)
    owners = {unit_name(ex, c) for c in ex.commitments if "提前做好对接" in c["quote"]}
    assert {"发改部门", "财政部门", "自然资源部门"} <= owners


def test_words_that_name_no_field_before_deng_bumen_are_no_bodies():
    from extract.units import Gazetteer, find_units

    assert find_units("学校、医院等部门要加强值守", Gazetteer(())) == []
