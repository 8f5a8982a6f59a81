"""One set of numbers on every surface: on the seed, and on the seed with a task document that has no meeting
(a Word 任务分解方案 whose items go to collectives too) and reviewed items, the overview, the 部门 and 乡镇 pages, the
简报 page, and the command line's PPTX and PDF packs show the same meetings, items, units with items, overdue
items and figures, as of the same day. Every project is a copy in a temporary folder."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from pptx import Presentation
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, make_project
from tests.report_formats import make_docx
from tests.review_fixtures import REQUEST_SHANGDIAN, TASK_HONGSHAN, cli
from tracker import app as ui
from tracker.build import run_build
from tracker.cli import main as tracker_main
from tracker.config import load_config
from tracker.store import queries
from tracker.store.db import connect_readonly

AS_OF = dt.date(2025, 1, 15)  # year-end deadlines of 2024 are past: overdue is not zero
# A made-up task document (no meeting), with a number, an issuer and a date, items for departments and for a
# collective (各乡镇).
PLAN = """测试市人民政府办公室文件
测政办〔2024〕3号
测试市人民政府办公室关于印发2024年重点工作任务分解方案的通知
各乡镇人民政府，市直各单位：
现将2024年重点工作任务分解方案印发给你们，请认真贯彻落实。
测试市人民政府办公室
2024年3月1日
一、基础设施
1.新建农村公路不少于30公里。
牵头单位：市交通运输局
责任单位：各乡镇
完成时限：2024年10月底前
2.改造老旧小区12个。
牵头单位：市住房和城乡建设局
责任单位：红山街道
3.新增停车位800个。
牵头单位：市城市管理局
"""
KEYS = ("meetings", "commitments", "units", "overdue", "figures")
PACK_LABELS = {  # the pack's headline label for each key (what its summary slide and page print)
    "meetings": ("会议与文件", "个"),
    "commitments": ("事项", "项"),
    "units": ("有事项的单位（部门、乡镇）", "个"),
    "overdue": ("逾期", "项"),
    "figures": ("报道指标", "项"),
}
OVERVIEW_LABELS = {
    "meetings": "会议与文件",
    "commitments": "事项",
    "units": "有事项的单位",
    "overdue": "已逾期",
    "figures": "数据指标",
}


def _project(folder: Path, with_document: bool) -> Path:
    config = make_project(folder)
    if with_document:
        make_docx(PLAN, folder / "data" / "sources" / "plan.docx")
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
        data["sources"].append({"id": "plan-2024", "path": "data/sources/plan.docx"})
        config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run_build(load_config(config, must_exist=True))
    # reviewed items: one confirmed, one rejected (a rejected item is no item anywhere)
    assert cli(config, "review", "confirm", TASK_HONGSHAN, "--user", "审核员")[0] == 0
    assert cli(config, "review", "reject", REQUEST_SHANGDIAN, "--why", "不是任务", "--user", "审核员")[0] == 0
    return config


@pytest.fixture(scope="module", params=[False, True], ids=["seed", "seed+document"])
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _project(tmp_path_factory.mktemp("numbers"), request.param)


def _app(project: Path, monkeypatch: pytest.MonkeyPatch, page: str | None = None) -> AppTest:
    monkeypatch.setenv(ui.CONFIG_ENV, str(project))
    monkeypatch.setenv(ui.TODAY_ENV, AS_OF.isoformat())
    monkeypatch.setenv(ui.AUTO_REBUILD_ENV, "0")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception and not at.error, ([e.value for e in at.exception], [e.value for e in at.error])
    return at


def _pack_value(text: str, key: str) -> int:
    """The number in a headline value such as 4次 / 37项 / 8个."""
    unit = PACK_LABELS[key][1]
    m = re.fullmatch(rf"(\d+){unit}", text.strip())
    assert m, (key, text)
    return int(m.group(1))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_surface_shows_the_same_numbers(project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    config = load_config(project, must_exist=True)
    con = connect_readonly(config.database_path)
    try:
        documents = con.execute("SELECT count(*) FROM meetings WHERE kind = 'document'").fetchone()[0]
        collectives = con.execute(
            "SELECT count(*) FROM commitment_units cu JOIN units u USING (unit_id) WHERE u.kind = 'collective'"
        ).fetchone()[0]
        reviewed = con.execute(
            "SELECT count(*) FROM commitments WHERE review_state = 'confirmed'"
        ).fetchone()[0]
    finally:
        con.close()
    assert collectives > 0 and reviewed == 1  # the fixture has what the numbers must agree across
    if "plan-2024" in {s.id for s in config.sources}:
        assert documents == 1  # the task document is a source of items in its own right

    # the overview
    at = _app(project, monkeypatch)
    metric = {m.label: m.value for m in at.metric}
    shown = {k: int(metric[OVERVIEW_LABELS[k]]) for k in KEYS}
    assert shown["commitments"] > 0 and shown["units"] > 0 and shown["figures"] > 0 and shown["overdue"] > 0

    # the department and town pages: units with items on each add up to the overview's
    with_items = 0
    for page, kind in (("pages/departments.py", "部门"), ("pages/towns.py", "乡镇（街道）")):
        at = _app(project, monkeypatch, page)
        captions = [c.value for c in at.caption]
        said = next(c for c in captions if re.match(rf"\d+ 个{re.escape(kind)}有事项", c))
        n, blank = map(
            int,
            re.match(
                rf"(\d+) 个{re.escape(kind)}有事项（牵头、负责或配合），(\d+) 个暂无事项", said
            ).groups(),
        )
        with_items += n
        # the ranking below says the same blank count, if it says one
        notes = [
            int(m.group(1)) for c in captions if (m := re.match(r"另有 (\d+) 个单位在当前筛选下没有事项", c))
        ]
        assert notes in ([], [blank]), (page, notes, blank)
        assert not any("暂无事项（空白也是信息）" in c and c != said for c in captions)
    assert with_items == shown["units"]

    # the 简报 page, with its defaults
    at = _app(project, monkeypatch, "pages/briefing.py")
    tiles = {m.label: m.value for m in at.metric}
    assert {k: _pack_value(tiles[PACK_LABELS[k][0]], k) for k in KEYS} == shown

    # the command line's packs
    pptx_path, pdf_path = tmp_path / "pack.pptx", tmp_path / "pack.pdf"
    for out in (pptx_path, pdf_path):
        args = ["brief", "--config", str(project), "--as-of", AS_OF.isoformat(), "--out", str(out)]
        assert tracker_main([*args, "--chart", "units", "status"]) == 0
    slides = Presentation(io.BytesIO(pptx_path.read_bytes())).slides
    texts = [s.text_frame.text for s in slides[1].shapes if s.has_text_frame]
    packed = {}
    for k in KEYS:
        label = PACK_LABELS[k][0]
        packed[k] = _pack_value(next(t.split("\n")[0] for t in texts if t.endswith("\n" + label)), k)
    assert packed == shown
    units_slide = next(s for s in slides if s.shapes.title.text.startswith("各单位承担事项"))
    said = " ".join(sh.text_frame.text for sh in units_slide.shapes if sh.has_text_frame)
    assert f"{shown['units']}个单位有事项" in _squash(said)
    pdf = _squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages))
    for k in KEYS:
        label, unit = PACK_LABELS[k]
        assert f"{shown[k]}{unit}{_squash(label)}" in pdf, (k, shown[k])
    assert f"{shown['units']}个单位有事项" in pdf

    # and the one function behind them, on the database
    con = connect_readonly(config.database_path)
    try:
        head = queries.headline(con, queries.Filters(as_of=AS_OF), AS_OF)
    finally:
        con.close()
    assert {k: head[k] for k in ("meetings", "commitments", "units", "figures")} == {
        k: shown[k] for k in ("meetings", "commitments", "units", "figures")
    }


def test_a_due_date_reads_the_same_on_the_review_page_the_tables_and_the_pack(seed_db: Path) -> None:
    """Stated, assumed by the default rule, or none: one text (the review page once said 无完成时限 where the
    commitments table said 2024-12-31（默认）)."""
    from tracker.app.review import _item_line
    from tracker.app.styling import due_display
    from tracker.progress.status import status_view
    from tracker.reports.brief.model import due_text

    config = load_config(seed_db.parent.parent / "config.yaml", must_exist=True)
    con = connect_readonly(seed_db)
    try:
        view = status_view(con, config, AS_OF)
        items = queries.review_items(con, status=view)
        table = queries.commitments(con, queries.Filters(), status=view).set_index("commitment_id")
    finally:
        con.close()
    seen = set()
    for r in items.to_dict("records"):
        if r["commitment_id"] not in table.index:
            continue
        row = table.loc[r["commitment_id"]]
        due = None if pd.isna(row["due_date"]) else pd.Timestamp(row["due_date"]).date()
        shown = due_display(due, row["due_source"] == "default", "zh")
        assert shown == due_text(due, row["due_source"], "zh")
        line = _item_line(r, "zh").replace("\\", "")  # Markdown escapes removed: the text a reader sees
        assert line.endswith(" · " + shown), (r["commitment_id"], shown)
        seen.add(shown)
    assert "2024-12-31（默认）" in seen and "无完成时限" in seen


def test_a_task_document_is_a_source_of_items_on_every_page(project: Path, monkeypatch: pytest.MonkeyPatch):
    config = load_config(project, must_exist=True)
    has_document = "plan-2024" in {s.id for s in config.sources}
    con = connect_readonly(config.database_path)
    try:
        docs = queries.meetings(con)
        docs = docs[docs["kind"] == "document"]
        waiting = queries.review_counts(con)
        items = queries.commitments(con, queries.Filters(meeting_ids=tuple(docs["meeting_id"])))
    finally:
        con.close()
    if not has_document:  # the seed is a newspaper page: no document, nothing moves
        assert docs.empty
        return
    (doc,) = docs.to_dict("records")
    assert doc["doc_no"] == "测政办〔2024〕3号" and doc["organizer"] == "测试市人民政府办公室"
    assert pd.Timestamp(doc["date"]).date() == dt.date(2024, 3, 1) and doc["date_source"] == "text"
    assert len(items) >= 3 and doc["n_commitments"] == len(items)
    # the review page lists the document like a meeting, not under "items outside any meeting"
    rows = waiting[waiting["source_id"] == "plan-2024"]
    assert list(rows["meeting_id"]) == [doc["meeting_id"]]
    # the meetings page (会议与文件) shows it with its number and issuer; the commitments table shows its date
    monkeypatch.setenv(ui.CONFIG_ENV, str(project))
    monkeypatch.setenv(ui.TODAY_ENV, AS_OF.isoformat())
    monkeypatch.setenv(ui.AUTO_REBUILD_ENV, "0")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    at.switch_page("pages/meetings.py").run()
    at.selectbox(key=ui.MEETING_KEY).set_value(doc["meeting_id"]).run()
    assert not at.exception and at.title[0].value == "会议与文件"
    assert any(
        c.value.startswith("文件：测试市人民政府办公室关于印发2024年重点工作任务分解方案的通知；文号：测政办")
        and "发文单位：测试市人民政府办公室；日期：2024年3月1日（文件所署日期）" in c.value
        for c in at.caption
    )
    at.switch_page("pages/commitments.py").run()
    table = at.dataframe[0].value
    assert "None" not in set(table["日期"].astype(str)) and "2024-03-01" in set(table["日期"])
