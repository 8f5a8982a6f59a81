"""The report's dates and deadlines as pages and task rows write them, on made-up texts."""

from __future__ import annotations

import datetime as dt

from extract.dates import page_date
from tests.extract_helpers import run


def test_a_dotted_stamp_on_its_own_line_is_the_pages_date():
    assert page_date("青禾县召开工作会议\n\n13.02.2021  12:53\n\n正文") == dt.date(2021, 2, 13)
    assert page_date("标题\n2021.02.13\n正文") == dt.date(2021, 2, 13)
    assert page_date("产值增长13.02.2021年") is None  # not alone on its line


def test_a_meeting_takes_its_year_from_a_dotted_page_stamp():
    ex = run(
        "青禾县召开河长制工作推进会议\n\n13.02.2021  12:53\n\n2月10日上午，青禾县召开河长制工作推进会议。\n"
    )
    assert [m["date"] for m in ex.meetings] == [dt.date(2021, 2, 10)]


def test_minutes_laid_out_as_a_record_give_the_meeting_and_its_date():
    text = (
        "青禾县政府第12次常务会议\n\n发文机关\n\n县政府办公室\n\n开会日期\n\n2021-03-05 00:00:00.000\n\n"
        "开会地点\n\n县政府三楼会议室\n\n一、听取县住建局关于老旧小区改造的汇报。主持人裁示：准予备查。\n"
    )
    ex = run(text)
    assert [(m["date"], m["title"]) for m in ex.meetings] == [
        (dt.date(2021, 3, 5), "青禾县政府第12次常务会议")
    ]


def test_a_meeting_name_without_a_date_label_under_it_is_no_record():
    ex = run(
        "青禾县政府第12次常务会议\n\n发文机关\n\n县政府办公室\n\n一、听取县住建局关于老旧小区改造的汇报。\n"
    )
    assert ex.meetings == []


def test_deadlines_of_a_report_that_states_no_year_fall_in_the_year_it_is_read():
    text = (
        "具体任务\n新建社区食堂3个，改造老旧小区2个；开展全民健身活动。\n责任单位\n县民政局\n"
        "完成时限\n社区食堂、老旧小区3月底前完成；其它事项12月底前完成\n"
    )
    ex = run(text)
    year = dt.date.today().year
    assert sorted(c["due_date"] for c in ex.commitments if c["parent_id"]) == [
        dt.date(year, 3, 31),
        dt.date(year, 12, 31),
    ]


def test_a_page_pasted_as_one_line_keeps_its_stamp_and_the_stamp_is_not_the_meetings_day():
    one_line = (
        "青禾县召开河长制工作推进会议13.02.2021  12:532月10日上午，青禾县召开河长制工作推进会议，"
        "县委书记王明出席会议并讲话，各乡镇主要负责人参加会议。会议要求各乡镇要压实河长责任，加强日常巡河。"
    )
    assert [m["date"] for m in run(one_line).meetings] == [dt.date(2021, 2, 10)]
    stamped = (
        "青禾县召开第二次“周交办”工作会议2021年03月23日12:12来源：青禾新闻网 3月21日上午，青禾县召开第二次"
        "“周交办”工作会议，县委书记王明出席会议并讲话，会议要求各乡镇要压实责任，加强日常巡查。"
    )
    assert [m["date"] for m in run(stamped).meetings] == [dt.date(2021, 3, 21)]


def test_a_meetings_hour_after_its_day_is_no_page_stamp():
    ex = run("9月15日下午2:30，青禾镇党委书记王明在镇四楼会议室召开乡镇区划调整宣传动员会议，部署相关工作。")
    assert [m["title"] for m in ex.meetings] == ["乡镇区划调整宣传动员会议"]
    ex = run("2021年11月21日上午9:00，青禾区召开信访件验收销号工作部署会，区委书记王明出席会议并讲话。")
    assert [m["date"] for m in ex.meetings] == [dt.date(2021, 11, 21)]
