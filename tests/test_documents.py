"""Documents as sources of items (extract/documents.py), on short made-up texts: a task document's title, issuer,
number and date, and its items and figures belonging to it as a meeting's belong to the meeting."""

from __future__ import annotations

import datetime as dt

from extract.documents import attach, date_line, doc_number, document_row, is_title, issuer_of, read_head
from tests.extract_helpers import run

PLAN = """示例县人民政府办公室文件
示政办〔2023〕7号
示例县人民政府办公室关于印发 《示例县2023年重点工作 任务分解方案》的通知
各乡镇人民政府，县直各单位：
现将《示例县2023年重点工作任务分解方案》印发给你们，请认真贯彻落实。
示例县人民政府办公室
二〇二三年三月五日
一、推进道路建设
1.新建农村公路不少于30公里。
牵头单位：县交通运输局
责任单位：各乡镇
完成时限：2023年10月底前
2.改造老旧小区12个。
牵头单位：县住房和城乡建设局
完成时限：2023年12月底前
"""


def test_a_documents_head_is_read_off_its_first_lines() -> None:
    head = read_head(PLAN)
    assert head is not None
    assert head.title == "示例县人民政府办公室关于印发《示例县2023年重点工作任务分解方案》的通知"
    assert head.issuer == "示例县人民政府办公室" and head.doc_no == "示政办〔2023〕7号"
    assert head.date == dt.date(2023, 3, 5)
    assert PLAN[head.start : head.end] == head.quote and head.quote.startswith(
        "示例县人民政府办公室关于印发 《"
    )


def test_the_pieces() -> None:
    assert date_line("2024年12月1日") == dt.date(2024, 12, 1)
    assert date_line("二〇二四年十二月二十一日") == dt.date(2024, 12, 21)
    assert date_line("会议于2024年12月1日召开") is None
    assert doc_number("某某发 [2021] 第3号 ") == "某某发[2021]第3号"
    assert doc_number("全年完成12个项目") is None
    assert is_title("甲乙镇2024年目标责任书") and is_title("关于开展专项督查的通知")
    assert not is_title("各单位要按照通知要求，抓好落实。") and not is_title("会议强调")
    assert (
        issuer_of("关于开展专项督查的通知", ["某某市政府督查室", "关于开展专项督查的通知"])
        == "某某市政府督查室"
    )
    assert issuer_of("关于开展专项督查的通知", ["各乡镇要抓好落实"]) is None


def test_a_text_that_is_no_document_has_no_head() -> None:
    assert read_head("春节过后，某某镇干部早早回到岗位。\n2月20日，某某镇召开工作会议。") is None


def test_items_and_figures_of_a_document_belong_to_it() -> None:
    ex = run(PLAN)
    (doc,) = [m for m in ex.meetings if m["kind"] == "document"]
    assert doc["title"].endswith("任务分解方案》的通知") and doc["doc_no"] == "示政办〔2023〕7号"
    assert doc["organizer"] == "示例县人民政府办公室" and doc["date"] == dt.date(2023, 3, 5)
    assert doc["date_source"] == "text"
    assert len(ex.commitments) >= 2 and {c["meeting_id"] for c in ex.commitments} == {doc["meeting_id"]}
    assert ex.figures and {f["meeting_id"] for f in ex.figures} == {doc["meeting_id"]}


def test_a_documents_date_is_its_own_else_the_sources_else_unknown() -> None:
    head = read_head(PLAN.replace("二〇二三年三月五日\n", ""))
    assert head is not None and head.date is None
    from_source = document_row("s", head, dt.date(2023, 4, 1))
    assert (from_source["date"], from_source["date_source"]) == (dt.date(2023, 4, 1), "source")
    unknown = document_row("s", head, None)
    assert (unknown["date"], unknown["date_source"]) == (None, "unknown")
    assert unknown["meeting_id"] == from_source["meeting_id"]  # the date does not move the id


def test_rows_with_a_meeting_keep_it() -> None:
    meetings = [{"meeting_id": "m1"}]
    items = [{"meeting_id": "m1"}, {"meeting_id": None}]
    attach(meetings, [items], PLAN, "s", None)
    assert meetings[0]["kind"] == "meeting" and items[0]["meeting_id"] == "m1"
    assert items[1]["meeting_id"] == meetings[1]["meeting_id"] and meetings[1]["kind"] == "document"
    nothing = [{"meeting_id": None}]
    attach([], [nothing], "某某镇召开会议。", "s", None)
    assert nothing[0]["meeting_id"] is None
