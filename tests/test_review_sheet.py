"""Bulk review in a spreadsheet: export one row per item, fill in decisions and edits in Excel's format, import
all or nothing with row-numbered errors; the decisions survive a rebuild from scratch and a new meeting."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.review_fixtures import (
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


@pytest.fixture
def project(built_project: Path) -> Path:
    """A copy of the built seed project: `build(project)` finds it up to date until a test changes it."""
    return built_project


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


# --- rows bound to their items: the signature of (id, version, quote) ------------------------------------


def _rows(path: Path) -> tuple[list[str], list[list[object]]]:
    ws = load_workbook(path).worksheets[0]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    return [str(h) for h in values[0]], values[1:]


def _save(path: Path, headers: list[str], rows: list[list[object]]) -> None:
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws.delete_rows(1, ws.max_row)
    for row in [headers, *rows]:
        ws.append(row)
    wb.save(path)


def _row_of(headers: list[str], rows: list[list[object]], cid: str) -> list[object]:
    return next(r for r in rows if r[headers.index("事项编号")] == cid)


def _exported(project: Path, tmp_path: Path) -> Path:
    build(project)
    sheet = tmp_path / "审核.xlsx"
    assert cli(project, "review", "export", str(sheet))[0] == 0
    return sheet


@pytest.mark.parametrize("cells", [("事项编号",), ("事项编号", "版本"), ("事项编号", "版本", "签名")])
def test_an_id_put_on_another_items_row_is_refused(project: Path, tmp_path: Path, cells: tuple[str, ...]):
    """A row moved to another item: 垭口街道's row given 尚店镇's id (and, harder, its version and signature too) and 确认."""
    sheet = _exported(project, tmp_path)
    headers, rows = _rows(sheet)
    target = _row_of(headers, rows, TASK_YAKOU)
    other = _row_of(headers, rows, REQUEST_SHANGDIAN)
    for cell in cells:
        target[headers.index(cell)] = other[headers.index(cell)]
    target[headers.index("审核决定")] = "确认"
    _save(sheet, headers, rows)
    row = rows.index(target) + 2
    before_other, before_target = commitment(project, REQUEST_SHANGDIAN), commitment(project, TASK_YAKOU)
    rc, out, err = cli(project, "review", "import", str(sheet), "--user", "督查室")
    assert rc == 2, (out, err)
    expected = (
        f"审核.xlsx：第 {row} 行，“原文”列 {target[headers.index('原文')]!r}：原文与事项 {REQUEST_SHANGDIAN} 的原文不符"
        if "签名" in cells
        else f"审核.xlsx：第 {row} 行，“事项编号”列 '{REQUEST_SHANGDIAN}'：事项编号、版本与签名不符"
    )
    assert expected in err, err
    assert commitment(project, REQUEST_SHANGDIAN) == before_other  # neither item changed
    assert commitment(project, TASK_YAKOU) == before_target
    assert not load_config(project).review_log_path.exists()


def test_rows_in_another_order_change_their_own_items(project: Path, tmp_path: Path) -> None:
    sheet = _exported(project, tmp_path)
    headers, rows = _rows(sheet)
    _row_of(headers, rows, TASK_HONGSHAN)[headers.index("审核决定")] = "确认"
    _row_of(headers, rows, TASK_YAKOU)[headers.index("事项")] = "推进老旧小区改造"
    rows.reverse()
    _save(sheet, headers, rows)
    rc, out, err = cli(project, "review", "import", str(sheet), "--user", "督查室")
    assert rc == 0, err
    assert commitment(project, TASK_HONGSHAN)["review_state"] == "confirmed"
    assert commitment(project, TASK_YAKOU)["title"] == "推进老旧小区改造"


def test_a_copied_row_is_refused_with_both_row_numbers(project: Path, tmp_path: Path) -> None:
    sheet = _exported(project, tmp_path)
    headers, rows = _rows(sheet)
    first = _row_of(headers, rows, TASK_HONGSHAN)
    first[headers.index("审核决定")] = "确认"
    copy = list(first)
    copy[headers.index("审核决定")] = "驳回"
    copy[headers.index("审核说明")] = "重复"
    rows.append(copy)
    _save(sheet, headers, rows)
    rc, out, err = cli(project, "review", "import", str(sheet), "--user", "督查室")
    assert rc == 2
    assert (
        f"审核.xlsx：第 {len(rows) + 1} 行，“事项编号”列 '{TASK_HONGSHAN}'：与第 {rows.index(first) + 2} 行是同一事项"
        in err
    ), err
    assert commitment(project, TASK_HONGSHAN)["review_state"] == "unreviewed"


def test_the_signing_key_is_made_once_private_and_kept_out_of_git(project: Path, tmp_path: Path) -> None:
    sheet = _exported(project, tmp_path)
    key = load_config(project).sheet_key_path
    assert key.stat().st_mode & 0o777 == 0o600
    made = key.read_bytes()
    assert cli(project, "review", "export", str(sheet))[0] == 0
    assert key.read_bytes() == made
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "data/review-sheet.key"], cwd=Path(__file__).parent.parent
    )
    assert ignored.returncode == 0
    # a sheet signed by another installation's key is refused
    key.write_text("0" * 64 + "\n", encoding="ascii")
    headers, rows = _rows(sheet)
    _row_of(headers, rows, TASK_HONGSHAN)[headers.index("审核决定")] = "确认"
    _save(sheet, headers, rows)
    rc, out, err = cli(project, "review", "import", str(sheet), "--user", "督查室")
    assert rc == 2 and "事项编号、版本与签名不符" in err
