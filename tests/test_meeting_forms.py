"""Ways a meeting's date is written besides 'date + 召开 + name', on short texts written for these tests."""

from __future__ import annotations

import datetime as dt

from tests.extract_helpers import run


def _dated(text: str) -> list[tuple[dt.date, str]]:
    return [(m["date"], m["title"]) for m in run(text).meetings]


def test_a_date_field_in_a_minutes_form_dates_the_meeting():
    text = "会议时间：2023年6月8日\n会议地点：青石村会议室\n会议内容：1、要加大整治力度，提升人居环境质量。\n"
    assert [d for d, _t in _dated(text)] == [dt.date(2023, 6, 8)]


def test_a_plain_date_field_under_a_meetings_name_or_beside_a_place_field():
    text = "青禾区议会第五次会议\n日期: | 2019-03-07 (星期四) |\n时间: | 下午2时30分 |\n"
    assert _dated(text) == [(dt.date(2019, 3, 7), "青禾区议会第五次会议")]
    minutes = "预备会议纪录：一、开会时间：民国109年3月2日二、开会地点：本会议事厅三、出席人：主席\n"
    assert [d for d, _t in _dated(minutes)] == [dt.date(2020, 3, 2)]
    assert _dated("时间：2024年5月1日\n") == []  # a lone time field is no meeting


def test_a_meeting_called_without_a_name_is_named_by_its_purpose():
    text = "2022年4月9日上午，区长李明在区政府会议室召开会议，研究安排土地收储工作。会议要求，要加快进度。"
    assert _dated(text) == [(dt.date(2022, 4, 9), "研究安排土地收储工作会议")]
    text = "2021年9月6日，区生态办召集各镇，召开会议部署信访问题整改工作。"
    assert _dated(text) == [(dt.date(2021, 9, 6), "部署信访问题整改工作会议")]


def test_a_meeting_the_date_puts_something_at_is_dated_by_it():
    text = "2020年1月5日，区长在区五届人民代表大会第三次会议所作的政府工作报告部署了今年的任务。"
    assert _dated(text) == [(dt.date(2020, 1, 5), "区五届人民代表大会第三次会议")]
    text = "2021年3月2日，记者从县人大五次会议第二次全体会议上获悉，民生实事项目名单出炉。"
    assert _dated(text) == [(dt.date(2021, 3, 2), "县人大五次会议第二次全体会议")]


def test_a_meeting_name_may_list_who_meets():
    text = "2023年7月3日，青石镇召开全体镇、村干部会议，部署防汛工作。"
    assert _dated(text) == [(dt.date(2023, 7, 3), "全体镇、村干部会议")]


def test_the_date_nearest_the_verb_dates_the_meeting():
    text = "为总结近期工作，东城社区于2024年8月4日组织召开月度工作会议。"
    assert _dated(text) == [(dt.date(2024, 8, 4), "月度工作会议")]
    text = "2023年春，今天（12月20日）上午，副县长王强主持召开耕地整改调度例会。"
    assert _dated(text) == [(dt.date(2023, 12, 20), "耕地整改调度例会")]


def test_today_after_a_dateline_is_the_datelines_day():
    text = "青禾日报2024年3月1日讯 今天上午，我市召开文明创建重点工作调度会议，调度创建工作。"
    assert _dated(text) == [(dt.date(2024, 3, 1), "文明创建重点工作调度会议")]
    text = "青禾日报2024年3月1日讯 昨天上午，我市召开文明创建重点工作调度会议。"
    assert _dated(text) == [(dt.date(2024, 2, 29), "文明创建重点工作调度会议")]


def test_a_form_date_label_alone_on_its_line_takes_the_date_opening_the_next():
    text = "青禾市政会议纪录\n\n开会日期\n\n2005-11-08 00:00:00.000\n\n开会地点\n市府大楼\n\n一、请交通局于月底前完成停车资讯整合。\n"
    assert _dated(text) == [(dt.date(2005, 11, 8), "青禾市政会议")]


def test_a_day_first_page_stamp_gives_the_year_of_a_meeting_dated_by_month_and_day():
    text = "青禾县召开述职评议会议\n\n08.03.2016  09:41\n\n3月5日上午，青禾县召开乡镇党委书记述职评议会议，部署党建工作。\n"
    assert _dated(text) == [(dt.date(2016, 3, 5), "乡镇党委书记述职评议会议")]


def test_a_day_with_no_month_is_a_day_of_the_pages_month():
    text = "发布日期：2014-04-21\n\n县府第34次县务会议21日上午8时30分于第3会议室召开，由县长主持。\n"
    assert _dated(text) == [(dt.date(2014, 4, 21), "县府第34次县务会议")]
    text = "发布日期：2014-05-02\n\n县府第35次县务会议29日下午于第3会议室召开。\n"
    assert _dated(text) == [(dt.date(2014, 4, 29), "县府第35次县务会议")]


def test_a_speaker_at_an_unnamed_meeting_names_no_meeting():
    assert _dated("2024年3月12日上午，县委书记李明在会上强调，要压实防火责任。") == []


def test_a_day_with_no_month_takes_the_page_stamp_nearest_before_it():
    text = (
        "发布时间：2011-07-26 10:00\n\n"
        "县长主持县务会议 发布日期：2014-04-21\n县府第34次县务会议21日上午于第3会议室召开，由县长主持。\n"
    )
    assert _dated(text) == [(dt.date(2014, 4, 21), "县府第34次县务会议")]


def test_a_form_field_with_a_bare_minguo_year_and_spaces_around_the_numbers():
    text = (
        "青禾国中期初校务会议会议纪录 时间：106 年 8 月 29 日（二）上午 10:10 地点：本校会议室 主席：校长\n"
    )
    assert [d for d, _t in _dated(text)] == [dt.date(2017, 8, 29)]
