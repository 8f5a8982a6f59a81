"""Items named only by quoted titles in a sentence that announces what a plan holds: 内容主要包括《A》《B》《C》…
(each title a target or project of its own, often a bare target phrase such as 新增停车位500个以上)."""

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
