"""Named items, agenda lines, meeting dates and deadlines written in less common ways, on made-up texts
(invented places and names)."""

from __future__ import annotations

import datetime as dt

from tests.extract_helpers import run


def _titles(ex) -> list[str]:
    return [str(c["title"]) for c in ex.commitments]


def test_an_agenda_line_that_hears_a_report_is_no_commitment():
    text = (
        "柳湾县政府第3次常务会议\n会议时间\n2024-05-06\n会议议题\n"
        "1、研究柳湾县老旧小区改造方案, 2、听取新建柳湾二中教学楼进展汇报 3、听取城区排水防涝工作汇报\n"
        "会议内容\n5月6日，县长主持召开县政府第三次常务会议。会议要求，县住建局要在6月底前完成老旧小区改造设计。\n"
    )
    ex = run(text, year=2024)
    titles = "|".join(_titles(ex))
    assert "教学楼进展汇报" not in titles
    assert "排水防涝工作汇报" not in titles
    assert any("老旧小区改造设计" in t for t in _titles(ex))


def test_a_page_line_published_on_gives_the_meetings_year():
    text = (
        "首页 | 新闻中心\n发表时间:2021/04/13 点击次数:5\n"
        "  4月12日,青杉镇召开春季防火工作会议,全体镇干部参会。会议要求,各村要加强巡查。\n"
    )
    ex = run(text)
    assert [str(m["date"]) for m in ex.meetings] == ["2021-04-12"]


def test_a_date_with_its_day_sign_left_out_before_a_comma_dates_the_meeting():
    text = "3月14,青杉县白溪镇组织全镇干部职工80余人,召开全镇春耕备耕会议,安排部署春季农业生产工作。\n"
    ex = run(text, year=2021)
    assert "2021-03-14" in [str(m["date"]) for m in ex.meetings]


def test_a_session_that_opens_on_a_day_is_a_meeting_held_then():
    text = "5月9日,青杉县第八届人民代表大会第二次会议开幕,会上公布了全县将办好的十件民生实事。\n"
    ex = run(text, year=2021)
    assert "2021-05-09" in [str(m["date"]) for m in ex.meetings]


def _due(ex, words: str) -> list[dt.date]:
    return [c["due_date"] for c in ex.commitments if words in c["quote"] and c["due_date"]]


def test_a_day_with_no_month_closing_a_time_takes_the_month_written_before_it():
    text = (
        "9月3日,青杉县召开秋粮收储工作会议。会议要求,各乡镇要加快收储进度,力争20日前全部完成秋粮入库工作,"
        "封冻前必须完成晾晒场清理。\n"
    )
    ex = run(text, year=2021)
    assert dt.date(2021, 9, 20) in _due(ex, "全部完成秋粮入库工作")


def test_a_day_the_work_is_to_be_finished_on_is_its_deadline():
    text = "会议要求,各级各部门要加强配合,确保在7月20日完成搬迁工作的检查验收。\n"
    ex = run(text, year=2021)
    assert dt.date(2021, 7, 20) in _due(ex, "搬迁工作的检查验收")


def test_the_end_of_a_range_that_closes_a_time_for_work_is_its_deadline():
    text = (
        "排名末三位的小区,由区爱卫办进行通报。8月2日至8月9日将按照评分细则,"
        "组织对辖区所有小区开展一次全覆盖的卫生检查。\n"
    )
    ex = run(text, year=2021)
    assert dt.date(2021, 8, 9) in _due(ex, "全覆盖的卫生检查")


def test_titles_listed_as_a_plans_contents_are_items_of_their_own():
    text = (
        "二、《方案》主要内容\n"
        "《方案》内容主要包括《新增城镇就业岗位800个以上》《建成社区食堂2个》《为600名老人开展免费体检》"
        "《改造农村危桥5座,惠及群众2100余人》4件实事,明确了牵头部门和完成时限。\n"
        "会议传达学习了《青杉县河道管理条例》《青杉县节水办法》。本次解读内容包括《青杉县实事实施方案》《青杉县考核办法》。\n"
    )
    ex = run(text, year=2023)
    titles = _titles(ex)
    for name in ("新增城镇就业岗位800个以上", "建成社区食堂2个", "为600名老人开展免费体检"):
        assert name in titles, name
    assert any(t.startswith("改造农村危桥5座") for t in titles)
    assert not any("条例" in t or "节水办法" in t or "考核办法" in t for t in titles)


def test_a_counted_list_that_names_its_items_after_fenbie_shi_is_a_list():
    text = (
        "经人大代表投票表决,2024年民生实事项目名单出炉。这4项民生实事项目分别是"
        "白溪河道综合治理工程、城东小学扩建工程、社区养老驿站建设工程、农贸市场改造工程。\n"
    )
    ex = run(text, year=2024)
    titles = _titles(ex)
    for name in ("白溪河道综合治理工程", "城东小学扩建工程", "社区养老驿站建设工程", "农贸市场改造工程"):
        assert name in titles, name


def test_a_run_of_demands_after_a_clause_that_sets_the_scene_is_a_list():
    text = (
        "4月2日,青杉县召开违建清理整治推进会。林远表示,自整治行动开展以来,全县已整改违建120处。"
        "下一步工作时间紧、任务重,全县上下要一鼓作气,按时完成任务;要压实属地责任,扎实有序推进,确保落实到位;"
        "要加强舆论引导,做好政策解释,保障社会稳定。\n"
    )
    ex = run(text, year=2021)
    titles = _titles(ex)
    assert any(t.startswith("压实属地责任") for t in titles)
    assert any(t.startswith("加强舆论引导") for t in titles)
    assert not any(t.startswith("下一步") for t in titles)


def test_demands_after_a_line_that_is_only_the_speakers_demand_are_a_run():
    text = (
        "6月3日,青杉县召开防汛调度会。\n"
        "李青山要求\n"
        "各乡镇要压实防汛责任,落实值班制度。要始终绷紧安全度汛这根弦,加强隐患排查。"
        "要围绕水库除险加固进度,全力消除薄弱环节。\n"
    )
    ex = run(text, year=2022)
    titles = _titles(ex)
    assert any(t.startswith("始终绷紧安全度汛这根弦") for t in titles)
    assert any(t.startswith("围绕水库除险加固进度") for t in titles)


def test_a_title_starts_after_lead_clauses_that_only_say_by_what():
    text = (
        "会议要求,要按照预案要求,对照职责分工,抓实抓细森林防火各项工作,做到早部署早落实。"
        "要对照方案目标任务,认真落实结对帮扶制度,加快培育一批示范户。\n"
    )
    ex = run(text, year=2022)
    titles = _titles(ex)
    assert any(t.startswith("抓实抓细森林防火各项工作") for t in titles), titles
    assert any(t.startswith("认真落实结对帮扶制度") for t in titles), titles


def test_matters_listed_after_shixiang_baokuo_and_projects_closed_by_deng_jihua_are_items():
    text = (
        "会中主要讨论事项包括汛期水库安全巡查不可松懈、登革热疫情防控、乡村旅游今年力求突破、"
        "老旧市场改造方案多听摊商意见。\n"
        "县长指示,将青杉大桥拓宽工程、城东污水厂扩建评估、与青杉学院合作设立实训基地及扩大长者卡用途等计划,"
        "纳入县务会议列管。去年已建成白溪公园、城北停车场、东门菜市场等项目。\n"
        "会议分别就白溪水厂扩容工程、城南安置房建设工程、青杉中学迁建等项目进行调度。\n"
    )
    ex = run(text, year=2022)
    titles = _titles(ex)
    for name in (
        "汛期水库安全巡查不可松懈",
        "登革热疫情防控",
        "青杉大桥拓宽工程",
        "城东污水厂扩建评估",
        "扩大长者卡用途",
    ):
        assert name in titles, name
    assert "城北停车场" not in titles
    assert not any(t.startswith("会议分别就") for t in titles)


def test_meeting_dates_and_names_written_loosely():
    text = (
        "2 月 9 日，白溪乡召开 2021 年森林防火工作会，乡党委书记出席。\n"
        "2020年3月6上午,在白溪乡政府会议室召开春耕生产推进会。\n"
        "4月8日，白溪乡召开“走百家门,解百家难”工作群众来信点评交办会。\n"
        "5月27日上午9时,2019全乡农村公路养护工作会议在乡交通站会议室召开。全乡2016-2018年共建成公路80公里。\n"
    )
    ex = run(text)
    dates = {str(m["date"]) for m in ex.meetings}
    assert "2021-02-09" in dates
    assert "2020-03-06" in dates
    assert any(d.endswith("-04-08") for d in dates)
    assert "2019-05-27" in dates


def test_a_day_set_for_an_event_with_a_request_to_be_ready_is_the_deadline():
    text = (
        "各科重大事项提报\n"
        "• 白溪段3小段等4笔土地整理案,订于本(3)月21日看现场,请二科会同四科派员参加。\n"
        "• 4/12王副县长视察河滨步道工程有关简报资料请先陈报检视。\n"
        "• 全县人口共有12/15万人在城区居住。\n"
    )
    ex = run(text, year=2022)
    assert dt.date(2022, 3, 21) in _due(ex, "看现场")
    assert dt.date(2022, 4, 12) in _due(ex, "河滨步道工程有关简报资料")
    assert not any(c["due_date"] and "城区居住" in c["quote"] for c in ex.commitments)


def test_a_meeting_named_in_quotes_after_zai_is_dated_by_the_day_before_it():
    text = (
        "青杉网3月12日白溪讯 3月10日,在“白溪乡提质增效 奋勇争先2023年总结表彰暨决战2024年目标动员会”上,"
        "乡党委、政府主要领导分别与各村签订了目标责任状。\n"
    )
    ex = run(text)
    assert any(str(m["date"]).endswith("-03-10") for m in ex.meetings)
