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
