"""Task-decomposition tables and responsibility lists (序号 / 任务 / 牵头单位 / 责任单位 / 配合单位 / 完成时限).

Three layouts of the same table are recognised, all on folded lines:
- one row per line with TAB-separated cells (what the Word, PDF and HTML readers write) or `|`-separated cells;
- one cell per line, each ending in `|` (a web page's table copied as text);
- one cell per line without separators (a web page's table pasted): a row starts with its number, and the cell
  lines after it are told apart by what they look like (a deadline, a list of units, a task sentence).
Only the layout is found here; the pipeline turns rows into commitments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Header cell → column role. The first column that is none of these is the task; later ones are measures.
_ROLES = (
    ("no", re.compile(r"^(?:序号|编号|序|项次)$")),
    ("lead", re.compile(r"^(?:牵头(?:责任)?(?:单位|部门)|主办单位|主责单位|牵头科室)$")),
    (
        "responsible",
        re.compile(r"^(?:(?:整改|具体)?责任(?:单位|部门|科室|主体)|承办单位|实施单位|主体单位|落实单位)$"),
    ),
    ("support", re.compile(r"^(?:配合(?:单位|部门)|协办单位|协同(?:单位|部门)|参与单位|协助单位)$")),
    ("leader", re.compile(r"^(?:责任领导|牵头领导|分管领导|包(?:保|抓)领导|县级领导|责任人)$")),
    (
        "due",
        re.compile(r"^(?:完成(?:时限|时间|期限)|时间节点|时限(?:要求)?|办结时限|进度安排|完成时间节点)$"),
    ),
)
_UNIT_ROLES = ("lead", "responsible", "support")
_TASK_HEAD = re.compile(r"任务|工作|实事|项目|事项|内容|目标|举措|措施|计划|名称|指标")
_NUMBER = re.compile(r"^(\d{1,3})\s*[|｜]?\s*$")
_CLUTTER = re.compile(r"^(?:分享到|打印|关闭|【|扫一扫|附件|版权所有|上一篇|下一篇|来源)")
# What a deadline cell looks like: 12月底前, 2024年12月, 年底前, 全年, 第三季度末, 上半年, 长期坚持, 9月投入使用
DUE_CELL = re.compile(
    r"^(?:(?:19|20)\d{2}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,2})月|^(?:19|20)\d{2}年(?:底|内|末|前|全年)?"
    r"|^(?:全年|年底|年内|年末|今年|本年度|长期|持续|常态|每(?:年|季度|月)|上半年|下半年|[一二三四1-4]季度|第[一二三四1-4]季度)"
)
_UNIT_END = re.compile(
    r"(?:局|委|办|室|中心|所|站|队|部|会|组|专班|指挥部|街道|镇|乡|政府|集团|公司|院|馆|处|科|社|行|台|厂|园区|开发区|"
    r"大队|支队|中队|分局|联|团|各单位|各部门|等)$"
)


@dataclass
class Cell:
    """A cell: its folded text and [start, end) offsets within its line."""

    line: int
    start: int
    end: int
    text: str


@dataclass
class Row:
    """One table row: its number, the task cells and the cells of each unit, leader and deadline column."""

    number: int | None
    task: Cell | None
    cells: dict[str, list[Cell]] = field(default_factory=dict)  # role → cells (lead/responsible/support/…)
    subtasks: list[tuple[Cell, Cell | None]] = field(default_factory=list)  # (task, deadline) of a split row


@dataclass
class Table:
    """A table found in the lines: which lines it covers, its columns and its rows."""

    first: int
    last: int
    roles: list[str]
    rows: list[Row]


def header_role(cell: str) -> str | None:
    """The role of a header cell (序号 → no, 牵头单位 → lead …), 'task' for a task-like heading, else None."""
    c = re.sub(r"[\s|｜*（）()]", "", cell)
    for role, pat in _ROLES:
        if pat.match(c):
            return role
    if 2 <= len(c) <= 12 and _TASK_HEAD.search(c) and not re.search(r"[，。；：]", c):
        return "task"
    return None


def _split(line: str) -> list[tuple[int, int]] | None:
    """Cells of a TAB- or |-separated row line as (start, end) offsets, stripped; None for other lines."""
    sep = "\t" if "\t" in line else ("|" if line.count("|") >= 2 else None)
    if sep is None:
        return None
    out, pos = [], 0
    for piece in line.split(sep):
        a, b = pos, pos + len(piece)
        pos = b + 1
        while a < b and line[a] in " \u3000":
            a += 1
        while b > a and line[b - 1] in " \u3000":
            b -= 1
        out.append((a, b))
    while out and out[-1][0] == out[-1][1] and sep == "|":
        out.pop()  # '… | ||' ends with empty pieces
    return out


def _roles(cells: list[str]) -> list[str] | None:
    """Column roles of a header row, or None when it is not a task table's header."""
    roles = [header_role(c) or "" for c in cells]
    known = [r for r in roles if r and r != "task"]
    if not any(r in _UNIT_ROLES or r in ("leader", "due") for r in known) or len(known) < 2:
        return None
    if "task" not in roles:
        # the task column is the first unnamed one after 序号
        for i, r in enumerate(roles):
            if not r and cells[i].strip():
                roles[i] = "task"
                break
    seen_task = False
    for i, r in enumerate(roles):
        if r == "task":
            roles[i] = "measures" if seen_task else "task"
            seen_task = True
    return roles


def is_due_cell(text: str) -> bool:
    return len(text) <= 24 and bool(DUE_CELL.match(text.strip()))


def is_unit_cell(text: str) -> bool:
    """A cell that lists units: short pieces (split by 、，space) each ending like a unit."""
    t = text.strip().rstrip("|").strip()
    if not t or len(t) > 60 or re.search(r"[。；：]", t):
        return False
    pieces = [p for p in re.split(r"[、，,\s]+", t) if p]
    return bool(pieces) and all(
        len(p) <= 20 and _UNIT_END.search(re.sub(r"（[^）]*）$", "", p)) for p in pieces
    )


def _is_task_text(text: str) -> bool:
    t = text.strip()
    return len(t) >= 6 and not t.endswith("：") and bool(re.search(r"[\u4e00-\u9fff]", t))


def find_tables(lines: list[str]) -> list[Table]:
    """Task tables in a document's folded lines (blank lines left out)."""
    out: list[Table] = []
    i = 0
    while i < len(lines):
        table = (
            _row_table(lines, i)
            or _cell_table(lines, i)
            or _loose_table(lines, i)
            or _spaced_table(lines, i)
            or _dotted_table(lines, i)
        )
        if table:
            out.append(table)
            i = table.last + 1
        else:
            i += 1
    return out


def _row_table(lines: list[str], i: int) -> Table | None:
    """A header line with TAB/| cells, then one row per line."""
    spans = _split(lines[i])
    if not spans:
        return None
    roles = _roles([lines[i][a:b] for a, b in spans])
    if not roles:
        return None
    _owner_column(roles, lines, i)
    rows: list[Row] = []
    last = i
    j = i + 1
    carried: dict[str, list[Cell]] = {}
    while j < len(lines):
        cells = _split(lines[j])
        if cells is None:
            break
        row = Row(None, None)
        for k, (a, b) in enumerate(cells):
            if k >= len(roles) or a == b:
                continue
            _put(row, roles[k], Cell(j, a, b, lines[j][a:b]))
        if row.task is None and not row.cells:
            break
        _carry_merged(row, carried, sum(a < b for a, b in cells) < len(roles))
        rows.append(row)
        last = j
        j += 1
    return Table(i, last, roles, rows) if rows else None


def _owner_column(roles: list[str], lines: list[str], i: int) -> None:
    """A table with no unit column whose header names one column wrongly (事项名称 twice): a column other than the
    task whose cells in every row are names of units (县林草局, 县卫健局) is the responsible units' column."""
    if any(r in _UNIT_ROLES for r in roles):
        return
    texts: list[list[str]] = []
    for line in lines[i + 1 : i + 201]:
        spans = _split(line)
        if spans is None:
            break
        texts.append([line[a:b] for a, b in spans])
    for k, role in enumerate(roles):
        column = [t[k] for t in texts if k < len(t) and t[k]]
        if role in ("measures", "") and len(column) >= 2 and all(is_unit_cell(c) for c in column):
            roles[k] = "responsible"
            return


def _carry_merged(row: Row, carried: dict[str, list[Cell]], short: bool) -> None:
    """A merged owner cell left empty in a row with fewer cells than the header: the cells after it moved left,
    so the owner column holds what is no unit (已完成。…); the row's owner is the one of the row above."""
    units: dict[str, list[Cell]] = {r: row.cells[r] for r in ("lead", "responsible") if r in row.cells}
    if units and all(is_unit_cell(c.text) for cs in units.values() for c in cs):
        carried.clear()
        carried.update(units)
    elif short and carried and units:
        for r in units:
            del row.cells[r]
        row.cells.update(carried)


def _put(row: Row, role: str, cell: Cell) -> None:
    if role == "no":
        m = re.match(r"\d{1,3}", cell.text)
        row.number = int(m.group()) if m else None
    elif role == "task" and row.task is None:
        row.task = cell
    elif role:
        row.cells.setdefault(role, []).append(cell)


def _header_cell(line: str) -> str | None:
    s = line.strip().rstrip("|｜").strip()
    return header_role(s) if len(s) <= 12 else None


def _cell_table(lines: list[str], i: int) -> Table | None:
    """Header cells on lines of their own, then rows starting at a line holding just the row's number."""
    cells: list[str] = []
    j = i
    while j < len(lines) and _header_cell(lines[j]):
        cells.append(lines[j].strip().rstrip("|｜").strip())
        j += 1
    roles = _roles(cells) if len(cells) >= 3 else None
    if not roles or "task" not in roles:
        return None
    piped = all(lines[k].rstrip().endswith(("|", "｜")) for k in range(i, j))
    rows: list[Row] = []
    last = j - 1
    expected = 1
    while j < len(lines):
        m = _NUMBER.match(lines[j].strip())
        if not m or int(m.group(1)) != expected:
            break
        row = Row(expected, None)
        k = j + 1
        body: list[int] = []
        while k < len(lines) and not (
            (n := _NUMBER.match(lines[k].strip())) and int(n.group(1)) == expected + 1
        ):
            if _CLUTTER.match(lines[k].strip()):
                break
            body.append(k)
            k += 1
        if piped:
            used = _fill_piped(row, roles, lines, body)
        else:
            used = _fill_by_look(row, roles, lines, body)
        if row.task is None:
            break
        rows.append(row)
        last = used
        expected += 1
        j = used + 1
    return Table(i, last, roles, rows) if rows else None


def _cell(lines: list[str], k: int) -> Cell:
    line = lines[k]
    a, b = 0, len(line)
    while a < b and line[a] in " \u3000":
        a += 1
    while b > a and line[b - 1] in " \u3000|｜":
        b -= 1
    return Cell(k, a, b, line[a:b])


def _fill_piped(row: Row, roles: list[str], lines: list[str], body: list[int]) -> int:
    """Cells one per line, each ending in '|': in the header's order after 序号."""
    order = [r for r in roles if r != "no"]
    last = body[0] - 1 if body else 0
    for r, k in zip(order, body, strict=False):
        _put(row, r, _cell(lines, k))
        last = k
    return last


def _fill_by_look(row: Row, roles: list[str], lines: list[str], body: list[int]) -> int:
    """Cells one per line without separators: a deadline, a list of units, else a task sentence."""
    unit_role = next((r for r in roles if r in _UNIT_ROLES), None)
    last = body[0] - 1 if body else 0
    pending: Cell | None = None  # a second task in the same row (开工建设老年大学。 / 12月底前)
    before_pending = last
    for k in body:
        c = _cell(lines, k)
        if not c.text:
            continue
        if is_due_cell(c.text) and "due" in roles:
            if pending is not None:
                row.subtasks.append((pending, c))
                pending = None
            elif "due" not in row.cells:
                _put(row, "due", c)
            else:
                break
        elif unit_role and is_unit_cell(c.text) and row.task is not None and pending is None:
            _put(row, unit_role, c)
        elif _is_task_text(c.text):
            if row.task is None:
                _put(row, "task", c)
            elif "measures" in roles and "due" not in row.cells and not row.cells.get(unit_role or ""):
                _put(row, "measures", c)
            else:
                if pending is not None:
                    row.subtasks.append((pending, None))
                pending, before_pending = c, last
        else:
            break
        last = k
    if pending is not None and "due" in row.cells:
        return (
            before_pending  # a sentence after the row's deadline with none of its own is text after the table
        )
    if pending is not None:
        row.subtasks.append((pending, None))
    return last


# A table heading between rows (一、做大做强主导产业, （二）…): part of the table, no row of it.
_SECTION = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)])\S")
_NAMES = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:[、，,\s]+[\u4e00-\u9fff]{2,4})*$")


def _bare(line: str) -> str:
    return line.strip().strip("|｜").strip()


def _header_words(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """The header cells after a 序号 line, one per line, up to the first row's number or a table heading;
    a header word split across two lines (责任 / 单位) read as one. None when a line is no header word."""
    words: list[str] = []
    j = i + 1
    while j < len(lines) and len(words) < 16:
        s = _bare(lines[j])
        if s and (_NUMBER.match(s) or _SECTION.match(s)):
            break
        if len(s) > 16 or re.search(r"[，。；：:;]", s):
            return None
        if s:
            words.append(s)
        j += 1
    cells: list[str] = []
    k = 0
    while k < len(words):
        role = header_role(words[k])
        if k + 1 < len(words) and role in (None, "task") and header_role(words[k + 1]) in (None, "task"):
            joined = header_role(words[k] + words[k + 1])
            if joined and joined != "task":
                cells.append(words[k] + words[k + 1])
                k += 2
                continue
        cells.append(words[k])
        k += 1
    return cells, j


def _loose_table(lines: list[str], i: int) -> Table | None:
    """A table flattened one cell per line whose header the plain reading does not take: a 序号 line, then
    header words one per line (any column, also ones of no known role: 当前进度, 建设地点, 备注; a word split
    across lines: 责任 / 单位), a unit column among them; rows start at a line holding the row's number,
    table headings (一、…) may stand between rows. A row with as many lines as columns is read cell by cell;
    with fewer, each line goes to the next column it looks like (a unit column takes only units, a leader
    column only names, a deadline column only a deadline), and a row with no unit cell has its unit carried down
    from the row above (a merged cell)."""
    if _header_cell(lines[i]) != "no":
        return None
    head = _header_words(lines, i)
    if head is None:
        return None
    words, j = head
    roles = _roles(["序号", *words])
    if not roles or not any(r in ("lead", "responsible") for r in roles):
        return None
    cols = roles[1:]
    piped = lines[i].rstrip().endswith(("|", "｜"))
    rows: list[Row] = []
    last = j - 1
    expected = 1
    carried: dict[str, list[Cell]] = {}
    while j < len(lines):
        while j < len(lines) and (_SECTION.match(_bare(lines[j])) or not _bare(lines[j])):
            j += 1
        m = _NUMBER.match(lines[j].strip()) if j < len(lines) else None
        if m and not rows:
            expected = int(m.group(1))  # a page that shows only some rows starts at its first (24, 25, 26)
        if not m or int(m.group(1)) != expected:
            break
        body: list[int] = []
        k = j + 1
        while k < len(lines) and len(body) < 2 * len(cols):
            s = _bare(lines[k])
            n = _NUMBER.match(s)
            if (n and int(n.group(1)) == expected + 1) or _SECTION.match(s) or _CLUTTER.match(s):
                break
            if s:
                body.append(k)
            k += 1
        if k >= len(lines) or not _NUMBER.match(_bare(lines[k])):
            body = body[: len(cols)]  # the last row: no more lines than columns
        # the page stops inside the row: the text's last line is a piped cell without its closing |
        cut = piped and k >= len(lines) and bool(body) and not lines[body[-1]].rstrip().endswith(("|", "｜"))
        row = Row(expected, None)
        past = _fill_aligned(row, cols, lines, body, cut)
        if row.task is None:
            break
        units: dict[str, list[Cell]] = {r: row.cells[r] for r in ("lead", "responsible") if r in row.cells}
        if units:
            carried = units
        elif past:
            # a merged owner cell: the row's cells after it are there, the owner not
            row.cells.update(carried)
        rows.append(row)
        last = body[-1] if body else j
        expected += 1
        j = last + 1
    return Table(i, last, roles, rows) if rows else None


def _fits(role: str, text: str, later_units: bool) -> bool:
    """Whether a cell's text may stand in a column of this role (a row read by look)."""
    if role in _UNIT_ROLES:
        return is_unit_cell(text)
    if role == "leader":
        return bool(_NAMES.match(text)) and not is_unit_cell(text)
    if role == "due":
        return is_due_cell(text)
    return not (later_units and is_unit_cell(text))


def _fill_aligned(row: Row, cols: list[str], lines: list[str], body: list[int], cut: bool) -> bool:
    """The row's lines into its columns: one by one when there are as many or the page stops inside the row,
    else by look (a column skipped is a merged or empty cell). Whether a line went past the first unit column."""
    first_unit = next(n for n, r in enumerate(cols) if r in _UNIT_ROLES)
    if len(body) == len(cols) or cut:
        for role, k in zip(cols, body, strict=False):
            _put(row, role, _cell(lines, k))
        return len(body) > first_unit + 1
    c, placed = 0, 0
    for n, k in enumerate(body):
        cell = _cell(lines, k)
        if n == 0:
            _put(row, cols[0], cell)
            c = 1
            continue
        while c < len(cols) and not _fits(cols[c], cell.text, any(r in _UNIT_ROLES for r in cols[c + 1 :])):
            c += 1
        if c >= len(cols):
            break
        _put(row, cols[c], cell)
        placed = c
        c += 1
    return placed > first_unit


_SPACED_HEAD = re.compile(r"(?:^|\s)序号((?:\s+[\u4e00-\u9fff]{2,8}){2,8})\s*$")
_SPACED_ROW = re.compile(r"^(\d{1,3})\s+\S")
_ROW_END = re.compile(r"[.。；;]\s*(?=[^.。；;]*$)")


def _spaced_table(lines: list[str], i: int) -> Table | None:
    """A table copied into a post as text: its header one line of words after 序号 with the owner column last
    (序号 具体点位 存在问题 整改责任单位), each row from a line opening with its number to the next, its owners at the
    row's end — on a line of their own or after the last sentence's stop (…现象. 区文广新局 区公安分局)."""
    m = _SPACED_HEAD.search(lines[i])
    if not m:
        return None
    roles = _roles(["序号", *m.group(1).split()])
    if not roles or roles[-1] not in ("lead", "responsible"):
        return None
    rows: list[Row] = []
    last, j, expected = i, i + 1, 1
    while j < len(lines) and (n := _SPACED_ROW.match(lines[j])) and int(n.group(1)) == expected:
        k = j + 1
        while (
            k < len(lines)
            and k - j < 12
            and not ((nx := _SPACED_ROW.match(lines[k])) and int(nx.group(1)) == expected + 1)
        ):
            k += 1
        end = k - 1
        row = Row(expected, Cell(j, n.end(1) + 1, len(lines[j].rstrip()), lines[j][n.end(1) + 1 :].rstrip()))
        tail_line = lines[end]
        cut = _ROW_END.search(tail_line) if end == j or not is_unit_cell(tail_line) else None
        a = cut.end() if cut else 0
        owner = tail_line[a:].strip()
        if not is_unit_cell(owner):
            if end == k - 1 and k >= len(lines):
                break
        else:
            a = tail_line.index(owner, a)
            row.cells[roles[-1]] = [Cell(end, a, a + len(owner), owner)]
            if end == j and row.task is not None:
                t, e = row.task, a
                while e > t.start and lines[j][e - 1] in " \u3000":
                    e -= 1
                row.task = Cell(j, t.start, e, lines[j][t.start : e])
        rows.append(row)
        last, j, expected = end, k, expected + 1
    return Table(i, last, roles, rows) if len(rows) >= 2 else None


_DOTTED_ROW = re.compile(r"^(\d{1,3})[.．、]\s*(?=\S)")


def _dotted_table(lines: list[str], i: int) -> Table | None:
    """A table flattened one cell per line with no 序号 column: header words on lines of their own (a task
    column and unit columns: 主要任务 / 牵头单位 / 责任单位), then rows whose number is glued to the task
    (1.做好…), table headings (一、…) between them, each row's unit cells on the lines after its task — as
    many lines as the row has, the first in the first unit column, the others in the next ones, the last
    column taking what is left. Numbering may start again at 1 after a heading."""
    words: list[str] = []
    j = i
    while j < len(lines) and len(words) < 8 and (role := _header_cell(lines[j])) and role != "no":
        words.append(_bare(lines[j]))
        j += 1
    roles = [header_role(w) or "" for w in words]
    units = [r for r in roles if r in _UNIT_ROLES]
    if roles[:1] != ["task"] or not units or "task" in roles[1:]:
        return None
    rows: list[Row] = []
    last, expected, headed = j - 1, 1, False
    while j < len(lines):
        s = _bare(lines[j])
        if _SECTION.match(s):
            j, headed = j + 1, True
            continue
        m = _DOTTED_ROW.match(s)
        if not m or not (int(m.group(1)) == expected or (headed and int(m.group(1)) == 1)):
            break
        a = lines[j].index(s) + m.end()
        task = Cell(j, a, len(lines[j].rstrip()), lines[j][a:].rstrip())
        if not _is_task_text(task.text):
            break
        row = Row(int(m.group(1)), task)
        k = j + 1
        cells: list[Cell] = []
        while k < len(lines) and len(cells) < len(units) + 3:
            c = _cell(lines, k)
            if not is_unit_cell(c.text):
                break
            cells.append(c)
            k += 1
        if not cells:
            break
        for n, c in enumerate(cells):
            _put(row, units[min(n, len(units) - 1)], c)
        rows.append(row)
        last, j, expected, headed = k - 1, k, row.number + 1 if row.number else 1, False
    return Table(i, last, roles, rows) if len(rows) >= 2 else None
