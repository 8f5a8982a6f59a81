"""Who holds a task in a responsibility list: unit cells (县水务局 县住建局), labels (牵头单位：…；责任单位：…),
the responsible leader (责任领导) and the deadline (完成时限)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.units import Gazetteer, Mention, canonical, collective_name, is_collective

ROLE_OF_LABEL = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "主办单位": "lead",
    "主责单位": "lead",
    "责任单位": "responsible",
    "责任部门": "responsible",
    "承办单位": "responsible",
    "实施单位": "responsible",
    "落实单位": "responsible",
    "配合单位": "support",
    "配合部门": "support",
    "协办单位": "support",
    "协同单位": "support",
    "参与单位": "support",
    "责任领导": "leader",
    "牵头领导": "leader",
    "分管领导": "leader",
    "包保领导": "leader",
    "责任人": "leader",
    "完成时限": "due",
    "完成时间": "due",
    "时间节点": "due",
    "办结时限": "due",
    "时限要求": "due",
}
_LABELS = "|".join(sorted(ROLE_OF_LABEL, key=len, reverse=True))
LABEL = re.compile(
    rf"(?P<label>{_LABELS})\s*[：:]\s*(?P<value>(?:[^；;（）。\n]|（[^（）]*）)*?)\s*"
    rf"(?=[；;）。]|$|[，,]?\s*(?:{_LABELS})\s*[：:])"
)
_PIECES = re.compile(r"(?:[^、，,；;\s（(]|[（(][^）)]*[）)])+")
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# a note in brackets after the last name (A、B（列第一位者为牵头单位，下同）): a sentence, no part of the name
_NOTE = re.compile(r"[（(][^（）()]*[，,；;][^（）()]*[）)]$|[（(][^（）()]{11,}[）)]$")
# the duty written after the last name of an owner field (A、B按职责分工负责, A牵头): no part of the name
_DUTY_TAIL = re.compile(r"(?:(?:按|按照|根据)(?:各自)?职责(?:分工)?)?(?:负责|牵头|落实|配合|参与)$")


@dataclass(frozen=True)
class Label:
    """'牵头单位：区发改局' at view offsets [start, end) of its paragraph; the value at [vstart, vend)."""

    role: str
    start: int
    end: int
    vstart: int
    vend: int
    value: str


def labels(text: str) -> list[Label]:
    """Responsibility labels in a paragraph: 牵头单位：X；责任单位：Y；完成时限：Z (also inside （…）)."""
    out = []
    for m in LABEL.finditer(text):
        value = m.group("value").strip()
        if value:
            a = m.start("value") + (len(m.group("value")) - len(m.group("value").lstrip()))
            out.append(Label(ROLE_OF_LABEL[m.group("label")], m.start(), m.end(), a, a + len(value), value))
    return out


_ASSIGN_HEAD = re.compile(r"由(?=[^，。；]{2,30}?(?:负责|牵头)[，,；])")
_ASSIGN_CLAUSE = re.compile(
    r"(?P<names>[^，,。；;]{2,40}?)(?P<duty>负责|牵头|配合|参与|协助)(?=[，,；;。])[，,；;。]?"
)
_ASSIGN_ROLE = {
    "牵头": "lead",
    "负责": "responsible",
    "配合": "support",
    "参与": "support",
    "协助": "support",
}
_TITLE = re.compile(r"(?:市长|县长|区长|书记|主任|主席|领导|同志)$")


def assignment(text: str) -> list[Label]:
    """The owners a line opening with 由 puts in charge of the item above it, clause by clause (由X副市长负责，市Y局
    牵头，Z配合，…): the official named by title is its leader, the body that leads (牵头) its lead, one in charge
    (负责) responsible, one that assists (配合/参与/协助) support; the clauses after them say what is to be done."""
    m = _ASSIGN_HEAD.match(text)
    if not m:
        return []
    out: list[Label] = []
    pos = m.end()
    while (c := _ASSIGN_CLAUSE.match(text, pos)) is not None:
        names = c.group("names").strip()
        role = _ASSIGN_ROLE[c.group("duty")]
        if role == "responsible" and _TITLE.search(names):
            role = "leader"
        a = c.start("names")
        out.append(Label(role, c.start(), c.end(), a, a + len(names), names))
        pos = c.end()
    return out


def is_label_paragraph(text: str) -> bool:
    """A paragraph that is only responsibility labels (it belongs to the item before it)."""
    found = labels(text)
    return bool(found) and found[0].start <= 1 and len(text) - sum(x.end - x.start for x in found) <= 6


def cell_units(text: str, offset: int, gazetteer: Gazetteer) -> list[Mention]:
    """Units listed in a table cell or label value (县水务局 县住建局; 市卫生健康委等，各县（市、区）政府).

    Every piece names a unit: the column says so, whatever its ending; collectives (各街道) keep their words.
    """
    out: list[Mention] = []
    for m in _PIECES.finditer(text):
        piece = m.group()
        a, b = m.start(), m.end()
        note = _NOTE.search(piece)
        if note and note.start() >= 2:
            piece, b = piece[: note.start()], b - (len(piece) - note.start())
        duty = _DUTY_TAIL.search(piece)
        if duty and duty.start() >= 2:
            piece, b = piece[: duty.start()], b - (len(piece) - duty.start())
        while piece.endswith("等") and len(piece) > 2:
            piece, b = piece[:-1], b - 1
        piece = piece.strip("|｜“”")
        while piece.endswith(("。", "；")):
            piece, b = piece[:-1], b - 1
        if len(piece) < 2 or re.fullmatch(r"[\d\W]+|[（(][^）)]*[）)]", piece):
            continue  # a bracket alone (（略）) names no unit
        if is_collective(piece):
            name = collective_name(piece)
            out.append(Mention(offset + a, offset + b, text[a:b], name, "collective", "各", False))
            continue
        hit = gazetteer.lookup(piece) or gazetteer.lookup(canonical(piece))
        if hit:
            out.append(Mention(offset + a, offset + b, text[a:b], hit[0], hit[1], hit[2], True))
            continue
        name = canonical(piece)
        kind = "town" if name.endswith(("镇", "乡", "街道")) and len(name) <= 6 else "department"
        sub = next((s for s in ("街道", "镇", "乡") if name.endswith(s)), None) if kind == "town" else None
        out.append(Mention(offset + a, offset + b, text[a:b], name, kind, sub or _dept_sub(name), False))
    return out


def _dept_sub(name: str) -> str:
    for suf in (
        "管委会",
        "指挥部",
        "领导小组",
        "工作专班",
        "中心",
        "局",
        "委",
        "办",
        "室",
        "科",
        "所",
        "站",
        "队",
        "部",
    ):
        if name.endswith(suf):
            return suf
    return "其他"


def leader_names(text: str) -> str | None:
    """The responsible leader(s) as written (叶林; 张三、李四), when the value looks like names."""
    pieces = [p for p in _PIECES.findall(text) if p]
    return "、".join(pieces) if pieces and all(_PERSON.match(p) or len(p) <= 12 for p in pieces) else None
