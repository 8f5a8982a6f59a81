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
