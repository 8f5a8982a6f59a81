"""Text that leaves the program is escaped: spreadsheet cells cannot be formulas, XLSX holds no illegal XML
characters, Markdown shows data verbatim, terminals get no control characters."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tracker.app.plaintext import WORD_JOINER, md
from tracker.cli import main as tracker_main
from tracker.cli.common import escape_controls
from tracker.progress.follow_up import follow_up_bytes
from tracker.progress.imports import preview_import, template_bytes
from tracker.progress.log import Update, append_updates
from tracker.progress.sheets import csv_bytes, xlsx_bytes

ATTACKS = ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", '=HYPERLINK("http://x","点我")']
SAFE = ["推进民宿建设", "2024年=1", "a-b", "", "'已经有引号"]


def _csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_cells_that_would_be_formulas_get_an_apostrophe() -> None:
    frame = pd.DataFrame({"事项": ATTACKS + SAFE, "进度": list(range(len(ATTACKS + SAFE)))})
    rows = _csv_cells(csv_bytes(frame))
    assert [r[0] for r in rows[1:]] == ["'" + a for a in ATTACKS] + SAFE
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(len(ATTACKS + SAFE))]  # numbers stay numbers


def _xlsx_cells(data: bytes, sheet: str | None = None) -> list[list[object]]:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return [[c for c in row] for row in ws.iter_rows()]


def test_xlsx_cells_are_text_with_excels_quote_prefix_and_never_formulas() -> None:
    frame = pd.DataFrame({"事项": ATTACKS + SAFE})
    data = xlsx_bytes(frame, "表")
    cells = [row[0] for row in _xlsx_cells(data)[1:]]
    assert [c.value for c in cells] == ATTACKS + [s or None for s in SAFE]
    assert all(c.data_type == "s" for c in cells if c.value is not None)
    assert [c.quotePrefix for c in cells[: len(ATTACKS)]] == [True] * len(ATTACKS)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula element anywhere


def test_control_characters_are_dropped_from_xlsx_and_the_workbook_is_written() -> None:
    frame = pd.DataFrame(
        {"原文": ["会议\x01要求\x0b加快\x1f推进", "正常\t文字\n第二行", "\ud800孤立代理"]}, dtype=object
    )
    cells = [row[0].value for row in _xlsx_cells(xlsx_bytes(frame, "表"))[1:]]
    assert cells == ["会议要求加快推进", "正常\t文字\n第二行", "孤立代理"]


COMMITMENTS = pd.DataFrame(
    {
        "commitment_id": ["c-aaa", "c-bbb"],
        "unit_name": ["=cmd|' /C calc'!A0", "红山街道"],
        "title": ["@SUM(1+1)*cmd", "推进\x07民宿"],
        "due_date": [dt.date(2024, 12, 31), None],
    }
)


def test_the_import_template_escapes_titles_in_csv_and_xlsx() -> None:
    rows = _csv_cells(template_bytes(COMMITMENTS, "csv"))
    assert rows[1][1:3] == ["'=cmd|' /C calc'!A0", "'@SUM(1+1)*cmd"]
    cells = _xlsx_cells(template_bytes(COMMITMENTS, "xlsx"), None)
    assert [c.value for c in cells[1][1:3]] == ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd"]
    assert cells[1][1].data_type == "s" and cells[1][1].quotePrefix
    assert cells[2][2].value == "推进民宿"  # the bell character is dropped, the workbook is written
    # a filled-in template still imports (the escaped columns are reference only)
    assert preview_import(template_bytes(COMMITMENTS, "csv"), "t.csv", {"c-aaa", "c-bbb"}).errors == []


def test_follow_up_lists_escape_quotes_and_titles() -> None:
    items = pd.DataFrame(
        {
            "unit_name": ["红山街道"],
            "title": ["-1+2 项目"],
            "quote": ["=1+1"],
            "due_date": [dt.date(2024, 6, 30)],
            "percent": [40.0],
            "commitment_id": ["c-aaa"],
        }
    )
    rows = _csv_cells(follow_up_bytes(items, "csv"))
    assert rows[0][:2] == ["责任单位", "事项"] and rows[1][1] == "'-1+2 项目" and "'=1+1" in rows[1]
    cells = _xlsx_cells(follow_up_bytes(items, "xlsx"))
    quote = next(c for c in cells[1] if c.value == "=1+1")
    assert quote.data_type == "s" and quote.quotePrefix
    assert any(isinstance(c.value, dt.datetime) for c in cells[1])  # dates stay dates


# --- Markdown in the dashboard ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["**粗体**", "$x^2$", ":red[红]", ":material/home:", ":streamlit:", "# 标题", "1. 列表", "[链接](http://x)",
     "a_b_c", "-> <- --", "<b>html</b>", "`代码`", "\\*"],
)  # fmt: skip
def test_md_escapes_every_markup_character(text: str) -> None:
    out = md(text)
    assert out.replace(WORD_JOINER, "").replace("\\", "") == text.replace("\\", "")
    for ch in "*$[]#`_<>:":  # each markup character is backslash-escaped
        assert out.count("\\" + ch) == text.count(ch)


# --- terminals ------------------------------------------------------------------------------------------


def test_escape_controls_keeps_text_and_line_breaks() -> None:
    assert escape_controls("进展\x1b[2J\r\n第二行\u202e\x9b") == "进展\\x1b[2J\\r\n第二行\\u202e\\x9b"


def test_terminal_escape_codes_in_notes_do_not_act(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "progress.jsonl"
    note = "开工\x1b[31m红字\x1b[0m\r覆盖\x07"
    append_updates(
        log, [Update("c-aaa", "推进中", 40, dt.date(2024, 5, 1), note, "", "\x1b]0;标题\x07")], source="cli"
    )
    monkeypatch.chdir(tmp_path)
    assert tracker_main(["progress", "--log", str(log), "list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out
    assert "开工\\x1b[31m红字\\x1b[0m 覆盖\\x07" in out and "\\x1b]0;标题\\x07" in out


def test_error_messages_on_the_terminal_are_escaped_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("city: 舞钢市\n", encoding="utf-8")
    assert tracker_main(["progress", "follow-up", "--out", "x\x1b[2J.pdf"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "x\\x1b[2J.pdf" in err
