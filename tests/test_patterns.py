"""Extraction patterns of the genre, on short texts written for these tests (not real reports)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extract.numbers import cn_to_int, parse_number
from extract.text import segment
from tests.extract_helpers import by_kind, run, unit_name

TEXTS = Path(__file__).parent / "texts"


def test_ordinals_first_second_and_parenthesised():
    ex = run((TEXTS / "county_numbered.txt").read_text(encoding="utf-8"))
    reqs = [c for c in by_kind(ex, "requirement") if c["issued_by"] and "王明华" in c["issued_by"]]
    assert [(r["ordinal"], r["title"]) for r in reqs] == [(1, "压实责任"), (2, "排查隐患"), (3, "强化宣传")]
    paren = [c for c in by_kind(ex, "requirement") if c["quote"].startswith("（")]
    assert [p["title"] for p in paren] == ["健全工作机制", "加强队伍建设"]
    assert {p["issued_by"] for p in paren} == {"会议"}


def test_deadline_in_the_text_becomes_the_due_date():
    ex = run((TEXTS / "county_numbered.txt").read_text(encoding="utf-8"))
    second = next(c for c in ex.commitments if c["title"] == "排查隐患")
    assert second["due_date"] == dt.date(2023, 6, 30)
    assert next(c for c in ex.commitments if c["title"] == "压实责任")["due_date"] is None


def test_tasks_assigned_with_you_fuze_and_qiantou():
    ex = run((TEXTS / "county_numbered.txt").read_text(encoding="utf-8"))
    owners = {unit_name(ex, t): t["quote"] for t in by_kind(ex, "task")}
    assert "交警大队负责" in owners["公安局"]
    assert "由县教育局牵头" in owners["教育局"]
    assert owners["人社局"].startswith("县人社局作为牵头单位要")


def test_figures_with_qualifiers_numerals_and_multipliers():
    ex = run((TEXTS / "county_numbered.txt").read_text(encoding="utf-8"))
    got = {f["number_text"]: (f["value"], f["measure"], f["qualifier"]) for f in ex.figures}
    assert got["1,208家"] == (1208, "家", None)
    assert got["约3400处"] == (3400, "处", "约")
    assert got["超过95%"] == (95, "%", "超过")
    assert got["1.2亿元"] == (120_000_000, "元", None)
    assert got["三千五百人次"] == (3500, "人次", None)
    assert got["二十场"] == (20, "场", None)


def test_a_figure_after_reached_keeps_its_own_qualifier():
    # 达 (reached) before a number is no qualifier; the number's own 余/以上 still is (this used to raise)
    ex = run("本次招聘会共吸引求职者达1200余人，发放资料达3000份以上。")
    got = {f["number_text"]: (f["value"], f["measure"], f["qualifier"]) for f in ex.figures}
    assert got == {"1200余人": (1200, "人", "余"), "3000份以上": (3000, "份", "以上")}


def test_meeting_year_from_the_text_and_from_the_date_header():
    ex = run((TEXTS / "county_numbered.txt").read_text(encoding="utf-8"))
    assert [(m["date"], m["title"]) for m in ex.meetings] == [(dt.date(2023, 3, 8), "2023年安全生产工作会议")]
    ex = run((TEXTS / "town_named.txt").read_text(encoding="utf-8"))
    assert [(m["date"], m["organizer"]) for m in ex.meetings] == [(dt.date(2022, 9, 14), "石桥镇")]


def test_config_year_wins_for_dates_without_one():
    ex = run("3月2日，某市召开城市管理工作会议，部署春季工作。", year=2021)
    assert (ex.meetings[0]["date"], ex.meetings[0]["date_source"]) == (dt.date(2021, 3, 2), "config")
    assert run("3月2日，某市召开城市管理工作会议。").meetings[0]["date_source"] == "assumed"


def test_intro_count_with_semicolon_items_ascii_punctuation():
    ex = run((TEXTS / "town_named.txt").read_text(encoding="utf-8"))
    reqs = [c for c in by_kind(ex, "requirement") if c["list_name"] == "三点要求"]
    assert [r["title"] for r in reqs] == ["提高认识，统一思想", "突出重点，狠抓落实", "严明纪律，强化督查"]
    assert {r["issued_by"] for r in reqs} == {"镇党委书记李春生"}


def test_named_lists_with_colon_and_dash():
    ex = run((TEXTS / "town_named.txt").read_text(encoding="utf-8"))
    lists: dict[str, list[str]] = {}
    for c in ex.commitments:
        if c["list_name"] in ("四个到位", "三大战役"):
            lists.setdefault(c["list_name"], []).append(c["title"])
    assert lists["四个到位"] == ["思想认识到位", "组织领导到位", "措施落实到位", "督促检查到位"]
    assert lists["三大战役"] == ["秋收攻坚战", "秸秆禁烧战", "环境整治战"]


def test_named_list_before_its_name_in_quotes():
    ex = run("会议要求，扎实开展好平安校园创建、标准化建设、能力素质提升“三大攻坚工程”，确保取得实效。")
    assert [c["title"] for c in ex.commitments if c["list_name"] == "三大攻坚工程"] == [
        "平安校园创建",
        "标准化建设",
        "能力素质提升",
    ]


def test_named_list_after_a_colon():
    ex = run("全县实施“五大工程”：产业振兴、人才振兴、文化振兴、生态振兴、组织振兴。")
    items = [c for c in ex.commitments if c["list_name"] == "五大工程"]
    assert [c["ordinal"] for c in items] == [1, 2, 3, 4, 5]
    assert items[-1]["title"] == "组织振兴"


def test_count_mismatch_is_not_a_list():
    ex = run("全县实施“五大工程”：产业振兴、人才振兴、文化振兴。")
    assert not ex.commitments


def test_digit_ordinals_and_units_at_item_heads():
    ex = run((TEXTS / "town_named.txt").read_text(encoding="utf-8"))
    items = [c for c in ex.commitments if c["issued_by"] == "镇长赵刚"]
    assert [c["ordinal"] for c in items] == [1, 2, 3]
    assert items[0]["addressee"] == "各村" and items[0]["due_date"] == dt.date(2022, 10, 31)
    assert unit_name(ex, items[2]) == "派出所"


def test_town_tasks_split_per_unit_in_one_sentence():
    ex = run((TEXTS / "town_named.txt").read_text(encoding="utf-8"))
    owners = {unit_name(ex, t): t["title"] for t in by_kind(ex, "task")}
    assert owners["东坡街道"].startswith(
        "继续推进老旧小区改造"
    )  # the unit is the task's owner, not its title
    assert owners["西岭乡"].startswith("西岭乡计划新建文化广场")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("县自然资源局要加快审批。", "自然资源局"),
        ("区委宣传部要做好宣传。", "区委宣传部"),
        ("县政府办要加强督查。", "政府办"),
        ("镇财政所要做好资金保障。", "财政所"),
        ("县应急管理局、县住建局要联合检查。", "应急管理局"),
        ("白沙镇要抓好秋收。", "白沙镇"),
        ("红旗街道要推进物业全覆盖。", "红旗街道"),
        ("龙泉乡将新建村级活动场所。", "龙泉乡"),
        ("市发展和改革委员会要做好项目储备。", "发展和改革委员会"),
        ("县卫生健康部门要加强疫情监测。", "卫生健康部门"),
    ],
)
def test_units_outside_the_gazetteer_are_found_by_suffix(text, expected):
    ex = run(text)
    assert expected in {unit_name(ex, t) for t in by_kind(ex, "task")}


def test_words_that_look_like_units_are_not_units():
    ex = run("要融入发展大局，建设美丽小镇，推动城乡融合，全镇要抢抓时机，各镇要做好准备。")
    assert {name: kind for name, (kind, _sub, _g) in ex.units.items()} == {"各镇": "collective"}


def test_gazetteer_alias_maps_to_canonical_name(project):
    from extract.units import Gazetteer
    from tracker.config import load_config

    gaz = Gazetteer.from_config(load_config(project))
    ex = run("堰口街道下一步要推进物业全覆盖。", gazetteer=gaz)
    assert [unit_name(ex, t) for t in by_kind(ex, "task")] == ["垭口街道"]


def test_lines_broken_mid_sentence_are_joined_and_spans_keep_the_break():
    text = "会议要求，各乡镇要做好秋粮收储工作，确保颗粒归仓，镇农业服务中心要\n\n做好技术指导。\n"
    seg = segment(text)
    assert len(seg.paragraphs) == 1
    ex = run(text)
    assert any("\n\n" in c["quote"] for c in ex.commitments)


def test_full_width_and_ascii_punctuation_give_the_same_rows():
    wide = "5月6日，某县召开防汛工作会议。县长李强强调，一要压实责任；二要排查隐患；三要备足物资。"
    narrow = wide.replace("，", ",").replace("；", ";")
    a, b = run(wide), run(narrow)
    assert [c["title"] for c in a.commitments] == [c["title"] for c in b.commitments]
    assert [c["ordinal"] for c in a.commitments] == [1, 2, 3]
    assert [(m["title"]) for m in a.meetings] == [m["title"] for m in b.meetings] == ["防汛工作会议"]


def test_nested_lists_reuse_ordinals():
    text = (
        "书记强调，一是抓好安全。一要排查隐患；二要落实责任。二是抓好民生。要保障供暖。"
        "三是抓好党建。加强支部建设。"
    )
    ex = run(text)
    outer = [c for c in ex.commitments if c["parent_id"] is None]
    inner = [c for c in ex.commitments if c["parent_id"] is not None]
    assert [c["ordinal"] for c in outer] == [1, 2, 3]
    assert [c["title"] for c in inner] == ["排查隐患", "落实责任"]
    assert {c["parent_id"] for c in inner} == {outer[0]["commitment_id"]}
    assert not any("二是" in c["quote"] for c in inner)


@pytest.mark.parametrize(
    ("written", "value"),
    [("十五", 15), ("三百零二", 302), ("两", 2), ("二〇二四", 2024), ("一千二百", 1200)],
)
def test_chinese_numerals(written, value):
    assert cn_to_int(written) == value


def test_multipliers():
    assert parse_number("4", "万") == 40000
    assert parse_number("1.5", "亿") == 150_000_000
    assert parse_number("1,449") == 1449


def test_dates_ages_and_ordinals_are_not_figures():
    ex = run("2月20日上午8点半，33岁的刘先生参加了第6次会议，2023年共有12315热线。")
    assert not ex.figures


def test_relative_dates_use_the_date_header():
    ex = run("# date: 2024-03-06\n昨日，某县召开春耕生产工作会议。")
    assert [(m["date"], m["title"]) for m in ex.meetings] == [(dt.date(2024, 3, 5), "春耕生产工作会议")]
    assert run("近日，某县召开春耕生产工作会议。").meetings[0]["date"] is None


def test_demand_followed_by_sentences_that_start_with_yao():
    text = (
        "5月8日，某县召开防汛工作会议。县长陈立强调，各乡镇要压实防汛责任，落实包保措施。"
        "要加强巡查值守，及时发现险情。要备足抢险物资，确保拉得出、用得上。"
        "会议还通报了去年的工作。"
    )
    ex = run(text, year=2024)
    reqs = by_kind(ex, "requirement")
    assert [(r["ordinal"], r["title"]) for r in reqs] == [
        (1, "压实防汛责任，落实包保措施"),  # the subject is the addressee, not part of the title
        (2, "加强巡查值守，及时发现险情"),
        (3, "备足抢险物资，确保拉得出、用得上"),
    ]
    assert [r["addressee"] for r in reqs] == ["各乡镇"] * 3  # the subject carries over to 要… sentences
    assert {r["issued_by"] for r in reqs} == {"县长陈立"}
    assert not by_kind(ex, "task")  # the first sentence is the list's first item, not also a task


def test_a_single_yao_sentence_is_not_a_list():
    ex = run("会议指出，要守好底线，坚持问题导向。会议还通报了去年的工作。")
    assert not by_kind(ex, "requirement")


def test_counts_in_slogans_are_not_figures():
    ex = run("推进“千名干部下基层”活动，带好三支队伍，新建文化广场两处。")
    assert [f["number_text"] for f in ex.figures] == ["两处"]


def test_titles_keep_balanced_quotes():
    ex = run(
        "会议强调，党政领导干部要积极学习“十大战略”，逐项研究新政策、新理念、新概念，切实吃透精神、抓住机遇。"
        "要紧盯差距短板，查漏补缺。"
    )
    assert by_kind(ex, "requirement")[0]["title"] == "党政领导干部要积极学习“十大战略”"


def test_traditional_characters_give_the_same_rows_written_as_the_report_writes_them():
    simplified_text = (TEXTS / "county_numbered.txt").read_text(encoding="utf-8")
    import opencc

    traditional_text = opencc.OpenCC("s2t").convert(simplified_text)
    t2s = opencc.OpenCC("t2s").convert
    assert traditional_text != simplified_text and len(traditional_text) == len(simplified_text)
    a, b = run(simplified_text), run(traditional_text)  # run() checks every quote against the text as written
    # the same rows, with titles, names and units in the report's own (traditional) characters
    assert [c["title"] for c in a.commitments] == [t2s(c["title"]) for c in b.commitments]
    assert any(c["title"] != t2s(c["title"]) for c in b.commitments)
    assert [m["title"] for m in b.meetings] == ["2023年安全生產工作會議"]
    assert "縣" in b.meetings[0]["quote"]
    assert sorted(a.units) == sorted(t2s(n) for n in b.units) and "教育局" in b.units


def test_semicolon_yao_clauses_after_a_new_subject():
    text = (
        "会议强调，各单位要认真落实部署要求，有序推进；要牢固树立团队意识。"
        "同时，白沙镇要立足镇域特色，抓紧抓实各项任务；要坚持规划引领；要明确分工，压实责任。"
    )
    ex = run(text)
    reqs = by_kind(ex, "requirement")
    assert [r["ordinal"] for r in reqs] == [1, 2, 1, 2, 3]
    assert [unit_name(ex, r) for r in reqs[2:]] == ["白沙镇"] * 3
    assert reqs[0]["addressee"] == "各单位"


def test_ordinals_with_dun_hao_and_three_four_quarters_are_not_lists():
    text = (
        "会议对三、四季度工作进行了安排。镇党委书记王涛强调，一、各村要抓紧谋划，开展村庄绿化。"
        "二、做好信访稳定工作。三、做好春季麦田管理工作。"
    )
    ex = run(text)
    reqs = by_kind(ex, "requirement")
    assert [(r["ordinal"], r["title"]) for r in reqs] == [
        (1, "抓紧谋划，开展村庄绿化"),  # 各村 is the addressee
        (2, "做好信访稳定工作"),
        (3, "做好春季麦田管理工作"),
    ]
    assert reqs[0]["addressee"] == "各村"


def test_semicolon_clauses_after_a_demand():
    ex = run(
        "会议要求，各单位要迅速行动，突出重点；加强宣传，形成声势；统筹协调，形成合力；取得实效，全面达标。"
    )
    assert [r["title"] for r in by_kind(ex, "requirement")] == [
        "迅速行动，突出重点",  # 各单位 is the addressee
        "加强宣传，形成声势",
        "统筹协调，形成合力",
        "取得实效，全面达标",
    ]


def test_quoted_count_names_a_list():
    ex = run("全镇要提高生命力、创造力、凝聚力、向心力“四力”，推动发展。")
    assert [c["title"] for c in ex.commitments if c["list_name"] == "四力"] == [
        "生命力",
        "创造力",
        "凝聚力",
        "向心力",
    ]


def test_approximate_chinese_numerals_and_percentage_points():
    ex = run("近千名干部参加培训，吸纳就业一万余名，增速提高1.2个百分点。推进“千名干部下基层”。")
    got = {f["number_text"]: (f["value"], f["measure"], f["qualifier"]) for f in ex.figures}
    assert got == {
        "近千名": (1000, "名", "近"),
        "一万余名": (10000, "名", "余"),
        "1.2个百分点": (1.2, "个百分点", None),
    }


def test_meeting_named_before_its_date():
    ex = run("全县2024年防汛工作会议于5月6日在县政府召开。县长李强强调，一要压实责任；二要排查隐患。")
    assert [(m["date"], m["title"]) for m in ex.meetings] == [(dt.date(2024, 5, 6), "全县2024年防汛工作会议")]
    assert {c["meeting_id"] for c in ex.commitments} == {ex.meetings[0]["meeting_id"]}


@pytest.mark.parametrize(
    "text",
    ["举全镇之力推进典型镇创建。", "同时要立足镇域特色。", "要发挥街道的作用。"],
)
def test_town_words_that_are_not_towns(text):
    assert not run(text).units


def test_a_verb_before_a_town_name_is_not_part_of_it():
    ex = run("县直各部门要全力配合指导棉湖镇做好各项工作。")
    assert {n for n, (kind, _s, _g) in ex.units.items() if kind != "collective"} == {"棉湖镇"}


def test_sentences_between_yao_items_belong_to_the_item_before():
    text = (
        "会议要求，要主动担责，抓好经济工作。始终把招商引资作为一号工程。要尽锐出战，落实调度机制。"
        "穷尽一切办法抓项目。要勇立潮头，树立冲刺意识。会议还研究了其他事项。"
    )
    reqs = by_kind(run(text), "requirement")
    assert [r["title"] for r in reqs] == [
        "主动担责，抓好经济工作",
        "尽锐出战，落实调度机制",
        "勇立潮头，树立冲刺意识",
    ]
    assert reqs[0]["quote"].endswith("始终把招商引资作为一号工程。")
    assert reqs[2]["quote"].endswith("树立冲刺意识。")


def test_meeting_title_with_brackets_and_a_joined_second_meeting():
    ex = run(
        "9月30日上午，在区政务服务中心召开区政府全体（扩大）会议暨项目投资工作推进会（区安委会第四次会议）。"
    )
    assert [m["title"] for m in ex.meetings] == ["区政府全体（扩大）会议暨项目投资工作推进会"]


def test_office_names_that_end_like_verbs():
    ex = run("区督查办、区环委办、区食安办通报了有关工作情况。要坚决破除部门壁垒。")
    assert set(ex.units) == {"督查办", "环委办"}


def test_meeting_named_only_in_the_headline_takes_the_articles_date():
    text = (
        "某县2024年春季防火工作会议召开\n\n"
        "本报讯 3月12日上午，县委书记李明在会上强调，一要压实防火责任；二要加强巡山护林；三要备足扑火物资。\n"
    )
    ex = run(text)
    assert [(m["date"], m["title"]) for m in ex.meetings] == [
        (dt.date(2024, 3, 12), "某县2024年春季防火工作会议")
    ]
    assert ex.meetings[0]["quote"] == "某县2024年春季防火工作会议召开"
    assert {c["meeting_id"] for c in ex.commitments} == {ex.meetings[0]["meeting_id"]}


def test_a_unit_that_fuze_or_qiantou_takes_the_task():
    ex = run(
        "会议明确，县公安局负责道路交通安全整治，县教育局牵头做好校园周边整治。朱兰街道负责同志参加会议。"
    )
    owners = {unit_name(ex, t): t["quote"] for t in by_kind(ex, "task")}
    assert owners["公安局"].startswith("县公安局负责道路交通安全整治")
    assert owners["教育局"].startswith("县教育局牵头做好校园周边整治")
    assert "朱兰街道" not in owners


def test_shouxian_qici_zuihou_sequence():
    text = "会议强调：首先，要统一思想，提高认识。其次，要强化措施，狠抓落实。最后，要严明纪律，加强督查。"
    reqs = by_kind(run(text), "requirement")
    assert [(r["ordinal"], r["title"]) for r in reqs] == [
        (1, "统一思想，提高认识"),
        (2, "强化措施，狠抓落实"),
        (3, "严明纪律，加强督查"),
    ]
    assert run("最后，县长作了总结讲话。首先，大家观看了视频。").commitments == []


def test_a_line_ending_in_a_half_width_bracket_ends_its_paragraph():
    text = (
        "责任单位:某市应急管理局、某市住建局等,各县(市、区)政府(管委会)\n2.完善应急预案体系,开展应急演练。\n"
    )
    doc = segment(text)
    assert [p.text[:4] for p in doc.paragraphs] == ["责任单位", "2.完善"]
    assert segment(text.replace("(", "（").replace(")", "）")).paragraphs[0].text == doc.paragraphs[0].text
