"""Fuzzing, in CI: hypothesis-made config files, progress sheets (CSV/XLSX), review sheets and report files, 500
examples per surface, each run in-process the way the command lines run it. Every outcome is a success or a
UserError that prints as one line with exit status 2 — never another exception (a traceback) — and a failure
writes nothing. Inputs are kept small, so the four surfaces take a minute or two."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from extract import readers
from extract.pipeline import extract_text
from extract.units import Gazetteer
from tests.conftest import make_project
from tests.report_formats import make_docx, make_html
from tests.test_properties_safety import GOOD_CSV, GOOD_XLSX, IDS, ODD, TODAY, mutated_bytes, mutated_text
from tracker.build import run_build
from tracker.config import load_config
from tracker.errors import UserError
from tracker.i18n import language
from tracker.progress.imports import ImportRejected, commit_import, preview_import
from tracker.progress.log import read_log
from tracker.progress.sheets import write_rows
from tracker.review import sheet
from tracker.review.actions import Known, check
from tracker.store import db

pytestmark = pytest.mark.slow  # fuzzing: many generated inputs through whole builds and imports

FUZZ = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
T = TypeVar("T")


def outcome(fn: Callable[[], T]) -> T | UserError:
    """Run one call as a command line would: its result, or the UserError it raised — which must print as one
    line (in both languages) with exit status 2. Any other exception fails the test with its traceback."""
    try:
        return fn()
    except UserError as e:
        assert e.exit_code == 2
        for lang in ("zh", "en"):
            with language(lang):
                text = str(e)
            assert text.strip() and "\n" not in text and "Traceback" not in text, text
        event(f"refused: {e.code or type(e).__name__}")
        return e


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- config files -----------------------------------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "",
            "zh",
            "en",
            "fr",
            "data/sources/r.txt",
            "../../etc/passwd",
            "data",
            "year_end",
            "none",
            "镇",
            "\x00",
        ]
    )
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
)
SOURCE = st.fixed_dictionaries(
    {
        "path": st.sampled_from(["data/sources/r.txt", "data/sources/none.txt", "data", "config.yaml"])
        | SCALARS
    },
    optional={
        "id": st.sampled_from(["r", "bad id", "r"]) | SCALARS,
        "year": st.integers(-5000, 10000) | SCALARS,
        "date": SCALARS,
        "encoding": st.sampled_from(["utf-8", "gb18030", "base64", "nope"]) | SCALARS,
        "title": SCALARS,
    },
)
CONFIG = st.fixed_dictionaries(
    {},
    optional={
        "city": SCALARS,
        "language": SCALARS,
        "database": st.sampled_from(["data/tracker.duckdb", "data/progress.jsonl", "config.yaml"]) | SCALARS,
        "build_workers": SCALARS,
        "sources": st.lists(SOURCE, max_size=3) | VALUES,
        "towns": st.lists(
            st.fixed_dictionaries(
                {"name": SCALARS, "kind": st.sampled_from(["镇", "乡", "街道", "村"]) | SCALARS}
            ),
            max_size=2,
        )
        | VALUES,
        "progress": st.fixed_dictionaries(
            {},
            optional={
                "due_defaults": st.dictionaries(
                    st.sampled_from(["task", "project", "requirement", "other"]),
                    st.integers(-10, 10**10) | SCALARS,
                    max_size=2,
                ),
                "rules": st.dictionaries(
                    st.sampled_from(["behind_red_points", "due_soon_days", "silent_colour"]),
                    SCALARS,
                    max_size=2,
                ),
                "log": SCALARS,
            },
        )
        | VALUES,
        "limits": st.dictionaries(
            st.sampled_from(["max_file_mb", "max_unpacked_mb", "max_pdf_pages", "max_html_depth", "nope"]),
            SCALARS,
            max_size=2,
        )
        | VALUES,
        "logs": st.dictionaries(
            st.sampled_from(["store", "postgres_url", "postgres_schema"]),
            st.sampled_from(["postgres", "jsonl", "postgresql://u:pw@db/x", "x"]) | SCALARS,
            max_size=2,
        ),
        "review": VALUES,
        "auth": VALUES,
        "allowed_folders": VALUES,
    },
)


@st.composite
def config_text(draw: st.DrawFn) -> str:
    """A config as YAML (from the settings above, some of it wrong), possibly mutated as text."""
    data = draw(CONFIG | VALUES)
    try:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        text = str(data)
    return draw(st.just(text) | mutated_text(text))


@pytest.fixture(scope="module")
def config_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz-config")
    (folder / "data" / "sources").mkdir(parents=True)
    (folder / "data" / "sources" / "r.txt").write_text("舞钢市召开会议。\n", encoding="utf-8")
    return folder


@FUZZ
@given(text=config_text())
def test_config_files(config_folder: Path, text: str) -> None:
    path = config_folder / "config.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    before = snapshot(config_folder)
    got = outcome(lambda: load_config(path, must_exist=True))
    if not isinstance(got, UserError):
        event("config accepted")
        assert got.config_file == path
    assert snapshot(config_folder) == before  # reading a config writes nothing


# --- progress sheets (CSV and XLSX) --------------------------------------------------------------------------


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    write_rows(wb.active, rows)  # as the product writes cells: characters XML forbids are left out
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


CELL = (
    st.none()
    | ODD
    | st.sampled_from(
        ["推进中", "已完成", "未启动", "60", "100", "-5", "2024-03-01", "2099-01-01", "=1+1", "c-aaa"]
    )
    | st.integers(-1000, 1000)
    | st.floats(allow_nan=True)
)
SHEET = st.one_of(
    st.tuples(st.binary(max_size=300), st.sampled_from(["x.csv", "x.xlsx", "x.txt", "x.pdf"])),
    st.tuples(
        mutated_text(GOOD_CSV, least=len(GOOD_CSV)).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.just("m.csv"),
    ),
    st.tuples(mutated_bytes(GOOD_XLSX), st.just("m.xlsx")),
    st.tuples(
        st.lists(st.lists(CELL, max_size=7), max_size=5).map(
            lambda rows: _xlsx([["commitment_id", "status", "percent", "as_of", "note"], *rows])
        ),
        st.just("cells.xlsx"),
    ),
)


@FUZZ
@given(sheet=SHEET)
def test_progress_sheets(sheet: tuple[bytes, str]) -> None:
    data, name = sheet
    with tempfile.TemporaryDirectory() as d:
        log = Path(d) / "progress.jsonl"
        pv = outcome(lambda: preview_import(data, name, IDS, TODAY))
        if isinstance(pv, UserError):
            assert not log.exists()
            return
        if pv.errors or not pv.updates:
            got = outcome(lambda: commit_import(pv, log, entered_by="测试"))
            assert isinstance(got, ImportRejected) or not pv.errors
            assert not log.exists() or read_log(log).entries == []  # a refused file writes nothing
            return
        event("imported")
        written = commit_import(pv, log, entered_by="测试")
        assert read_log(log).entries == written and len(written) == len(pv.updates)


# --- review sheets ---------------------------------------------------------------------------------------------

KEY = b"fuzz-installation-key"


class Seed(tuple):
    """(Known, rows, header), shown briefly in hypothesis' reports."""

    def __repr__(self) -> str:
        return "<the seed's items and review sheet>"


@pytest.fixture(scope="module")
def review_state(tmp_path_factory: pytest.TempPathFactory) -> tuple[Known, list[list[str]], list[str]]:
    """The seed's items (Known) and its review sheet as exported: header and rows of cells."""
    folder = tmp_path_factory.mktemp("fuzz-review")
    config = load_config(make_project(folder), must_exist=True)
    run_build(config)
    con = db.connect_readonly(config.database_path)
    try:
        known = Known.load(con, config)
    finally:
        con.close()
    table = sheet.review_table(known.items.reset_index(drop=True), "zh", KEY)
    rows = [list(map(str, r)) for r in table.itertuples(index=False, name=None)]
    return Seed((known, rows, list(table.columns)))


@st.composite
def edited_sheet(
    draw: st.DrawFn, rows: list[list[str]], header: list[str]
) -> tuple[list[str], list[list[str]]]:
    """The exported sheet with some of its rows, reordered, copied, with cells typed over or pasted from other
    rows, columns dropped."""
    picked = draw(st.lists(st.integers(0, len(rows) - 1), min_size=1, max_size=6))
    out = [list(rows[i]) for i in picked]
    cols = list(range(len(header)))
    for _ in range(draw(st.integers(0, 6))):
        r, c = draw(st.integers(0, len(out) - 1)), draw(st.sampled_from(cols))
        how = draw(st.sampled_from(("type", "paste", "decision")))
        if how == "type":
            out[r][c] = draw(
                st.text(max_size=10) | st.sampled_from(["", "c-nope", "红山街道（牵头）", "2024/6/30"])
            )
        elif how == "paste":
            out[r][c] = rows[draw(st.integers(0, len(rows) - 1))][c]
        else:
            out[r][header.index("审核决定")] = draw(
                st.sampled_from(["确认", "驳回", "合并", "恢复", "好的", ""])
            )
    if draw(st.booleans()):
        drop = draw(st.sampled_from(cols))
        header = [h for i, h in enumerate(header) if i != drop]
        out = [[v for i, v in enumerate(r) if i != drop] for r in out]
    return header, out


@FUZZ
@given(data=st.data(), fmt=st.sampled_from(["csv", "xlsx"]))
def test_review_sheets(
    review_state: tuple[Known, list[list[str]], list[str]], data: st.DataObject, fmt: str
) -> None:
    known, rows, header = review_state
    head, body = data.draw(edited_sheet(rows, header))
    if fmt == "csv":
        buf = io.StringIO()
        import csv

        csv.writer(buf).writerows([head, *body])
        raw = buf.getvalue().encode("utf-8")
    else:
        raw = _xlsx([head, *body])
    plan = outcome(lambda: sheet.read_sheet(raw, f"r.{fmt}", known, key=KEY))
    if isinstance(plan, UserError):
        return
    checked = check(plan.requests, known)
    if plan.problems or checked.problems:
        event("rows refused")
        return
    event(f"{len(plan.requests)} request(s)")
    # every accepted row changes the item it was exported for: its signature is that item's
    exported = {r[header.index("签名")]: r[header.index("事项编号")] for r in rows}
    signed = {r[head.index("事项编号")]: r[head.index("签名")] for r in body if "签名" in head}
    for req in plan.requests:
        assert exported[signed[req.commitment_id]] == req.commitment_id


# --- report files ----------------------------------------------------------------------------------------------

REPORT = "舞钢市召开重点工作推进会\n3月5日，会议要求，红山街道要在6月底前完成老旧小区改造。\n"


@pytest.fixture(scope="module")
def report_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("fuzz-reports")
    return {
        "docx": make_docx(REPORT, folder / "r.docx").read_bytes(),
        "html": make_html(REPORT, folder / "r.html").read_bytes(),
    }


@FUZZ
@given(data=st.data(), kind=st.sampled_from(["bytes", "text", "docx", "html"]))
def test_report_files(report_files: dict[str, bytes], data: st.DataObject, kind: str) -> None:
    name = data.draw(st.sampled_from(["r.txt", "r.docx", "r.pdf", "r.html", "r"]))
    if kind == "bytes":
        raw = data.draw(st.binary(max_size=300) | st.just(b"%PDF-1.4\n") | st.just(b"PK\x03\x04"))
    elif kind == "text":
        raw = data.draw(mutated_text(REPORT * 3)).encode(
            data.draw(st.sampled_from(["utf-8", "gb18030"])), "replace"
        )
    else:
        raw = data.draw(mutated_bytes(report_files[kind]))
    got = outcome(lambda: readers.read_bytes(raw, name))
    if isinstance(got, UserError):
        return
    event(f"read as {got.reader}")
    ex = extract_text(got.text, "fuzz", Gazetteer(()), year=2024)
    for r in ex.commitments:
        assert got.text[r["char_start"] : r["char_end"]] == r["quote"]
