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
