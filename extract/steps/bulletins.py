"""Praise and problem lists and verdict clauses: evidence rows about units and items, never commitments."""

from __future__ import annotations

import re

from extract.bulletins import (
    is_bulletin,
    is_problem_list,
    judged_groups,
    names_after,
    subject_names,
    verdict,
    verdict_label,
)
from extract.lists import (
    Item,
    ItemList,
    make_title,
)
from extract.spans import Spans
from extract.steps.reported import DEMAND_WORDS
from extract.steps.rows import (
    NO_MENTIONS,
    Article,
    Assembly,
    Found,
    make_id,
    meeting_for,
)
from extract.subjects import held_items
from extract.text import Paragraph, always
from extract.units import Mention
from tracker.cells import as_int


def verdict_list(ctx: Assembly, art: Article, lst: ItemList) -> bool:
    """A praise or problem list (一、红榜：A；B / 一是思想认识不平衡): never commitments; in a bulletin, or where an
    item names a unit, each name it gives becomes a bulletin evidence row."""
    texts = [ctx.report.by_index[it.para].text[it.start : it.end] for it in lst.items]
    if causes_before(ctx, lst.first) and not any(
        DEMAND_WORDS.search(it.title or t) for it, t in zip(lst.items, texts, strict=True)
    ):
        return True  # 总结…的原因，…反思。一是…；二是… / 体现出了几个特点。一是…: causes, problems, features
    head = _heading_before(ctx, lst.first)
    if head is not None and (said := verdict_label(head)):
        for it in lst.items:  # 一、红榜名单（6个） / 1.A村:…; 2.B村:…: each item names whom the label judges
            p = ctx.report.by_index[it.para]
            entry = re.match(
                r"(?:\d{1,3}[、.．]|[（(]\d{1,3}[)）])?\s*([^：:，。；]{2,20})[：:]",
                p.text[it.start : it.end],
            )
            a = it.start + entry.start(1) if entry else 0
            found = (a, a + len(entry.group(1))) if entry else None
            found = found or _leading_name(p, it, art.mentions.get(it.para, NO_MENTIONS))
            if found:  # 1.A村:… names A; 1、A村生活垃圾堆放较多 names the village it opens with
                _bulletin_row(ctx, art, p, found[0], found[1], said[0], quote=(it.start, it.end))
        return True
    labels = [verdict_label(t) for t in texts]
    if sum(1 for x in labels if x) * 2 >= len(texts):
        for it, lab in zip(lst.items, labels, strict=True):
            if lab:
                p = ctx.report.by_index[it.para]
                for n in names_after(p.text, it.start + lab[1], it.end):
                    _bulletin_row(ctx, art, p, n.start, n.end, lab[0], quote=(it.start, it.end))
        return True
    if not is_problem_list(texts):
        return False
    bulletin = is_bulletin(ctx.report.doc.text)
    for it in lst.items:
        p = ctx.report.by_index[it.para]
        name = _leading_name(p, it, art.mentions.get(it.para, NO_MENTIONS))
        if name or bulletin:
            a, b = name or (it.start, it.end)
            _bulletin_row(ctx, art, p, a, b, "criticised", quote=(it.start, it.end))
    return True


# what a list's lead-in says it lists: causes, lessons, problems that exist (总结…的原因，…进行反思。一是…;
# 存在的问题主要有：一是…), features or results seen (体现出了几个特点。一是…), suggestions a speaker makes
# (提出三点建议：一是建议…), with no
# measures, demands or suggestions after the word (存在问题及整改措施：, 针对问题，会议要求：)
_CAUSES = re.compile(
    r"原因|教训|反思|症结|存在[^，。；]{0,6}(?:问题|不足|差距|短板)|(?:问题|不足|差距|短板)(?:主要)?(?:有|是|表现在)"
    r"|特点|亮点|成效|经验|收获|提出[^，。；：]{0,8}建议"
)
_NOT_CAUSES = re.compile(r"措施|对策|建议|意见|要求|要|整改|办法|打算|思路|目标|任务")
CAUSE_LEAD = 40  # characters before a list's first item that may say what it lists


def causes_before(ctx: Assembly, first: Item) -> bool:
    """Whether the words right before a list (in its paragraph, up to CAUSE_LEAD characters, from the last
    sentence start) say it lists causes or problems, and nothing after that word asks for measures."""
    text = ctx.report.by_index[first.para].text
    lead = text[max(0, first.start - CAUSE_LEAD) : first.start]
    found = list(_CAUSES.finditer(lead))
    if not found or re.search(
        r"(?:针对|解决|围绕|就|对|关于|有关|研究|讨论)[^，。；]{0,20}$", lead[: found[-1].start()]
    ):
        return False  # 针对督查发现的问题，一是… / 关于…有关问题：一是…: what the rulings answer
    return not _NOT_CAUSES.search(lead, found[-1].end())


def _heading_before(ctx: Assembly, first: Item) -> str | None:
    """The short line right before a list that opens its paragraph (一、红榜名单（6个）), if any."""
    if first.start > 2:
        return None
    prev = ctx.report.by_index.get(first.para - 1)
    return prev.text.strip() if prev is not None and len(prev.text.strip()) <= 30 else None


_PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:村|社区|小区|居委会|路段|街|市场|学校|医院|广场|公园)")


def _leading_name(p: Paragraph, it: Item, mentions: Spans[Mention]) -> tuple[int, int] | None:
    """What a problem item is about: a unit at its start, or a village, road or market named first."""
    body = it.start + len(
        always(
            re.match(r"^(?:[一二三四五六七八九十]{1,3}[是、]|\d{1,3}[、.．])?", p.text[it.start :])
        ).group()
    )
    for m in mentions.starting_in(body, body + 2):
        return m.start, m.end
    place = _PLACE_NAME.match(p.text, body, it.end)
    return (place.start(), place.end()) if place else None


def _bulletin_row(
    ctx: Assembly, art: Article, p: Paragraph, a: int, b: int, said: str, quote: tuple[int, int] | None = None
) -> None:
    """One evidence row of kind 'bulletin': the unit (or item) named at [a, b) and what the report says of it."""
    qa, qb = quote or (a, b)
    while qb > qa and p.text[qb - 1] in "。，、 ":
        qb -= 1
    oa, ob, text = ctx.report.span(p.index, qa, qb)
    na, nb, name = ctx.report.span(p.index, a, b)
    unit = next(iter(art.mentions.get(p.index, NO_MENTIONS).overlapping(a, b)), None)
    uid = ctx.unit(unit) if unit else None
    mid = meeting_for(art.meetings, p.index, a)
    # the commitment the clause itself registers (由X负责的第4件…进展滞后): the verdict is about it
    held = next(
        (
            c["commitment_id"]
            for c in ctx.out.commitments
            if uid and c["unit_id"] == uid and oa <= as_int(c["char_start"]) and as_int(c["char_end"]) <= ob
        ),
        None,
    )
    ctx.out.evidence.append(
        {
            "evidence_id": make_id("e-", ctx.report.source_id, "bulletin", na, nb, said, n=16),
            "commitment_id": held,
            "unit_id": uid,
            "meeting_id": mid,
            "date": ctx.meeting_date(mid) or ctx.report.stamp,
            "kind": "bulletin",
            "hint": said,
            "figure_id": None,
            "score": None,
            "matched": name,
            "quote": text,
            "source_id": ctx.report.source_id,
            "char_start": oa,
            "char_end": ob,
            "source": "report",
        }
    )


def bulletin_sentences(ctx: Assembly, art: Article) -> None:
    """Verdicts in running text: '完成任务比较好的乡镇有：A、B' anywhere; in a bulletin, every clause that says an
    item or unit is done, in progress or late (A、B等项目已提前完成；由X负责的第4件…进展滞后)."""
    bulletin = is_bulletin(ctx.report.doc.text)
    for p in art.body:
        judged: list[tuple[int, int]] = []
        for said, names, (ja, jb) in judged_groups(p.text):
            judged.append((ja, jb))
            for n in names:
                _bulletin_row(ctx, art, p, n.start, n.end, said, quote=(ja, jb))
        if not bulletin:
            continue
        for s in p.sentences:
            pos = s.start
            for piece in s.text.split("；"):
                a, b = pos, pos + len(piece)
                pos = b + 1
                if any(pi == p.index and x < b and a < y for pi, x, y in ctx.skip) or any(
                    x < b and a < y for x, y in judged
                ):
                    continue
                clause_said = verdict(p.text[a:b])
                if clause_said is None:
                    continue
                units = art.mentions.get(p.index, NO_MENTIONS).starting_in(a, b)
                if units:
                    for m in units:
                        _bulletin_row(ctx, art, p, m.start, m.end, clause_said, quote=(a, b))
                    continue
                subj = subject_names(p.text[a:b])
                na, nb = (a + subj[0][0], a + subj[-1][1]) if subj else (a, b)
                _bulletin_row(ctx, art, p, na, nb, clause_said, quote=(a, b))


def held_lists(ctx: Assembly, art: Article) -> None:
    """A unit named with the items it holds and their status (巴州区有3（A、B、C）推进缓慢): the clause is that
    unit's task, whatever else the sentence says."""
    for p in art.body:
        for a, b, unit in held_items(p.text):
            item = Item(p.index, a, b, None, make_title(p.text[a:b]))
            ctx.add(Found(item=item, kind="task", meeting_id=art.meeting(item), unit=unit))
