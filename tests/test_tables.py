"""Task-decomposition tables and responsibility lists, on synthetic texts (tests/texts, made-up places)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extract.dates import due_cell, latest_deadline, page_date
from extract.tables import find_tables, header_role
from tests.extract_helpers import by_kind, run, unit_name

TEXTS = Path(__file__).parent / "texts"


def roles(ex, c):
    names = {u: n for n, u in ((n, _uid(n)) for n in ex.units)}
    return [
        (names[r["unit_id"]], r["role"])
        for r in ex.commitment_units
        if r["commitment_id"] == c["commitment_id"]
    ]


def _uid(name):
    from extract.pipeline import unit_id

    return unit_id(name)


def test_cell_per_line_table_gives_one_task_per_row_with_units_and_deadline():
    ex = run((TEXTS / "task_table_cells.txt").read_text(encoding="utf-8"))
    rows = [c for c in by_kind(ex, "task") if c["ordinal"]]
    assert [(c["ordinal"], c["title"], unit_name(ex, c), c["due_date"]) for c in rows] == [
        (1, "新建青禾河滨公园一期工程", "园林局", dt.date(2031, 10, 31)),
        (2, "改造老旧小区供水管网30公里", "水务局", dt.date(2031, 6, 30)),
        (3, "建设县青少年活动中心", "团委", dt.date(2031, 4, 30)),
    ]
    assert roles(ex, rows[0]) == [("园林局", "lead"), ("代建中心", "responsible")]
    assert {c["due_source"] for c in rows} == {"text"}
    # a row split in two (a second task with its own deadline) is a child of the row
    second = next(c for c in by_kind(ex, "task") if c["title"] == "启动县青少年活动中心二期")
    assert second["parent_id"] == rows[2]["commitment_id"] and second["due_date"] == dt.date(2031, 12, 31)
    assert unit_name(ex, second) == "团委"
    # page clutter after the table is not a row
    assert not any("分享" in c["quote"] for c in ex.commitments)


def test_piped_table_with_leader_lead_and_support_columns():
    ex = run((TEXTS / "task_table_piped.txt").read_text(encoding="utf-8"))
    rows = [c for c in by_kind(ex, "task") if c["ordinal"]]
    assert [(c["ordinal"], unit_name(ex, c), c["leader"], c["due_date"]) for c in rows] == [
        (1, "投资促进部", "王某", dt.date(2030, 12, 31)),
        (2, "改革办", "李某", dt.date(2030, 9, 30)),
    ]
    assert roles(ex, rows[1]) == [("改革办", "lead"), ("自然资源分局", "support"), ("各街道", "support")]
    assert ex.units["各街道"][0] == "collective"


def test_tab_rows_from_the_readers_are_the_same_table():
    text = (
        "2031年为民办实事任务分解表\n\n"
        "序号\t实事项目\t责任单位\t配合单位\t完成时限\n"
        "1\t新建青禾河滨公园一期工程。\t县园林局\t县财政局 县代建中心\t10月底前\n"
        "2\t改造老旧小区供水管网30公里。\t县水务局\t\t2031年12月\n\n"
    )
    ex = run(text)
    rows = [c for c in by_kind(ex, "task") if c["ordinal"]]
    assert [(c["ordinal"], unit_name(ex, c), c["due_date"]) for c in rows] == [
        (1, "园林局", dt.date(2031, 10, 31)),
        (2, "水务局", dt.date(2031, 12, 31)),
    ]
    assert roles(ex, rows[0]) == [("园林局", "lead"), ("财政局", "support"), ("代建中心", "support")]
    assert {f["value"] for f in ex.figures} >= {30}


def test_numbered_items_take_owner_and_deadline_from_label_lines():
    ex = run((TEXTS / "labelled_items.txt").read_text(encoding="utf-8"))
    reqs = [c for c in ex.commitments if c["ordinal"]]
    assert [(c["ordinal"], unit_name(ex, c)) for c in reqs] == [(1, "发改局"), (2, "人社局"), (3, "应急局")]
    assert roles(ex, reqs[0]) == [
        ("发改局", "lead"),
        ("松岭经济开发区", "responsible"),
        ("各街道", "responsible"),
    ]
    assert roles(ex, reqs[1]) == [
        ("人社局", "lead"),
        ("农业农村局", "responsible"),
        ("统计局", "responsible"),
    ]
    assert roles(ex, reqs[2]) == [("应急局", "lead"), ("卫生健康委", "support")]
    assert reqs[2]["due_date"] == dt.date(2032, 6, 30)
    # the label lines are not commitments of their own
    assert not any(c["quote"].startswith(("牵头单位", "责任单位")) for c in ex.commitments)


def test_header_cells_and_tables_need_a_unit_or_deadline_column():
    assert [header_role(c) for c in ("序号", "牵头单位", "配合单位", "责任领导", "完成时限", "重点工作")] == [
        "no",
        "lead",
        "support",
        "leader",
        "due",
        "task",
    ]
    assert find_tables(["序号\t姓名\t年龄", "1\t张某\t30"]) == []


def test_deadline_words():
    y = 2031
    assert latest_deadline("3月底前新建2家；9月底前完成7家建设任务", y) == dt.date(y, 9, 30)
    assert latest_deadline("年底前完成", y) == dt.date(y, 12, 31)
    assert latest_deadline("上半年完成改造", y) == dt.date(y, 6, 30)
    assert latest_deadline("第三季度末前完成", y) == dt.date(y, 9, 30)
    assert latest_deadline("3月上旬启动", y) == dt.date(y, 3, 10)
    assert latest_deadline("于每季度末月20日前报送", y) is None
    assert latest_deadline("3月15日召开会议", y) is None
    assert due_cell("2024年12月", None) == dt.date(2024, 12, 31)
    assert due_cell("9月投入使用", y) == dt.date(y, 9, 30)
    assert due_cell("全年", y) == dt.date(y, 12, 31)


def test_page_stamps():
    assert page_date("某某网\n2018-10-22 21:34:14 来源：某县融媒体中心\n正文") == dt.date(2018, 10, 22)
    assert page_date("发布时间：2019年10月16日\n正文") == dt.date(2019, 10, 16)
    assert page_date("某县人民政府办公室\n2016年2月26日\n") == dt.date(2016, 2, 26)
    assert page_date("会议于2016年2月26日召开，部署工作。") is None


def test_meeting_year_from_a_page_stamp_and_a_dateline_is_not_the_meeting_day():
    ex = run((TEXTS / "town_meeting_stamp.txt").read_text(encoding="utf-8"))
    assert [(m["date"], m["title"], m["date_source"]) for m in ex.meetings] == [
        (dt.date(2027, 4, 1), "“清河行动”工作推进会", "text")
    ]
    tasks = {unit_name(ex, t): t for t in by_kind(ex, "task")}
    assert tasks["经发科"]["due_date"] == dt.date(2027, 5, 31)
    assert "农技站" in tasks


def test_yuanyue_is_january_and_a_year_nowhere_in_the_text_is_assumed():
    ex = run("元月10日上午，某县召开2031’新春用工统筹协调会议，部署工作。2031年春节期间企业招聘。")
    assert [m["date"] for m in ex.meetings] == [dt.date(2031, 1, 10)]
    ex = run("7月25日下午，某街道召开创建文明城市迎检动员大会，部署工作。")
    (m,) = ex.meetings
    today = dt.date.today()
    assert (m["date"].month, m["date"].day, m["date_source"]) == (7, 25, "assumed")
    assert m["date"] <= today and m["date"].year >= today.year - 1


def test_parallel_you_assignments_quotas_and_child_tasks_of_another_unit():
    ex = run((TEXTS / "town_assignments.txt").read_text(encoding="utf-8"))
    tasks = {}
    for t in by_kind(ex, "task"):
        tasks.setdefault(unit_name(ex, t), []).append(t)
    for unit, words in [
        ("派出所", "沿河民宿"),
        ("水利站", "山塘水库"),
        ("经发科", "镇属企业"),
        ("安监科", "全面负责"),
    ]:
        assert any(words in t["quote"] for t in tasks[unit]), unit
    assert [t["quote"] for t in tasks["建设办"]] == ["建设办60套"]
    assert [t["quote"] for t in tasks["财政所"]] == ["财政所20套"]
    # inside 二要…, the sentence of another unit is a task of its own under the requirement
    child = tasks["镇直各单位"][0]
    second = next(c for c in ex.commitments if c["ordinal"] == 2 and c["kind"] == "requirement")
    assert child["parent_id"] == second["commitment_id"] and "抢险队" in child["quote"]


def _one_line(text: str) -> str:
    """The text as a web page copied without its line breaks (the `# ` header lines kept on their own)."""
    head = [line for line in text.splitlines() if line.startswith("# ")]
    body = "".join(line.strip() for line in text.splitlines() if not line.startswith("# "))
    return "\n".join([*head, body]) + "\n"


def test_a_cell_per_line_table_pasted_as_one_line_gives_the_same_rows():
    text = _one_line((TEXTS / "task_table_cells.txt").read_text(encoding="utf-8"))
    ex = run(text)
    rows = [c for c in by_kind(ex, "task") if c["ordinal"]]
    assert [(c["ordinal"], c["title"], unit_name(ex, c), c["due_date"]) for c in rows] == [
        (1, "新建青禾河滨公园一期工程", "园林局", dt.date(2031, 10, 31)),
        (2, "改造老旧小区供水管网30公里", "水务局", dt.date(2031, 6, 30)),
        (3, "建设县青少年活动中心", "团委", dt.date(2031, 4, 30)),
    ]
    # glued unit names are cut where a level word starts the next one (县园林局县代建中心)
    assert roles(ex, rows[0]) == [("园林局", "lead"), ("代建中心", "responsible")]
    second = next(c for c in by_kind(ex, "task") if c["title"] == "启动县青少年活动中心二期")
    assert second["parent_id"] == rows[2]["commitment_id"] and second["due_date"] == dt.date(2031, 12, 31)
    assert not any("分享" in c["quote"] for c in ex.commitments)
    assert all(text[c["char_start"] : c["char_end"]] == c["quote"] for c in ex.commitments)


def test_a_piped_table_pasted_as_one_line_gives_the_same_rows():
    ex = run(_one_line((TEXTS / "task_table_piped.txt").read_text(encoding="utf-8")))
    rows = [c for c in by_kind(ex, "task") if c["ordinal"]]
    assert [(c["ordinal"], unit_name(ex, c), c["leader"], c["due_date"]) for c in rows] == [
        (1, "投资促进部", "王某", dt.date(2030, 12, 31)),
        (2, "改革办", "李某", dt.date(2030, 9, 30)),
    ]
    assert roles(ex, rows[1]) == [("改革办", "lead"), ("自然资源分局", "support"), ("各街道", "support")]


def test_rows_of_a_glued_table_start_at_the_next_number_after_a_deadline_or_a_unit():
    # numbers inside a task (3座, 12月, 2处) do not start a row; the last column here is the unit, not a deadline
    text = (
        "# date: 2033-01-10\n"
        "松岭区2033年重点任务清单序号重点任务完成时间牵头单位"
        "1新建3座公厕，改造2处农贸市场。2033年6月底前区城管局"
        "2完成老旧小区改造12个。年底前区住建局区财政局"
        "3建成社区养老服务站5家。9月底前区民政局以上任务请各单位认真落实，每月报送进展。\n"
    )
    ex = run(text)
    rows = [c for c in by_kind(ex, "task") if c["ordinal"]]
    assert [(c["ordinal"], c["title"], unit_name(ex, c), c["due_date"]) for c in rows] == [
        (1, "新建3座公厕，改造2处农贸市场", "城管局", dt.date(2033, 6, 30)),
        (2, "完成老旧小区改造12个", "住建局", dt.date(2033, 12, 31)),
        (3, "建成社区养老服务站5家", "民政局", dt.date(2033, 9, 30)),
    ]
    assert roles(ex, rows[1]) == [("住建局", "lead"), ("财政局", "responsible")]
    # the sentence after the table is no step of its last row; the only child is row 2's share held by 财政局
    children = [c for c in ex.commitments if c["parent_id"]]
    assert [(unit_name(ex, c), c["quote"]) for c in children] == [("财政局", rows[1]["quote"])]


def test_column_words_in_a_sentence_are_no_table():
    text = "请按序号、责任单位、完成时限填写1份进度表，报区政府督查室。各单位要按时报送。\n"
    assert find_tables([text.strip()]) == []
    from extract.flat_tables import flat_table_cuts

    assert flat_table_cuts(text) is None
