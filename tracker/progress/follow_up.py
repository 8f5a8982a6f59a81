"""Follow-up lists: the open red and yellow items per unit, worst first, and their spreadsheet export."""

from __future__ import annotations

import pandas as pd

from tracker.i18n import LABELS, Lang, colour_label, current_language, join, status_label, t
from tracker.progress import sheets
from tracker.progress.rules import SEVERITY
from tracker.vocabulary import DONE, REVIEWED_STATES

FOLLOW_UP_COLUMNS = (
    "unit_name",
    "title",
    "meeting_title",
    "meeting_date",
    "due_date",
    "due_note",
    "status",
    "percent",
    "colour",
    "reasons",
    "last_update",
    "days_silent",
    "days_overdue",
    "quote",
    "commitment_id",
)


def follow_up(status: pd.DataFrame, unit_id: str | None = None, reviewed_only: bool = False) -> pd.DataFrame:
    """Open items that are red or yellow, per unit, worst first: the list to raise at the next meeting
    (with `reviewed_only`, the review.required setting, only items a person has confirmed, edited or added)."""
    open_ = status[(status["status"] != DONE) & status["colour"].isin(["red", "yellow"])]
    if reviewed_only:
        open_ = open_[open_["review_state"].isin(REVIEWED_STATES)]
    open_ = open_[open_["unit_id"].notna()]
    if unit_id is not None:
        open_ = open_[open_["unit_id"] == unit_id]
    sev = open_["colour"].map(SEVERITY)
    return (
        open_.assign(_sev=sev)
        .sort_values(["unit_name", "_sev", "days_overdue", "due_date"], ascending=[True, True, False, True])
        .drop(columns="_sev")
        .reset_index(drop=True)
    )


def follow_up_table(items: pd.DataFrame, lang: Lang | None = None) -> pd.DataFrame:
    """The follow-up list for a spreadsheet: headers, statuses, colours and reasons in `lang`."""
    lang = lang or current_language()
    table = items[[c for c in FOLLOW_UP_COLUMNS if c in items]].copy()
    if "status" in table:
        table["status"] = table["status"].map(lambda v: status_label(v, lang))
    if "colour" in table:
        table["colour"] = table["colour"].map(lambda v: colour_label(v, lang))
    if "reasons" in table:
        table["reasons"] = table["reasons"].map(lambda v: reasons_text(v, lang))
    return table.rename(columns=lambda c: t(f"fu_col_{c}", lang))


def reasons_text(reasons: object, lang: Lang | None = None) -> str:
    """Reason codes ('overdue,silent') in words (逾期、长期未更新)."""
    codes = [r for r in str(reasons or "").split(",") if f"progress.reason_{r}" in LABELS]
    return join((t(f"progress.reason_{r}", lang) for r in codes), lang)


def follow_up_bytes(items: pd.DataFrame, fmt: str = "csv", lang: Lang | None = None) -> bytes:
    """The follow-up list as CSV (UTF-8 with BOM) or XLSX, in `lang` (default: the current language)."""
    table = follow_up_table(items, lang)
    if fmt == "csv":
        return sheets.csv_bytes(table)
    if fmt != "xlsx":
        raise ValueError(f"fmt must be 'csv' or 'xlsx', not {fmt!r}")
    return sheets.xlsx_bytes(table, t("fu_sheet", lang))
