"""Task tables: one commitment per row, its cells as fields (holders, leader, deadline, steps)."""

from __future__ import annotations

import re

from extract.dates import due_cell, latest_deadline
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
