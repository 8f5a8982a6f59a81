"""Tasks units take on or are given (X要…, 由X负责, 下一步将…) and requests units make to the city."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.text import Paragraph, Sentence
from extract.units import Mention, collectives

INTENT = re.compile(
    r"下一步|今后|(?<![即必])将(?![近来军])|(?<![重主需只想纲摘紧扼首不])要(?![求素闻点件害员])|力争|确保|(?<!原)计划|争取|承诺|务必|必须"
    r"|(?<![由主要])负责(?!同志|人|的)|(?<!由)牵头(?!单位)"
)
ASSIGN = re.compile(r"由(?P<unit>[^，。；]{2,40}?)(?:负责|牵头|组织|开展|实施|落实)|(?:作为|担任)牵头单位")
REQUEST = re.compile(r"(?:建议|希望|请求|呼吁|恳请|提请)")
_REQUEST_TARGET = re.compile(r"(?:市里|县里|区里|上级|市委|市政府|县委|县政府|政府|市直|有关部门)")
_ATTRIB_AFTER = re.compile(r"^[”」』]\s*(?P<who>[^，。“]{2,30}?)(?:说|表示|介绍|指出|坦言)")
_PAST = re.compile(r"^(?:已|已经|曾|先后|累计)")


@dataclass(frozen=True)
class TaskHit:
    """A task or request in a paragraph: view offsets of its quote, kind, units and addressee text."""

    start: int
    end: int
    kind: str  # task | request
    units: tuple[Mention, ...]
    addressee: str | None


def _in_quote(text: str, i: int) -> tuple[int, int] | None:
    """The “…” span around offset i, if any."""
    a = text.rfind("“", 0, i)
    if a == -1 or text.rfind("”", a, i) != -1:
        return None
    b = text.find("”", i)
    return (a, b + 1) if b != -1 else None


def _clause_start(text: str, lo: int, i: int) -> int:
    cut = max(text.rfind(ch, lo, i) for ch in "，；：“")
    return max(lo, cut + 1) if cut != -1 else lo


def find_tasks(
    p: Paragraph, s: Sentence, mentions: list[Mention], anaphora: dict[str, Mention]
) -> list[TaskHit]:
    """Tasks and requests in a sentence, one per clause that opens with its own unit (A将…，B计划…)."""
    cuts = [s.start]
    for m in mentions:
        if (
            s.start < m.start < s.end
            and p.text[m.start - 1] in "，；"
            and INTENT.search(p.text, m.end, s.end)
        ):
            cuts.append(m.start)
    cuts.append(s.end)
    out: list[TaskHit] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        while b > a and p.text[b - 1] in "，；、 ":
            b -= 1
        seg = Sentence(a, b, p.text[a:b])
        out.extend(_tasks_in(p, seg, mentions, anaphora))
    return out


_QUOTA_INTRO = re.compile(r"下达|分解|划分|分配|落实到|具体是|任务数|目标任务|分别为|其中")
_QUOTA = re.compile(
    r"^\d+(?:\.\d+)?(?:万|亿)?(?:套|户|个|家|亩|座|所|公里|人|名|件|项|处|间|栋|吨|万元|亿元|元)"
)


def quotas(p: Paragraph, s: Sentence, mentions: list[Mention]) -> list[TaskHit]:
    """'任务划分到单位，具体是：房产局100套，住建局200套…': each unit with its quota is that unit's task."""
    text = p.text
    intro = _QUOTA_INTRO.search(text, s.start, s.end)
    if not intro:
        return []
    out = []
    for m in mentions:
        if not (intro.start() < m.start < s.end) or text[m.start - 1] not in "：，、；":
            continue
        q = _QUOTA.match(text[m.end : s.end])
        if q:
            out.append(TaskHit(m.start, m.end + q.end(), "task", (m,), None))
    return out if len(out) >= 2 else []


def _tasks_in(
    p: Paragraph, s: Sentence, mentions: list[Mention], anaphora: dict[str, Mention]
) -> list[TaskHit]:
    """One task or request per clause; units come from the subject, attribution or 该镇-style anaphora."""
    text = p.text
    shares = quotas(p, s, mentions)
    if shares:
        return shares
    in_s = [m for m in mentions if s.start <= m.start < s.end]
    coll = [(a, b, t) for a, b, t in collectives(text[s.start : s.end])]
    request = _request(text, s, in_s, anaphora)
    if request:
        return [request]
    assigned = []
    for assign in ASSIGN.finditer(text, s.start, s.end):
        units = tuple(
            m for m in in_s if assign.group("unit") and assign.start("unit") <= m.start < assign.end("unit")
        )
        if units:
            start = _clause_start(text, s.start, assign.start())
            end = min(
                [x for x in (text.find(ch, assign.end(), s.end) for ch in "，；") if x != -1] or [s.end]
            )
            assigned.append(TaskHit(start, end, "task", units, None))
    if assigned:
        return assigned
    for intent in INTENT.finditer(text, s.start, s.end):
        i = intent.start()
        quote = _in_quote(text, i)
        units: tuple[Mention, ...] = ()
        if quote:
            after = _ATTRIB_AFTER.match(text[quote[1] - 1 : s.end])
            if after:
                lo, hi = quote[1], quote[1] + after.end()
                units = tuple(m for m in in_s if lo <= m.start < hi)[:1]
        subject = [m for m in in_s if m.start < i and not _object_of_verb(text, m)]
        if not units and subject:
            first = subject[0]
            units = tuple(m for m in subject if _coordinated(text, first, m))
        if not units:
            units = _anaphor(text[s.start : i], anaphora)
        addressee = next((t for a, b, t in coll if s.start + a < i), None)
        if not units and not addressee:
            continue
        clause = text[_clause_start(text, s.start, i) : i]
        if _PAST.match(clause):
            continue
        start = _clause_start(text, s.start, i)
        return [TaskHit(start, s.end, "task", units, addressee)]
    return []


def _object_of_verb(text: str, m: Mention) -> bool:
    """向尚店镇倾斜, 到人社局 …: a unit after a preposition is not the one acting."""
    return m.start > 0 and text[m.start - 1] in "向到对为给在与跟同把让"


def _coordinated(text: str, first: Mention, m: Mention) -> bool:
    """Units listed together with the subject: 县公安局、人社局要…."""
    if m is first:
        return True
    between = text[first.end : m.start]
    return bool(
        re.fullmatch(r"(?:[、和及与][^，。；]{0,0})+|(?:[、和及与][^，。；、]{2,12}?)*[、和及与]", between)
    )


def _anaphor(text: str, anaphora: dict[str, Mention]) -> tuple[Mention, ...]:
    for word, m in anaphora.items():
        if word in text:
            return (m,)
    return ()


def _request(text: str, s: Sentence, in_s: list[Mention], anaphora: dict[str, Mention]) -> TaskHit | None:
    r = REQUEST.search(text, s.start, s.end)
    if not r:
        return None
    seg = text[s.start : s.end]
    if not _REQUEST_TARGET.search(seg):
        return None
    units = tuple(m for m in in_s if m.start < r.start() and not _object_of_verb(text, m))[:1]
    if not units:
        units = _anaphor(text[s.start : r.start() + 1], anaphora)
    if not units:
        return None
    # the request itself is the quoted proposal when there is one: 提出了“市里要…”的建议
    q = text.find("“", s.start, s.end)
    if q != -1 and (qe := text.find("”", q)) != -1 and qe < s.end:
        return TaskHit(q, qe + 1, "request", units, None)
    return TaskHit(_clause_start(text, s.start, r.start()), s.end, "request", units, None)
