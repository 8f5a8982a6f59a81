"""The document model and the general rules read off it, on short made-up texts (not real reports)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import opencc

from tests.extract_helpers import by_kind, run, unit_name
from tests.test_units_places import GAZ

TEXTS = Path(__file__).parent / "texts"
S2T = opencc.OpenCC("s2t").convert


def test_a_traditional_report_from_another_county_keeps_its_own_unit_names():
    text = S2T((TEXTS / "county_elsewhere.txt").read_text(encoding="utf-8"))
    ex = run(text, gazetteer=GAZ)
    got = {unit_name(ex, t) for t in by_kind(ex, "task")}
    assert "住建局" in got and "住房和城乡建设局" not in got


def test_a_figures_measure_word_is_kept_simplified_in_a_traditional_report():
    ex = run(S2T("全县新建12个停车场，新增车位3万个，完成8项改造。"))
    assert {(f["value"], f["measure"]) for f in ex.figures} == {(12, "个"), (30000, "个"), (8, "项")}


def test_short_numbered_lines_with_an_owner_field_under_each_are_items_with_that_owner():
    text = (
        "青禾县2024年主要目标任务分解\n\n一、主要预期目标\n\n（一）粮食产量稳定在50万吨\n\n责任单位：县农业农村局\n\n"
        "（二）新增城镇就业3000人\n\n责任单位：县人社局\n"
    )
    ex = run(text)
    items = [(c["ordinal"], c["title"], unit_name(ex, c)) for c in ex.commitments]
    assert items == [(1, "粮食产量稳定在50万吨", "农业农村局"), (2, "新增城镇就业3000人", "人社局")]


def test_three_short_lines_of_one_marker_family_counting_up_are_items():
    text = "会议部署三项工作：\n\n（一）修缮校舍\n\n（二）整治河道\n\n（三）清理路障\n"
    ex = run(text)
    assert [(c["ordinal"], c["title"]) for c in ex.commitments] == [
        (1, "修缮校舍"),
        (2, "整治河道"),
        (3, "清理路障"),
    ]


def test_a_task_as_label_lines_with_values_on_the_next_lines_is_one_task_per_responsible_unit():
    text = (
        "具体任务\n新建社区食堂3个，改造老旧小区2个；开展全民健身活动。\n责任单位\n县民政局、县住建局\n配合单位\n各乡镇\n"
        "完成时限\n社区食堂、老旧小区3月底前完成；其它事项年底前完成\n"
    )
    ex = run(text, year=2024)
    tasks = by_kind(ex, "task")
    assert sorted(unit_name(ex, t) for t in tasks) == ["住建局", "民政局"]
    assert {t["due_date"] for t in tasks} == {dt.date(2024, 12, 31)}
    parts = [(c["title"], c["due_date"]) for c in by_kind(ex, "focus_area")]
    assert ("社区食堂、老旧小区3月底前完成", dt.date(2024, 3, 31)) in parts
    assert ("其它事项年底前完成", dt.date(2024, 12, 31)) in parts


def test_a_page_pasted_as_one_line_loses_only_its_breadcrumb():
    body = "3月6日，青禾县召开安全生产工作会议。会议要求，一要压实责任，逐级签订责任书；二要排查隐患，建立整改台账；三要强化宣传，营造良好氛围。"
    ex = run("当前位置：首页 > 政务公开 > 工作动态 > 正文" + body * 3)
    assert [m["title"] for m in ex.meetings] == ["安全生产工作会议"]
    titles = {c["title"] for c in by_kind(ex, "requirement")}
    assert titles >= {"压实责任，逐级签订责任书", "排查隐患，建立整改台账", "强化宣传，营造良好氛围"}


def test_markers_inside_a_sentence_that_switch_style_count_up_as_one_list():
    text = (
        "镇党委书记在会上部署整治行动。整治工作一要落实包片责任，责任到人；二要建立问题台账，逐项销号；"
        "三是每日现场督查一次；四是每周通报进度。"
    )
    ex = run(text)
    got = [(c["ordinal"], c["title"]) for c in by_kind(ex, "requirement")]
    assert got == [
        (1, "落实包片责任，责任到人"),
        (2, "建立问题台账，逐项销号"),
        (3, "每日现场督查一次"),
        (4, "每周通报进度"),
    ]


def test_two_markers_inside_a_sentence_are_not_a_list():
    ex = run("会议指出，整治工作一要落实包片责任，二要建立问题台账。")
    assert [c["ordinal"] for c in by_kind(ex, "requirement")] == []


def test_villages_groups_and_offices_that_open_a_clause_with_a_duty_word_own_it():
    text = (
        "会上，两个村作表态发言。青石村表态，两个月内完成危房改造。"
        "会议要求，先进村要保持干劲；区督查组负责跟踪督办，每周汇总；各村要正视差距。"
    )
    ex = run(text)
    owners = {unit_name(ex, c): c["quote"] for c in ex.commitments if unit_name(ex, c)}
    assert "完成危房改造" in owners["青石村"]
    assert "保持干劲" in owners["先进村"]
    assert "跟踪督办" in owners["督查组"]
    assert "正视差距" in owners["各村"]
    assert "要求" not in "".join(owners)


def test_a_deadline_with_its_weekday_in_brackets():
    ex = run("会议要求，各牵头单位要于4月20日（星期五）前细化实施方案，报县政府办。", year=2024)
    assert [c["due_date"] for c in ex.commitments] == [dt.date(2024, 4, 20)]


def test_a_unit_named_with_the_items_it_holds_and_their_status_holds_them():
    text = "截至9月底，推进缓慢的有2项。其中：东城区有2（老旧小区改造、停车场建设）推进缓慢；西城县有1（污水管网建设）推进缓慢。"
    ex = run(text, year=2024)
    held = {unit_name(ex, c): c["quote"] for c in by_kind(ex, "task")}
    assert held == {
        "东城区": "东城区有2（老旧小区改造、停车场建设）推进缓慢",
        "西城县": "西城县有1（污水管网建设）推进缓慢",
    }


def test_owners_in_brackets_at_the_end_of_a_numbered_item():
    text = (
        "会议议定事项如下：一、旧城区道路改造要事先规划，分段施工。（县住建局）"
        "二、校舍安全排查要在开学前完成。（县教育局、县应急局）三、做好汛期值守工作（含节假日）。"
    )
    ex = run(text)
    got = [(c["ordinal"], unit_name(ex, c)) for c in by_kind(ex, "requirement")]
    assert got == [(1, "住建局"), (2, "教育局"), (3, None)]
    second = next(c for c in ex.commitments if c["ordinal"] == 2)
    held = {
        (u["unit_id"], u["role"])
        for u in ex.commitment_units
        if u["commitment_id"] == second["commitment_id"]
    }
    assert len(held) == 2


def test_units_asked_or_ordered_to_act_hold_the_clause():
    text = "会议议定：（一）请县交通局与县市场管理处于5月底前研究停车信息公开办法，并请县建设局于春节前安排现场查看；责成县住建局对危房逐栋排查；请示事项另行研究。"
    ex = run(text, year=2024)
    held = {unit_name(ex, c): c for c in by_kind(ex, "task")}
    assert set(held) == {"交通局", "市场管理处", "建设局", "住建局"}
    assert held["交通局"]["due_date"] == dt.date(2024, 5, 31)
    assert held["住建局"]["quote"] == "责成县住建局对危房逐栋排查"


def test_a_short_item_is_not_given_the_unit_that_opens_the_next_sentence():
    ex = run(
        "会议指出，下一步要统一思想，压实责任；要宣传发动，形成氛围；各村要正视差距。先进村要保持干劲，持续推进。"
    )
    last = next(c for c in by_kind(ex, "requirement") if "正视差距" in c["title"])
    assert last["addressee"] == "各村" and unit_name(ex, last) == "各村"


def test_bullet_lines_that_say_something_are_items_and_the_units_asked_hold_them():
    text = (
        "局务会报\n\n• 上次会议决议\n\n• 青石路改造案，请一科派员会同三科出席。\n\n"
        "• 老旧小区案，请加速赶办，于本（3）月底前上网招标。\n\n· 首页\n"
    )
    ex = run(text, year=2024)
    items = [(c["ordinal"], c["title"]) for c in by_kind(ex, "requirement")]
    assert items == [
        (1, "青石路改造案，请一科派员会同三科出席"),
        (2, "老旧小区案，请加速赶办"),  # the lead clauses; the deadline is the item's due date
    ]
    # the office the one asked goes along with (会同三科) is asked too (`subjects._ALONG`)
    assert {unit_name(ex, t) for t in by_kind(ex, "task")} == {"一科", "三科"}
    assert {c["due_date"] for c in by_kind(ex, "requirement")} >= {dt.date(2024, 3, 31)}


def test_a_numbered_list_run_on_inside_the_last_item_of_another_keeps_all_its_items():
    # pasted as one line, the last item 三、存在问题 holds the whole 1、…5、 list, not an average item's length
    text = (
        "关于9月份村庄环境卫生督查情况的通报。现将督查情况通报如下。一、表扬：青禾村；松岭村。"
        "二、批评：石坪村。三、存在问题1、柳湾村生活垃圾堆放较多，清运不及时。2、杏林村河道垃圾较多。"
        "3、桃源村建筑垃圾乱堆乱放。4、竹溪村田间废旧地膜清理不及时。5、梅岭村公厕破损严重。\n"
    )
    ex = run(text)
    assert ex.commitments == []
    criticised = {e["matched"] for e in ex.evidence if e["hint"] == "criticised"}
    assert {"柳湾村", "杏林村", "桃源村", "竹溪村", "梅岭村"} <= criticised


def test_item_one_glued_to_the_date_before_it_starts_the_list():
    # pasted as one line, the date's last digits run into the first marker (2031-03-021、): the 2、 after it says
    # that the last 1、 is item 1
    text = (
        "第12次局务会议决定事项 2031-03-021、各科室要在月底前完成年度预算编制工作。（财务科）"
        "2、春季防火检查要覆盖所有林区。（防火办）3、新招录人员岗前培训要在4月前完成。（人事科）\n"
    )
    ex = run(text)
    items = [(c["ordinal"], c["title"]) for c in ex.commitments if c["ordinal"]]
    assert [n for n, _ in items] == [1, 2, 3]
    assert items[0][1].startswith("各科室要在月底前完成年度预算编制")


def test_a_page_pasted_as_one_line_with_angle_brackets_far_inside_is_report_text():
    # <工作要点> … 《2031年<工作要点>落实情况表》 in a one-line page is no breadcrumb: with no clutter head, the line is text
    text = (
        "青禾县人民政府办公室关于做好2031年工作要点落实的通知各乡镇人民政府，县直各部门：经县人民政府同意，现将有关事项通知如下，请认真贯彻落实。"
        "一、各乡镇、各部门要高度重视<工作要点>落实工作，主要领导要亲自抓，确保各项任务落到实处。"
        "每月25日前将《2031年<工作要点>落实情况表》报县政府督查室。"
        "二、县政府督查室要加强日常调度，建立任务落实台账，及时汇总落实情况向县政府主要领导报告。\n"
    )
    ex = run(text)
    titles = [c["title"] for c in by_kind(ex, "requirement")]
    assert len(titles) == 2 and titles[1].startswith("加强日常调度")


def test_two_bracketed_items_glued_to_their_heading_are_a_list():
    # 二、工作措施（一）… pasted as one line: the first marker is glued to the heading, the second opens a clause, and
    # each item opens with a short lead sentence
    text = (
        "关于做好春季植树工作的通知。一、工作目标全年完成植树造林5000亩。二、工作措施（一）抓好苗木储备。"
        "各乡镇要在3月10日前完成苗木调运，县林业局做好技术指导。（二）压实工作责任。各乡镇主要负责同志要亲自抓，"
        "确保按期完成任务。\n"
    )
    items = [(c["ordinal"], c["title"]) for c in run(text).commitments if c["ordinal"] and c["parent_id"]]
    assert items == [(1, "抓好苗木储备"), (2, "压实工作责任")]
    # a report's heading glued to its figures is no such item: no lead sentence follows the marker
    status = (
        "现将上半年情况通报如下：一、主要指标完成情况（一）全市经济发展主要预期目标完成情况上半年，全市地区生产总值"
        "增长8.6%，规模以上工业增加值增长9.1%。（二）其他指标任务完成情况上半年，新开工亿元以上项目80个。\n"
    )
    assert not any(c["ordinal"] for c in run(status).commitments)
