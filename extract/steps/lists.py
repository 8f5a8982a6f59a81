"""Numbered, intro-counted, 要-run, parallel and named lists as requirements and focus areas, with their fields."""

from __future__ import annotations

import datetime as dt
import re

from extract.bulletins import is_problem_list
from extract.dates import due_cell, stages
from extract.lists import (
    Item,
    ItemList,
    intro_lists,
    intro_names,
    make_title,
    named_lists,
    numbered_lists,
    parallel_lists,
    semicolon_children,
)
from extract.meetings import only_noted
from extract.responsibility import Label, assignment, is_label_paragraph, labels, leader_names
from extract.spans import Spans
from extract.steps.bulletins import verdict_list
from extract.steps.meetings import speaker_before, speaker_in
from extract.steps.rows import (
    AUTO,
    NO_MENTIONS,
    Article,
    Assembly,
    Found,
    addressed,
    hold_shares,
)
from extract.steps.tables import cell_mentions
from extract.subjects import (
    assigned_tail,
    bracketed_duties,
    bracketed_owners,
    demands_to,
    heading_lead,
)
from extract.tables import Cell
from extract.text import Paragraph, always
from extract.titled import listed_names, titled_lists
from extract.units import Mention, find_units
from extract.yao import SAID_LINE, yao_runs

# a meeting's past discussion of topics: a named list after it is what was discussed, not work to do
_DISCUSSED = re.compile(r"(?:研究|讨论|听取|审议|学习)(?:讨论|研究)?了")
# a named list closed as problems (…等诸多问题, 等突出问题, 等不足)
_PROBLEMS_NAMED = re.compile(r"[”’]?等(?:诸多|一些|许多|突出|方面|方面的)?(?:问题|不足|短板|困难)")
PROBLEMS_REACH = 60  # how far after a named list its sentence may close it as problems
LABEL_REACH = 160  # labels (牵头单位：…) that follow the last item of a list in its paragraph


def lists(ctx: Assembly, art: Article) -> None:
    """All lists of one article: numbered ones first (they nest), then demand runs, parallel and named lists."""
    items_only = [p for p in art.body if not is_label_paragraph(p.text)]
    found: list[ItemList] = numbered_lists(items_only) + intro_lists(art.body)
    lists = [lst for lst in found if not verdict_list(ctx, art, lst)]
    kept = {id(lst) for lst in lists}
    dropped = [lst for lst in found if id(lst) not in kept]
    named = [nl for p in art.body for nl in named_lists(p) + titled_lists(p) + listed_names(p)]
    _marker_lists(ctx, art, lists)
    taken: dict[int, list[tuple[int, int]]] = {}
    for it in [it for lst in found + named for it in lst.items]:
        taken.setdefault(it.para, []).append((it.start, it.end))
    for it in [it for lst in dropped for it in lst.items]:
        ctx.skip.append((it.para, it.start, it.end))
    for p in art.body:
        _demand_lists(ctx, art, p, taken.setdefault(p.index, []))
    for lst in named:
        _named_list(ctx, art, lst, parent_for(ctx, lst.first))


def _marker_lists(ctx: Assembly, art: Article, lists: list[ItemList]) -> dict[int, str]:
    """Numbered and intro-counted lists, outer lists first so children can point at their parents."""
    names = intro_names(art.body)
    ids: dict[int, str] = {}
    parents = {id(lst.parent) for lst in lists if lst.parent}
    for lst in sorted(lists, key=lambda x: (x.parent is not None, x.first.para, x.first.start)):
        name = lst.name or next(
            (n for (pi, off), n in names.items() if pi == lst.first.para and 0 <= lst.first.start - off <= 2),
            None,
        )
        parent_id = ids.get(id(lst.parent)) if lst.parent else None
        kind = "focus_area" if parent_id else "requirement"
        speaker = None if parent_id else speaker_before(ctx, lst.first.para, lst.first.start, art.people)
        put_to = None if parent_id else _demands_to(ctx, art, lst.first)
        for k, it in enumerate(lst.items):
            p = ctx.report.by_index[it.para]
            if id(it) not in parents and only_noted(p.text[it.start : it.end]):
                ctx.skip.append((it.para, it.start, it.end))  # a report heard and noted: nobody is to act
                continue
            unit, addressee = addressed(p, it, art.mentions.get(it.para, NO_MENTIONS))
            if unit is None and addressee is None:
                unit = put_to
            nxt = lst.items[k + 1] if k + 1 < len(lst.items) else None
            holders, leader, due = _item_labels(ctx, it, nxt)
            if holders:
                unit, addressee = None, None
            mid = art.meeting(it)
            ids[id(it)] = cid = ctx.add(
                Found(
                    item=it,
                    kind=kind,
                    meeting_id=mid,
                    parent_id=parent_id,
                    list_name=name,
                    unit=unit,
                    addressee=addressee,
                    issued_by=speaker,
                    holders=holders,
                    leader=leader,
                    due=due if due else AUTO,
                )
            )
            ctx.mark(cid)
            hold_shares(ctx, it, cid, mid, holders)
            _stages(ctx, it, cid, mid, unit, addressee)
            for child in semicolon_children(p, it):
                cu, ca = addressed(p, child, art.mentions.get(it.para, NO_MENTIONS))
                ctx.add(
                    Found(
                        item=child,
                        kind="focus_area",
                        meeting_id=mid,
                        parent_id=cid,
                        list_name=None,
                        unit=cu,
                        addressee=ca,
                        issued_by=None,
                    )
                )
    return ids


def _demands_to(ctx: Assembly, art: Article, first: Item) -> Mention | None:
    """The unit a list's lead-in puts its demands to (他对X局做好…工作提出了三方面要求：), if it names one."""
    p = ctx.report.by_index[first.para]
    span = demands_to(p.text, first.start)
    found = art.mentions.get(first.para, NO_MENTIONS).starting_in(*span) if span else []
    head = ctx.report.by_index.get(first.para - 1)
    if not found and first.start == 0 and head is not None and (lead := heading_lead(head.text)):
        # the heading right above the list names the body that leads its items (一、X牵头工作（8项）)
        a, b = lead
        found = cell_mentions(ctx, Cell(-1, a, b, head.text[a:b]), {-1: head.index})[:1]
    return next(iter(found), None)


def _demand_lists(ctx: Assembly, art: Article, p: Paragraph, taken: list[tuple[int, int]]) -> None:
    """Unnumbered requirements: 'X强调，要A。要B。' runs and parallel actions (狠抓A、狠抓B、狠抓C)."""
    before = ctx.report.by_index.get(p.index - 1)  # the line before, a heading or not (王明要求)
    said_before = before is not None and bool(SAID_LINE.match(before.text))
    for lst in yao_runs(p, taken, said_before):
        speaker = speaker_before(ctx, lst.first.para, lst.first.start, art.people)
        carried: tuple[Mention | None, str | None] = (None, None)
        for it in lst.items:
            unit, addressee = addressed(p, it, art.mentions.get(it.para, NO_MENTIONS))
            if unit is None and addressee is None:
                unit, addressee = carried  # '棉湖镇要A；要B': the subject carries over
            carried = (unit, addressee)
            cid = ctx.add(
                Found(
                    item=it,
                    kind="requirement",
                    meeting_id=art.meeting(it),
                    parent_id=None,
                    list_name=None,
                    unit=unit,
                    addressee=addressee,
                    issued_by=speaker,
                )
            )
            ctx.mark(cid)
            _stages(ctx, it, cid, art.meeting(it), unit, addressee)
            taken.append((it.start, it.end))
    for lst in parallel_lists(p, taken):
        parent = parent_for(ctx, lst.first)
        speaker = None
        if parent is None:
            speaker = speaker_before(ctx, lst.first.para, lst.first.start, art.people)
            sent = p.sentence_at(lst.first.start)
            if speaker is None and sent:
                speaker = speaker_in(sent.text, art.people)
        for it in lst.items:
            ctx.add(
                Found(
                    item=it,
                    kind="focus_area" if parent else "requirement",
                    meeting_id=art.meeting(it),
                    parent_id=parent,
                    list_name=lst.name,
                    unit=None,
                    addressee=None,
                    issued_by=speaker,
                )
            )


def _stages(
    ctx: Assembly, it: Item, cid: str, mid: str | None, unit: Mention | None, addressee: str | None
) -> None:
    """An item with staged deadlines (A 7月底前全面完成，8月底前完成B) is due at the latest; each stage is its
    child with its own deadline."""
    item_due = ctx.rows[cid]["due_date"]
    year = (
        item_due.year
        if isinstance(item_due, dt.date)
        else (ctx.report.reference.year if ctx.report.reference else None)
    )
    p = ctx.report.by_index[it.para]
    body = it.start + len(always(_MARKER.match(p.text, it.start)).group())
    for k, (a, b, due) in enumerate(stages(p.text[body : it.end], year)):
        a, b = body + a, body + b
        while b > a and p.text[b - 1] in "，；。、 ":
            b -= 1
        ctx.add(
            Found(
                item=Item(it.para, a, b, k + 1, make_title(p.text[a:b])),
                kind="focus_area",
                meeting_id=mid,
                parent_id=cid,
                list_name=None,
                unit=unit,
                addressee=addressee,
                issued_by=None,
                due=due,
            )
        )


_MARKER = re.compile(
    r"(?:[一二三四五六七八九十百]{1,4}[是要、]|第[一二三四五六七八九十]{1,3}[，、：]?|\d{1,4}[、.．]|[（(][^）)]{1,4}[）)])?要?"
)


def parent_for(ctx: Assembly, item: Item) -> str | None:
    """The innermost numbered or 要-run requirement whose quote holds an item (a list inside a requirement)."""
    a, b = ctx.report.by_index[item.para].orig(item.start, item.end)
    best: tuple[int, str] | None = None
    for ra, rb, cid in ctx.requirements.containing(a, b):
        if (ra, rb) != (a, b) and (best is None or rb - ra < best[0]):
            best = (rb - ra, cid)
    return best[1] if best else None


def _named_list(ctx: Assembly, art: Article, lst: ItemList, parent_id: str | None) -> None:
    """A named list (十大攻坚工程): focus areas inside a requirement, else projects owned by a unit."""
    kind = "focus_area" if parent_id else lst.kind
    p = ctx.report.by_index[lst.first.para]
    clause = p.text[: lst.first.end]
    clause = clause[max(clause.rfind(c, 0, lst.first.start) for c in "，。；：") + 1 :]
    if kind == "project" and _DISCUSSED.search(clause):
        return  # topics a meeting discussed (研究讨论了A、B等五大类问题): done, not projects to carry out
    end = lst.items[-1].end
    rest = p.text[end : min([x for x in (p.text.find(ch, end) for ch in "。；") if x != -1] or [len(p.text)])]
    if _PROBLEMS_NAMED.search(rest[:PROBLEMS_REACH]) or is_problem_list(
        [p.text[i.start : i.end] for i in lst.items]
    ):
        return  # 存在着A不足、B不够健全…等诸多问题: problems named, not work to do
    mid = art.meeting(lst.first)
    unit = _list_owner(ctx, lst, art.paras, art.mentions, mid) if kind == "project" else None
    speaker = None if parent_id else speaker_before(ctx, lst.first.para, lst.first.start, art.people)
    for it in lst.items:
        ctx.add(
            Found(
                item=it,
                kind=kind,
                meeting_id=mid,
                parent_id=parent_id,
                list_name=lst.name,
                unit=unit,
                addressee=None,
                issued_by=speaker,
            )
        )
    ctx.named_ends.add((lst.items[-1].para, lst.items[-1].end))


def _list_owner(
    ctx: Assembly, lst: ItemList, paras: list[Paragraph], mentions: dict[int, Spans[Mention]], mid: str | None
) -> Mention | None:
    """Who carries out a named project list: the sentence's subject, else the article's main department."""
    p = ctx.report.by_index[lst.first.para]
    sent = p.sentence_at(lst.first.start)
    if sent:
        subj = mentions.get(p.index, NO_MENTIONS).starting_in(sent.start, lst.first.start)
        if subj:
            return subj[0]
    organizer = next((r["organizer"] for r in ctx.out.meetings if r["meeting_id"] == mid), None)
    if organizer:
        own = find_units(str(organizer), ctx.report.gaz)
        if own:
            return own[0]
    # a report about one department's work (教体局's 开学工作会) with no town in sight
    found = {m.name: m for q in paras for m in mentions.get(q.index, [])}
    departments = [m for m in found.values() if m.kind == "department"]
    if len(departments) == 1 and len(found) == 1:
        return departments[0]
    return None


def _item_labels(
    ctx: Assembly, it: Item, nxt: Item | None
) -> tuple[list[tuple[Mention, str]], str | None, dt.date | None]:
    """Holders, leader and deadline an item's labels give: （牵头单位：…） inside it, or label lines after it."""
    found: list[tuple[int, int, Label]] = []
    p = ctx.report.by_index[it.para]
    last_in_para = nxt is None or nxt.para != it.para
    reach = min(len(p.text), it.end + LABEL_REACH) if last_in_para else it.end
    for lab in labels(p.text[it.start : reach]):
        found.append((it.para, it.start, lab))
    if last_in_para:
        k = it.para + 1
        while (
            k in ctx.report.by_index
            and ctx.report.by_index[k].kind == "body"
            and is_label_paragraph(ctx.report.by_index[k].text)
        ):
            found.extend((k, 0, lab) for lab in labels(ctx.report.by_index[k].text))
            k += 1
        if k in ctx.report.by_index and ctx.report.by_index[k].kind == "body" and it.end - it.start <= 40:
            found.extend((k, 0, lab) for lab in assignment(ctx.report.by_index[k].text))
    holders: list[tuple[Mention, str]] = []
    leader: str | None = None
    due: dt.date | None = None
    year = ctx.report.reference.year if ctx.report.reference else None
    for para, offset, lab in found:
        if lab.role in ("lead", "responsible", "support"):
            for m in cell_mentions(
                ctx, Cell(-1, offset + lab.vstart, offset + lab.vend, lab.value), {-1: para}
            ):
                holders.append((m, lab.role))
        elif lab.role == "leader":
            leader = leader_names(lab.value)
        elif lab.role == "due":
            due = due_cell(lab.value, year)
    if not holders:
        p = ctx.report.by_index[it.para]
        tail = bracketed_owners(p.text, it.start, it.end)
        if tail:
            a, b = tail
            holders = [
                (m, "responsible") for m in cell_mentions(ctx, Cell(-1, a, b, p.text[a:b]), {-1: it.para})
            ]
        elif duties := bracketed_duties(p.text, it.start, it.end):
            for a, b, role in duties:
                holders += [(m, role) for m in cell_mentions(ctx, Cell(-1, a, b, p.text[a:b]), {-1: it.para})]
        elif (owner := assigned_tail(p.text, it.start, it.end)) is not None:
            holders = [(owner, "lead")]
    holders.sort(key=lambda h: {"lead": 0, "responsible": 1, "support": 2}[h[1]])
    return holders, leader, due
