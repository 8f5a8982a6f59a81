"""交办单 (assignment sheets): for a unit (or every unit) and optionally one meeting, the items it holds — quote,
role (lead / responsible / support), due date (stated or assumed, marked), meeting and source — with the office's
name and the date, as .docx (python-docx) and PDF (reportlab, the packs' CJK font); each sheet made is recorded
as 已交办 in an append-only log (who, when, which items)."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import duckdb
import pandas as pd
from pydantic import Field

from tracker.config import Config
from tracker.errors import UserError
from tracker.i18n import Lang, msg, role_label, t
from tracker.progress.log import IsoTime, Text
from tracker.progress.status import commitment_status
from tracker.store import queries
from tracker.store.logfile import Record, RecordLog
from tracker.store.logs import open_log

Format = Literal["docx", "pdf"]


class AssignmentEntry(Record):
    """One 交办单 made for one unit: its items, meeting (if one), format, who and when."""

    v: int = Field(default=1, ge=1, strict=True)
    entry_id: str = Field(min_length=1)
    unit_id: str = Field(min_length=1)
    unit_name: Text = ""
    meeting_id: str | None = None
    items: tuple[str, ...] = ()
    format: Format
    entered_by: str = Field(min_length=1)
    entered_at: IsoTime


def open_assignment_log(config: Config) -> RecordLog[AssignmentEntry]:
    """The 已交办 log where the config keeps its logs."""
    return open_log(config, "assignment", AssignmentEntry)


@dataclass
class Sheet:
    """The sheet's contents: per unit, its rows (with due dates as the status table has them)."""

    day: dt.date
    meeting_id: str | None
    units: list[tuple[str, str, pd.DataFrame]]  # (unit id, unit name, rows)

    @property
    def n_items(self) -> int:
        return sum(len(r) for _, _, r in self.units)


def build(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    unit_ids: Sequence[str] | None,
    meeting_id: str | None,
    day: dt.date,
) -> Sheet:
    """The sheet of these units (None: every unit holding an item) for one meeting (None: all)."""
    rows = queries.assignment_items(con, unit_ids, meeting_id)
    if rows.empty:
        raise UserError(msg("loop.assign_nothing"))
    due = commitment_status(con, config, day)[["commitment_id", "due_date", "due_source", "kind"]]
    rows = rows.drop(columns=["kind"]).merge(due, on="commitment_id", how="left")
    units = [
        (str(uid), str(g["unit_name"].iloc[0]), g.reset_index(drop=True))
        for uid, g in rows.groupby("unit_id", sort=False)
    ]
    return Sheet(day, meeting_id, units)


def _due_text(r: dict, lang: Lang) -> str:
    d = r.get("due_date")
    if d is None or (not isinstance(d, dt.date) and pd.isna(d)):
        return t("loop.assign_no_due", lang)
    text = str(d)[:10]
    src = r.get("due_source")
    if src == "default":
        return text + t("loop.assign_assumed", lang)
    if src == "extended":
        return text + t("loop.assign_extended", lang)
    return text + t("loop.assign_stated", lang)


def _meeting_text(r: dict) -> str:
    when = str(r.get("meeting_date") or "")[:10]
    title = str(r.get("meeting_title") or "")
    source = str(r.get("source_title") or r.get("source_id") or "")
    return "；".join(x for x in (f"{when} {title}".strip(), source) if x)


COLUMNS = (
    "assign_col_n",
    "assign_col_item",
    "assign_col_quote",
    "assign_col_role",
    "assign_col_due",
    "assign_col_meeting",
)


def table_rows(rows: pd.DataFrame, lang: Lang) -> list[list[str]]:
    """One sheet table: number, item, quote, role, due date (stated / assumed marked), meeting and source."""
    out = []
    for n, r in enumerate(rows.to_dict("records"), 1):
        out.append(
            [
                str(n),
                str(r.get("title") or ""),
                str(r.get("quote") or ""),
                role_label(str(r.get("role") or ""), lang) or str(r.get("role") or ""),
                _due_text(r, lang),
                _meeting_text(r),
            ]
        )
    return out


def to_docx(sheet: Sheet, config: Config, lang: Lang) -> bytes:
    """The sheet as a Word document: one section per unit with its table."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    for i, (_, name, rows) in enumerate(sheet.units):
        if i:
            doc.add_page_break()
        doc.add_heading(t("loop.assign_title", lang, city=config.city), level=1)
        doc.add_paragraph(t("loop.assign_to", lang, unit=name, n=len(rows)))
        doc.add_paragraph(
            t(
                "loop.assign_meta",
                lang,
                office=t("loop.assign_office", lang, city=config.city),
                day=sheet.day.isoformat(),
            )
        )
        table = doc.add_table(rows=1, cols=len(COLUMNS))
        table.style = "Table Grid"
        for cell, key in zip(table.rows[0].cells, COLUMNS, strict=True):
            cell.text = t(f"loop.{key}", lang)
        for values in table_rows(rows, lang):
            cells = table.add_row().cells
            for cell, v in zip(cells, values, strict=True):
                cell.text = v
        doc.add_paragraph(t("loop.assign_note", lang))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_pdf(sheet: Sheet, config: Config, lang: Lang) -> bytes:
    """The sheet as an A4 PDF (landscape) with the packs' CJK font."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from tracker.reports.brief.pdf import pdf_font

    font = pdf_font()
    body = ParagraphStyle("b", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    head = ParagraphStyle("h", fontName=font, fontSize=16, leading=22)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), title=t("loop.assign_title", lang, city=config.city))
    story: list = []
    widths = [28, 110, 300, 50, 100, 170]
    for i, (_, name, rows) in enumerate(sheet.units):
        if i:
            story.append(PageBreak())
        story.append(Paragraph(_esc(t("loop.assign_title", lang, city=config.city)), head))
        story.append(Paragraph(_esc(t("loop.assign_to", lang, unit=name, n=len(rows))), body))
        office = t("loop.assign_office", lang, city=config.city)
        story.append(
            Paragraph(_esc(t("loop.assign_meta", lang, office=office, day=sheet.day.isoformat())), body)
        )
        story.append(Spacer(1, 8))
        data = [[Paragraph(_esc(t(f"loop.{k}", lang)), body) for k in COLUMNS]]
        data += [[Paragraph(_esc(v), body) for v in values] for values in table_rows(rows, lang)]
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        story.append(table)
        story.append(Spacer(1, 8))
        story.append(Paragraph(_esc(t("loop.assign_note", lang)), body))
    doc.build(story)
    return buf.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(sheet: Sheet, config: Config, fmt: Format, lang: Lang) -> bytes:
    """The sheet's bytes in `fmt`."""
    return to_docx(sheet, config, lang) if fmt == "docx" else to_pdf(sheet, config, lang)


def record(config: Config, sheet: Sheet, fmt: Format, user: str, now: dt.datetime | None = None) -> None:
    """Record the sheet as 已交办: one entry per unit with its items, as one batch."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone().isoformat(timespec="seconds")

    def prepare(_: Sequence[AssignmentEntry]) -> list[AssignmentEntry]:
        return [
            AssignmentEntry(
                entry_id=uuid.uuid4().hex,
                unit_id=uid,
                unit_name=name,
                meeting_id=sheet.meeting_id,
                items=tuple(rows["commitment_id"]),
                format=fmt,
                entered_by=user,
                entered_at=stamp,
            )
            for uid, name, rows in sheet.units
        ]

    open_assignment_log(config).append_batch(prepare)
