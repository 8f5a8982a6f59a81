"""Task tables pasted as one line: the line is cut back into the header, row and cell lines that `tables` reads.

A table copied without its line breaks (序号民生实事责任单位完成时限1启动建设…。县水务局12月底前2新建…) keeps
three things that mark its rows: a run of column labels after 序号, the serial numbers 1, 2, 3 … that start the
rows, and the look of each row's last cell (a deadline such as 12月底前, or a unit name). Cells separated by `|`
keep their separators; cells glued together are told apart by their look (a task sentence up to its full stop,
units, then a deadline). Every cut is a range of the line, so spans still point into the source text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from extract.tables import header_role

_HEAD = re.compile(r"序号|编号|项次")
HEADER_WINDOW = 80  # the column labels of a header fit in this many characters
ROW_CHARS = 3000  # a row of a pasted table is at most this long: what bounds the search for the next row
# A column label glued to the next (责任单位完成时限): the labels of tables._ROLES, without anchors.
_LABEL = re.compile(
    r"牵头(?:责任)?(?:单位|部门)|主办单位|主责单位|牵头科室|责任(?:单位|部门|科室|主体|领导|人)|承办单位|实施单位"
    r"|主体单位|落实单位|配合(?:单位|部门)|协办单位|协同(?:单位|部门)|参与单位|协助单位|牵头领导|分管领导"
    r"|包(?:保|抓)领导|县级领导|完成(?:时限|时间节点|时间|期限)|时间节点|时限要求|时限|办结时限|进度安排"
)
_SEP = "|｜"
_DIGITS = re.compile(r"(?<![\d.．])\d{1,4}(?![\d.．、%％])")
# a number followed by one of these counts or dates something (2座, 12月, 3.5): it does not start a row
_MEASURE = set("月年日号时个座所家条项万亿元户人名套公里米亩辆台次件批期届天周级倍处场栋间幢轮类")
# what the cell before a row's number ends with: a deadline, a unit, or a task sentence's full stop
_ROW_END = re.compile(
    r"(?:[。；！]|前|底|末|内|全年|使用|投用|动工|开工|完工|竣工|建成|完成|交付|启动|长期|持续|"
    r"局|委|办|室|中心|所|站|队|部|会|组|专班|指挥部|街道|镇|乡|政府|集团|公司|院|馆|处|科|社|联|团|等)$"
)
# a deadline cell: a date or period, with the word of what is due then (5月底前动工, 9月投入使用)
_DUE = re.compile(
    r"(?:(?:19|20)\d{2}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:\d{1,2}日)?(?:底|末|上旬|中旬|下旬)?(?:前|内|以前)?"
    r"|(?:(?:19|20)\d{2}年)?(?:年底前?|年内|年末|全年|上半年|下半年|第?[一二三四1-4]季度末?)"
    r"|长期坚持|长期|持续推进"
)
_DUE_WORD = re.compile(r"(?:动工|开工|完工|竣工|建成|完成|投入使用|投用|交付使用|交付|启动|见效)")
_TERMINAL = re.compile(r"[。；！]")
# where one unit ends and the next begins in glued unit names (县水务局县住建局): a level word starts the next
_UNIT_CUT = re.compile(r"(?:局|委|办|中心|指挥部|政府|街道|联|集团|公司|院|馆|团)(?=[县市区省])")
_UNIT_RUN = re.compile(
    r"(?:[\u4e00-\u9fff（）()]{1,10}?(?:局|委|办|室|中心|所|站|队|部|指挥部|街道|镇|乡|政府|集团|公司|院|馆|联|团)[、，\s]?){1,8}"
)

Cut = tuple[int, int]


class _Index:
    """Where rows can start in one line, built once in one pass (built only for a line with a table header), so
    that finding each next row is a bisection and a line of many headers without rows stays linear."""

    def __init__(self, line: str) -> None:
        self.cells = _cells(line, 0, len(line))
        self.cell_starts = [a for a, _ in self.cells]
        self.numbered: dict[str, list[int]] = {}  # a number → the cells that hold only it
        for k, c in enumerate(self.cells):
            t = _cell_text(line, c)
            if t.isdigit() and len(t) <= 4:
                self.numbered.setdefault(t, []).append(k)
        self.glued: dict[int, list[int]] = {}  # a number → where it stands after the end of a row
        for m in _DIGITS.finditer(line):
            nxt = line[m.end() : m.end() + 1]
            if (
                nxt
                and nxt not in _MEASURE
                and nxt not in _SEP
                and _ROW_END.search(line, max(0, m.start() - 8), m.start())
            ):
                self.glued.setdefault(int(m.group()), []).append(m.start())

    def next_cell(self, number: int, after: int, before: int) -> int | None:
        """The first cell holding only `number` with an index in (after, before)."""
        found = self.numbered.get(str(number), [])
        k = bisect_right(found, after)
        return found[k] if k < len(found) and found[k] < before else None

    def next_glued(self, number: int, after: int, before: int) -> int | None:
        """The first place in (after, before) where `number` stands after a row's end."""
        found = self.glued.get(number, [])
        k = bisect_right(found, after)
        return found[k] if k < len(found) and found[k] < before else None


def flat_table_cuts(line: str) -> list[Cut] | None:
    """The line cut into header, row and cell pieces when it holds task tables pasted as one line, else None.

    The pieces cover the line in order (text before, between and after the tables are pieces of their own)."""
    pieces: list[Cut] = []
    pos = 0
    index: list[_Index] = []  # built at the first header
    for m in _HEAD.finditer(line):
        if m.start() < pos:
            continue  # 序号 inside a table already cut
        found = _table_at(line, m.start(), m.end(), index)
        if found:
            pieces.extend(found)
            pos = found[-1][1]
    return _cover(line, pieces) if pieces else None


def _table_at(line: str, start: int, label_start: int, index: list[_Index]) -> list[Cut] | None:
    """The pieces of a table whose 序号 stands at `start`: its labels, then rows from the number 1 right after them."""
    window = line[label_start : label_start + HEADER_WINDOW]
    first = next((d for d in _DIGITS.finditer(window) if d.group() == "1"), None)
    if first is None:
        return None
    region = window[: first.start()]
    one = label_start + first.start()
    if any(s in region for s in _SEP):
        piped = _piped_labels(region)
        if piped is None or not _is_header(piped):
            return None
        rows = _piped_rows(_index(line, index), one, len(piped) + 1)
        return [(start, one), *rows] if len(rows) >= 2 else None
    labels = _glued_labels(region)
    if labels is None or not _is_header([t for _, _, t in labels]):
        return None
    return _glued_table(line, _index(line, index), start, label_start, labels, one)


def _index(line: str, index: list[_Index]) -> _Index:
    if not index:
        index.append(_Index(line))
    return index[0]


def _piped_labels(region: str) -> list[str] | None:
    parts = [p.strip(" \t") for p in re.split(f"[{_SEP}]", region)]
    if parts and parts[0] == "":
        parts = parts[1:]  # 序号 | 实事项目 |…: the piece before the first separator is 序号's own
    if parts and parts[-1] == "":
        parts.pop()
    return parts if parts and all(parts) else None


def _glued_labels(region: str) -> list[tuple[int, int, str]] | None:
    """Column labels glued together (民生实事责任单位完成时限): the known labels, and between them task headings."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for m in _LABEL.finditer(region):
        if region[pos : m.start()].strip():
            out.append((pos, m.start(), region[pos : m.start()]))
        out.append((m.start(), m.end(), m.group()))
        pos = m.end()
    if region[pos:].strip():
        out.append((pos, len(region), region[pos:]))
    if not out or any(header_role(t) is None for _, _, t in out):
        return None
    return out


def _is_header(labels: list[str]) -> bool:
    roles = [header_role(t) for t in labels]
    known = [r for r in roles if r and r != "task"]
    return (
        len(labels) >= 2
        and "task" in roles
        and any(r in ("lead", "responsible", "support", "leader", "due") for r in known)
    )


def _piped_rows(ix: _Index, one: int, width: int) -> list[Cut]:
    """Rows of a `|`-separated table from its first number on: a row starts at the cell holding the next number,
    normally a row's width of cells after the last, at most four widths on."""
    rows: list[Cut] = []
    cells = ix.cells
    i = bisect_right(ix.cell_starts, one) - 1
    expected = 1
    if i < 0 or ix.next_cell(1, i - 1, i + 1) != i:
        return rows
    while True:
        j = i + width if ix.next_cell(expected + 1, i + width - 1, i + width + 1) == i + width else None
        if j is None:
            j = ix.next_cell(expected + 1, i, i + 4 * width)
        if j is None:
            rows.append((cells[i][0], cells[min(i + width, len(cells)) - 1][1]))
            return rows
        rows.append((cells[i][0], cells[j - 1][1]))
        i, expected = j, expected + 1


def _cells(line: str, a: int, b: int) -> list[Cut]:
    """The `|`-ended cells of line[a:b] (the last one may lack its separator)."""
    out: list[Cut] = []
    pos = a
    for m in re.finditer(f"[{_SEP}]", line[a:b]):
        out.append((pos, a + m.end()))
        pos = a + m.end()
    if pos < b:
        out.append((pos, b))
    return out


def _cell_text(line: str, cell: Cut) -> str:
    return line[cell[0] : cell[1]].strip(" \t|｜")


def _glued_table(
    line: str, ix: _Index, start: int, label_start: int, labels: list[tuple[int, int, str]], one: int
) -> list[Cut] | None:
    """A table whose cells are glued together: rows at their numbers, cells by their look."""
    starts = _row_starts(ix, one)
    if len(starts) < 2:
        return None
    head = [(start, label_start)] + [(label_start + a, label_start + b) for a, b, _ in labels]
    roles = [header_role(t) for _, _, t in labels]
    units_last = "due" in roles and any(
        r in ("lead", "responsible", "support") for r in roles[roles.index("due") :]
    )
    pieces: list[Cut] = list(head)
    for k, (a, b) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else min(len(line), b + ROW_CHARS)
        pieces.append((a, b))
        cells, used = _row_cells(line, b, end, last=k + 1 == len(starts), units_last=units_last)
        pieces.extend(cells)
        if used < end:
            break
    return pieces


def _row_starts(ix: _Index, one: int) -> list[Cut]:
    """Where each row's number stands: 1 right after the header, then each next number that follows the end of a
    row (a deadline, a unit, a full stop) and counts nothing (not 2座, not 12月), within ROW_CHARS of the last."""
    out: list[Cut] = [(one, one + 1)]
    expected = 2
    while (at := ix.next_glued(expected, out[-1][0], out[-1][0] + ROW_CHARS)) is not None:
        out.append((at, at + len(str(expected))))
        expected += 1
    return out


def _row_cells(line: str, a: int, end: int, last: bool, units_last: bool) -> tuple[list[Cut], int]:
    """A row's glued cells after its number: [task sentence。][units][deadline] (or [deadline][units] when the
    header puts the units last), repeated for a second task with its own deadline; returns the cells and where the
    row ends (before trailing text in the table's last row)."""
    cells: list[Cut] = []
    pos = a
    while pos < end:
        t = _TERMINAL.search(line, pos, end)
        if t is None:
            if not last:
                cells.extend(_units(line, pos, end))
                pos = end
            break
        task = (pos, t.end())
        stop = _TERMINAL.search(line, t.end(), end)
        seg_end = stop.start() if stop else end
        d = _DUE.search(line, t.end(), seg_end)
        if d is None or (last and cells and not _units_only(line, t.end(), d.start())):
            if last:
                if cells:
                    break  # the table has ended: what follows is text of its own
                run = _UNIT_RUN.match(line, t.end(), end)
                cells.append(task)
                pos = run.end() if run else t.end()
                cells.extend(_units(line, t.end(), pos))
                break
            cells.append(task)
            cells.extend(_units(line, t.end(), seg_end))
            pos = seg_end
            continue
        due_end = d.end()
        w = _DUE_WORD.match(line, due_end, seg_end)
        if w:
            due_end = w.end()
        elif line.startswith("投入使用", due_end):
            due_end += 4
        cells.append(task)
        cells.extend(_units(line, t.end(), d.start()))
        cells.append((d.start(), due_end))
        pos = due_end
        if units_last and (run := _UNIT_RUN.match(line, pos, seg_end)):
            cells.extend(_units(line, pos, run.end()))
            pos = run.end()
    return cells, pos


def _units_only(line: str, a: int, b: int) -> bool:
    run = _UNIT_RUN.match(line, a, b)
    return a == b or (run is not None and run.end() == b)


def _units(line: str, a: int, b: int) -> list[Cut]:
    """Glued unit names cut where a level word starts the next (县水务局|县住建局)."""
    if a >= b:
        return []
    out: list[Cut] = []
    pos = a
    for m in _UNIT_CUT.finditer(line, a, b):
        if m.end() < b:
            out.append((pos, m.end()))
            pos = m.end()
    out.append((pos, b))
    return out


def _cover(line: str, pieces: list[Cut]) -> list[Cut]:
    """The pieces with the text before the first and after the last as pieces of their own, empty ones dropped."""
    out: list[Cut] = []
    pos = 0
    for a, b in pieces:
        if a > pos:
            out.append((pos, a))
        out.append((a, b))
        pos = b
    if pos < len(line):
        out.append((pos, len(line)))
    return [(a, b) for a, b in out if line[a:b].strip(" \t|｜")]


def cut_lines(
    lines: list[tuple[int, int]], views: list[tuple[str, list[int]]]
) -> tuple[list[tuple[int, int]], list[tuple[str, list[int]]]]:
    """Lines (source ranges) and their folded views with every table pasted as one line cut into its pieces."""
    out_lines: list[tuple[int, int]] = []
    out_views: list[tuple[str, list[int]]] = []
    for line, (view, pos) in zip(lines, views, strict=True):
        cuts = flat_table_cuts(view) if "\t" not in view and _HEAD.search(view) else None
        if not cuts:
            out_lines.append(line)
            out_views.append((view, pos))
            continue
        for a, b in cuts:
            while a < b and view[a] in " \t":
                a += 1
            while b > a and view[b - 1] in " \t":
                b -= 1
            out_lines.append((pos[a], pos[b - 1] + 1))
            out_views.append((view[a:b], pos[a:b]))
    return out_lines, out_views
