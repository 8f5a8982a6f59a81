"""Tasks in sentences (a unit as the subject of a duty) and figures with the sentence they stand in."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence

from extract.figures import find_figures
from extract.lists import (
    Item,
    make_title,
)
from extract.spans import Spans
from extract.steps.meetings import SPEAKER_VERB, speaker_in
from extract.steps.rows import (
    NO_MENTIONS,
    Article,
    Assembly,
    Found,
    make_id,
    meeting_for,
    norm,
)
from extract.subjects import office_at, quoted_charges, requested
from extract.tasks import asked_groups, continued_task, find_tasks
from extract.text import Paragraph, Sentence
from extract.units import Mention
from tracker.cells import as_int


def covered(ctx: Assembly) -> Spans[tuple[int, int, str, object]]:
    """Spans of numbered requirements (with their id and unit): a sentence inside one is a task only when
    another unit than the requirement's own is its subject (二要…。各乡镇要成立应急小分队)."""
    return Spans((a, b, cid, ctx.rows[cid]["unit_id"]) for a, b, cid in ctx.requirements)


def tasks(ctx: Assembly, art: Article, covered: Spans[tuple[int, int, str, object]]) -> None:
    """Tasks and requests in sentences; inside a numbered requirement, only those of another unit (its child)."""
    anaphora: dict[str, Mention] = {}
    for p in art.body:
        ms = art.mentions.get(p.index, NO_MENTIONS)
        last: tuple[Mention, ...] = ()  # the units of the paragraph's last task: a subjectless sentence's
        for s, cover in _within_requirements(p, covered):
            hits = find_tasks(p, s, ms, anaphora, demanded=cover is not None)
            if not hits and cover is None and last and not ms.starting_in(s.start, s.end):
                hits = continued_task(p, s, last)
            for hit in hits:
                if hit.units:
                    last = hit.units
                parent = None
                if cover is not None:
                    own = {ctx.unit(m) for m in hit.units}
                    if hit.kind != "task" or (not own and not hit.addressee) or own == {cover[3]}:
                        continue
                    if own and own <= _holders(ctx, cover[2]):
                        continue  # the requirement's own owners, named in its closing bracket
                    if p.orig(hit.start, hit.end)[0] <= cover[0]:
                        continue  # the clause is the requirement's own head (二要县直各单位要…)
                    if _same_item_unnamed(ctx, *p.orig(hit.start, hit.end), hit.units):
                        continue  # already an item of the list, and these words name no unit of it
                    parent = cover[2]
                item = Item(p.index, hit.start, hit.end, None, "")
                item.title = make_title(p.text[hit.start : hit.end].strip("“”"))
                mid = meeting_for(art.meetings, p.index, s.start)
                speaker = None
                if hit.kind == "task":
                    found = ctx.report.persons.get(p.index)
                    known = (
                        [
                            (x.end - s.start, x.full)
                            for x in found.starting_in(s.start, hit.start)
                            if x.end <= hit.start
                        ]
                        if found
                        else None
                    )
                    speaker = speaker_in(p.text[s.start : hit.start], art.people, known)
                    if speaker is None and SPEAKER_VERB.match(p.text):
                        speaker = "会议"
                for unit in hit.units or (None,):
                    ctx.add(
                        Found(
                            item=item,
                            kind=hit.kind,
                            meeting_id=mid,
                            parent_id=parent,
                            list_name=None,
                            unit=unit,
                            addressee=hit.addressee,
                            issued_by=speaker,
                        )
                    )
            for m in ms.starting_in(s.start, s.end):
                keys = ("该镇", "该乡", "该街道") if m.kind == "town" else ("该局", "该部门", "该单位")
                for k in keys:
                    anaphora[k] = m


def _within_requirements(
    p: Paragraph, covered: Spans[tuple[int, int, str, object]]
) -> Iterator[tuple[Sentence, tuple[int, int, str, object] | None]]:
    """The paragraph's sentences with the numbered requirement holding each; a sentence that runs over several
    requirements (会议要求，一要…，X要…；二要…。 written as one sentence) is cut into the piece inside each one,
    so a clause of another unit inside any of them is still read. Text outside every requirement is skipped."""
    for s in p.sentences:
        a, b = p.orig(s.start, s.end)
        covers = covered.overlapping(a, b)
        if not covers:
            yield s, None
        elif covers[0][0] <= a and b <= covers[0][1]:
            yield s, covers[0]
        else:
            for cover in covers:
                va = max(bisect_left(p.pos, cover[0]), s.start)
                vb = min(bisect_left(p.pos, cover[1]), s.end)
                if vb - va >= 4:
                    yield Sentence(va, vb, p.text[va:vb]), cover


def _holders(ctx: Assembly, cid: str) -> set[str]:
    return {str(r["unit_id"]) for r in ctx.out.commitment_units if r["commitment_id"] == cid}


def _same_item_unnamed(ctx: Assembly, a: int, b: int, units: Sequence[Mention]) -> bool:
    """Whether an item with exactly this span exists already and the span names none of `units`."""
    if not any(r["char_start"] == a and r["char_end"] == b for r in ctx.rows.values()):
        return False
    return not any(m.surface in ctx.report.doc.text[a:b] for m in units)


def figures(ctx: Assembly, art: Article) -> None:
    """Figures with the sentence they stand in, their meeting and the unit that is the sentence's subject."""
    first = art.paras or art.tables
    topic = ctx.report.doc.headline(first[0].article) if first else None
    for p in sorted(art.paras + art.tables, key=lambda q: q.index):
        for f in find_figures(p.text):
            if (p.index, f.start) in ctx.named_ends or (p.index, f.start - 1) in ctx.named_ends:
                continue  # the size of a named list (6个重点领域) is not a reported figure
            sent = p.sentence_at(f.start)
            unit = None
            if sent:
                subj = art.mentions.get(p.index, NO_MENTIONS).starting_in(sent.start, f.start)
                unit = subj[0] if subj else None
            a, b, quote = ctx.report.span(p.index, f.start, f.end)
            sa, sb, _ = ctx.report.span(p.index, sent.start, sent.end) if sent else (a, b, quote)
            fid = ctx.unique(
                make_id("f-", ctx.report.source_id, norm(ctx.report.doc.text[sa:sb]), f.number_text)
            )
            ctx.out.figures.append(
                {
                    "figure_id": fid,
                    "source_id": ctx.report.source_id,
                    "meeting_id": meeting_for(art.meetings, p.index, f.start),
                    "unit_id": ctx.unit(unit) if unit else None,
                    "label": f.label,
                    "value": f.value,
                    "measure": f.measure,
                    "qualifier": f.qualifier,
                    "number_text": f.number_text,
                    "topic": topic,
                    "quote": ctx.report.doc.text[sa:sb],
                    "char_start": sa,
                    "char_end": sb,
                }
            )


def requests(ctx: Assembly, art: Article) -> None:
    """A clause that asks or orders units to act (请X于…前…, 请X与Y研究…, 责成X…, 督促X…) is a task of each unit
    asked, unless a task of that unit already quotes it."""
    held = _held_by_unit(ctx)
    for p in art.body:
        for a, b, units in requested(p.text, list(art.mentions.get(p.index, NO_MENTIONS))):
            _give(ctx, art, held, p, a, b, units)
        # a collective asked to act (要求各村…, 请各参会单位…) holds the clause as a group, unless a task quotes it
        for a, b, group in asked_groups(p.text):
            if not held.overlapping(*p.orig(a, b)):
                item = Item(p.index, a, b, None, make_title(p.text[a:b]))
                ctx.add(Found(item=item, kind="task", meeting_id=art.meeting(item), addressee=group))


def charges(ctx: Assembly, art: Article) -> None:
    """A quoted item with the bodies in charge of it named before it (A、B负责的“…”) is a task of each of them,
    unless a task of that unit already quotes it."""
    held = _held_by_unit(ctx)
    for p in art.body:
        for a, b, units in quoted_charges(p.text, list(art.mentions.get(p.index, NO_MENTIONS))):
            _give(ctx, art, held, p, a, b, units)


def _held_by_unit(ctx: Assembly) -> Spans[tuple[int, int, object]]:
    """The spans the commitments so far quote, each with its unit: what a unit already holds."""
    return Spans((as_int(c["char_start"]), as_int(c["char_end"]), c["unit_id"]) for c in ctx.out.commitments)


def _give(
    ctx: Assembly,
    art: Article,
    held: Spans[tuple[int, int, object]],
    p: Paragraph,
    a: int,
    b: int,
    units: list[Mention],
) -> None:
    """The clause a..b of p as a task of each unit, unless a task of that unit already quotes it."""
    oa, ob = p.orig(a, b)
    have = {u for _x, _y, u in held.overlapping(oa, ob)}
    item = Item(p.index, a, b, None, make_title(p.text[a:b]))
    for unit in units:
        if ctx.unit(unit) not in have:
            ctx.add(Found(item=item, kind="task", meeting_id=art.meeting(item), unit=unit))


# what makes a clause's words a demand: who asks or stresses, or a duty word, earlier in its sentence
# (a leader's 批示/指示 followed by its words: 做出批示：“X局认真抓紧整改…”)
_DEMAND_CUE = re.compile(r"要求|强调|指出|要(?![求素闻点])|(?:批示|指示)(?=[：:，,]“?)")
_AS_NOUN = re.compile(
    r"根据|按照|依据|遵照|的"
)  # 根据县委的部署要求，…: 要求 as what was asked before, no demand


def _demands(text: str, a: int, b: int) -> bool:
    """Whether text[a:b] demands what follows it: 要 or 要求 in a clause that is no 根据…要求, or 强调/指出 with no
    ；between it and the end (市政府…强调…；市审计局… reports what another did)."""
    for m in _DEMAND_CUE.finditer(text, a, b):
        clause = text[max(text.rfind(ch, a, m.start()) for ch in "，；：。") + 1 : m.start()]
        if m.group() == "要求" and _AS_NOUN.search(clause):
            continue
        if m.group() in ("强调", "指出") and "；" in text[m.end() : b]:
            continue
        return True
    return False


def offices(ctx: Assembly, art: Article) -> None:
    """An office named at a clause start with the work it is to do (二要…，镇应急办加强对各村物资的检查；
    要求…；资助中心根据…做好…) holds the clause up to its 。 or ；, when the clause is inside a numbered demand or
    its sentence demands before it; a unit that already holds the words keeps them."""
    holders: dict[object, set[object]] = {}
    for u in ctx.out.commitment_units:
        holders.setdefault(u["commitment_id"], set()).add(u["unit_id"])
    held = Spans(
        (as_int(c["char_start"]), as_int(c["char_end"]), u)
        for c in ctx.out.commitments
        for u in holders.get(c["commitment_id"], {c["unit_id"]})
    )
    for p in art.body:
        for s in p.sentences:
            for i in range(s.start, s.end):
                if i > s.start and p.text[i - 1] not in "，；：" and p.text[i - 2 : i] not in ("：“", "，“"):
                    continue  # a clause opens after a comma, a colon, or the quote of the words asked (批示：“…)
                before = p.text[s.start : i]
                if before.count("（") + before.count("(") > before.count("）") + before.count(")"):
                    continue  # an owner bracket (（A牵头，B配合）) is read with its item
                office = office_at(p.text, i)
                if office is None or "已" in p.text[max(s.start, i - 2) : office.end + 2]:
                    continue
                end = i
                while end < s.end and p.text[end] not in "；。！？":
                    end += 1
                a, b = p.orig(i, end)
                cover = next((c for c in ctx.requirements.overlapping(a, b) if c[0] <= a and b <= c[1]), None)
                if cover is not None and not _demands(ctx.report.doc.text, cover[0], a):
                    cover = None  # a numbered item that demands nothing before the clause (a report of work)
                if cover is None and not _demands(p.text, s.start, i):
                    continue
                known = art.mentions.get(p.index, NO_MENTIONS).starting_in(office.start, office.start + 1)
                office = known[0] if known else office  # the unit finder's reading (a gazetteer's name) first
                na, nb = p.orig(office.start, office.end)
                if any(
                    u is not None and (cover is None or (x, y) != cover[:2])
                    for x, y, u in held.overlapping(na, nb)
                ):
                    continue  # another step gave these words their holder
                item = Item(p.index, i, end, None, make_title(p.text[i:end]))
                parent = cover[2] if cover else None
                ctx.add(
                    Found(item=item, kind="task", meeting_id=art.meeting(item), parent_id=parent, unit=office)
                )
