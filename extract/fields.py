"""Field records: a task laid out as label lines, each label alone on its line with its value on the next
(具体任务 / … / 责任单位 / 卫健局、文旅局 / 配合单位 / … / 完成时限 / …), as a one-row table is often pasted; also a
form's rows copied with their cell bars, the label and its value on one line (整改任务 | … | / 责任单位 | X局 |) or
each cell on its own line ending in a bar (责任单位 | / X局 |)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.responsibility import ROLE_OF_LABEL
from extract.text import Paragraph

TASK_LABELS = (
    "具体任务",
    "工作任务",
    "重点任务",
    "主要任务",
    "目标任务",
    "任务内容",
    "工作内容",
    "工作措施",
    "实事项目",
    "整改任务",
    "整改事项",
    "督办事项",
    "交办事项",
)
# a form's row: 整改任务 | value |, with or without bars at its ends
_ROW = re.compile(r"^\s*[|｜]?\s*(?P<label>[^|｜]{2,8}?)\s*[|｜]\s*(?P<value>[^|｜]+?)\s*[|｜]?\s*$")


@dataclass
class Value:
    """A field's value: [start, end) of a paragraph's text."""

    para: Paragraph
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.para.text[self.start : self.end]

    @property
    def index(self) -> int:
        return self.para.index


@dataclass
class Record:
    """One task's fields: the value holding the task, and (role, value) for each other field."""

    task: Value
    fields: list[tuple[str, Value]] = field(default_factory=list)


def _role(label: str) -> str | None:
    t = label.strip().strip("|｜").strip().rstrip("：:").strip()
    if t in TASK_LABELS:
        return "task"
    return ROLE_OF_LABEL.get(t)


def _label(p: Paragraph) -> str | None:
    """The field a paragraph names when it is only a label (责任单位, 具体任务：, 责任单位 |), else None."""
    return _role(p.text)


def _whole(p: Paragraph) -> Value:
    """A value line: its text without the cell bar at its end."""
    a, b = 0, len(p.text)
    while b > a and p.text[b - 1] in " |｜":
        b -= 1
    while a < b and p.text[a] in " |｜":
        a += 1
    return Value(p, a, b)


def field_records(paragraphs: list[Paragraph]) -> list[Record]:
    """Records of label lines each followed by its value line, or of form rows holding both; a record needs a task
    and one other field."""
    out: list[Record] = []
    current: Record | None = None
    paras = [p for p in paragraphs if p.kind != "clutter" and p.text.strip().strip("|｜").strip()]
    k = 0
    while k < len(paras):
        row = _ROW.match(paras[k].text)
        role, value = _label(paras[k]), None
        if role is not None and k + 1 < len(paras) and _label(paras[k + 1]) is None:
            value, step = _whole(paras[k + 1]), 2
        elif role is None and row and (role := _role(row.group("label"))) is not None:
            value, step = Value(paras[k], row.start("value"), row.end("value")), 1
        if role is None or value is None or value.start >= value.end:
            k += 1
            continue
        if role == "task":
            current = Record(value)
            out.append(current)
        elif current is not None:
            current.fields.append((role, value))
        k += step
    return [r for r in out if r.fields]
