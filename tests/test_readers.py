"""Readers on real reports: Word, PDF and web-page versions of corpus pages give the same text, and so the same
commitments, owners, deadlines and figures with exact spans, as the plain text; format sniffing; refusals."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from extract import readers
from extract.pipeline import Extraction, extract_text
from extract.units import Gazetteer
from tests.report_formats import blocks, make_docx, make_html, make_pdf, strip_header
from tracker.errors import SourceError

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
REPORTS = sorted(p.name for p in FIXTURES.glob("*.txt"))
MAKERS = {"docx": make_docx, "pdf": make_pdf, "html": make_html}


def plain(name: str) -> str:
    return strip_header((FIXTURES / name).read_text(encoding="utf-8"))


def published(name: str) -> dt.date | None:
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()[:3]:
        if line.startswith("# date:"):
            digits = line.split(":", 1)[1].split()[0]
            if len(digits) == 10 and digits[4] == "-":
                return dt.date.fromisoformat(digits)
    return None


def rows(ex: Extraction) -> dict[str, list[tuple]]:
    """What the extractor found, by readable content and exact span."""
    units = {
        uid: n
        for n, uid in ((n, __import__("extract.pipeline", fromlist=["unit_id"]).unit_id(n)) for n in ex.units)
    }
    return {
        "meetings": sorted(
            (str(m["date"]), m["title"], m["quote"], m["char_start"], m["char_end"]) for m in ex.meetings
        ),
        "commitments": sorted(
            (
                c["kind"],
                c["ordinal"] or 0,
                c["title"],
                c["quote"],
                units.get(c["unit_id"]) or "",
                str(c["due_date"]),
                c["char_start"],
                c["char_end"],
            )
            for c in ex.commitments
        ),
        "figures": sorted(
            (g["value"], g["measure"] or "", g["qualifier"] or "", g["quote"], g["char_start"], g["char_end"])
            for g in ex.figures
        ),
    }


def check_spans(text: str, ex: Extraction) -> None:
    for table in (ex.meetings, ex.commitments, ex.figures):
        for r in table:
            assert text[r["char_start"] : r["char_end"]] == r["quote"]


@pytest.mark.parametrize("fmt", list(MAKERS))
@pytest.mark.parametrize("name", REPORTS)
def test_each_format_gives_the_plain_texts_rows(name: str, fmt: str, tmp_path: Path):
    text = plain(name)
    made = MAKERS[fmt](text, tmp_path / f"report.{fmt}")
    derived = readers.read_file(made)
    assert derived.reader == fmt
    assert (
        derived.text == text
    )  # paragraphs in order, table rows with their cells, no header/footer/navigation
    gaz = Gazetteer(())
    want = extract_text(text, "s", gaz, published=published(name))
    got = extract_text(derived.text, "s", gaz, published=published(name))
    check_spans(derived.text, got)
    assert rows(got) == rows(want)
    assert want.commitments or want.figures  # the report has something to find


def test_the_task_table_keeps_its_columns(tmp_path: Path):
    text = plain("13_dazhu_minsheng_shishi_fenjie.txt")
    for fmt, make in MAKERS.items():
        derived = readers.read_file(make(text, tmp_path / f"t.{fmt}")).text
        assert "序号\t民生实事\t责任单位\t完成时限\n" in derived, fmt
        assert (
            "\n1\t启动建设东柳河城区段综合治理工程和东湖湿地公园。\t县水务局 县住建局 县护城河指挥部\t12月底前\n"
            in derived
        ), fmt
        assert "\n\n序号" in derived and derived.endswith("12月底前\n"), fmt


def test_word_header_footer_and_pdf_running_lines_are_left_out(tmp_path: Path):
    text = plain("15_lishan_zhongdian_renwu_fengong.txt")
    for fmt in ("docx", "pdf"):
        derived = readers.read_file(MAKERS[fmt](text, tmp_path / f"r.{fmt}", running="测试页眉文字")).text
        assert "测试页眉文字" not in derived and "- 1 -" not in derived, fmt


@pytest.mark.parametrize("name", REPORTS)
def test_pdf_spans_several_pages(name: str, tmp_path: Path):
    import pdfplumber

    made = make_pdf(plain(name), tmp_path / "r.pdf")
    with pdfplumber.open(made) as pdf:
        assert len(pdf.pages) >= 2  # so running headers and page numbers repeat and paragraphs cross pages


def test_web_page_navigation_footer_and_scripts_are_left_out(tmp_path: Path):
    text = plain("26_youxi_chuangjian_wenming_xiancheng_tuijin.txt")
    derived = readers.read_file(make_html(text, tmp_path / "p.html")).text
    for chrome in (
        "政务公开",
        "当前位置",
        "相关文章",
        "主办单位",
        "ICP备",
        "一要抓好网站导航",
        "浏览次数",
        "无障碍",
    ):
        assert chrome not in derived


def test_word_automatic_numbers_are_written_out(tmp_path: Path):
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    doc.add_paragraph("3月5日，某某县召开重点工作推进会。会议提出两点要求：")
    numbering = doc.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
            "</w:abstractNum>"
        )
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, item in ((0, "抓好项目建设。"), (1, "加快开工。"), (1, "加强调度。"), (0, "抓好安全生产。")):
        p = doc.add_paragraph(item)
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )
    doc.save(tmp_path / "n.docx")
    assert readers.read_file(tmp_path / "n.docx").text == (
        "3月5日，某某县召开重点工作推进会。会议提出两点要求：\n一、抓好项目建设。\n（一）加快开工。\n（二）加强调度。\n二、抓好安全生产。\n"
    )


def test_merged_cells(tmp_path: Path):
    from docx import Document

    doc = Document()
    t = doc.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "任务分解表"
    t.cell(1, 0).text, t.cell(2, 0).text = "新建人行天桥。", "新建农贸市场。"
    t.cell(1, 1).merge(t.cell(2, 1)).text = "县住建局"
    t.cell(1, 2).text, t.cell(2, 2).text = "9月底前", "12月底前"
    doc.save(tmp_path / "m.docx")
    # merged across columns: once; merged across rows: in every row it covers
    assert readers.read_file(tmp_path / "m.docx").text == (
        "任务分解表\n新建人行天桥。\t县住建局\t9月底前\n新建农贸市场。\t县住建局\t12月底前\n"
    )


@pytest.mark.parametrize(
    ("name", "data", "reader"),
    [
        ("report.txt", b"%PDF-1.4 not really", "pdf"),
        ("page.aspx", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("page.htm", "某某县召开会议。".encode(), "html"),
        ("notes.txt", "<b>not a page</b> 某某县召开会议。".encode(), "txt"),
        ("notes", "某某县召开会议。".encode("gb18030"), "txt"),
    ],
)
def test_content_sniffing(name: str, data: bytes, reader: str):
    assert readers.sniff(data, name) == reader


def test_docx_content_wins_over_the_name(tmp_path: Path):
    made = make_docx("某某县召开重点工作推进会。\n", tmp_path / "r.docx")
    assert readers.read_bytes(made.read_bytes(), "saved-as.txt").reader == "docx"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "r.pdf",
            "某某县召开会议。".encode(),
            "r.pdf: the name says PDF but the content is not a PDF file; check that the download finished, "
            "or give the file its right extension",
        ),
        (
            "r.docx",
            b"<html><body>error</body></html>",
            "r.docx: the name says Word .docx but the content is not a Word .docx file; check that the download "
            "finished, or give the file its right extension",
        ),
        (
            "r.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
            "r.doc: is an old Word .doc (or other Office 97-2003) file, which cannot be read; open it in Word "
            "or WPS and save it as .docx",
        ),
    ],
)
def test_wrong_files_are_refused_with_a_sentence(name: str, data: bytes, message: str):
    with pytest.raises(SourceError) as e:
        readers.read_bytes(data, name)
    assert e.value.text("en") == message


def test_a_zip_that_is_not_word_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(SourceError) as e:
        readers.read_bytes(buf.getvalue(), "r.xlsx")
    assert e.value.text("en") == (
        "r.xlsx: is a ZIP archive but not a Word .docx document; save the report as .docx, .pdf, .html or .txt"
    )


def test_scanned_pdf_without_text_layer_is_refused(tmp_path: Path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "scan.pdf"), pagesize=A4)
    for _ in range(2):  # a scan: shapes only, no text
        c.rect(50, 50, 400, 600, fill=1)
        c.showPage()
    c.save()
    with pytest.raises(SourceError) as e:
        readers.read_file(tmp_path / "scan.pdf")
    assert e.value.text("en") == (
        f"{tmp_path / 'scan.pdf'}: the PDF has no text layer (a scanned image?), so no text can be read; run it "
        "through OCR first, or ask for the Word or PDF original the document was made from"
    )


def test_broken_pdf_is_refused():
    with pytest.raises(SourceError) as e:
        readers.read_bytes(b"%PDF-1.4\n garbage", "bad.pdf")
    assert e.value.text("en").startswith("bad.pdf: cannot be read as a PDF")


def test_plain_text_keeps_its_exact_decoding():
    raw = "第一行\r\n第二行\t有TAB\n".encode("gb18030")
    d = readers.read_bytes(raw, "r.txt")
    assert (d.reader, d.encoding, d.text) == ("txt", "gb18030", "第一行\r\n第二行\t有TAB\n")


def test_web_page_charset_from_its_meta_tag():
    page = '<html><head><meta charset="gb2312"></head><body><div class="content">'
    page += "".join(
        f"<p>某某县召开第{i}次重点工作推进会，会议要求各单位抓好落实，确保按期完成任务。</p>"
        for i in range(8)
    )
    page += "</div></body></html>"
    d = readers.read_bytes(page.encode("gb18030"), "p.html")
    assert d.encoding == "gb18030" and "某某县召开第3次重点工作推进会" in d.text


def test_blocks_round_trip():
    text = plain("13_dazhu_minsheng_shishi_fenjie.txt")
    from extract.readers.layout import render

    assert render(blocks(text)) == text
