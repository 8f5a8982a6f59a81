"""Review in a spreadsheet, as offices work: export one row per item, import the decisions all or nothing.

A row's decision (审核决定) is 确认 (confirm), 驳回 (reject: not a commitment; 审核说明 says why), 合并 (merge into
the id in 合并到) or 恢复 (reopen a rejected or merged item). Changing the 类型, 事项, 责任单位, 完成时限 or 上级事项
cell of a row edits the item (with or without a decision). A row left as exported is skipped. Each row carries
the item's version (its latest review entry): a row whose item was reviewed since the export is refused, so a
sheet never undoes someone else's later decision.

Each row is also bound to its item: its 签名 (signature) is an HMAC of the row's id, version and quote under a key
kept by this installation (`review.sheet_key`, outside git, made on first use with mode 0600). A row whose id or
version was changed — typed over, or pasted from another row — no longer matches its signature, a row whose
原文 is not its item's quote is another item's row, and an item on two rows is a copied row: each is refused with
its row number, so a sheet can only change the items it was exported with, row by row, in any order.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from tracker.cells import is_missing, timestamp
from tracker.errors import UserError
from tracker.i18n import LABELS, Lang, Msg, current_language, kind_label, msg, t
from tracker.progress import sheets
from tracker.progress.imports import read_rows
from tracker.progress.log import Problem, parse_date
from tracker.review.actions import Known, Request, parse_kind, parse_owners
from tracker.review.log import ReviewEntry
from tracker.store.files import fsync_dir

COLUMNS = (
    "commitment_id",
    "meeting",
    "quote",
    "kind",
    "title",
    "owners",
    "due_date",
    "parent_id",
    "state",
    "decision",
    "merge_into",
    "why",
    "version",
    "signature",
)
EDITABLE = ("kind", "title", "owners", "due_date", "parent_id")
FIELD = {
    "kind": "kind",
    "title": "title",
    "owners": "owners",
    "due_date": "due_date",
    "parent_id": "parent_id",
}
WIDTHS = (18, 24, 50, 12, 36, 30, 12, 18, 10, 10, 18, 24, 14, 26)
DECISION_WORDS = {
    "确认": "confirm",
    "通过": "confirm",
    "confirm": "confirm",
    "ok": "confirm",
    "驳回": "reject",
    "不是事项": "reject",
    "删除": "reject",
    "reject": "reject",
    "合并": "merge",
    "merge": "merge",
    "恢复": "reopen",
    "reopen": "reopen",
}
HEADER_WORDS = {
    "事项编号": "commitment_id",
    "编号": "commitment_id",
    "id": "commitment_id",
    "会议": "meeting",
    "原文": "quote",
    "类型": "kind",
    "事项": "title",
    "责任单位": "owners",
    "owner": "owners",
    "完成时限": "due_date",
    "due": "due_date",
    "上级事项": "parent_id",
    "parent": "parent_id",
    "审核状态": "state",
    "审核决定": "decision",
    "合并到": "merge_into",
    "into": "merge_into",
    "审核说明": "why",
    "说明": "why",
    "版本": "version",
    "签名": "signature",
}
REQUIRED = ("commitment_id", "decision")


def header(column: str, lang: Lang) -> str:
    """A column's header in `lang` (Chinese headers, or the English names)."""
    return t(f"review.col_{column}", lang) if lang == "zh" else column


def owners_cell(owners: object, lang: Lang) -> str:
    """'红山街道:lead, 公安局:support' as a person writes it: 红山街道（牵头）、公安局（配合）."""
    if not isinstance(owners, str) or not owners:
        return ""
    out = []
    for part in owners.split(", "):
        name, _, role = part.rpartition(":")
        out.append(
            t(
                "review.owner_role",
                lang,
                unit=name or part,
                role=t(f"review.role_{role or 'responsible'}", lang),
            )
        )
    return ("、" if lang == "zh" else ", ").join(out)


def _date_text(v: object) -> str:
    if v is None or (not isinstance(v, str) and is_missing(v)):
        return ""
    return str(timestamp(v).date())


def sheet_key(path: Path) -> bytes:
    """This installation's key for signing review-sheet rows: read from `path`, or made there on first use
    (32 random bytes as hex, mode 0600; created by a link so two first uses agree on one key)."""
    path = Path(path)
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    except OSError as e:
        raise UserError(msg("review.sheet_key_unreadable", path=path, detail=e.strerror)) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_hex(32) + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
            fsync_dir(path.parent)
        except FileExistsError:
            pass  # another process made it first: use that one
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_bytes().strip()


def row_signature(key: bytes, commitment_id: str, version: str, quote: str) -> str:
    """The signature binding a sheet row to its item: an HMAC-SHA256 of (id, version, quote), 24 hex digits."""
    data = json.dumps([commitment_id, version, quote], ensure_ascii=False).encode("utf-8")
    return hmac.new(key, data, hashlib.sha256).hexdigest()[:24]


def review_table(items: pd.DataFrame, lang: Lang, key: bytes | None = None) -> pd.DataFrame:
    """One row per item with the columns of the review sheet (headers in `lang`); each row signed with `key`
    (without a key, for reading on a terminal, the signature column is left out)."""
    rows = []
    for r in items.to_dict("records"):
        meeting = " ".join(
            x for x in (_date_text(r.get("meeting_date")), str(r.get("meeting_title") or "")) if x
        )
        rows.append(
            {
                "commitment_id": r["commitment_id"],
                "meeting": meeting,
                "quote": r["quote"] or t("review.oral", lang),
                "kind": kind_label(r["kind"], lang),
                "title": r["title"],
                "owners": owners_cell(r.get("owners_text"), lang),
                "due_date": _date_text(r.get("due_date")),
                "parent_id": r.get("parent_id") or "",
                "state": t(f"review.state_{r['review_state']}", lang),
                "decision": "",
                "merge_into": "",
                "why": "",
                "version": r.get("last_entry_id") or "",
                "signature": ""
                if key is None
                else row_signature(key, r["commitment_id"], r.get("last_entry_id") or "", r["quote"] or ""),
            }
        )
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    if key is None:
        table = table.drop(columns=["signature"])
    return table.rename(columns=lambda c: header(c, lang))


def csv_text(table: pd.DataFrame) -> str:
    """A table as CSV text for a terminal (cells that a spreadsheet would run are escaped)."""
    return sheets.csv_bytes(table).decode("utf-8-sig")


def sheet_format(path: Path) -> str:
    """'xlsx' or 'csv' from a file name; UserError otherwise."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise UserError(msg("cli_sheet_suffix", path=path))
    return fmt


def export_bytes(items: pd.DataFrame, fmt: str, lang: Lang | None = None, *, key: bytes) -> bytes:
    """The review sheet as XLSX (with column widths and a help row in a second sheet) or CSV, each row signed
    with the installation's `key` (sheet_key)."""
    lang = lang or current_language()
    table = review_table(items, lang, key)
    if fmt == "csv":
        return sheets.csv_bytes(table)
    from io import BytesIO

    from openpyxl.utils import get_column_letter

    wb, ws = sheets.new_workbook(t("review.sheet_name", lang))
    sheets.write_rows(ws, [list(map(str, table.columns))])
    sheets.write_rows(ws, table.itertuples(index=False, name=None))
    for i, w in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "B2"
    help_ws = wb.create_sheet(t("review.sheet_help_name", lang))
    sheets.write_rows(
        help_ws,
        [[t(f"review.sheet_help_{k}", lang)] for k in ("decision", "edit", "version", "signature", "all")],
    )
    help_ws.column_dimensions["A"].width = 120
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- import -------------------------------------------------------------------------------------------


@dataclass
class SheetPlan:
    """What a filled-in sheet asks for: the requests (in row order), every problem, rows left unchanged."""

    name: str
    sha256: str = ""
    requests: list[Request] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # column -> the header as the file named it

    def named(self, problems: list[Problem]) -> list[Problem]:
        """Problems found by the action checks, with their columns named as the file names them."""
        column = {"into": "merge_into"}
        return [
            replace(p, column=self.headers.get(column.get(p.column, p.column), p.column)) for p in problems
        ]


def _canonical(h: object) -> str:
    s = str(h or "").strip().lstrip("\ufeff")
    return HEADER_WORDS.get(s, HEADER_WORDS.get(s.lower(), s.lower()))


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:
            return ""
        if v.is_integer():
            return str(int(v))
    if hasattr(v, "date") and not isinstance(v, str):
        try:
            return v.date().isoformat()
        except (AttributeError, TypeError):
            pass
    return str(v).strip()


def _owner_set(owners: list[dict[str, str]] | None) -> set[tuple[str, str]]:
    return {(o["unit"], o["role"]) for o in owners or []}


def _current_owners(text: object) -> set[tuple[str, str]]:
    if not isinstance(text, str) or not text:
        return set()
    out = set()
    for part in text.split(", "):
        name, _, role = part.rpartition(":")
        out.add((name, role))
    return out


def _words(text: str) -> str:
    return " ".join(text.split())


def read_sheet(data: bytes, name: str, known: Known, key: bytes | None = None) -> SheetPlan:
    """Read a filled-in review sheet (CSV or XLSX) and turn each row into requests; every problem is listed
    with its row number (the header is row 1). With the installation's `key`, every row must carry the
    signature its export gave it (see the module's docstring). Nothing is written."""
    sheet = read_rows(data, name)
    plan = SheetPlan(name, hashlib.sha256(data).hexdigest())
    cols = [_canonical(h) for h in sheet.header]
    required = (*REQUIRED, "version", "signature") if key is not None else REQUIRED
    missing = [c for c in required if c not in cols]
    if missing:
        raise UserError(
            msg(
                "review.sheet_missing_columns",
                name=name,
                count=len(missing),
                columns="、".join(header(c, "zh") + f"/{c}" for c in missing),
            )
        )
    named = {c: str(h).strip().lstrip("\ufeff") for h, c in zip(sheet.header, cols, strict=True)}
    lang = current_language()
    first_row: dict[str, int] = {}
    for n, values in sheet.rows:
        rec = {c: _cell(values[i]) if i < len(values) else "" for i, c in enumerate(cols)}
        if not any(rec.values()):
            continue
        probs: list[Problem] = []

        def bad(column: str, value: str, reason: Msg, n: int = n, probs: list[Problem] = probs) -> None:
            probs.append(Problem(named.get(column, column), value, reason, n))

        cid = rec.get("commitment_id", "")
        item = known.item(cid) if cid else None
        if item is None:
            bad("commitment_id", cid, msg("review.rsn_unknown_id"))
            plan.problems += probs
            continue
        quote = str(item.get("quote") or "")
        if key is not None:
            signed = row_signature(key, cid, rec.get("version", ""), quote)
            if not hmac.compare_digest(rec.get("signature", "").encode("utf-8"), signed.encode("ascii")):
                bad("commitment_id", cid, msg("review.rsn_signature"))
                plan.problems += probs
                continue
        shown = {_words(quote or t("review.oral", lg)) for lg in ("zh", "en")}
        if "quote" in cols and _words(rec.get("quote", "")) not in shown:
            bad("quote", rec.get("quote", ""), msg("review.rsn_quote", id=cid))
            plan.problems += probs
            continue
        if cid in first_row:  # a row that is its item's own, twice: copied
            bad("commitment_id", cid, msg("review.rsn_duplicate", first=first_row[cid]))
            plan.problems += probs
            continue
        first_row[cid] = n
        version = rec.get("version", "")
        if "version" in cols and version != (item.get("last_entry_id") or ""):
            bad("commitment_id", cid, msg("review.rsn_changed_since", by=item.get("reviewed_by") or "?"))
        changed: dict[str, Any] = {}
        for col in EDITABLE:
            if col not in cols:
                continue
            cell = rec.get(col, "")
            if col == "title":
                if cell != str(item["title"]).strip():
                    changed["title"] = cell
            elif col == "kind":
                kind = parse_kind(cell)
                if kind is None:
                    bad(
                        "kind",
                        cell,
                        msg(
                            "review.rsn_kind",
                            kinds="/".join(
                                sorted(
                                    {
                                        kind_label(k, lang)
                                        for k in ("requirement", "focus_area", "project", "task", "request")
                                    }
                                )
                            ),
                        ),
                    )
                elif kind != item["kind"]:
                    changed["kind"] = kind
            elif col == "owners":
                owners, problem = parse_owners(cell, known)
                if problem is not None:
                    bad("owners", cell, problem)
                elif _owner_set(owners) != _current_owners(item.get("owners_text")):
                    changed["owners"] = cell
            elif col == "due_date":
                now = _date_text(item.get("due_date"))
                if cell:
                    d = parse_date(cell)
                    if d is None:
                        bad("due_date", cell, msg("review.rsn_date"))
                    elif d.isoformat() != now:
                        changed["due_date"] = d.isoformat()
                elif now:
                    changed["due_date"] = ""
            elif col == "parent_id":
                if cell != (item.get("parent_id") or ""):
                    changed["parent_id"] = cell
        raw = rec.get("decision", "")
        decision = DECISION_WORDS.get(raw.lower()) if raw else None
        if raw and decision is None:
            bad(
                "decision",
                raw,
                msg("review.rsn_decision", words="确认/驳回/合并/恢复 (confirm/reject/merge/reopen)"),
            )
        why = rec.get("why", "")
        if probs:
            plan.problems += probs
            continue
        reqs: list[Request] = []
        if changed:
            reqs.append(Request("edit", cid, changed, why, n))
        if decision == "merge":
            reqs.append(Request("merge", cid, {"into": rec.get("merge_into", "")}, why, n))
        elif decision is not None:
            reqs.append(Request(decision, cid, {}, why, n))
        if not reqs:
            plan.skipped.append(n)
        plan.requests += reqs
    plan.headers = named
    return plan


def preview_lines(plan: SheetPlan, known: Known, lang: Lang) -> list[str]:
    """One line per request a sheet would write: row, id, title, action and new values."""
    out = []
    for r in plan.requests:
        item = known.item(r.commitment_id) or {}
        title = str(item.get("title") or "")
        title = title if len(title) <= 24 else title[:23] + "…"
        vals = "；".join(f"{t(f'review.field_{c}', lang)}={v}" for c, v in r.values.items())
        out.append(
            t(
                "review.sheet_preview_row",
                lang,
                row=r.row,
                id=r.commitment_id,
                title=title,
                action=t(f"review.action_{r.action}", lang),
                values=vals,
            ).rstrip()
        )
    return out


def values_text(e: ReviewEntry, lang: Lang) -> str:
    """An entry's new values in one line (for `review log`)."""
    parts = []
    for k, v in e.values.model_dump(mode="json").items():
        if k == "owners":
            v = owners_cell(", ".join(f"{o['unit']}:{o['role']}" for o in v or []), lang)
        label = t(f"review.field_{k}", lang) if f"review.field_{k}" in LABELS else k
        parts.append(f"{label}={'—' if v in (None, '') else v}")
    return "；".join(parts) if lang == "zh" else "; ".join(parts)
