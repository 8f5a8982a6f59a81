"""What a sentence is about, as runs of content characters: the matter words and bigrams evidence is matched by.

Generic words, unit names, digits and punctuation are breaks; two sentences are about the same matter when they
share enough content bigrams. Also the wording hints (planned / in progress / done) of one sentence.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence

_DONE = re.compile(
    r"(?:已经?|均已|全部|顺利|如期|提前)[^，。；！？]{0,10}?"
    r"(?:建成|完成|竣工|投用|投入使用|投产|运营|开通|通车|落成|交付|验收|实现|覆盖)"
    r"|建成(?:并)?(?:投用|运营|投产|使用)|已建成|已完成"
)
_PROGRESS = re.compile(r"正在|正加紧|加紧|推进中|稳步推进|有序推进|加快推进|施工中|建设中|进行中|持续推进")
_PLANNED = re.compile(r"下一步|将(?!近|军|领|士)|要(?!求|素|点|事|闻)|计划|拟|力争|准备|争取|谋划|打算|着力")
# Words that say nothing about which matter a sentence is about.
GENERIC = tuple(
    sorted(
        {
            *"工作 推进 推动 建设 发展 提升 加强 加快 持续 进一步 全面 深入 扎实 切实 积极 不断 做好 开展 实施".split(),
            *"落实 重点 各项 全市 我市 该市 该镇 该乡 该街道 街道 乡镇 群众 项目 高质量 任务 目标 以及".split(),
            *"同时 今年 去年 明年 下一步 完成 建成 累计 运营 投用 已经 目前 继续 努力 确保 有关 相关 负责".split(),
            *"同志 表示 介绍 会议 要求 指出 强调 全力 一批 一个 服务 管理 能力 水平 机制 作用 发挥 进行".split(),
            *"书记 党委 党工委 负责人 主任 局长 镇长 乡长 市长 部门 单位 领导 干部 实现 达到 开展了".split(),
        },
        key=len,
        reverse=True,
    )
)
MIN_SHARED_BIGRAMS = 3
_PLACE_LEVELS = "省市县区镇乡村"
MIN_RUN_CHARS = 3
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]")


def _matter(text: str, drop: Sequence[str]) -> str:
    """The text with generic words, unit names, digits and punctuation turned into breaks ('|')."""
    for w in drop:
        if w in text:
            text = text.replace(w, "|" * len(w))
    return _NOT_CJK.sub("|", text)


def _bigrams(text: str) -> set[str]:
    out: set[str] = set()
    for run in text.split("|"):
        if len(run) > 1:
            out.update(map(operator.add, run, run[1:]))
    return out


def matter_words(drop: Sequence[str] = ()) -> tuple[str, ...]:
    """Generic words and `drop` (unit names), longest first (ties by text, so every run replaces alike); a
    place's name is also dropped without its level word (X市 → X), as reports often write it so."""
    stems = {w[:-1] for w in drop if len(w) >= 3 and w[-1] in _PLACE_LEVELS}
    return tuple(sorted({*GENERIC, *drop, *stems}, key=lambda w: (-len(w), w)))


def matter_bigrams(text: str, words: Sequence[str]) -> set[str]:
    """The content bigrams of a commitment's text (what a later sentence must share)."""
    return _bigrams(_matter(text, words))


def shared_runs(mine: set[str], theirs: str) -> tuple[int, list[str]]:
    """How many of `mine` (content bigrams) the matter view `theirs` of a sentence shares, and the shared runs."""
    runs: list[str] = []
    shared: set[str] = set()
    i = 0
    while i < len(theirs) - 1:
        j = i
        while j < len(theirs) - 1 and theirs[j : j + 2] in mine:
            shared.add(theirs[j : j + 2])
            j += 1
        if j > i:
            runs.append(theirs[i : j + 1])
            i = j
        else:
            i += 1
    return len(shared), runs


def shared_matter(commitment_text: str, sentence: str, drop: Sequence[str] = ()) -> tuple[int, list[str]]:
    """How many content bigrams a sentence shares with a commitment, and the shared runs (e.g. '楼宇沟民宿')."""
    words = matter_words(drop)
    return shared_runs(matter_bigrams(commitment_text, words), _matter(sentence, words))


def text_hint(text: str) -> str | None:
    """What the wording says: planned (下一步/将/要) over in_progress (正在…) over done (已…建成运营)."""
    if _PLANNED.search(text):
        return "planned"
    if _PROGRESS.search(text):
        return "in_progress"
    if _DONE.search(text):
        return "done"
    return None
