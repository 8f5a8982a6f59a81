"""Field records: a task laid out as label lines, each label alone on its line with its value on the next
(具体任务 / … / 责任单位 / 卫健局、文旅局 / 配合单位 / … / 完成时限 / …), as a one-row table is often pasted."""

from __future__ import annotations

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
)


@dataclass
class Record:
    """One task's fields: the paragraph holding the task, and (role, paragraph) for each other field's value."""

    task: Paragraph
    fields: list[tuple[str, Paragraph]] = field(default_factory=list)


def _label(p: Paragraph) -> str | None:
    """The field a paragraph names when it is only a label (责任单位, 具体任务：), else None."""
    t = p.text.strip().rstrip("：:").strip()
    if t in TASK_LABELS:
        return "task"
    return ROLE_OF_LABEL.get(t)


def field_records(paragraphs: list[Paragraph]) -> list[Record]:
    """Records of label lines each followed by its value line; a record needs a task and one other field."""
    out: list[Record] = []
    current: Record | None = None
    paras = [p for p in paragraphs if p.kind != "clutter" and p.text.strip()]
    k = 0
    while k + 1 < len(paras):
        role = _label(paras[k])
        value = paras[k + 1]
        if role is None or _label(value) is not None:
            k += 1
            continue
        if role == "task":
            current = Record(value)
            out.append(current)
        elif current is not None:
            current.fields.append((role, value))
        k += 2
    return [r for r in out if r.fields]
