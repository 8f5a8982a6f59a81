"""Bulk progress import from CSV/XLSX: check every row, preview, write all rows or none; templates."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tracker.errors import UserError
from tracker.i18n import message
from tracker.progress import sheets
from tracker.progress.log import STATUSES, Problem, Update, append_updates, check_values

REQUIRED = ("commitment_id", "status", "percent", "as_of", "note")
# reported_by (填报人) is free text kept in the entry; who wrote the entry is the signed-in user, never a column
OPTIONAL = ("evidence", "reported_by")
# Columns the template carries for reference; they are read back but ignored.
REFERENCE = ("unit", "title", "meeting", "due_date")
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
    "entered_by": "reported_by",  # templates before issue 11 named the column entered_by
    "责任单位": "unit",
    "事项": "title",
    "会议": "meeting",
    "完成时限": "due_date",
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
    rows: list[int] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file can be written: no errors and at least one row."""
        return not self.errors and bool(self.updates)

    def frame(self) -> pd.DataFrame:
        """The rows that would be written, with their row numbers in the file."""
        return pd.DataFrame(
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

    def errors_frame(self, lang: str | None = None) -> pd.DataFrame:
        """Every problem: row, column, value and reason."""
        return pd.DataFrame(
            [
                {"row": p.row, "column": p.column, "value": p.value, "reason": p.reason_text(lang)}
                for p in self.errors
            ],
            columns=["row", "column", "value", "reason"],
        )

    def summary(self, lang: str | None = None) -> str:
        """One line: what would be written, or how many rows are bad."""
        if self.errors:
            return self.rejection().text(lang)
        if not self.updates:
            return message("safe.import_nothing", lang, file=self.file)
        return message("safe.import_ready", lang, file=self.file, n=len(self.updates))

    def rejection(self) -> ImportRejected:
        """The error that refuses this file: how many rows are bad; nothing was written."""
        rows = len({p.row for p in self.errors})
        return ImportRejected(
            code="safe.import_bad_rows", file=self.file, rows=rows, problems=len(self.errors)
        )


def _canonical(name: object) -> str:
    s = str(name or "").strip().lstrip("\ufeff")
    key = s.lower().replace(" ", "_")
    return HEADER_ALIASES.get(s, HEADER_ALIASES.get(key, key))


@dataclass
class Sheet:
    """A file's header and (row number, values) pairs; row 1 is the header. `cut_short` marks a last CSV row
    that has fewer fields than the header and no line end: the file was cut off in the middle of it."""

    header: list[str]
    rows: list[tuple[int, list[object]]]
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
        raise UserError(
            code="safe.import_missing_columns",
            file=name,
            columns=", ".join(missing),
            needed=", ".join(REQUIRED),
        )
    dupes = sorted({c for c in cols if cols.count(c) > 1 and c})
    if dupes:
        raise UserError(code="safe.import_duplicate_columns", file=name, columns=", ".join(dupes))
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
                Problem(header[len(values)], "", "csv_cut_short", n, {"n": len(values), "m": len(header)})
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
                probs = [
                    Problem(
                        "commitment_id",
                        upd.commitment_id,
                        "second_update",
                        n,
                        {"date": upd.as_of.isoformat(), "first": seen[key]},
                    )
                ]
            else:
                seen[key] = n
        if probs:
            out.errors.extend(probs)
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


def commit_import(preview: ImportPreview, log: Path, entered_by: str = "", again: bool = False) -> list[dict]:
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
    )


TEMPLATE_COLUMNS = ("commitment_id", "unit", "title", "due_date", *REQUIRED[1:], *OPTIONAL)
TEMPLATE_HELP = (
    ("commitment_id", "事项编号，勿改 (do not change)"),
    ("unit / title / due_date", "责任单位、事项、完成时限，仅供参考，导入时忽略 (reference only)"),
    ("status", f"状态：{' / '.join(STATUSES)}"),
    ("percent", "完成进度 0-100；已完成=100，未启动=0"),
    ("as_of", "截至日期，YYYY-MM-DD，不晚于今天"),
    ("note", "进展说明"),
    ("evidence", "佐证链接（可选）"),
    ("reported_by", "填报人（可选，仅作记录；录入人是导入文件的登录用户）"),
    ("", "状态、进度、日期、说明都为空的行会被跳过；任何一行有误则整个文件都不写入。"),
)


def template_frame(commitments: pd.DataFrame | None = None) -> pd.DataFrame:
    """The import template: one row per given commitment (id, unit, title, due date), inputs blank."""
    df = pd.DataFrame(columns=list(TEMPLATE_COLUMNS))
    if commitments is not None and not commitments.empty:
        src = commitments.rename(columns={"unit_name": "unit"})
        df = pd.DataFrame({c: (src[c] if c in src else "") for c in TEMPLATE_COLUMNS})
        df = df.astype(object).where(df.notna(), "")
        for c in REQUIRED[1:] + OPTIONAL:
            df[c] = ""
    return df.reset_index(drop=True)


def template_bytes(commitments: pd.DataFrame | None = None, fmt: str = "csv") -> bytes:
    """The template as CSV (UTF-8 with BOM, so Excel shows Chinese) or XLSX (with a status drop-down)."""
    df = template_frame(commitments)
    if fmt == "csv":
        return sheets.csv_bytes(df)
    if fmt != "xlsx":
        raise ValueError(f"fmt must be 'csv' or 'xlsx', not {fmt!r}")
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "progress"
    sheets.write_rows(ws, [TEMPLATE_COLUMNS])
    sheets.write_rows(
        ws, ([str(v) if v is not None else "" for v in rec] for rec in df.itertuples(index=False))
    )
    col = "ABCDEFGHIJ"[TEMPLATE_COLUMNS.index("status")]
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
    dv.add(f"{col}2:{col}{max(len(df) + 1, 200)}")
    ws.add_data_validation(dv)
    for letter, width in zip("ABCDEFGHIJ", (22, 14, 40, 12, 10, 9, 12, 40, 24, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("说明")
    sheets.write_rows(help_ws, TEMPLATE_HELP)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
