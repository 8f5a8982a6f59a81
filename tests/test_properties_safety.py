"""Property tests (hypothesis) on random and mutated input: the extractor, the decoder, the log reader and the
importers raise nothing but their documented errors, spans stay exact, valid entries survive, and a rejected
file writes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from extract.decode import decode_bytes, looks_like_text
from extract.pipeline import extract_text
from extract.units import Gazetteer
from tests.conftest import SEED
from tracker.errors import SourceError, UserError
from tracker.progress.imports import ImportRejected, commit_import, preview_import
from tracker.progress.log import Update, append_updates, read_log

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = SEED.read_text(encoding="utf-8")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- mutations -----------------------------------------------------------------------------------------

ODD = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from("\x00\x1b\r\n\t\u3000“”（）：；。、"), max_size=8
)


@st.composite
def mutated_text(draw: st.DrawFn, base: str, least: int = 0) -> str:
    """A stretch of `base` (at least `least` characters when it has them) with random insertions, deletions,
    replacements and repeats."""
    a = draw(st.integers(0, max(0, len(base) - 1 - least)))
    text = base[a : a + draw(st.integers(least, max(least, 1500)))]
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(("insert", "delete", "replace", "repeat")))
        if op == "insert":
            text = text[:i] + draw(ODD) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(0, 20)) :]
        elif op == "replace" and text:
            j = min(i, len(text) - 1)
            text = text[:j] + draw(ODD) + text[j + 1 :]
        else:
            text = text[:i] + text[max(0, i - 30) : i] + text[i:]
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn, base: bytes) -> bytes:
    """`base` with random bytes flipped, cut off, or inserted."""
    data = bytearray(base)
    for _ in range(draw(st.integers(0, 5))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(("flip", "cut", "insert")))
        if op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[i:]
        else:
            data[i:i] = draw(st.binary(max_size=8))
    return bytes(data)


# --- the extractor and the decoder ---------------------------------------------------------------------


def _check_spans(text: str) -> None:
    ex = extract_text(text, "prop", Gazetteer(()), year=2024)
    for table in (ex.meetings, ex.commitments, ex.figures, ex.mentions):
        for r in table:
            a, b = r["char_start"], r["char_end"]
            assert 0 <= a < b <= len(text)
            assert text[a:b] == r.get("quote", r.get("surface"))


@SETTINGS
@given(mutated_text(SEED_TEXT, least=300))
def test_mutated_reports_extract_with_exact_spans(text: str) -> None:
    _check_spans(text)


@SETTINGS
@given(st.text(max_size=400))
def test_random_text_extracts_with_exact_spans(text: str) -> None:
    _check_spans(text)


ENCODINGS = ("utf-8", "gb18030", "utf-16")


@SETTINGS
@given(st.one_of(st.binary(max_size=600), st.sampled_from(ENCODINGS).flatmap(
    lambda enc: mutated_text(SEED_TEXT).flatmap(lambda t: mutated_bytes(t.encode(enc, "surrogatepass")))
)))  # fmt: skip
def test_the_decoder_gives_text_or_a_source_error(raw: bytes) -> None:
    try:
        got = decode_bytes(raw, "random.txt")
    except SourceError as e:
        assert str(e).startswith("random.txt：")
        return
    assert got.text == raw.decode(got.encoding)  # every offset points into exactly these characters
    assert looks_like_text(got.text, script=False)


@SETTINGS
@given(st.sampled_from(("utf-8", "utf-8-sig", "gb18030", "utf-16")), mutated_text(SEED_TEXT))
def test_reports_in_any_supported_encoding_decode_to_the_same_text(enc: str, text: str) -> None:
    if not looks_like_text(text):
        return  # the mutations made it binary-looking; this property is about text
    got = decode_bytes(text.encode(enc), "r.txt")
    if enc == "gb18030" and got.encoding == "utf-8":
        return  # GB18030 bytes that also happen to be valid UTF-8 cannot be told apart without `encoding:`
    assert got.text == text


# --- the log reader ----------------------------------------------------------------------------------------

FIELDS = ["v", "entry_id", "commitment_id", "status", "percent", "as_of", "note", "entered_by", "entered_at",
          "source", "old_status", "old_percent", "batch", "batch_size", "import_sha256"]  # fmt: skip
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _valid_line() -> dict:
    return {
        "v": 1, "entry_id": "e-x", "commitment_id": "c-aaa", "status": "推进中", "percent": 50.0,
        "as_of": "2024-05-03", "entered_at": "2024-05-03T10:00:00+08:00", "source": "form",
    }  # fmt: skip


@st.composite
def junk_line(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(("text", "bytes", "object", "mutated", "dropped", "cut")))
    if kind == "text":
        return draw(st.text(max_size=80)).encode("utf-8", "surrogatepass")
    if kind == "bytes":
        return draw(st.binary(max_size=80))
    if kind == "object":
        return json.dumps(draw(st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=8))).encode()
    line = _valid_line()
    if kind == "mutated":
        line[draw(st.sampled_from(FIELDS))] = draw(JSON_VALUES)
    elif kind == "dropped":
        line.pop(draw(st.sampled_from(sorted(line))))
    raw = json.dumps(line, ensure_ascii=False).encode()
    return raw[: draw(st.integers(0, len(raw)))] if kind == "cut" else raw


@SETTINGS
@given(st.lists(junk_line(), max_size=8), st.booleans())
def test_the_log_reader_survives_any_lines_and_keeps_the_valid_entries(
    junk: list[bytes], newline: bool
) -> None:
    with tempfile.TemporaryDirectory() as d:
        log = Path(d) / "progress.jsonl"
        originals = append_updates(
            log, [Update("c-aaa", "推进中", 10, dt.date(2024, 5, 1)), Update("c-bbb", "滞后", 5, dt.date(2024, 5, 1))],
            source="import",
        )  # fmt: skip
        with open(log, "ab") as f:
            f.write(b"\n".join(junk) + (b"\n" if newline else b""))
        got = read_log(log)
        assert got.entries[:2] == originals
        for p in got.problems:
            assert str(p).startswith(f"{log} 第 ")
        (new,) = append_updates(log, [Update("c-aaa", "推进中", 20, dt.date(2024, 5, 2))], source="cli")
        after = read_log(log)
        assert after.entries[-1] == new and after.entries[:2] == originals


# --- the importers -------------------------------------------------------------------------------------------

IDS = {"c-aaa", "c-bbb", "c-ccc"}
TODAY = dt.date(2024, 6, 30)
GOOD_CSV = (
    "commitment_id,status,percent,as_of,note,填报人\n"
    "c-aaa,推进中,60,2024-06-01,民宿改造过半,张三\n"
    "c-bbb,已完成,100,2024-06-02,,\n"
    "c-ccc,,,,,\n"
)


def _good_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in GOOD_CSV.splitlines():
        ws.append(row.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


GOOD_XLSX = _good_xlsx()


def _import_or_refuse(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        log = Path(d) / "progress.jsonl"
        try:
            pv = preview_import(data, name, IDS, TODAY)
        except UserError as e:  # the preview reads bytes only: the check is the message a person gets
            event("unreadable file: UserError")
            for lang in ("zh", "en"):
                text = e.text(lang)
                assert text.strip() and "Traceback" not in text and "\n" not in text.strip(), text
            return
        if pv.errors:
            event("rejected rows")
            with pytest.raises(ImportRejected):  # a file with a bad row is refused whole …
                commit_import(pv, log, entered_by="测试")
            assert not log.exists() or read_log(log).entries == []  # … and writes nothing
            return
        if not pv.updates:
            event("nothing to import")
            assert commit_import(pv, log, entered_by="测试") == []
            assert not log.exists() or read_log(log).entries == []
            return
        event("imported")
        written = commit_import(pv, log, entered_by="测试")
        got = read_log(log).entries
        assert got == written and len(got) == len(pv.updates)
        assert [(e["commitment_id"], e["status"], e["percent"]) for e in got] == [
            (u.commitment_id, u.status, u.percent) for u in pv.updates
        ]
        assert {e["entered_by"] for e in got} == {"测试"}


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(("x.csv", "x.xlsx", "x.txt")))
def test_random_bytes_are_a_clean_error_or_a_correct_import(data: bytes, name: str) -> None:
    _import_or_refuse(data, name)


@SETTINGS
@given(mutated_text(GOOD_CSV, least=len(GOOD_CSV)), st.sampled_from(("utf-8", "gb18030")))
def test_mutated_csv_is_a_clean_error_or_a_correct_import(text: str, enc: str) -> None:
    _import_or_refuse(text.encode(enc, "replace"), "m.csv")


@SETTINGS
@given(mutated_bytes(GOOD_XLSX))
def test_mutated_xlsx_is_a_clean_error_or_a_correct_import(data: bytes) -> None:
    _import_or_refuse(data, "m.xlsx")
