"""Owners written on lines of their own under numbered items, or in owner fields, on made-up texts."""

from __future__ import annotations

from extract.units import canonical
from tests.extract_helpers import run, unit_name


def _owned(ex):
    return [(c["ordinal"], c["title"], unit_name(ex, c)) for c in ex.commitments if c["ordinal"]]


def _holders(ex, words):
    return {unit_name(ex, c) for c in ex.commitments if words in c["quote"]}


def test_numbered_headings_each_put_in_charge_by_the_line_under_them():
    text = "\n".join(
        [
            "1、青禾新区设立事宜",
            "由钱立明副市长负责，市发改委牵头，相关部门配合，尽快完成设立方案，报省政府审批。",
            "2、白沙河流域治理项目",
            "由孙海副市长负责，市水务局牵头，市财政局配合，细化分工，尽快完成项目报批。",
            "3、青禾机场改扩建项目",
            "由孙海副市长负责，市交通局牵头，相关部门配合，加强与民航部门衔接。",
        ]
    )
    ex = run(text, year=2031)
    assert _owned(ex) == [
        (1, "青禾新区设立事宜", "发改委"),
        (2, "白沙河流域治理项目", "水务局"),
        (3, "青禾机场改扩建项目", "交通局"),
    ]
    first = next(c for c in ex.commitments if c["ordinal"] == 1)
    assert first["leader"] == "钱立明副市长"


def test_two_numbered_lines_with_owner_fields_under_them_are_items_and_every_responsible_body_holds_its_share():
    text = "\n".join(
        [
            "一、市长主抓重点工作",
            "1.全力稳住青禾工业。落实稳企政策，减轻企业负担50亿元。",
            "责任单位：市经信局、市财政局、市税务局（列第一位者为牵头单位，下同）",
            "2.推进白沙港区建设",
        ]
    )
    ex = run(text, year=2031)
    assert [(o, t) for o, t, _u in _owned(ex)] == [(1, "全力稳住青禾工业"), (2, "推进白沙港区建设")]
    # the note in brackets after the last name is no part of it
    assert _holders(ex, "全力稳住青禾工业") == {"经信局", "财政局", "税务局"}


def test_owner_fields_with_the_duty_after_the_last_name_and_provincial_departments():
    text = "\n".join(
        [
            "一、深化流通改革",
            "（一）加强市场体系建设。推进青禾商贸城建设。〔责任单位：省发展改革委、省市场监管局、商务厅、"
            "省大数据中心按职责分工负责。〕",
            "（二）优化准入环境。推进一网通办。〔责任单位：省市场监管局〕",
            "（三）建设白沙物流园。推进冷链设施建设。〔责任单位：商务厅〕",
        ]
    )
    ex = run(text, year=2031)
    assert _holders(ex, "加强市场体系建设") == {"省发展改革委", "市场监管局", "商务厅", "省大数据中心"}


def test_collectives_in_an_owner_bracket_are_addressees_and_the_leads_named_there_hold_it():
    text = "\n".join(
        [
            "1.全面实施许可清单管理。编制并公布清单。（市行政审批局、市行政审批制度改革工作领导小组办公室牵头，"
            "市级各有关部门及各县区政府按职责分工负责）",
            "2.深化集中许可改革。梳理划转目录。（市政务办牵头）",
            "3.推进电子证照应用。（市数据局负责）",
        ]
    )
    ex = run(text, year=2031)
    assert _holders(ex, "全面实施许可清单管理") == {"行政审批局", "行政审批制度改革工作领导小组办公室"}


def test_a_place_before_a_word_that_opens_with_a_level_word_keeps_that_word():
    assert canonical("省市场监管局") == "市场监管局"
    assert canonical("县政府园区发展服务中心") == "园区发展服务中心"
    assert canonical("青禾县市政局") == "市政局"


def test_a_numbered_item_whose_text_opens_with_a_number_is_still_an_item_with_its_owner():
    text = "\n".join(
        [
            "县长裁示事项",
            "1、对于低收入户要准备寒冬送暖事宜。（民政局）",
            "2、年关将近，有关财务的调度要做好各项准备工作。（财政局）",
            "3、31年元旦升旗活动相关事宜，应事先做好规划办理。（教育局）",
            "4、学校将在一月二十日放寒假，校园的安全必须事先做好安排。（教育局）",
        ]
    )
    ex = run(text, year=2030)
    assert [(o, u) for o, _t, u in _owned(ex)] == [(1, "民政局"), (2, "财政局"), (3, "教育局"), (4, "教育局")]
    # numbers listed with 、 are no items (1、2、3、4月)
    ex = run("会议通报了进展：1、2、3、4月均完成了任务。要求各单位抓好落实。", year=2030)
    assert not [c for c in ex.commitments if c["ordinal"]]


def test_a_heading_naming_the_body_that_leads_the_work_under_it_gives_it_the_items():
    text = "\n".join(
        [
            "2031年县政府工作报告任务清单",
            "一、县青禾园区管委会牵头工作（3项）",
            "1.投资2000万元建设白虾循环水养殖基地。",
            "2.打造青禾菌菇生产基地。",
            "3.建设2个劳动密集型产业园。",
            "二、县文旅局牵头工作（2项）",
            "1.创建青禾山4A级景区。",
            "2.举办白沙湖音乐节。",
        ]
    )
    ex = run(text, year=2031)
    assert [(o, u) for o, _t, u in _owned(ex)] == [
        (1, "青禾园区管委会"),
        (2, "青禾园区管委会"),
        (3, "青禾园区管委会"),
        (1, "文旅局"),
        (2, "文旅局"),
    ]


def test_bodies_named_before_the_quoted_item_they_are_in_charge_of_hold_it():
    text = (
        "二、工作要求\n在督查中发现，需要加快推进落实事项2件，如县交通局、县水务局负责的“紧盯白沙河桥项目9月底前"
        "开工的时间节点，加快推进项目实施。”截至目前，已开工1个；各乡镇负责的“抓好青禾茶园提升。”进展缓慢。"
    )
    ex = run(text, year=2031)
    assert _holders(ex, "紧盯白沙河桥项目") >= {"交通局", "水务局"}
    assert "各乡镇" not in _holders(ex, "抓好青禾茶园提升")
