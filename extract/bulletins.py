"""Supervision bulletins (督查通报, 落实情况的通报, 红黑榜): what they say about units and items, not new commitments.

A bulletin reports on work already assigned: its praise and problem lists (红榜/黑榜, 存在问题：一是…不平衡) are never
commitments; the units and items it names as done, in progress, late, praised or criticised become evidence rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A bulletin announces itself near its top: 通报 (督查通报, 落实情况的通报, 现通报如下) or a 红黑榜.
_BULLETIN = re.compile(
    r"(?:情况|落实|督查|督察|督办|进展|考核|排名|检查)(?:情况)?的?通报|通报如下|予以通报|现通报|通报第|红黑榜|红榜|黑榜"
)
_HEAD_CHARS = 400

# A list item that is a verdict label: '一、“红榜”：A；B', '通报表扬：…', '四、黑点'.
_LABEL = re.compile(
    r"^[“‘\"]?(?P<label>红榜|黑榜|红点|黑点|红旗|黄旗|光荣榜|曝光台|通报表扬|表扬|通报批评|批评|先进单位|先进典型|先进|"
    r"后进单位|后进|典型问题|反面典型|存在问题|主要问题|问题清单|问题)[”’\"]?(?:名单|单位|榜)?"
    r"\s*(?:[（(][^）)]{1,6}[）)])?\s*(?:[：:]|$)"
)
_PRAISE_LABELS = ("红榜", "红点", "红旗", "光荣榜", "通报表扬", "表扬", "先进")

# A statement of a problem: 不平衡, 不到位, 不及时, 堆砌严重, 进展缓慢 … without a demand in it.
PROBLEM = re.compile(
    r"不平衡|不到位|不及时|不够|不足|不强|不高|不力|不严|不实|不规范|不彻底|不明显|不完善|不健全|不全|"
    r"严重|较多|较差|较低|偏低|偏慢|缓慢|滞后|薄弱|缺乏|欠缺|落后|堆砌|乱堆|乱放|乱倒|脏乱|杂乱|破损|"
    r"未完成|未落实|未按|未达|未及时|没有|尚未|仍有|存在"
)
DEMAND = re.compile(
    r"要|必须|务必|确保|应当|应该|须|力争|抓好|做好|加强|强化|加大|加快|推进|落实|提高|完善|建立|健全|整改到位"
)

# What a bulletin sentence says about the items or units it names.
_VERDICTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "late",
        re.compile(
            r"进展(?:缓慢|滞后|较慢)|进度(?:缓慢|滞后|较慢)|未达序时|滞后于序时|滞后|落后于|未按(?:时|期)"
        ),
    ),
    ("criticised", re.compile(r"通报批评|未按要求|不及时|不到位|排名靠后|较差")),
    (
        "done",
        re.compile(r"已(?:提前)?(?:全部)?(?:完成|办结|建成|竣工|投产|生产|通过验收|验收|交付|投入使用)"),
    ),
    ("in_progress", re.compile(r"有序推进|正在办理|稳步推进|顺利推进|加快推进|正在推进|正在实施")),
    ("praised", re.compile(r"通报表扬|予以表扬|受到表扬|排名靠前")),
)
VERDICTS = ("done", "in_progress", "late", "praised", "criticised")

# '完成任务比较好的乡镇有：A、B、C' / '进展滞后的单位有：…': a verdict on the names after the colon.
_JUDGED_GROUP = re.compile(
    r"(?P<judgement>[^，。；：]{0,12}?(?:较好|比较好|突出|较快|靠前|先进|较慢|滞后|缓慢|落后|靠后|较差))的"
    r"(?:乡镇|镇|乡|街道|单位|部门|村|社区|学校|企业|项目)(?:有|是|为|包括)[：:]?"
)
_NAME_SPLIT = re.compile(r"[、，；;,]")


def is_bulletin(text: str) -> bool:
    """Whether a report is a bulletin: 通报/红黑榜 among its first lines."""
    return bool(_BULLETIN.search(text[:_HEAD_CHARS]))


def verdict_label(item_text: str) -> tuple[str, int] | None:
    """The verdict a list item's label gives (praised/criticised) and where its names start, or None."""
    t = re.sub(
        r"^(?:[一二三四五六七八九十]{1,3}、|\d{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）])",
        "",
        item_text,
    )
    off = len(item_text) - len(t)
    m = _LABEL.match(t)
    if not m:
        return None
    v = "praised" if m.group("label").startswith(_PRAISE_LABELS) else "criticised"
    return v, off + m.end()


def is_problem(text: str) -> bool:
    """A statement of a problem (进度上不平衡, 村垃圾堆砌严重) that demands nothing."""
    return bool(PROBLEM.search(text)) and not DEMAND.search(text)


def is_problem_list(items: list[str]) -> bool:
    """A list whose items are mostly problems (two thirds or more) is a problem list, not requirements."""
    n = sum(1 for t in items if is_problem(t))
    return len(items) >= 2 and n * 3 >= len(items) * 2


def verdict(sentence: str) -> str | None:
    """What a bulletin sentence says about what it names: late, criticised, done, in progress or praised."""
    for name, pat in _VERDICTS:
        if pat.search(sentence):
            return name
    return None


@dataclass(frozen=True)
class Named:
    """A name a verdict is about, at view offsets [start, end) of its paragraph."""

    start: int
    end: int
    text: str


def names_after(text: str, start: int, end: int) -> list[Named]:
    """The names listed in text[start:end] (A；B、C), each trimmed of quotes, 等 and spaces."""
    out = []
    pos = start
    for piece in _NAME_SPLIT.split(text[start:end]):
        a, b = pos, pos + len(piece)
        pos = b + 1
        while a < b and text[a] in ' “”‘’"。':
            a += 1
        while b > a and text[b - 1] in ' “”‘’"。':
            b -= 1
        if b > a and text[b - 1] == "等":
            b -= 1
        if 2 <= b - a <= 20:
            out.append(Named(a, b, text[a:b]))
    return out


def judged_groups(text: str) -> list[tuple[str, list[Named], tuple[int, int]]]:
    """'完成任务比较好的乡镇有：A、B' in a paragraph: (verdict, names, span of the whole statement)."""
    out = []
    for m in _JUDGED_GROUP.finditer(text):
        v = verdict(m.group("judgement")) or (
            "praised" if re.search("好|突出|快|前|先进", m.group()) else "late"
        )
        v = "praised" if v in ("praised", "done") else v
        stop = min([x for x in (text.find(ch, m.end()) for ch in "。；") if x != -1] or [len(text)])
        names = names_after(text, m.end(), stop)
        if names:
            start = max(text.rfind(ch, 0, m.start()) for ch in "，。；：") + 1
            out.append((v, names, (start, stop)))
    return out


def subject_names(sentence: str) -> list[tuple[int, int]]:
    """The enumerated subject of a verdict sentence (A、B、C等项目已完成): offsets of each name before 等/均/已."""
    m = re.search(r"(?:等(?:项目|单位|部门|乡镇|事项)?|均|已|有序|未|进展)", sentence)
    if not m:
        return []
    head = sentence[: m.start()]
    cut = max(head.rfind(ch) for ch in "，：；。")
    a0 = cut + 1
    out = []
    pos = a0
    for piece in re.split(r"[、和]", head[a0:]):
        a, b = pos, pos + len(piece)
        pos = b + 1
        if 2 <= b - a <= 24:
            out.append((a, b))
    return out
