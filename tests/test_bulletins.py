"""Supervision bulletins and problem lists: never commitments; what they say of units becomes evidence."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from extract.bulletins import is_bulletin, is_problem_list, verdict
from tests.extract_helpers import run, unit_name
from tracker.build import run_build
from tracker.config import load_config
from tracker.store.db import connect_readonly, query_df

TEXTS = Path(__file__).parent / "texts"


def _text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def _said(ex) -> set[tuple[str, str]]:
    return {(str(e["matched"]), str(e["hint"])) for e in ex.evidence}


def test_praise_and_problem_lists_of_a_red_black_list_are_not_commitments():
    ex = run(_text("bulletin_redblack.txt"))
    titles = " ".join(c["title"] for c in ex.commitments)
    for word in ("红榜", "黑榜", "柳溪村", "石门村生活垃圾", "东坡村河道", "杏花村"):
        assert word not in titles
    assert any("完成整改" in c["quote"] for c in ex.commitments)  # the closing demand still is one


def test_a_red_black_list_gives_praised_and_criticised_evidence_for_each_name():
    ex = run(_text("bulletin_redblack.txt"))
    said = _said(ex)
    assert {
        ("柳溪村", "praised"),
        ("桃园村", "praised"),
        ("石门村", "criticised"),
        ("东坡村", "criticised"),
    } <= said
    assert ("杏花村", "criticised") in said  # from the problem list under 黑点
    for e in ex.evidence:
        assert e["kind"] == "bulletin" and e["source"] == "report"


def test_a_progress_bulletin_registers_each_units_numbered_item_and_says_it_is_late():
    text = _text("bulletin_progress.txt")
    assert is_bulletin(text)
    ex = run(text, year=2024)
    held = {unit_name(ex, c): c["quote"] for c in ex.commitments if c["kind"] == "task"}
    assert "第2件" in held["交通运输局"] and "第5件" in held["水利局"] and "第9、10件" in held["商务局"]
    late = [e for e in ex.evidence if e["hint"] == "late" and e["unit_id"]]
    assert {e["matched"] for e in late} == {"县交通运输局", "县水利局", "县商务局"}
    ids = {c["commitment_id"] for c in ex.commitments}
    assert all(e["commitment_id"] in ids for e in late)  # each verdict points at the item it is about
    assert not [f for f in ex.figures if f["value"] == 10]  # 第9、10件: an ordinal, not a figure


def test_a_progress_bulletin_says_which_items_are_done_in_progress_and_which_units_are_behind():
    ex = run(_text("bulletin_progress.txt"), year=2024)
    said = _said(ex)
    assert ("柳河大桥、城北供水厂", "done") in said
    assert ("东关小学改扩建", "in_progress") in said
    assert ("青石乡", "criticised") in said and ("白沙镇", "criticised") in said
    assert not [c for c in ex.commitments if "通报" in c["title"]]  # 现通报如下 is no task


def test_a_problem_list_in_a_meeting_is_not_a_list_of_requirements():
    ex = run(_text("problem_list.txt"))
    titles = [c["title"] for c in ex.commitments]
    assert not [t for t in titles if "不平衡" in t or "不到位" in t]
    assert [c["title"] for c in ex.commitments if c["ordinal"]] == ["统一思想", "强化措施", "加快进度"]
    assert {("青石乡", "praised"), ("白沙镇", "praised"), ("柳河镇", "praised")} <= _said(ex)


def test_problem_statements_and_verdicts():
    assert is_problem_list(["思想认识不平衡", "工作措施不到位", "进度上不平衡"])
    assert not is_problem_list(["要解决进度不平衡的问题", "要加快进度", "要强化措施"])
    assert verdict("山前小区一期项目等均未达序时") == "late"
    assert verdict("等项目已提前完成") == "done"
    assert not is_bulletin("5月12日，某县召开会议，县委常委通报了前期工作情况。")


def test_the_build_writes_bulletin_rows_to_the_evidence_table_with_their_unit(project: Path):
    src = project.parent / "data" / "sources" / "bulletin.txt"
    shutil.copy(TEXTS / "bulletin_progress.txt", src)
    cfg = yaml.safe_load(project.read_text(encoding="utf-8"))
    cfg["sources"].append({"id": "bulletin", "path": "data/sources/bulletin.txt", "date": "2024-05-20"})
    project.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    db = run_build(load_config(project, must_exist=True))
    con = connect_readonly(db)
    rows = query_df(
        con,
        "SELECT e.hint, e.matched, u.name AS unit, e.commitment_id, CAST(e.date AS VARCHAR) AS date, e.quote,"
        " e.char_start, e.char_end, s.text FROM evidence e JOIN sources s USING (source_id)"
        " LEFT JOIN units u ON u.unit_id = e.unit_id WHERE e.kind = 'bulletin'",
    )
    con.close()
    late = rows[rows.hint == "late"]
    assert set(late.unit) == {"交通运输局", "水利局", "商务局"}
    assert late.commitment_id.notna().all() and set(rows.date) == {"2024-05-20"}
    assert all(r.text[r.char_start : r.char_end] == r.quote for r in rows.itertuples())
