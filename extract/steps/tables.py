"""Task tables: one commitment per row, its cells as fields (holders, leader, deadline, steps)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.dates import due_cell, latest_deadline, stages
from extract.fields import Record, Value
from extract.lists import (
    Item,
    make_title,
)
from extract.responsibility import cell_units, leader_names
from extract.steps.rows import (
    AUTO,
    Assembly,
    Found,
    due_in,
    hold_shares,
)
from extract.tables import Cell, Table
from extract.units import Mention


def table_rows(ctx: Assembly, table: Table, line_para: dict[int, int]) -> None:
    """One commitment per task row: lead unit, other holders with their roles, leader and deadline."""
    year = ctx.report.reference.year if ctx.report.reference else None
    for row in table.rows:
        if row.task is None:
            continue
        holders: list[tuple[Mention, str]] = []
        for role in ("lead", "responsible", "support"):
            for cell in row.cells.get(role, []):
                for m in cell_mentions(ctx, cell, line_para):
                    holders.append((m, role))
        leader = next((leader_names(c.text) for c in row.cells.get("leader", [])), None)
        due_text = " ".join(c.text for c in row.cells.get("due", []))
        due = due_cell(due_text, year) if due_text else None
        task = row.task
        para = line_para[task.line]
        item = Item(para, task.start, task.end, row.number, make_title(task.text))
        if due is None:
            due = due_in(task.text, ctx.report.reference)
        lead = next((m for m, r in holders if r == "lead"), None) or (holders[0][0] if holders else None)
        cid = ctx.add(
            Found(
                item=item,
                kind="task",
                meeting_id=None,
                parent_id=None,
                list_name=None,
                unit=lead,
                addressee=None,
                issued_by=None,
                due=due,
                holders=holders,
                leader=leader,
            )
        )
        hold_shares(ctx, item, cid, None, holders, due)
        for measure in row.cells.get("measures", []):
            _steps(ctx, measure, line_para, cid, lead, holders, leader)
        for sub, sub_due in row.subtasks:
            sp = line_para[sub.line]
            d = due_cell(sub_due.text, year) if sub_due else None
            ctx.add(
                Found(
                    item=Item(sp, sub.start, sub.end, None, make_title(sub.text)),
                    kind="task",
                    meeting_id=None,
                    parent_id=cid,
                    list_name=None,
                    unit=lead,
                    addressee=None,
                    issued_by=None,
                    due=d if d else AUTO,
                    holders=holders,
                    leader=leader,
                )
            )


def cell_mentions(ctx: Assembly, cell: Cell, line_para: dict[int, int]) -> list[Mention]:
    para = line_para[cell.line]
    found = cell_units(cell.text, cell.start, ctx.report.gaz)
    for m in found:
        ctx.mention_row(para, m)
    return found


_STEP = re.compile(r"(?:^|(?<=[\s。；]))(?P<n>\d{1,2})[.．、](?=\S)")


def _steps(
    ctx: Assembly,
    cell: Cell,
    line_para: dict[int, int],
    parent: str,
    lead: Mention | None,
    holders: list[tuple[Mention, str]],
    leader: str | None,
) -> None:
    """Numbered steps inside a measures cell (1.4月底前…；2.8月底前…): one child commitment each."""
    marks = []
    expected = 1
    for m in _STEP.finditer(cell.text):
        if int(m.group("n")) == expected:
            marks.append(m)
            expected += 1
    if len(marks) < 2:
        return
    para = line_para[cell.line]
    year = ctx.report.reference.year if ctx.report.reference else None
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(cell.text)
        while end > m.start() and cell.text[end - 1] in " 　；;":
            end -= 1
        body = cell.text[m.start() : end]
        ctx.add(
            Found(
                item=Item(para, cell.start + m.start(), cell.start + end, k + 1, make_title(body)),
                kind="focus_area",
                meeting_id=None,
                parent_id=parent,
                list_name=None,
                unit=lead,
                addressee=None,
                issued_by=None,
                due=latest_deadline(body, year),
                holders=holders,
                leader=leader,
            )
        )


def record_rows(ctx: Assembly, records: list[Record]) -> None:
    """One commitment per field record: holders from its unit fields, leader, and its deadline field's date; a
    deadline field that gives different dates to different parts (A…1月底前完成；其它事项12月底前) gives each part
    as a child with its own date."""
    year = ctx.report.year
    for rec in records:
        holders: list[tuple[Mention, str]] = []
        leader, due, due_para = None, None, None
        for role, p in rec.fields:
            if role in ("lead", "responsible", "support"):
                holders.extend(
                    (m, role) for m in cell_mentions(ctx, Cell(-1, p.start, p.end, p.text), {-1: p.index})
                )
            elif role == "leader":
                leader = leader_names(p.text)
            elif role == "due":
                due, due_para = due_cell(p.text, year), p
        holders.sort(key=lambda h: {"lead": 0, "responsible": 1, "support": 2}[h[1]])
        # with no lead unit, each responsible unit holds the task (卫健局、文旅局: both answer for it)
        leads: Sequence[Mention | None] = (
            [m for m, r in holders if r == "lead"][:1]
            or [m for m, r in holders if r == "responsible"]
            or [None]
        )
        t = rec.task
        for lead in leads:
            cid = ctx.add(
                Found(
                    item=Item(t.index, t.start, t.end, None, make_title(t.text)),
                    kind="task",
                    unit=lead,
                    due=due if due else AUTO,
                    holders=holders,
                    leader=leader,
                )
            )
            _record_stages(ctx, due_para, cid, lead, holders, leader)


def _record_stages(
    ctx: Assembly,
    due_para: Value | None,
    cid: str,
    lead: Mention | None,
    holders: list[tuple[Mention, str]],
    leader: str | None,
) -> None:
    """The parts of a deadline field with their own dates, as children of the record's commitment."""
    year = ctx.report.year
    if due_para is None:
        return
    for k, (a, b, d) in enumerate(stages(due_para.text, year)):
        while b > a and due_para.text[b - 1] in "，；。、 ":
            b -= 1
        part = due_para.text[a:b]
        at = due_para.start
        ctx.add(
            Found(
                item=Item(due_para.index, at + a, at + b, k + 1, make_title(part)),
                kind="focus_area",
                parent_id=cid,
                unit=lead,
                due=d,
                holders=holders,
                leader=leader,
            )
        )
