"""Task tables flattened one cell per line with no 序号 column: rows numbered 1./2. glued to the task, table
headings between them, a varying number of unit lines after each task (made-up places and bodies)."""

from __future__ import annotations

from extract.tables import find_tables
from tests.extract_helpers import by_kind, run, unit_name

TEXT = """青禾县人民政府关于印发2031年重点工作任务分解表的通知

各乡镇人民政府，县政府各部门：
现将任务分解表印发给你们，请认真抓好落实。

2031年重点工作任务分解表

重点工作任务

牵头单位

责任单位

一、稳增长、强产业，在培育新动能上求突破

1.推进云岭智造产业园二期建设，引进配套企业12家以上。

县工信局

县商务局、县自然资源局

2.发展林下种植、山地果蔬等特色产业，新建示范基地5个。

县农业农村局

县林业局

各乡镇人民政府

二、惠民生、补短板，在提升公共服务上见实效

1.新建青禾县第二幼儿园，新增学位360个。

县教育局

县住建局
"""


def test_rows_numbered_with_a_dot_under_table_headings_are_tasks_of_their_units():
    lines = [s.strip() for s in TEXT.splitlines() if s.strip()]
    tables = find_tables(lines)
    assert len(tables) == 1
    rows = tables[0].rows
    assert [(r.number, [c.text for c in r.cells["lead"]]) for r in rows] == [
        (1, ["县工信局"]),
        (2, ["县农业农村局"]),
        (1, ["县教育局"]),
    ]
    # the second row has two lines of responsible units
    assert [c.text for c in rows[1].cells["responsible"]] == ["县林业局", "各乡镇人民政府"]


def test_every_responsible_body_of_a_table_row_holds_its_share():
    ex = run(TEXT)
    tasks = by_kind(ex, "task")
    owned = {(unit_name(ex, c), c["title"][:6]) for c in tasks}
    assert ("工信局", "推进云岭智造") in owned
    assert ("商务局", "推进云岭智造") in owned  # a responsible unit's share
    assert ("自然资源局", "推进云岭智造") in owned
    assert ("林业局", "发展林下种植") in owned
    assert ("住建局", "新建青禾县第") in owned


def test_a_flattened_table_whose_page_shows_only_later_rows_starts_at_its_first_number():
    text = "\n".join(
        [
            "2031年重点民生实事项目推进情况",
            "序号 |",
            "主要任务 |",
            "分管 领导 |",
            "牵头 单位 |",
            "推进情况 |",
            "17 |",
            "新建城东农贸市场1个。 |",
            "李文华 |",
            "商务局 |",
            "已完成主体施工。 |",
            "18 |",
            "改造背街小巷20条。 |",
            "李文华 |",
            "住建局 |",
            "已完成12条。 |",
        ]
    )
    tables = find_tables(text.splitlines())
    assert [(r.number, [c.text for c in r.cells["lead"]]) for r in tables[0].rows] == [
        (17, ["商务局"]),
        (18, ["住建局"]),
    ]
    ex = run("青禾区民生实事推进情况\n\n" + text)
    owned = {(unit_name(ex, c), c["title"][:6]) for c in by_kind(ex, "task")}
    assert ("商务局", "新建城东农贸") in owned


def test_a_cell_per_line_table_whose_page_shows_only_later_rows_starts_at_its_first_number():
    lines = [
        "序号",
        "重点任务",
        "责任单位",
        "完成时限",
        "5",
        "建成青禾河西岸绿道8公里。",
        "县林业局",
        "10月底前",
    ]
    lines += ["6", "新增停车泊位600个。", "县交通局", "12月底前"]
    tables = find_tables(lines)
    assert [(r.number, [c.text for c in r.cells["responsible"]]) for r in tables[0].rows] == [
        (5, ["县林业局"]),
        (6, ["县交通局"]),
    ]
