"""Items named only by their names in a sentence that lists them: quoted titles announced as a plan's contents
(内容主要包括《A》《B》《C》…, each a target or project of its own, often a bare target phrase such as
新增停车位500个以上), matters listed after 事项包括 (讨论事项包括A、B、C), and projects closed by 等计划 (A、B、C及D等计划)."""

from __future__ import annotations

import re

from extract.lists import Item, ItemList
from extract.text import Paragraph

# the words that announce a plan's contents, right before the first title
_ANNOUNCES = re.compile(r"(?:包括|包含|涵盖|分别是|分别为|主要有|具体为)[：:]?\s*$")
_TITLE = re.compile(r"《(?P<t>[^《》\n]{2,60})》")
# a title that names a document (an act, a plan, a notice), not a target: what a reader is pointed to
_DOCUMENT = re.compile(
    r"(?:方案|规定|办法|通知|意见|条例|纲要|规划|报告|决定|细则|法|规则|指南|标准|目录|清单|制度)$"
)
_BETWEEN = re.compile(r"^[、，,\s]*$")
ANNOUNCE_REACH = 12  # how far before the first title its announcing words may stand
MIN_TITLES = 2


def titled_lists(p: Paragraph) -> list[ItemList]:
    """Runs of two or more `《…》` titles, joined by nothing, 、 or a comma, right after words that announce a
    plan's contents (包括, 分别是 …): each title is an item; runs that name documents (…方案, …条例) are none."""
    text = p.text
    out: list[ItemList] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        if len(run) >= MIN_TITLES and _ANNOUNCES.search(
            text[max(0, run[0].start() - ANNOUNCE_REACH) : run[0].start()]
        ):
            if not any(_DOCUMENT.search(m.group("t")) for m in run):
                items = [
                    Item(p.index, m.start("t"), m.end("t"), k + 1, m.group("t")) for k, m in enumerate(run)
                ]
                out.append(ItemList("titled", items, kind="project"))
        run.clear()

    for m in _TITLE.finditer(text):
        if run and not _BETWEEN.match(text[run[-1].end() : m.start()]):
            close()
        run.append(m)
    close()
    return out


# 事项包括A、B、C: the items run to the sentence's end; A、B及C等计划: the items end at 等 and a kind of projects
_INCLUDES = re.compile(r"(?:事项|内容|议题|重点|任务)(?:主要)?(?:包括|涵盖)[：:]?")
_CLOSED = re.compile(r"等(?:计划|计画|项目|工程|专案|实事)")
_LAST_JOIN = re.compile(r"(?<=[^、，]{2})(?:及|以及|和)(?=[^、，]{2})")
# projects done (已建成A、B等项目, 实施了…): no work to do
_DONE = re.compile(r"已|了")
DONE_REACH = 12  # how far before the names 已 may stand
# topics a meeting went through (会议分别就A、B等项目进行调度): the first name would hold who and 就
_TOPIC = re.compile(r"会议|会上|[就对]")
# the clause's verb before the names (将A、B等计划纳入…)
_LEAD = re.compile(r"(?:将|把|对|推进|实施|加快|启动)")
MIN_NAMED = 3
LIST_REACH = 400  # how far a list of names may run
MAX_NAME = 40
MIN_CLOSED_NAME = 4  # a name closed by 等项目 is a project's name, not a word (道路、桥梁等项目)


def listed_names(p: Paragraph) -> list[ItemList]:
    """Names joined by 、 (the last one by 及/和) after 事项包括 up to the sentence's end, or in one clause up to 等计划
    (等项目, 等工程 …): three names or more, each an item."""
    text = p.text
    out: list[ItemList] = []
    for m in _INCLUDES.finditer(text):
        reach = min(len(text), m.end() + LIST_REACH)  # each look stays short: linear on a long one-line text
        stop = min([x for x in (text.find(ch, m.end(), reach) for ch in "。；") if x != -1] or [reach])
        _add(out, p, m.end(), stop)
    for m in _CLOSED.finditer(text):
        floor = max(0, m.start() - LIST_REACH)
        lo = max(text.rfind(ch, floor, m.start()) for ch in "，。；：的") + 1
        if lo == 0 and floor > 0:
            continue  # no clause start within reach: no list of names
        lo += len(lead.group()) if (lead := _LEAD.match(text, lo)) else 0
        first = text[lo : text.find("、", lo, m.start())]
        if not _DONE.search(text, max(0, lo - DONE_REACH), m.start()) and not _TOPIC.search(first):
            _add(out, p, lo, m.start(), MIN_CLOSED_NAME)
    return out


def _add(out: list[ItemList], p: Paragraph, a: int, b: int, shortest: int = 2) -> None:
    text = p.text
    spans: list[tuple[int, int]] = []
    pos = a
    for piece in text[a:b].split("、"):
        spans.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    if len(spans) < MIN_NAMED - 1:
        return
    la, lb = spans[-1]
    if j := _LAST_JOIN.search(text, la, lb):
        spans[-1:] = [(la, j.start()), (j.end(), lb)]
    if len(spans) < MIN_NAMED or not all(shortest <= y - x <= MAX_NAME for x, y in spans):
        return
    items = [Item(p.index, x, y, k + 1, text[x:y]) for k, (x, y) in enumerate(spans)]
    out.append(ItemList("listed", items, kind="project"))
