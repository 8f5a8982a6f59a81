"""交办单: `python -m tracker assign` writes a Word and a PDF sheet per unit (and meeting) listing each item's quote,
role, due date (stated or assumed, marked), meeting and source with the office's name and the date, records it as
已交办, and is an administrator's act."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tests.log_stores import Store
from tests.test_signoff import make_project, run
from tracker.config import load_config
from tracker.reports.assign import open_assignment_log


def test_assignment_sheets_in_word_and_pdf_are_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    config = make_project(tmp_path, Store("jsonl", tmp_path))
    out = tmp_path / "交办单.docx"
    assert (
        run(config, "hs", "assign", "--unit", "教育体育局", "--out", str(out), monkeypatch=monkeypatch) == 2
    )
    assert capsys.readouterr().err.startswith("错误：只有管理员可以交办")
    assert not out.exists()

    assert run(config, "admin", "assign", "--unit", "教育体育局", "--unit", "红山街道", "--out", str(out),
               monkeypatch=monkeypatch) == 0, capsys.readouterr().err  # fmt: skip
    assert "2 个单位，2 项事项；已记录为已交办" in capsys.readouterr().out
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "示例市督查督办事项交办单" in text and "承办单位：教育体育局（共 1 项）" in text
    assert f"交办单位：示例市督查室    交办日期：{dt.date.today().isoformat()}" in text
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert rows[0] == ["序号", "事项", "原文", "角色", "完成时限", "会议及来源"]
    edu = next(r for r in rows if r[1] == "测试任务二")
    assert edu[4] == "2024-03-31（原文写明）"
    assert edu[5].startswith("2024-03-01 测试工作推进会")
    hs = next(r for r in rows if r[1] == "完成测试任务一")
    assert hs[3] == "牵头" and hs[4] == "2024-12-31（默认推定，原文未写明）"

    pdf = tmp_path / "交办单.pdf"
    assert run(config, "admin", "assign", "--unit", "红山街道", "--meeting", "m1", "--out", str(pdf),
               monkeypatch=monkeypatch) == 0  # fmt: skip
    pages = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "交办单" in pages and "完成测试任务一" in pages

    log = open_assignment_log(load_config(config)).read().entries
    assert [(e.unit_name, e.items, e.meeting_id, e.format, e.entered_by) for e in log] == [
        ("教育体育局", ("c-task2",), None, "docx", "admin"),
        ("红山街道", ("c-task1",), None, "docx", "admin"),
        ("红山街道", ("c-task1",), "m1", "pdf", "admin"),
    ]
