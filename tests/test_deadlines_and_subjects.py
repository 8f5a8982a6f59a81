"""Staged deadlines, a deadline that opens a sentence, units as subjects inside a requirement, and counts that
are terms (“三夏”), on a synthetic text (made-up names)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.extract_helpers import run, unit_name

TEXTS = Path(__file__).parent / "texts"


def _ex():
    return run((TEXTS / "staged_and_subjects.txt").read_text(encoding="utf-8"), year=2024)


def test_staged_deadlines_make_children_each_with_its_own_date():
    ex = _ex()
    item = next(c for c in ex.commitments if c["title"].startswith("农村公路养护工作"))
    assert item["due_date"] == dt.date(2024, 8, 31)  # the item is due at its last stage
    kids = [(c["title"], c["due_date"]) for c in ex.commitments if c["parent_id"] == item["commitment_id"]]
    assert kids == [
        ("农村公路养护工作6月底前全面完成", dt.date(2024, 6, 30)),
        ("8月底前完成验收及资金拨付工作", dt.date(2024, 8, 31)),
    ]


def test_a_sentence_opening_with_a_deadline_goes_on_with_the_unit_before_it():
    ex = _ex()
    held = [c for c in ex.commitments if unit_name(ex, c) == "督查室"]
    later = next(c for c in held if "综合督查" in c["quote"])
    assert later["due_date"] == dt.date(2024, 12, 31)


def test_units_and_groups_as_subjects_inside_a_numbered_requirement_hold_tasks():
    ex = _ex()
    owners = {unit_name(ex, c) or c["addressee"]: c for c in ex.commitments if c["kind"] == "task"}
    assert "工作专班" in owners["各乡镇"]["quote"]
    assert "专项督查" in owners["县人大常委会"]["quote"] and "专项督查" in owners["县政协"]["quote"]
    reqs = {c["commitment_id"]: c["title"] for c in ex.commitments if c["kind"] == "requirement"}
    assert reqs[owners["县政协"]["parent_id"]] == "加强督查"


def test_a_quoted_term_is_no_count_of_the_names_before_it():
    ex = _ex()
    assert not [c for c in ex.commitments if c["list_name"] == "三夏"]


def test_numbered_lines_with_label_lines_between_keep_a_short_last_item():
    text = (
        "5月6日，某县召开城市排涝工作会议，部署以下工作。\n"
        "1.加快排水管网改造，完成老城区雨污分流工程建设。\n责任单位：县住建局\n"
        "2.加强易涝点巡查，汛期落实二十四小时值守制度。\n责任单位：县城管局\n"
        "3.完善应急预案\n"
    )
    ex = run(text, year=2024)
    assert [(c["ordinal"], c["title"]) for c in ex.commitments if c["ordinal"]][-1] == (3, "完善应急预案")


def test_deadline_forms_a_year_end_with_its_year_a_named_day_and_an_hour_before_qian():
    from extract.dates import deadlines

    def due(text: str) -> list[dt.date]:
        return [d for _a, _b, d in deadlines(text, 2020)]

    assert due("到2023年底，两级工作机制趋于完善") == [dt.date(2023, 12, 31)]
    assert due("到2025年，全县新增就业岗位800个以上") == [dt.date(2025, 12, 31)]
    assert due("2023年，全县完成植树造林") == []  # a year that is no deadline
    assert due("清理楼顶杂物工作时间节点是4月30日") == [dt.date(2020, 4, 30)]
    assert due("3月15日召开会议") == []  # a day alone is a date, not a deadline
    assert due("代表务必于2009年7月23日下午3:00前到会报到") == [dt.date(2009, 7, 23)]
