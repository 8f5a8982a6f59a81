"""Bulk review in a spreadsheet: export one row per item, fill in decisions and edits in Excel's format, import
all or nothing with row-numbered errors; the decisions survive a rebuild from scratch and a new meeting."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from review_fixtures import (
    REQUEST_SHANGDIAN,
    TASK_EDU,
    TASK_HONGSHAN,
    TASK_YAKOU,
    TASK_ZHULAN,
    add_meeting,
    build,
    cli,
    commitment,
    table,
)

from tracker.build import run_build
from tracker.config import load_config


def _fill(path: Path, changes: dict[str, dict[str, object]]) -> dict[str, int]:
    """Set cells (by Chinese header) of the rows of some ids; returns each id's row number."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    rows = {}
    for row in ws.iter_rows(min_row=2):
        cid = row[0].value
        rows[cid] = row[0].row
        for header, value in changes.get(cid, {}).items():
            row[headers.index(header)].value = value
    wb.save(path)
    return rows


def test_export_fill_import_and_it_lasts(project: Path, tmp_path: Path) -> None:
    cfg = build(project)
    sheet = tmp_path / "审核.xlsx"
    rc, out, err = cli(project, "review", "export", str(sheet))
    assert rc == 0, err
    n_items = len(table(project, "SELECT * FROM review_items"))
    ws = load_workbook(sheet).worksheets[0]
    assert [c.value for c in ws[1]][:10] == [
        "事项编号",
        "会议",
        "原文",
        "类型",
        "事项",
        "责任单位",
        "完成时限",
        "上级事项",
        "审核状态",
        "审核决定",
    ]
    assert ws.max_row == n_items + 1
    _fill(
        sheet,
        {
            TASK_HONGSHAN: {"审核决定": "确认"},
            REQUEST_SHANGDIAN: {"审核决定": "驳回", "审核说明": "是诉求"},
            TASK_YAKOU: {
                "事项": "推进老旧小区改造",
                "责任单位": "垭口街道（牵头）、公安局（配合）",
                "完成时限": "2024/6/30",
            },
            TASK_ZHULAN: {"审核决定": "合并", "合并到": TASK_EDU},
        },
    )
    rc, out, err = cli(project, "review", "import", str(sheet), "--dry-run")
    assert rc == 0, err
    assert "第 2 行" in out and "没有写入" in out and not cfg.review_log_path.exists()
    rc, out, err = cli(project, "review", "import", str(sheet), "--user", "督查室")
    assert rc == 0, err

    def check() -> None:
        assert commitment(project, TASK_HONGSHAN)["review_state"] == "confirmed"
        assert commitment(project, REQUEST_SHANGDIAN) is None
        assert commitment(project, TASK_ZHULAN) is None
        edited = commitment(project, TASK_YAKOU)
        assert edited["title"] == "推进老旧小区改造" and str(edited["due_date"])[:10] == "2024-06-30"
        roles = table(
            project, "SELECT role FROM commitment_units WHERE commitment_id = ? ORDER BY role", [TASK_YAKOU]
        )
        assert list(roles["role"]) == ["lead", "support"]

    check()
    by = table(project, "SELECT DISTINCT entered_by, source FROM review_actions")
    assert list(zip(by["entered_by"], by["source"], strict=True)) == [("督查室", "import")]
    # the same file once more is refused (the log knows its content hash)
    rc, out, err = cli(project, "review", "import", str(sheet), "--user", "张三")
    assert rc == 2
    cfg.database_path.unlink()
    run_build(load_config(project))
    check()
    add_meeting(project)
    run_build(load_config(project))
    check()


def test_a_bad_sheet_writes_nothing_and_names_every_row(project: Path, tmp_path: Path) -> None:
    cfg = build(project)
    sheet = tmp_path / "bad.xlsx"
    assert cli(project, "review", "export", str(sheet))[0] == 0
    rows = _fill(
        sheet,
        {
            TASK_HONGSHAN: {"审核决定": "确认"},  # fine, but the file as a whole is refused
            REQUEST_SHANGDIAN: {"审核决定": "驳回"},  # no reason
            TASK_YAKOU: {"审核决定": "好的"},  # not a decision
            TASK_EDU: {"责任单位": "火星办事处处"},  # not a unit
            TASK_ZHULAN: {"审核决定": "合并", "合并到": "c-nope"},
        },
    )
    rc, out, err = cli(project, "review", "import", str(sheet), "--user", "张三")
    assert rc == 2
    lines = err.strip().splitlines()
    assert f"bad.xlsx：第 {rows[REQUEST_SHANGDIAN]} 行，“审核说明”列：驳回时请说明原因" in err
    assert f"第 {rows[TASK_YAKOU]} 行，“审核决定”列 '好的'：不是审核决定" in err
    assert f"第 {rows[TASK_EDU]} 行，“责任单位”列 '火星办事处处'" in err
    assert lines[-1].startswith("错误：bad.xlsx：") and "整个文件都未写入" in lines[-1]
    assert not cfg.review_log_path.exists()
    assert commitment(project, TASK_HONGSHAN)["review_state"] == "unreviewed"
    # merge to an unknown id is found once the rows themselves read well
    _fill(
        sheet,
        {
            REQUEST_SHANGDIAN: {"审核说明": "不是事项"},
            TASK_YAKOU: {"审核决定": None},
            TASK_EDU: {"责任单位": None},
        },
    )
    rc, out, err = cli(project, "review", "import", str(sheet), "--user", "张三")
    assert rc == 2 and f"第 {rows[TASK_ZHULAN]} 行，“合并到”列 'c-nope'" in err
    assert not cfg.review_log_path.exists()


def test_a_row_reviewed_elsewhere_since_the_export_is_refused(project: Path, tmp_path: Path) -> None:
    build(project)
    sheet = tmp_path / "old.xlsx"
    assert cli(project, "review", "export", str(sheet))[0] == 0
    assert cli(project, "review", "reject", TASK_EDU, "--why", "重复", "--user", "李四")[0] == 0
    rows = _fill(sheet, {TASK_EDU: {"审核决定": "确认"}})
    rc, out, err = cli(project, "review", "import", str(sheet), "--user", "张三")
    assert rc == 2 and f"第 {rows[TASK_EDU]} 行" in err and "导出后已被 李四 审核过" in err
    assert commitment(project, TASK_EDU) is None
