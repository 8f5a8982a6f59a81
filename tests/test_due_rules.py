"""Deadline clauses as commitments due then, and things that read like commitments but are none, on made-up
texts (invented places and names)."""

from __future__ import annotations

import datetime as dt

from tests.extract_helpers import run


def _due(ex, words: str) -> list[dt.date]:
    return [c["due_date"] for c in ex.commitments if words in c["quote"] and c["due_date"]]


def test_a_clause_that_sets_a_deadline_is_a_commitment_due_then():
    text = (
        "3月2日，青禾镇召开春耕生产工作会议。镇长强调，全体干部要不误农时，严禁抛荒。按照每村100亩任务，"
        "落实全镇2000亩总任务，4月10日前全部翻耕到位，确保供应安全。危房改造工作要在七月底前进行验收，"
        "时间紧任务重。要求各项目必须在5月20号之前成立工作专班，建设方案在5月底之前拿出正式的方案。"
    )
    ex = run(text, year=2024)
    assert dt.date(2024, 4, 10) in _due(ex, "全部翻耕到位")
    assert dt.date(2024, 7, 31) in _due(ex, "七月底前进行验收")
    assert dt.date(2024, 5, 20) in _due(ex, "成立工作专班")
    assert dt.date(2024, 5, 31) in _due(ex, "拿出正式的方案")
    titles = [c["title"] for c in ex.commitments if c["due_date"] == dt.date(2024, 5, 20)]
    assert titles and not titles[0].startswith(("求", "要求"))  # who asks is no part of the title


def test_two_deadlines_joined_in_one_clause_are_two_clauses_each_with_its_date():
    text = (
        "督查发现，县水务局负责的“紧盯引水项目8月底前开工、11月底前完工的时间节点，加快推进项目实施。”"
        "截至目前，开工1个。"
    )
    ex = run(text, year=2024)
    assert dt.date(2024, 8, 31) in _due(ex, "8月底前开工")
    assert dt.date(2024, 11, 30) in _due(ex, "11月底前完工")


def test_a_deadline_alone_in_its_clause_is_the_deadline_of_the_next_and_work_done_is_none():
    text = (
        "到2026年，全县新增公益性岗位60个以上，培训2000人次以上。截至6月底，已完成培训800人次。"
        "河道清理已于3月底前全部完成。"
    )
    ex = run(text, year=2024)
    assert dt.date(2026, 12, 31) in _due(ex, "新增公益性岗位60个以上")
    assert not _due(ex, "已完成培训800人次")
    assert not _due(ex, "河道清理")


def test_a_deadline_inside_a_table_cell_is_due_then():
    text = (
        "序号 | 民生实事 | 推进措施 | 责任单位\n"
        "1 | 新建社区食堂3个 | 选址已确定。9月底前完成装修并投入运营。 | 县民政局\n"
        "2 | 改造老旧小区5个 | 10月底前完成管网改造。 | 县住建局\n"
    )
    ex = run(text, year=2024)
    assert dt.date(2024, 9, 30) in _due(ex, "完成装修并投入运营")
    assert dt.date(2024, 10, 31) in _due(ex, "完成管网改造")
