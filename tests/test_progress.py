"""The progress log (append-only, locked, all-or-nothing batches) and CSV/XLSX import with per-row checks.

Tests taking `store` run against the JSONL file and PostgreSQL alike (tests/log_stores.py)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from tests.log_stores import Store
from tracker.errors import UserError
from tracker.progress.imports import (
    ImportRejected,
    commit_import,
    preview_import,
    template_bytes,
    template_frame,
)
from tracker.progress.log import (
    Update,
    append_updates,
    check_values,
    entries_frame,
    history,
    latest_by_commitment,
    parse_date,
    read_log,
)

TODAY = dt.date(2024, 6, 30)
IDS = {"c-aaa", "c-bbb", "c-ccc"}


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the English wording; tests/test_language.py checks the Chinese one (the default)."""
    monkeypatch.setenv("TRACKER_LANG", "en")


def upd(cid: str = "c-aaa", status: str = "推进中", pct: float = 40, day: int = 1, note: str = "") -> Update:
    return Update(cid, status, pct, dt.date(2024, 5, day), note)


# --- the log ----------------------------------------------------------------------------------------


def test_append_then_read_keeps_every_field_and_old_values(store: Store) -> None:
    log = store.progress()
    append_updates(log, [upd(pct=40, day=1, note="开工")], source="form", entered_by="张三")
    append_updates(log, [upd(pct=70, day=20, note="主体完工")], source="cli", entered_by="李四")
    got = read_log(log)
    assert got.problems == []
    first, second = got.entries
    assert first["old_status"] is None and first["source"] == "form" and first["entered_by"] == "张三"
    assert (
        second["old_percent"] == 40
        and second["old_status"] == "推进中"
        and second["old_as_of"] == "2024-05-01"
    )
    assert second["old_entry_id"] == first["entry_id"] and second["note"] == "主体完工"
    # plain text, one entry per line (row), Chinese kept readable (diffs well)
    lines = store.stored()
    assert len(lines) == 2 and "主体完工" in lines[1] and "\n" not in lines[1]


def test_latest_is_by_as_of_then_entry_time(store: Store) -> None:
    log = store.progress()
    t0 = dt.datetime(2024, 6, 1, 9, tzinfo=dt.UTC)
    append_updates(log, [upd(pct=70, day=20)], source="form", now=t0)
    append_updates(log, [upd(pct=30, day=2)], source="form", now=t0 + dt.timedelta(hours=1))  # backdated
    append_updates(log, [upd(pct=75, day=20)], source="form", now=t0 + dt.timedelta(hours=2))  # correction
    df = entries_frame(read_log(log).entries)
    last = latest_by_commitment(df).set_index("commitment_id")
    assert last.loc["c-aaa", "percent"] == 75 and last.loc["c-aaa", "n_updates"] == 3
    assert list(history(df, "c-aaa")["percent"]) == [30, 70, 75]


def test_torn_last_line_is_ignored_and_next_append_is_not_corrupted(tmp_path: Path) -> None:
    log = tmp_path / "p.jsonl"
    append_updates(log, [upd(day=1)], source="form")
    with open(log, "ab") as f:
        f.write(b'{"v": 1, "entry_id": "x", "commitment_id": "c-a')  # a crash mid-write
    append_updates(log, [upd(cid="c-bbb", day=2)], source="form")
    got = read_log(log)
    assert [e["commitment_id"] for e in got.entries] == ["c-aaa", "c-bbb"]
    assert [(p.line, p.code) for p in got.problems] == [(2, "not_json")]
    assert (
        got.problems[0].text("zh") == f"{log} 第 2 行：不是完整的 JSON 记录（写入被中断或被手工改动），已跳过"
    )


def test_interrupted_batch_is_ignored_whole(tmp_path: Path) -> None:
    log = tmp_path / "p.jsonl"
    append_updates(log, [upd(cid=c, day=3) for c in sorted(IDS)], source="import")
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:2]))  # the third line never reached the disk
    got = read_log(log)
    assert got.entries == [] and [(p.line, p.code) for p in got.problems] == [(1, "partial_batch")]
    assert "batch of 3 entries of which only 2 were written" in got.problems[0].text("en")


def test_missing_log_is_empty_and_append_never_rewrites(store: Store) -> None:
    log = store.progress()
    assert read_log(log).entries == [] and read_log(log).problems == []
    append_updates(log, [upd()], source="form")
    before = store.stored()
    append_updates(log, [upd(cid="c-bbb")], source="form")
    after = store.stored()
    assert after[: len(before)] == before and len(after) == 2


_WRITER = """
import datetime as dt, sys
from pathlib import Path
from tests.log_stores import Store
from tracker.progress.log import Update, append_updates
kind, folder, url, schema, worker, n = sys.argv[1:7]
log = Store(kind, Path(folder), url, schema).progress()
for i in range(int(n)):
    append_updates(log, [Update(f"c-{worker}", "推进中", i, dt.date(2024, 5, 1))], source="cli")
"""


@pytest.mark.slow  # many writer processes
def test_concurrent_appends_from_processes_lose_nothing(store: Store) -> None:
    # separate interpreters, not a multiprocessing pool: AppTest replaces __main__ in this process, which
    # breaks spawn's re-import of the main module
    log = store.progress()
    workers, per = 4, 25
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    where = [store.kind, str(store.folder), store.url, store.schema]
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, *where, str(w), str(per)], env=env, cwd=root)
        for w in range(workers)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0] * workers
    got = read_log(log)
    assert got.problems == [] and len(got.entries) == workers * per
    assert len({e["entry_id"] for e in got.entries}) == workers * per
    for w in range(workers):  # old values chain correctly within each writer despite interleaving
        mine = [e for e in got.entries if e["commitment_id"] == f"c-{w}"]
        assert [e["percent"] for e in mine] == list(range(per))
        assert [e["old_entry_id"] for e in mine[1:]] == [e["entry_id"] for e in mine[:-1]]


_EXAMPLE = itertools.count()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.sampled_from(sorted(IDS)), st.integers(0, 100), st.integers(1, 28)), max_size=12)
)
def test_read_back_equals_what_was_appended(store: Store, items: list[tuple[str, int, int]]) -> None:
    log = store.progress(f"p{next(_EXAMPLE)}")  # a new log per example
    for cid, pct, day in items:
        append_updates(log, [Update(cid, "推进中", pct, dt.date(2024, 5, day))], source="form")
    got = read_log(log).entries
    assert [(e["commitment_id"], e["percent"], e["as_of"]) for e in got] == [
        (c, float(p), dt.date(2024, 5, d).isoformat()) for c, p, d in items
    ]


# --- checks shared by the form, the CLI and imports ---------------------------------------------------


@pytest.mark.parametrize(
    ("values", "column", "words"),
    [
        ({"commitment_id": "nope"}, "commitment_id", "not a known commitment"),
        ({"commitment_id": ""}, "commitment_id", "empty"),
        ({"status": "差不多"}, "status", "not a status"),
        ({"percent": "abc"}, "percent", "not a number"),
        ({"percent": 120}, "percent", "between 0 and 100"),
        ({"status": "已完成", "percent": 80}, "percent", "must be 100"),
        ({"status": "未启动", "percent": 10}, "percent", "must be 0"),
        ({"as_of": "31/12/2024"}, "as_of", "not a date"),
        ({"as_of": "2024-07-01"}, "as_of", "in the future"),
        ({"percent": ""}, "percent", "is empty"),
        ({"evidence": "a b"}, "evidence", "spaces"),
    ],
)
def test_check_values_names_the_column_and_reason(
    values: dict, column: str, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_LANG", "en")
    base = {"commitment_id": "c-aaa", "status": "推进中", "percent": 50, "as_of": "2024-06-01", "note": ""}
    got, probs = check_values({**base, **values}, IDS, TODAY, row=7)
    assert got is None
    assert [p.column for p in probs] == [column] and words in str(probs[0].reason)
    assert str(probs[0]).startswith(f"row 7, column '{column}'")


def test_check_values_normalises_aliases_and_defaults() -> None:
    got, probs = check_values(
        {"commitment_id": "c-aaa", "status": "done", "percent": "", "as_of": "2024年6月1日"}, IDS, TODAY
    )
    assert probs == [] and got == Update("c-aaa", "已完成", 100.0, dt.date(2024, 6, 1))
    got, _ = check_values(
        {"commitment_id": "c-aaa", "status": "推进中", "percent": "６０％", "as_of": "2024/6/1"}, IDS, TODAY
    )
    assert got is not None and got.percent == 60


@pytest.mark.parametrize(
    "text", ["2024-03-01", "2024/3/1", "2024.3.1", "2024年3月1日", "2024-03-01 00:00:00"]
)
def test_parse_date_forms(text: str) -> None:
    assert parse_date(text) == dt.date(2024, 3, 1)


# --- import -----------------------------------------------------------------------------------------

GOOD_CSV = (
    "commitment_id,unit,status,percent,as_of,note\n"
    "c-aaa,红山街道,推进中,60,2024-06-01,民宿改造过半\n"
    "c-bbb,尚店镇,已完成,100,2024-06-02,\n"
    "c-ccc,朱兰街道,,,,\n"
)


def test_good_csv_previews_then_writes_one_batch(tmp_path: Path) -> None:
    log = tmp_path / "p.jsonl"
    pv = preview_import(GOOD_CSV.encode("utf-8-sig"), "good.csv", IDS, TODAY)
    assert pv.ok and pv.rows == [2, 3] and pv.skipped == [4]
    assert not log.exists()  # preview writes nothing
    assert list(pv.frame()["note"]) == ["民宿改造过半", ""]
    written = commit_import(pv, log, entered_by="督查室")
    assert [e["source"] for e in written] == ["import", "import"]
    assert {e["batch_size"] for e in written} == {2}
    assert [e["commitment_id"] for e in read_log(log).entries] == ["c-aaa", "c-bbb"]


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    log = tmp_path / "p.jsonl"
    append_updates(log, [upd()], source="form")
    before = log.read_bytes()
    text = (
        "commitment_id,status,percent,as_of,note\n"
        "c-aaa,推进中,60,2024-06-01,ok\n"
        "c-zzz,推进中,60,2024-06-01,unknown id\n"
        "c-bbb,推进中,160,2024-06-01,too much\n"
        "c-aaa,推进中,65,2024-06-01,same day twice\n"
    )
    pv = preview_import(text.encode(), "bad.csv", IDS, TODAY)
    assert not pv.ok
    assert [(p.row, p.column) for p in pv.errors] == [
        (3, "commitment_id"),
        (4, "percent"),
        (5, "commitment_id"),
    ]
    assert "row 2" in str(pv.errors[2].reason)
    assert "3 bad rows" in pv.summary() and "nothing was written" in pv.summary()
    with pytest.raises(ImportRejected):
        commit_import(pv, log)
    assert log.read_bytes() == before


def test_gbk_csv_and_chinese_headers_are_read() -> None:
    text = "事项编号,状态,完成进度,截至日期,进展说明\nc-aaa,滞后,20,2024-06-01,资金未到位\n"
    pv = preview_import(text.encode("gb18030"), "gbk.csv", IDS, TODAY)
    assert pv.ok and pv.updates[0].status == "滞后" and pv.updates[0].note == "资金未到位"


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"commitment_id,status,percent\nc-aaa,x,1\n", "short.csv", "missing columns as_of, note"),
        (b"", "empty.csv", "empty"),
        (b"\xff\xfe\x00\xd8garbage\x81", "bin.csv", "cannot be read as UTF-8 or GB18030"),
        (b"not a zip", "x.xlsx", "not a readable .xlsx"),
        (b"a,b", "x.pdf", "unsupported file type"),
    ],
)
def test_unreadable_files_raise_user_errors(data: bytes, name: str, words: str) -> None:
    with pytest.raises(UserError) as got:
        preview_import(data, name, IDS, TODAY)
    assert words in got.value.text("en")


def test_xlsx_import_with_real_dates_and_row_numbers() -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["commitment_id", "status", "percent", "as_of", "note", "evidence"])
    ws.append(["c-aaa", "推进中", 55, dt.datetime(2024, 6, 3), "进展", "https://example.org/a.pdf"])
    ws.append([None, None, None, None, None, None])
    ws.append(["c-bbb", "推进中", "x", dt.datetime(2024, 6, 3), "bad", None])
    buf = io.BytesIO()
    wb.save(buf)
    pv = preview_import(buf.getvalue(), "p.xlsx", IDS, TODAY)
    assert [(p.row, p.column) for p in pv.errors] == [(4, "percent")]
    assert pv.updates[0].as_of == dt.date(2024, 6, 3) and pv.updates[0].evidence.endswith("a.pdf")


def test_templates_round_trip_and_carry_the_commitments() -> None:
    import pandas as pd

    cm = pd.DataFrame(
        {
            "commitment_id": ["c-aaa", "c-bbb"],
            "unit_name": ["红山街道", "尚店镇"],
            "title": ["民宿", "基础设施"],
        }
    )
    csv_bytes = template_bytes(cm, "csv")
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    pv = preview_import(csv_bytes, "template.csv", IDS, TODAY)
    assert pv.errors == [] and pv.skipped == [2, 3] and not pv.ok  # blank template: nothing to write
    wb = load_workbook(io.BytesIO(template_bytes(cm, "xlsx")))
    ws = wb["progress"]
    assert [c.value for c in ws[1]][:4] == ["commitment_id", "unit", "title", "due_date"]
    assert ws["A2"].value == "c-aaa" and ws["B3"].value == "尚店镇"
    assert "help" in wb.sheetnames  # 说明 in Chinese (tests/test_language.py)
    assert list(template_frame(None).columns)[0] == "commitment_id"


def test_log_lines_are_json_objects_with_fixed_key_order(tmp_path: Path) -> None:
    log = tmp_path / "p.jsonl"
    append_updates(log, [upd()], source="form")
    keys = list(json.loads(log.read_text(encoding="utf-8").splitlines()[0]).keys())
    assert keys[:4] == ["v", "entry_id", "commitment_id", "status"]
