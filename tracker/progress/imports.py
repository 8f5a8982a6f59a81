"""Bulk progress import from CSV/XLSX: check every row, preview, write all rows or none; templates."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from tracker.errors import UserError
from tracker.i18n import Lang, Msg, current_language, join, localize, msg, t
from tracker.progress import sheets
from tracker.progress.log import STATUSES, LogTarget, Problem, Update, append_updates, check_values

REQUIRED = ("commitment_id", "status", "percent", "as_of", "note")
# reported_by (填报人) is free text kept in the entry; who wrote the entry is the signed-in user, never a column
OPTIONAL = ("evidence", "reported_by")
# Columns the template carries for reference; they are read back but ignored.
REFERENCE = ("unit", "title", "meeting", "due_date", "due_source")
HEADER_ALIASES = {
    "事项编号": "commitment_id",
    "编号": "commitment_id",
    "id": "commitment_id",
    "状态": "status",
    "进度": "percent",
    "完成进度": "percent",
    "完成百分比": "percent",
    "percent(%)": "percent",
    "截至日期": "as_of",
    "日期": "as_of",
    "date": "as_of",
    "进展说明": "note",
    "备注": "note",
    "说明": "note",
    "佐证链接": "evidence",
    "佐证": "evidence",
    "evidence_link": "evidence",
    "填报人": "reported_by",
    "填报单位": "reported_by",
    "entered_by": "reported_by",  # older templates named the column entered_by, now the signed-in writer
    "责任单位": "unit",
    "事项": "title",
    "会议": "meeting",
    "完成时限": "due_date",
    "时限来源": "due_source",
}
MAX_ROWS = 5000


class ImportRejected(UserError):
    """An import file has bad rows; nothing from it was written."""


@dataclass
class ImportPreview:
    """The outcome of checking a file: the rows that would be written, every problem, and rows left blank."""

    file: str
    sha256: str = ""  # of the file's bytes: a file already in the log is refused unless imported 'again'
    updates: list[Update] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # column -> the header as the file named it
    rows: list[int] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file can be written: no errors and at least one row."""
        return not self.errors and bool(self.updates)

    def frame(self, lang: Lang | None = None) -> pd.DataFrame:
        """The rows that would be written, with their row numbers in the file (headers in `lang` if given)."""
        out = pd.DataFrame(
            [
                {
                    "row": r,
                    "commitment_id": u.commitment_id,
                    "status": u.status,
                    "percent": u.percent,
                    "as_of": u.as_of,
                    "note": u.note,
                    "evidence": u.evidence,
                    "reported_by": u.reported_by,
                }
                for r, u in zip(self.rows, self.updates, strict=True)
            ],
            columns=["row", "commitment_id", "status", "percent", "as_of", "note", "evidence", "reported_by"],
        )
        return out if lang is None else out.rename(columns=lambda c: t(f"imp_col_{c}", lang))

    def errors_frame(self, lang: Lang | None = None) -> pd.DataFrame:
        """Every problem: row, column (as the file's header named it), value and reason, in `lang`."""
        cols = ["row", "column", "value", "reason"]
        out = pd.DataFrame(
            [
                {"row": p.row, "column": p.column, "value": p.value, "reason": str(p.reason)}
                for p in self.errors
            ],
            columns=cols,
        )
        if lang is not None:
            out["reason"] = [t("imp_reason", lang, reason=p.reason) for p in self.errors]
            out = out.rename(columns=lambda c: t(f"imp_col_{c}", lang))
        return out

    def summary_msg(self) -> Msg:
        """One line: what would be written, or how many rows are bad (rendered in the reader's language)."""
        if self.errors:
            bad = len({p.row for p in self.errors})
            return msg("imp_summary_bad", name=self.file, bad=bad, problems=len(self.errors))
        if not self.updates:
            return msg("imp_summary_none", name=self.file)
        return msg("imp_summary_ready", name=self.file, n=len(self.updates))

    def summary(self, lang: Lang | None = None) -> str:
        """summary_msg() in `lang` (default: the current language)."""
        return localize(self.summary_msg(), lang)

    def rejection(self) -> ImportRejected:
        """The error that refuses this file: how many rows are bad; nothing was written."""
        return ImportRejected(self.summary_msg())


def _canonical(name: object) -> str:
    s = str(name or "").strip().lstrip("\ufeff")
    key = s.lower().replace(" ", "_")
    return HEADER_ALIASES.get(s, HEADER_ALIASES.get(key, key))


@dataclass
class Sheet:
    """A file's header and (row number, values) pairs; row 1 is the header. `cut_short` marks a last CSV row
    that has fewer fields than the header and no line end: the file was cut off in the middle of it."""

    header: list[str]
    rows: Sequence[tuple[int, Sequence[object]]]
    cut_short: int | None = None


def read_rows(data: bytes, name: str) -> Sheet:
    """The header and rows of CSV or XLSX bytes; an unreadable file raises UserError."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, name)
    if suffix in (".csv", ".txt"):
        return _read_csv(data, name)
    raise UserError(code="safe.import_unsupported_type", file=name, suffix=suffix or "(none)")


def _read_csv(data: bytes, name: str) -> Sheet:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UserError(code="safe.csv_undecodable", file=name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:  # strict: a quoted field left open at the end of the file is an error, not a value
        lines = list(csv.reader(io.StringIO(text, newline=""), dialect, strict=True))
    except csv.Error as e:
        raise UserError(code="safe.csv_unreadable", file=name, detail=str(e)) from None
    if not lines or not any(any(c.strip() for c in r) for r in lines):
        raise UserError(code="safe.import_empty", file=name)
    header = [str(h) for h in lines[0]]
    rows = [(i, list(r)) for i, r in enumerate(lines[1:], start=2)]
    cut = None
    if rows and 0 < len(rows[-1][1]) < len(header) and not text.endswith(("\n", "\r")):
        cut = rows[-1][0]
    return Sheet(header, rows, cut)


MAX_COLUMNS = 100  # the template has 11; a sheet claiming thousands of columns is read up to this many


def _read_xlsx(data: bytes, name: str) -> Sheet:
    from openpyxl import load_workbook

    from extract.readers.limits import check_zip

    check_zip(data, name)  # a workbook is a zip: refused by its directory before anything is unpacked
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            rows = []
            for i, r in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
                rows.append((i, list(r)))
                if i > MAX_ROWS + 1:
                    break
        finally:
            wb.close()
    except Exception as e:  # noqa: BLE001 - whatever a damaged workbook makes openpyxl raise, it is unreadable
        raise UserError(code="safe.xlsx_unreadable", file=name, detail=type(e).__name__) from None
    if not rows:
        raise UserError(code="safe.xlsx_empty", file=name)
    header = ["" if h is None else str(h) for h in rows[0][1]]
    return Sheet(header, rows[1:])


def check_rows(
    sheet: Sheet, name: str, known_ids: Iterable[str] | None, today: dt.date | None = None
) -> ImportPreview:
    """Check every row; blank rows are skipped; duplicate (commitment, date) pairs and a row cut short are
    errors."""
    header, rows = sheet.header, sheet.rows
    out = ImportPreview(file=name)
    cols = [_canonical(h) for h in header]
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        names = [ColumnName(c) for c in missing]
        raise UserError(
            msg(
                "imp_missing_columns",
                name=name,
                count=len(names),
                columns=ListOf(names),
                required=ListOf([ColumnName(c) for c in REQUIRED]),
            )
        )
    dupes = sorted({c for c in cols if cols.count(c) > 1 and c})
    if dupes:
        shown = [h for h, c in zip(header, cols, strict=True) if c in dupes]
        raise UserError(msg("imp_duplicate_columns", name=name, columns=ListOf(shown)))
    out.headers = {c: str(h).strip().lstrip("\ufeff") for h, c in zip(header, cols, strict=True) if c}
    known = set(known_ids) if known_ids is not None else None
    out.ignored_columns = [
        h for h, c in zip(header, cols, strict=True) if c and c not in (*REQUIRED, *OPTIONAL, *REFERENCE)
    ]
    inputs = (*REQUIRED, *OPTIONAL)
    if len(rows) > MAX_ROWS:
        raise UserError(code="safe.import_too_many_rows", file=name, n=len(rows), max=MAX_ROWS)
    seen: dict[tuple[str, dt.date], int] = {}
    for n, values in rows:
        if n == sheet.cut_short:
            out.errors.append(
                Problem(header[len(values)], "", msg("safe.csv_cut_short", n=len(values), m=len(header)), n)
            )
            continue
        rec = {c: (values[i] if i < len(values) else None) for i, c in enumerate(cols) if c}
        if all(_empty(rec.get(c)) for c in ("status", "percent", "as_of", "note", "evidence")):
            out.skipped.append(n)
            continue
        upd, probs = check_values({c: rec.get(c) for c in inputs}, known, today, row=n)
        if upd is not None:
            key = (upd.commitment_id, upd.as_of)
            if key in seen:
                reason = msg("rsn_duplicate", date=upd.as_of.isoformat(), other=seen[key])
                probs = [Problem("commitment_id", upd.commitment_id, reason, n)]
            else:
                seen[key] = n
        if probs:  # named as the file's header names the column (事项编号, not commitment_id)
            out.errors.extend(replace(p, column=out.headers.get(p.column, p.column)) for p in probs)
        else:
            assert upd is not None
            out.updates.append(upd)
            out.rows.append(n)
    return out


def _empty(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def preview_import(
    data: bytes, name: str, known_ids: Iterable[str] | None, today: dt.date | None = None
) -> ImportPreview:
    """Read and check a CSV/XLSX file's bytes; writes nothing."""
    out = check_rows(read_rows(data, name), name, known_ids, today)
    out.sha256 = hashlib.sha256(data).hexdigest()
    return out


def commit_import(
    preview: ImportPreview,
    log: LogTarget,
    entered_by: str = "",
    again: bool = False,
    needs_signoff: bool = False,
) -> list[dict]:
    """Write a checked file's rows as one batch, as `entered_by`; refuse (writing nothing) when any row is
    bad, or when the same file is already in the log and `again` is not set (AlreadyImported)."""
    if preview.errors:
        raise preview.rejection()
    return append_updates(
        log,
        preview.updates,
        source="import",
        entered_by=entered_by,
        import_sha256=preview.sha256 or None,
        import_name=Path(preview.file).name,
        again=again,
        needs_signoff=needs_signoff,
    )


TEMPLATE_COLUMNS = ("commitment_id", "unit", "title", "due_date", "due_source", *REQUIRED[1:], *OPTIONAL)
TEMPLATE_WIDTHS = (22, 14, 40, 12, 18, 10, 9, 12, 40, 24, 10)
TEMPLATE_HELP = (
    ("commitment_id", "imp_help_id"),
    ("unit / title / due_date / due_source", "imp_help_reference"),
    ("status", "imp_help_status"),
    ("percent", "imp_help_percent"),
    ("as_of", "imp_help_as_of"),
    ("note", "imp_help_note"),
    ("evidence", "imp_help_evidence"),
    ("reported_by", "imp_help_reported_by"),
    ("", "imp_help_rules"),
)


class ColumnName:
    """A template column's header in the reader's language (事项编号 / commitment_id)."""

    def __init__(self, column: str) -> None:
        self.column = column

    def localized(self, lang: Lang) -> str:
        return t(f"imp_header_{self.column}", lang)


class ListOf:
    """A list of names in running text, in the reader's language."""

    def __init__(self, items: Iterable[object]) -> None:
        self.items = list(items)

    def localized(self, lang: Lang) -> str:
        return join(self.items, lang)


def template_headers(lang: Lang | None = None) -> list[str]:
    """The template's header row: Chinese headers in zh (each is also accepted on import), ids in en."""
    return [t(f"imp_header_{c}", lang) for c in TEMPLATE_COLUMNS]


def template_frame(commitments: pd.DataFrame | None = None, lang: Lang | None = None) -> pd.DataFrame:
    """The import template: one row per given commitment (id, unit, title, due date and whether the text states
    it or the config's default assumes it, as the caller's `due_note` column says), inputs blank."""
    df = pd.DataFrame(columns=list(TEMPLATE_COLUMNS))
    if commitments is not None and not commitments.empty:
        raw = [c for c in ("due_source",) if c in commitments]  # 'text'/'default' codes are not for people
        src = commitments.drop(columns=raw).rename(columns={"unit_name": "unit", "due_note": "due_source"})
        df = pd.DataFrame({c: (src[c] if c in src else "") for c in TEMPLATE_COLUMNS})
        df["due_date"] = df["due_date"].map(
            lambda v: "" if v is None or pd.isna(v) or v == "" else str(v)[:10]
        )
        df = df.astype(object).where(df.notna(), "")
        for c in REQUIRED[1:] + OPTIONAL:
            df[c] = ""
    df.columns = template_headers(lang)
    return df.reset_index(drop=True)


def template_bytes(
    commitments: pd.DataFrame | None = None, fmt: str = "csv", lang: Lang | None = None
) -> bytes:
    """The template as CSV (UTF-8 with BOM, so Excel shows Chinese) or XLSX (with a status drop-down)."""
    lang = lang or current_language()
    df = template_frame(commitments, lang)
    if fmt == "csv":
        return sheets.csv_bytes(df)
    if fmt != "xlsx":
        raise ValueError(f"fmt must be 'csv' or 'xlsx', not {fmt!r}")
    from openpyxl.worksheet.datavalidation import DataValidation

    wb, ws = sheets.new_workbook(t("imp_sheet_template", lang))
    sheets.write_rows(ws, [list(df.columns)])
    sheets.write_rows(
        ws, ([str(v) if v is not None else "" for v in rec] for rec in df.itertuples(index=False))
    )
    letters = "ABCDEFGHIJKLMNOP"
    col = letters[TEMPLATE_COLUMNS.index("status")]
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
    dv.add(f"{col}2:{col}{max(len(df) + 1, 200)}")
    ws.add_data_validation(dv)
    for letter, width in zip(letters, TEMPLATE_WIDTHS, strict=False):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet(t("imp_sheet_help", lang))
    sheets.write_rows(
        help_ws, ([column, t(key, lang, statuses=" / ".join(STATUSES))] for column, key in TEMPLATE_HELP)
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
