"""Tasks units take on or are given (X要…, 由X负责, 下一步将…) and requests units make to the city."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from extract.spans import Spans
from extract.subjects import ASSIGN_VERBS
from extract.text import Paragraph, Sentence
from extract.units import Mention, canonical, collectives, is_collective

INTENT = re.compile(
    r"下一步|今后|(?<![即必现])将(?![近来军])|(?<![重主需只想纲摘紧扼首不])要(?![求素闻点件害员])|力争|确保|(?<!原)计划|争取|承诺|务必|必须"
    r"|(?<![由主要])负责(?!同志|人|的)|(?<!由)牵头(?!单位)|表态(?!发言)"
)
ASSIGN = re.compile(
    rf"由(?P<unit>[^，。；]{{2,40}}?)(?P<verb>{ASSIGN_VERBS})|(?:作为|担任)牵头单位"
    r"|同意(?P<author>[^，。；]{2,60}?)(?:提出|提交|报送|拟定|拟订|拟草|草拟|起草|制定|编制|关于)"
)
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


def _clause_end(text: str, i: int, hi: int) -> int:
    """Where the clause running at offset i ends (its comma or semicolon), at most hi and 200 characters on."""
    hi = min(hi, i + 200)
    return min([x for x in (text.find(ch, i, hi) for ch in "，；") if x != -1] or [hi])


def _clause_start(text: str, lo: int, i: int) -> int:
    cut = max(text.rfind(ch, lo, i) for ch in "，；：“")
    return max(lo, cut + 1) if cut != -1 else lo


def find_tasks(
    p: Paragraph,
    s: Sentence,
    mentions: Iterable[Mention],
    anaphora: dict[str, Mention],
    demanded: bool = False,
) -> list[TaskHit]:
    """Tasks and requests in a sentence, one per clause that opens with its own unit (A将…，B计划…). Inside a
    numbered requirement (`demanded`), a clause whose subject is a unit or a group is its task even without 要/将
    (二要…。各乡镇均成立应急小分队；县人大常委会、县政协分领导带队，开展督查)."""
    if isinstance(mentions, Spans):
        mentions = mentions.starting_in(s.start, s.end)
    else:
        mentions = [m for m in mentions if s.start <= m.start < s.end]
    ruled = _rulings(p, s, mentions)
    if ruled:
        return ruled
    # a collective's clause is cut off whether or not the sentence is a demand, so that a unit named elsewhere in
    # the sentence never takes it (县住建局要…，各乡镇、各部门要…)
    groups = [(s.start + a, s.start + b, t) for a, b, t in collectives(p.text[s.start : s.end])]
    cuts = [s.start]
    heads = [(m.start, m.end, s.end) for m in mentions] + [
        (a, b, _clause_end(p.text, b, s.end)) for a, b, _t in groups
    ]
    # a unit's duty may come later in the sentence; a group's must be in its own clause (各单位主要负责同志为
    # 第一责任人，要… and 市发改委牵头，相关部门配合，… go on with the clause before them)
    for start, end, stop in heads:
        if (
            s.start < start < s.end
            and p.text[start - 1] in "，；"
            and (demanded or INTENT.search(p.text, end, stop))
        ):
            cuts.append(start)
    cuts = sorted(set(cuts))
    cuts.append(s.end)
    out: list[TaskHit] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        while b > a and p.text[b - 1] in "，；、 。":
            b -= 1
        seg = Sentence(a, b, p.text[a:b])
        found = _tasks_in(p, seg, mentions, anaphora)
        if not found and demanded:
            found = _subject_clause(p, seg, mentions, groups)
        out.extend(found)
    return out


# a ruling that gives a piece of work to whoever leads it and to the body that carries it out: 东片整治由张某牵头，
# 某镇落实 (the leader a person or a body; the doer a bureau or town named without its level)
_RULING = re.compile(
    r"(?P<task>[^，,。；;：:]{2,60}?)由(?P<lead>[^，,。；;：:]{2,24}?)牵头[，,]"
    r"(?P<doer>[^，,。；;：:由]{2,24}?)(?:负责|具体)?(?:落实|实施|承办|推进|办理)(?=[，,；;。]|$)"
)


def _rulings(p: Paragraph, s: Sentence, mentions: list[Mention]) -> list[TaskHit]:
    """A sentence of rulings (A由X牵头，Y落实；B由Z牵头，W落实): each piece of work is a task of the body that
    carries it out, after the body that leads it when that is a body too; the text between rulings is read
    as usual."""
    text = p.text
    found = [
        (m, [u for u in mentions if m.start("doer") <= u.start < m.end("doer")])
        for m in _RULING.finditer(text, s.start, s.end)
    ]
    found = [(m, doers) for m, doers in found if doers]
    hits: list[TaskHit] = []
    pos = s.start
    for k, (m, doers) in enumerate(found):
        leads = [u for u in mentions if m.start("lead") <= u.start < m.end("lead")]
        hits.extend(_between(p, pos, m.start(), mentions))
        # what follows in the ruling's own clause, with no task of its own, is part of it (…，Y落实，并派专人督导)
        nxt = found[k + 1][0].start() if k + 1 < len(found) else s.end
        stop = min([x for x in (text.find(ch, m.end(), nxt) for ch in "；;") if x != -1] or [nxt])
        end = m.end()
        if stop > end and not _between(p, end, stop, mentions):
            end = stop
            while text[end - 1] in "，,。；; ":
                end -= 1
        hits.append(TaskHit(m.start(), end, "task", tuple(leads + doers), None))
        pos = end
    if hits:
        hits.extend(_between(p, pos, s.end, mentions))
    return hits


def _between(p: Paragraph, a: int, b: int, mentions: list[Mention]) -> list[TaskHit]:
    """Tasks in the text between two rulings, read as a sentence of its own."""
    while a < b and p.text[a] in "，,；; ":
        a += 1
    return find_tasks(p, Sentence(a, b, p.text[a:b]), mentions, {}) if b - a >= 4 else []


def _subject_clause(
    p: Paragraph, seg: Sentence, mentions: list[Mention], groups: list[tuple[int, int, str]]
) -> list[TaskHit]:
    """A clause that opens with its units (县人大常委会、县政协…) or a group (各乡镇均…): theirs."""
    first = next((m for m in mentions if m.start == seg.start), None)
    if first is not None:
        units = tuple(
            m for m in mentions if seg.start <= m.start < seg.end and _coordinated(p.text, first, m)
        )
        return [TaskHit(seg.start, seg.end, "task", units, None)] if seg.end - units[-1].end >= 4 else []
    group = next((t for a, _b, t in groups if a == seg.start), None)
    if group is not None and seg.end - seg.start - len(group) >= 4:
        return [TaskHit(seg.start, seg.end, "task", (), group)]
    return []


_ASK_GROUP = re.compile(r"(?<!的)(?:请|要求|督促|责成)(?=各|相关|有关|[市县区镇乡]直|[镇乡]属)")


def asked_groups(text: str) -> list[tuple[int, int, str]]:
    """Clauses that ask or order a collective to act (要求各村（社区）学习借鉴…, 请各参会单位认真研究…, 督促各村对…):
    (the verb's offset, the clause's end, the collective)."""
    out = []
    for v in _ASK_GROUP.finditer(text):
        found = collectives(text[v.end() : v.end() + 40])
        if not found or found[0][0] != 0:
            continue
        at = v.end() + found[0][1]
        hi = min(len(text), at + 300)  # a clause, not the rest of a long unbroken text
        end = min([x for x in (text.find(ch, at, hi) for ch in "。；！？\n") if x != -1] or [hi])
        if end - at >= 4 and text[at] not in "，：":
            out.append((v.start(), end, found[0][2]))
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
    held = held_items(text, s, in_s)
    if held:
        return held
    assigned = []
    found = list(ASSIGN.finditer(text, s.start, s.end))
    for k, assign in enumerate(found):
        group = "author" if assign.group("author") else "unit"
        units: tuple[Mention, ...] = tuple(
            m
            for m in in_s
            if assign.group(group)
            and assign.start(group) - 1 <= m.start < assign.end(group)
            and m.end > assign.start(group)
        )
        if group == "author":
            # the body whose draft is approved opens the words after 同意 (同意X对…考核后拟定的《…》)
            units = tuple(m for m in units if m.start <= assign.start(group) + 1)
        elif assign.group("verb") == "会同":
            # 由X会同Y进行…: the bodies X works with hold the task too
            units += _after(text, assign.end(), in_s)
        elif units and text.startswith("会同", units[-1].end):
            # a verb inside X's name (由…机构编制委员会办公室会同Y…) is no verb: X works with Y all the same
            units += _after(text, units[-1].end + 2, in_s)
        if units:
            start = _clause_start(text, s.start, assign.start())
            end = min(
                [x for x in (text.find(ch, assign.end(), s.end) for ch in "，；") if x != -1] or [s.end]
            )
            if group == "author" or (end == assign.end() and text[end : end + 1] == "，"):
                # 由X牵头，整合…，出台…: the task is what follows the verb; 会议同意X提出的方案，…报…研究: X goes on
                nxt = found[k + 1].start() if k + 1 < len(found) else s.end
                end = _clause_start(text, end, nxt) - 1 if nxt < s.end else s.end
                while end > start and text[end - 1] in "，；、 。":
                    end -= 1
            assigned.append(TaskHit(start, end, "task", units, None))
    if assigned:
        return assigned
    groups = set_up(text, s, in_s)
    if groups:
        return groups
    for intent in INTENT.finditer(text, s.start, s.end):
        i = intent.start()
        quote = _in_quote(text, i)
        units = ()
        if quote:
            after = _ATTRIB_AFTER.match(text[quote[1] - 1 : s.end])
            if after:
                lo, hi = quote[1], quote[1] + after.end()
                units = tuple(m for m in in_s if lo <= m.start < hi)[:1]
        subject = [m for m in in_s if m.start < i and not _object_of_verb(text, m)]
        if not units and subject:
            first = subject[0]
            units = tuple(m for m in subject if _coordinated(text, first, m))
            units += _partners(text, intent, s.end, in_s)
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


_OPENING_DEADLINE = re.compile(
    r"(?:(?:19|20)\d{2}年)?(?:年底前|年内|年末前|年底|上半年|下半年|(?:1[0-2]|[1-9])月(?:底|末|中旬|上旬|下旬)?前|"
    r"第?[一二三四1-4]季度(?:末|底)?前?)[，、]?"
)


def continued_task(p: Paragraph, s: Sentence, units: tuple[Mention, ...]) -> list[TaskHit]:
    """'X要…。年底前，围绕…开展综合督查，确保…': a sentence that opens with a deadline and names no unit goes on
    with the unit of the task before it in its paragraph."""
    if not _OPENING_DEADLINE.match(p.text, s.start) or not INTENT.search(p.text, s.start, s.end):
        return []
    end = s.end
    while end > s.start and p.text[end - 1] in "。；，":
        end -= 1
    return [TaskHit(s.start, end, "task", units, None)]


_HELD_ITEM = re.compile(r"负责的(?:第[\d一二三四五六七八九十、]+(?:件|项|条|个)?|[^，。；、]{1,20})")


# a city, county or district, or a park, named right before 负责的 in a list of who holds what (X市负责的…项目)
_HELD_PLACE = re.compile(
    r"(?:^|(?<=[：:；;，,、]))(?P<place>[\u4e00-\u9fff]{2,3}(?:市|县|区|旗)|[\u4e00-\u9fff]{2,6}(?:产业园|工业园|园区))"
    r"(?=负责的)"
)


def _held_place(text: str, s: Sentence, at: int) -> Mention | None:
    m = _HELD_PLACE.search(text, max(s.start, at - 10), at + 3)
    if not m or m.end() != at:
        return None
    name = m.group("place")
    return Mention(m.start(), at, name, name, "town", name[-1], False)


def held_items(text: str, s: Sentence, in_s: list[Mention]) -> list[TaskHit]:
    """'由A负责的第1件、B负责的第4件、C负责的第17、18件…': each unit's item (by its number or name) is its task; a
    place or a park may hold a share of the list as a unit does (X市负责的A、B项目；Y局负责的…；Z产业园负责的…)."""
    pieces: list[tuple[Mention, int]] = []
    for o in re.finditer("负责的", text[s.start : s.end]):
        at = s.start + o.start()
        unit = next((m for m in in_s if m.end == at), None) or _held_place(text, s, at)
        if unit is not None:
            pieces.append((unit, at))
    if len(pieces) < 2:
        return []
    out = []
    for k, (unit, at) in enumerate(pieces):
        start = unit.start - (1 if unit.start > 0 and text[unit.start - 1] == "由" else 0)
        if k + 1 < len(pieces):
            end = pieces[k + 1][0].start
            while end > at and text[end - 1] in "、，和及 ":
                end -= 1
        else:
            m = _HELD_ITEM.match(text, at, s.end)
            end = m.end() if m else at + 3
        out.append(TaskHit(start, end, "task", (unit,), None))
    return out


def _after(text: str, at: int, mentions: list[Mention]) -> tuple[Mention, ...]:
    """The units named one after another from `at` (Y、Z in 会同Y、Z进行…)."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda x: x.start):
        if m.start == at or (out and m.start == out[-1].end + 1 and text[out[-1].end] in "、和及与"):
            out.append(m)
    return tuple(out)


# a group a body sets up with its remit in the clause after it (乡里成立考核领导小组，对各村…实行全程跟踪管理); a
# clause of who leads it or sits in it (由副县长任组长, 下设办公室) is no remit
_SET_UP = re.compile(
    r"(?:成立|组建|设立)了?(?P<name>[\u4e00-\u9fff]{1,20}?"
    r"(?:领导小组|工作小组|工作专班|专班|指挥部|工作组|督导组|督查组|考核组|巡查组))[，,]"
    r"(?!由|以|下设|组长|副组长|成员|办公室设)"
)


_CHAINED = ("并", "还", "要", "将", "须", "也", "均", "再", "即", "同时", "及时", "迅速", "尽快")
_BARE_GROUPS = ("工作领导小组", "领导小组", "工作小组", "工作专班", "专班", "指挥部", "工作组")


def set_up(text: str, s: Sentence, in_s: list[Mention]) -> list[TaskHit]:
    """A group set up in the sentence holds the remit the clause after its name gives it, up to the next clause
    that opens with a unit of its own."""
    out = []
    starts = {x.start for x in in_s}
    for m in _SET_UP.finditer(text, s.start, s.end):
        a, b, name = m.start("name"), m.end("name"), m.group("name")
        head = text[_clause_start(text, s.start, m.start()) : m.start()]
        if is_collective(name) or name in _BARE_GROUPS or collectives(head):
            continue  # each of many setting one up (各乡镇均成立工作专班) holds its own: a group of none of them
        if not head or head.endswith(_CHAINED):
            continue  # 相关部门要…，并成立X专班，实行…: the setter goes on with its own duties
        unit = next((x for x in in_s if x.start == a and x.end == b), None)
        unit = unit or Mention(a, b, name, canonical(name), "department", name[-2:], False)
        end = m.end()
        while end < s.end and text[end] not in "；。" and not (text[end - 1] in "，," and end in starts):
            end += 1
        while end > m.end() and text[end - 1] in "，,；、 。":
            end -= 1
        if end - m.end() >= 4:
            out.append(TaskHit(a, end, "task", (unit,), None))
    return out


# after the subject's duty word, the bodies it works with: X要会同Y、Z…; X牵头，Y、Z等部门密切配合，…
_WITH = re.compile(r"(?:积极|主动|及时|切实)?会同")
_SUPPORT = re.compile(
    r"(?:等(?:部门|单位|相关部门|有关部门))?(?:密切|积极|全力|主动|共同|协同|通力)?(?:配合|协助|参与)"
)


def _partners(text: str, intent: re.Match[str], end: int, in_s: list[Mention]) -> tuple[Mention, ...]:
    """The bodies a subject's duty names beside it: after 会同 right behind its 要/将 (X要会同Y对…), or in the
    clause after its 牵头 that says they support it (X牵头，Y、Z等部门密切配合)."""
    at = intent.end()
    if intent.group() == "牵头":
        if text[at : at + 1] not in "，,":
            return ()
        partners = _after(text, at + 1, in_s)
        ok = partners and _SUPPORT.match(text, partners[-1].end, end)
        return partners if ok else ()
    w = _WITH.match(text, at, end)
    return _after(text, w.end(), in_s) if w else ()


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
