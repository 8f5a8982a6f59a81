"""Assemble one report's rows: meetings, requirements → focus areas / list items, tasks → units, figures."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from extract.bulletins import (
    is_bulletin,
    is_problem_list,
    judged_groups,
    names_after,
    subject_names,
    verdict,
    verdict_label,
)
from extract.dates import due_cell, latest_deadline, page_date, stages, text_year
from extract.documents import attach as attach_document
from extract.figures import find_figures
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
    yao_runs,
)
from extract.meetings import (
    RELATIVE_DAYS,
    MeetingHit,
    Person,
    find_headline_meeting,
    find_meetings,
    find_people,
    parse_header_date,
    resolve_year,
    year_counts,
)
from extract.responsibility import Label, cell_units, is_label_paragraph, labels, leader_names
from extract.spans import Spans
from extract.tables import Cell, Table
from extract.tasks import continued_task, find_tasks
from extract.text import Document, Paragraph, segment
from extract.units import Gazetteer, Mention, collective_name, collectives, find_units, standard_body

Row = dict[str, object]
_AUTO = object()  # a commitment's due date read from its own quote
_SPEAKER_VERB = re.compile(r"会议(?:要求|指出|强调|提出|明确)")
_NO_MENTIONS: Spans[Mention] = Spans()
SPEAKER_WINDOW = 300  # who set a list is named within this many characters before it
LABEL_REACH = 160  # labels (牵头单位：…) that follow the last item of a list in its paragraph


@dataclass
class Extraction:
    """Everything found in one source, as rows for the database tables."""

    meetings: list[Row] = field(default_factory=list)
    commitments: list[Row] = field(default_factory=list)
    figures: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    commitment_units: list[Row] = field(
        default_factory=list
    )  # every unit holding a commitment, with its role
    units: dict[str, tuple[str, str, bool]] = field(
        default_factory=dict
    )  # name → (kind, subkind, in_gazetteer)
    evidence: list[Row] = field(
        default_factory=list
    )  # what bulletins say of units and items (kind 'bulletin')


def norm(text: str) -> str:
    """Text without white space, for ids that survive re-wrapping of lines."""
    return re.sub(r"\s+", "", text)


def _hash(prefix: str, *parts: object, n: int = 12) -> str:
    return prefix + hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:n]


@lru_cache(maxsize=65536)
def unit_id(name: str) -> str:
    """Stable id of a unit from its canonical name."""
    return _hash("u-", name, n=10)


class _Ctx:
    """Per-source state while assembling: the document, ids in use, offsets."""

    def __init__(self, doc: Document, source_id: str, gaz: Gazetteer) -> None:
        self.doc, self.source_id, self.gaz = doc, source_id, gaz
        self.by_index = {p.index: p for p in doc.paragraphs}
        self.used: Counter[str] = Counter()
        self.marker_items: set[str] = set()  # commitments from numbered lists and their clauses
        self.named_ends: set[tuple[int, int]] = set()  # where named lists end: their size is not a figure
        self.reference: dt.date | None = None  # the report's year when no meeting dates a commitment
        # the report's own date (config, header or page stamp), if it has one
        self.stamp: dt.date | None = None
        self.bodies: dict[str, str] = {}  # a listed body's full name → the name this report first gave it
        # praise and problem lists: (para, start, end); no tasks are read there
        self.skip: list[tuple[int, int, int]] = []
        self.meeting_dates: dict[str, dt.date | None] = {}
        self.persons: dict[int, Spans[Person]] = {}  # people with titles, per paragraph
        self.rows: dict[str, Row] = {}  # commitment rows by id
        # numbered and 要-run items as (start, end, id) in the source: lists and tasks inside them find them here
        self.requirements: Spans[tuple[int, int, str]] = Spans()
        self.out = Extraction()

    def span(self, para: int, start: int, end: int) -> tuple[int, int, str]:
        p = self.by_index[para]
        a, b = p.orig(start, end)
        return a, b, self.doc.text[a:b]

    def mark(self, cid: str) -> None:
        """A numbered or 要-run requirement: lists and tasks inside its quote belong to it."""
        r = self.rows[cid]
        self.marker_items.add(cid)
        self.requirements.add((int(r["char_start"]), int(r["char_end"]), cid))

    def unique(self, base: str) -> str:
        self.used[base] += 1
        return base if self.used[base] == 1 else f"{base}-{self.used[base]}"

    def unit(self, m: Mention) -> str:
        """The unit id of a mention; a listed body's forms (县人社局, 县人力资源和社会保障局) are one unit per report,
        named as the report first names it."""
        name = m.name
        body = None if m.in_gazetteer else standard_body(name)
        if body:
            name = self.bodies.setdefault(body, name)
        if not m.in_gazetteer:
            name = self.doc.as_written(name)
        self.out.units.setdefault(name, (m.kind, m.subkind, m.in_gazetteer))
        return unit_id(name)


def extract_text(
    text: str,
    source_id: str,
    gazetteer: Gazetteer,
    *,
    year: int | None = None,
    published: dt.date | None = None,
) -> Extraction:
    """Run every layer on one decoded report and return rows whose spans point into `text`."""
    doc = segment(text)
    gazetteer = gazetteer.for_text(text)
    ctx = _Ctx(doc, source_id, gazetteer)
    header_date = parse_header_date(doc.meta.get("date")) or page_date(text)
    ref = published or header_date
    ctx.stamp = ref
    if year:
        ctx.reference = dt.date(year, 1, 1)
    elif ref:
        ctx.reference = ref
    elif ty := text_year(text):
        ctx.reference = dt.date(ty, 1, 1)
    mentions: dict[int, Spans[Mention]] = {}
    for p in doc.body():
        mentions[p.index] = Spans(find_units(p.text, gazetteer), lambda m: m.start, lambda m: m.end)
        for m in mentions[p.index]:
            a, b, surface = ctx.span(p.index, m.start, m.end)
            ctx.out.mentions.append(
                {
                    "source_id": source_id,
                    "unit_id": ctx.unit(m),
                    "surface": surface,
                    "char_start": a,
                    "char_end": b,
                }
            )
    persons = {p.index: find_people(p.text) for p in doc.body()}
    ctx.persons = {k: Spans(v, lambda x: x.start, lambda x: x.end) for k, v in persons.items()}
    people = {pp.name: pp.full for found in persons.values() for pp in found}
    for article in sorted({p.article for p in doc.paragraphs if p.kind in ("body", "caption", "table")}):
        paras = [p for p in doc.article_paragraphs(article) if p.kind in ("body", "caption")]
        art = _Article(paras, _meetings(ctx, paras, year, published, header_date), mentions, people)
        art.tables = [p for p in doc.article_paragraphs(article) if p.kind == "table"]
        _lists(ctx, art)
        _tasks(ctx, art, _covered(ctx))
        _bulletin_sentences(ctx, art)
        _figures(ctx, art)
    for table, line_para in doc.tables:
        _table(ctx, table, line_para)
    if doc.traditional:
        _as_written(ctx)
    # items and figures outside any meeting belong to the document the report is (任务分解方案, 督办通知 …)
    attach_document(ctx.out.meetings, [ctx.out.commitments, ctx.out.figures], text, source_id, ctx.stamp)
    return ctx.out


def _as_written(ctx: _Ctx) -> None:
    """Names and titles in the report's own characters: a report in traditional characters gets its rows in them."""
    w = ctx.doc.as_written
    for rows, keys in (
        (ctx.out.commitments, ("title", "list_name", "addressee", "issued_by", "leader")),
        (ctx.out.meetings, ("title", "organizer")),
        (ctx.out.figures, ("label", "measure", "topic")),
        (ctx.out.evidence, ("matched",)),
    ):
        for r in rows:
            for k in keys:
                if isinstance(r.get(k), str):
                    r[k] = w(str(r[k]))


def _meetings(
    ctx: _Ctx,
    paras: list[Paragraph],
    year: int | None,
    published: dt.date | None,
    header_date: dt.date | None,
) -> list[tuple[int, int, str]]:
    """Meeting rows for one article; returns (para, offset, meeting_id) in text order."""
    found: list[tuple[int, int, str]] = []
    for p in paras:
        if p.kind != "body":
            continue
        for s in p.sentences:
            for hit in find_meetings(s.text, s.start):
                mid = _meeting_row(ctx, p, hit, year, published, header_date)
                if mid:
                    found.append((p.index, hit.start, mid))
    if not found and paras:
        # no dated sentence announces a meeting: the headline may ('…工作会议召开')
        article = paras[0].article
        body = [p.text for p in paras if p.kind == "body"]
        for h in ctx.doc.article_paragraphs(article):
            hit = find_headline_meeting(h.text, body) if h.kind == "heading" else None
            mid = _meeting_row(ctx, h, hit, year, published, header_date) if hit else None
            if mid:
                found.append((h.index, 0, mid))
                break
    return found


def _meeting_date_of(
    ctx: _Ctx, hit: MeetingHit, year: int | None, published: dt.date | None, header_date: dt.date | None
) -> dt.date | None | bool:
    """The meeting's date; None when unknown, False when the text gives an impossible date."""
    if hit.month is None:
        back = RELATIVE_DAYS.get(hit.relative or "")
        ref = published or header_date
        return ref - dt.timedelta(days=back) if ref and back is not None else None
    y = resolve_year(
        hit.month,
        hit.year,
        config_year=year,
        config_date=published,
        header_date=header_date,
        title=hit.title,
        doc_text=ctx.doc.text,
    )
    if y is None:
        # no year anywhere: the latest such day up to today, marked as assumed (date_source)
        today = dt.date.today()
        y = today.year - (1 if (hit.month, hit.day or 1) > (today.month, today.day) else 0)
    try:
        return dt.date(y, hit.month, hit.day or 1)
    except ValueError:
        return False


def _date_source(
    ctx: _Ctx, hit: MeetingHit, year: int | None, published: dt.date | None, header: dt.date | None
) -> str:
    """Where a meeting's year came from: the text (or its page stamp), the config, or an assumption."""
    if hit.month is None or hit.year or header or re.search(r"(?:19|20)\d{2}年", hit.title):
        return "text"
    if year or published:
        return "config"
    return "text" if year_counts(ctx.doc.text) else "assumed"


def _meeting_row(
    ctx: _Ctx,
    p: Paragraph,
    hit: MeetingHit,
    year: int | None,
    published: dt.date | None,
    header_date: dt.date | None,
) -> str | None:
    date = _meeting_date_of(ctx, hit, year, published, header_date)
    if date is False:
        return None
    when = f"{hit.month}-{hit.day}" if hit.month else hit.relative
    mid = _hash("m-", ctx.source_id, when, norm(hit.title), n=10)
    if mid in ctx.meeting_dates:
        return mid
    a, b, quote = ctx.span(p.index, hit.start, hit.end)
    ctx.meeting_dates[mid] = date or None
    ctx.out.meetings.append(
        {
            "meeting_id": mid,
            "source_id": ctx.source_id,
            "date": date,
            "date_source": _date_source(ctx, hit, year, published, header_date) if date else None,
            "title": hit.title,
            "organizer": hit.organizer,
            "quote": quote,
            "char_start": a,
            "char_end": b,
        }
    )
    return mid


def _meeting_for(meetings: list[tuple[int, int, str]], para: int, offset: int) -> str | None:
    """The latest meeting in the article at or before a position, else the article's first one."""
    k = bisect_right(meetings, (para, offset, "\uffff"))
    if k:
        return meetings[k - 1][2]
    return meetings[0][2] if meetings else None


def _speaker(ctx: _Ctx, para: int, offset: int, people: dict[str, str]) -> str | None:
    """Who set a list: the nearest person or '会议' before it in this paragraph or the one before."""
    p = ctx.by_index[para]
    lo = max(0, offset - SPEAKER_WINDOW)
    places = [(p, lo, offset)]
    if offset < 3 and para - 1 in ctx.by_index:
        q = ctx.by_index[para - 1]
        places.append((q, max(0, len(q.text) - SPEAKER_WINDOW), len(q.text)))
    for q, a, b in places:
        found = ctx.persons.get(q.index)
        known = [x for x in found.overlapping(a, b) if a <= x.start and x.end <= b] if found else None
        who = _speaker_in(
            q.text[a:b], people, None if known is None else [(x.end - a, x.full) for x in known]
        )
        if who:
            return who
    return None


def _speaker_in(t: str, people: dict[str, str], persons: list[tuple[int, str]] | None = None) -> str | None:
    """The person (with title) or '会议' named last in `t` as the one speaking (`persons`: those already found
    in `t`, as (end, full name))."""
    best: tuple[int, str] | None = None
    for end, full in persons if persons is not None else ((pp.end, pp.full) for pp in find_people(t)):
        best = (end, full) if best is None or end > best[0] else best
    for name, full in people.items():
        i = t.rfind(name)
        if i != -1 and (best is None or i + len(name) > best[0]):
            best = (i + len(name), full)
    for m in _SPEAKER_VERB.finditer(t):
        if best is None or m.start() >= best[0]:
            best = (m.end(), "会议")
    for m in re.finditer(r"([\u4e00-\u9fff])(书记|镇长|县长|市长|区长|乡长|局长)(?:还|要求|强调|指出)", t):
        full = next((f for n, f in people.items() if n.startswith(m.group(1)) and m.group(2) in f), None)
        if full and (best is None or m.end() > best[0]):
            best = (m.end(), full)
    return best[1] if best else None


def _due(quote: str, meeting_date: dt.date | None) -> dt.date | None:
    """The deadline stated in the quote itself (its latest: 3月底前…9月底前完成); None when the text gives none."""
    return latest_deadline(quote, meeting_date.year if meeting_date else None)


def _meeting_date(ctx: _Ctx, mid: str | None) -> dt.date | None:
    return ctx.meeting_dates.get(mid) if mid else None


def _add_commitment(
    ctx: _Ctx,
    *,
    item: Item,
    kind: str,
    meeting_id: str | None,
    parent_id: str | None,
    list_name: str | None,
    unit: Mention | None,
    addressee: str | None,
    issued_by: str | None,
    title: str | None = None,
    due: object = _AUTO,
    holders: list[tuple[Mention, str]] | None = None,
    leader: str | None = None,
) -> str:
    a, b, quote = ctx.span(item.para, item.start, item.end)
    holders = list(holders or [])
    if unit is None and not holders and addressee:
        # a collective addressee (各乡镇、各部门) holds the task as a group
        holders = [(_collective(ctx, item.para, addressee), "lead")]
    if unit is None and holders:
        unit = holders[0][0]
    elif unit is not None and not any(m.name == unit.name for m, _r in holders):
        holders.insert(0, (unit, "lead"))
    uname = unit.name if unit else ""
    title = _without_subject(title or item.title, [m.surface for m, _r in holders] + [addressee or ""])
    cid = ctx.unique(_hash("c-", ctx.source_id, list_name or "", norm(quote), uname))
    if due is _AUTO:
        due = _due(quote, _meeting_date(ctx, meeting_id) or ctx.reference)
    seen: set[str] = set()
    for m, role in holders:
        uid = ctx.unit(m)
        if uid in seen:
            continue
        seen.add(uid)
        role = "lead" if m is unit else ("responsible" if role == "lead" else role)
        ctx.out.commitment_units.append({"commitment_id": cid, "unit_id": uid, "role": role})
    ctx.rows[cid] = row = {
        "commitment_id": cid,
        "meeting_id": meeting_id,
        "parent_id": parent_id,
        "kind": kind,
        "ordinal": item.ordinal,
        "list_name": list_name,
        "title": title,
        "quote": quote,
        "unit_id": ctx.unit(unit) if unit else None,
        "addressee": addressee,
        "issued_by": issued_by,
        "leader": leader,
        "due_date": due,
        "due_source": "text" if due else None,
        "source_id": ctx.source_id,
        "char_start": a,
        "char_end": b,
    }
    ctx.out.commitments.append(row)
    return cid


_SUBJECT = re.compile(r"^(?P<who>[^，。；：“”]{2,14}?)(?:要|将|负责|牵头)(?!求)")


def _without_subject(title: str, holders: list[str]) -> str:
    """A title without the unit or group that holds it (各乡镇要压实责任 → 压实责任): they are its unit or addressee."""
    m = _SUBJECT.match(title)
    if not m or len(title) - m.end() < 4:
        return title
    who = m.group("who")
    return title[m.end() :] if any(h and (h in who or who in h) for h in holders) else title


def _addressed(p: Paragraph, item: Item, mentions: Spans[Mention]) -> tuple[Mention | None, str | None]:
    """A unit or collective named at the head of an item (四是各镇要…, 县统计局要…)."""
    head_end = item.start + 14
    for m in mentions.starting_in(item.start, head_end):
        if "要" in p.text[m.end : m.end + 6]:
            return m, None
    for _a, _b, t in collectives(p.text[item.start : head_end]):
        return None, t
    return None, None


@dataclass
class _Article:
    """One article's paragraphs with what the list and task passes share."""

    paras: list[Paragraph]
    meetings: list[tuple[int, int, str]]
    mentions: dict[int, Spans[Mention]]
    people: dict[str, str]
    tables: list[Paragraph] = field(default_factory=list)

    @property
    def body(self) -> list[Paragraph]:
        return [p for p in self.paras if p.kind == "body"]

    def meeting(self, item: Item) -> str | None:
        return _meeting_for(self.meetings, item.para, item.start)


def _lists(ctx: _Ctx, art: _Article) -> None:
    """All lists of one article: numbered ones first (they nest), then demand runs, parallel and named lists."""
    items_only = [p for p in art.body if not is_label_paragraph(p.text)]
    found: list[ItemList] = numbered_lists(items_only) + intro_lists(art.body)
    lists = [lst for lst in found if not _verdict_list(ctx, art, lst)]
    kept = {id(lst) for lst in lists}
    dropped = [lst for lst in found if id(lst) not in kept]
    named = [nl for p in art.body for nl in named_lists(p)]
    _marker_lists(ctx, art, lists)
    taken: dict[int, list[tuple[int, int]]] = {}
    for it in [it for lst in found + named for it in lst.items]:
        taken.setdefault(it.para, []).append((it.start, it.end))
    for it in [it for lst in dropped for it in lst.items]:
        ctx.skip.append((it.para, it.start, it.end))
    for p in art.body:
        _demand_lists(ctx, art, p, taken.setdefault(p.index, []))
    for lst in named:
        _named_list(ctx, art, lst, _parent_for(ctx, lst.first))


def _verdict_list(ctx: _Ctx, art: _Article, lst: ItemList) -> bool:
    """A praise or problem list (一、红榜：A；B / 一是思想认识不平衡): never commitments; in a bulletin, or where an
    item names a unit, each name it gives becomes a bulletin evidence row."""
    texts = [ctx.by_index[it.para].text[it.start : it.end] for it in lst.items]
    labels = [verdict_label(t) for t in texts]
    if sum(1 for x in labels if x) * 2 >= len(texts):
        for it, lab in zip(lst.items, labels, strict=True):
            if lab:
                p = ctx.by_index[it.para]
                for n in names_after(p.text, it.start + lab[1], it.end):
                    _bulletin_row(ctx, art, p, n.start, n.end, lab[0], quote=(it.start, it.end))
        return True
    if not is_problem_list(texts):
        return False
    bulletin = is_bulletin(ctx.doc.text)
    for it in lst.items:
        p = ctx.by_index[it.para]
        name = _leading_name(p, it, art.mentions.get(it.para, _NO_MENTIONS))
        if name or bulletin:
            a, b = name or (it.start, it.end)
            _bulletin_row(ctx, art, p, a, b, "criticised", quote=(it.start, it.end))
    return True


_PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:村|社区|小区|居委会|路段|街|市场|学校|医院|广场|公园)")


def _leading_name(p: Paragraph, it: Item, mentions: Spans[Mention]) -> tuple[int, int] | None:
    """What a problem item is about: a unit at its start, or a village, road or market named first."""
    body = it.start + len(
        re.match(r"^(?:[一二三四五六七八九十]{1,3}[是、]|\d{1,3}[、.．])?", p.text[it.start :]).group()
    )
    for m in mentions.starting_in(body, body + 2):
        return m.start, m.end
    m = _PLACE_NAME.match(p.text, body, it.end)
    return (m.start(), m.end()) if m else None


def _bulletin_row(
    ctx: _Ctx, art: _Article, p: Paragraph, a: int, b: int, said: str, quote: tuple[int, int] | None = None
) -> None:
    """One evidence row of kind 'bulletin': the unit (or item) named at [a, b) and what the report says of it."""
    qa, qb = quote or (a, b)
    while qb > qa and p.text[qb - 1] in "。，、 ":
        qb -= 1
    oa, ob, text = ctx.span(p.index, qa, qb)
    na, nb, name = ctx.span(p.index, a, b)
    unit = next(iter(art.mentions.get(p.index, _NO_MENTIONS).overlapping(a, b)), None)
    uid = ctx.unit(unit) if unit else None
    mid = _meeting_for(art.meetings, p.index, a)
    # the commitment the clause itself registers (由X负责的第4件…进展滞后): the verdict is about it
    held = next(
        (
            c["commitment_id"]
            for c in ctx.out.commitments
            if uid and c["unit_id"] == uid and oa <= int(c["char_start"]) and int(c["char_end"]) <= ob
        ),
        None,
    )
    ctx.out.evidence.append(
        {
            "evidence_id": _hash("e-", ctx.source_id, "bulletin", na, nb, said, n=16),
            "commitment_id": held,
            "unit_id": uid,
            "meeting_id": mid,
            "date": _meeting_date(ctx, mid) or ctx.stamp,
            "kind": "bulletin",
            "hint": said,
            "figure_id": None,
            "score": None,
            "matched": name,
            "quote": text,
            "source_id": ctx.source_id,
            "char_start": oa,
            "char_end": ob,
            "source": "report",
        }
    )


def _bulletin_sentences(ctx: _Ctx, art: _Article) -> None:
    """Verdicts in running text: '完成任务比较好的乡镇有：A、B' anywhere; in a bulletin, every clause that says an
    item or unit is done, in progress or late (A、B等项目已提前完成；由X负责的第4件…进展滞后)."""
    bulletin = is_bulletin(ctx.doc.text)
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
                said = verdict(p.text[a:b])
                if said is None:
                    continue
                units = art.mentions.get(p.index, _NO_MENTIONS).starting_in(a, b)
                if units:
                    for m in units:
                        _bulletin_row(ctx, art, p, m.start, m.end, said, quote=(a, b))
                    continue
                subj = subject_names(p.text[a:b])
                na, nb = (a + subj[0][0], a + subj[-1][1]) if subj else (a, b)
                _bulletin_row(ctx, art, p, na, nb, said, quote=(a, b))


def _marker_lists(ctx: _Ctx, art: _Article, lists: list[ItemList]) -> dict[int, str]:
    """Numbered and intro-counted lists, outer lists first so children can point at their parents."""
    names = intro_names(art.body)
    ids: dict[int, str] = {}
    for lst in sorted(lists, key=lambda x: (x.parent is not None, x.first.para, x.first.start)):
        name = lst.name or next(
            (n for (pi, off), n in names.items() if pi == lst.first.para and 0 <= lst.first.start - off <= 2),
            None,
        )
        parent_id = ids.get(id(lst.parent)) if lst.parent else None
        kind = "focus_area" if parent_id else "requirement"
        speaker = None if parent_id else _speaker(ctx, lst.first.para, lst.first.start, art.people)
        for k, it in enumerate(lst.items):
            p = ctx.by_index[it.para]
            unit, addressee = _addressed(p, it, art.mentions.get(it.para, _NO_MENTIONS))
            nxt = lst.items[k + 1] if k + 1 < len(lst.items) else None
            holders, leader, due = _item_labels(ctx, it, nxt)
            if holders:
                unit, addressee = None, None
            mid = art.meeting(it)
            ids[id(it)] = cid = _add_commitment(
                ctx,
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
                due=due if due else _AUTO,
            )
            ctx.mark(cid)
            _stages(ctx, it, cid, mid, unit, addressee)
            for child in semicolon_children(p, it):
                cu, ca = _addressed(p, child, art.mentions.get(it.para, _NO_MENTIONS))
                _add_commitment(
                    ctx,
                    item=child,
                    kind="focus_area",
                    meeting_id=mid,
                    parent_id=cid,
                    list_name=None,
                    unit=cu,
                    addressee=ca,
                    issued_by=None,
                )
    return ids


def _demand_lists(ctx: _Ctx, art: _Article, p: Paragraph, taken: list[tuple[int, int]]) -> None:
    """Unnumbered requirements: 'X强调，要A。要B。' runs and parallel actions (狠抓A、狠抓B、狠抓C)."""
    for lst in yao_runs(p, taken):
        speaker = _speaker(ctx, lst.first.para, lst.first.start, art.people)
        carried: tuple[Mention | None, str | None] = (None, None)
        for it in lst.items:
            unit, addressee = _addressed(p, it, art.mentions.get(it.para, _NO_MENTIONS))
            if unit is None and addressee is None:
                unit, addressee = carried  # '棉湖镇要A；要B': the subject carries over
            carried = (unit, addressee)
            cid = _add_commitment(
                ctx,
                item=it,
                kind="requirement",
                meeting_id=art.meeting(it),
                parent_id=None,
                list_name=None,
                unit=unit,
                addressee=addressee,
                issued_by=speaker,
            )
            ctx.mark(cid)
            _stages(ctx, it, cid, art.meeting(it), unit, addressee)
            taken.append((it.start, it.end))
    for lst in parallel_lists(p, taken):
        parent = _parent_for(ctx, lst.first)
        speaker = None
        if parent is None:
            speaker = _speaker(ctx, lst.first.para, lst.first.start, art.people)
            sent = p.sentence_at(lst.first.start)
            if speaker is None and sent:
                speaker = _speaker_in(sent.text, art.people)
        for it in lst.items:
            _add_commitment(
                ctx,
                item=it,
                kind="focus_area" if parent else "requirement",
                meeting_id=art.meeting(it),
                parent_id=parent,
                list_name=lst.name,
                unit=None,
                addressee=None,
                issued_by=speaker,
            )


def _stages(
    ctx: _Ctx, it: Item, cid: str, mid: str | None, unit: Mention | None, addressee: str | None
) -> None:
    """An item with staged deadlines (A 7月底前全面完成，8月底前完成B) is due at the latest; each stage is its
    child with its own deadline."""
    row = ctx.rows[cid]
    year = row["due_date"].year if row["due_date"] else (ctx.reference.year if ctx.reference else None)
    p = ctx.by_index[it.para]
    body = it.start + len(_MARKER.match(p.text, it.start).group())
    for k, (a, b, due) in enumerate(stages(p.text[body : it.end], year)):
        a, b = body + a, body + b
        while b > a and p.text[b - 1] in "，；。、 ":
            b -= 1
        _add_commitment(
            ctx,
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


_MARKER = re.compile(
    r"(?:[一二三四五六七八九十百]{1,4}[是要、]|第[一二三四五六七八九十]{1,3}[，、：]?|\d{1,4}[、.．]|[（(][^）)]{1,4}[）)])?要?"
)


def _parent_for(ctx: _Ctx, item: Item) -> str | None:
    """The innermost numbered or 要-run requirement whose quote holds an item (a list inside a requirement)."""
    a, b = ctx.by_index[item.para].orig(item.start, item.end)
    best: tuple[int, str] | None = None
    for ra, rb, cid in ctx.requirements.containing(a, b):
        if (ra, rb) != (a, b) and (best is None or rb - ra < best[0]):
            best = (rb - ra, cid)
    return best[1] if best else None


def _named_list(ctx: _Ctx, art: _Article, lst: ItemList, parent_id: str | None) -> None:
    """A named list (十大攻坚工程): focus areas inside a requirement, else projects owned by a unit."""
    kind = "focus_area" if parent_id else lst.kind
    mid = art.meeting(lst.first)
    unit = _list_owner(ctx, lst, art.paras, art.mentions, mid) if kind == "project" else None
    speaker = None if parent_id else _speaker(ctx, lst.first.para, lst.first.start, art.people)
    for it in lst.items:
        _add_commitment(
            ctx,
            item=it,
            kind=kind,
            meeting_id=mid,
            parent_id=parent_id,
            list_name=lst.name,
            unit=unit,
            addressee=None,
            issued_by=speaker,
        )
    ctx.named_ends.add((lst.items[-1].para, lst.items[-1].end))


def _list_owner(
    ctx: _Ctx, lst: ItemList, paras: list[Paragraph], mentions: dict[int, Spans[Mention]], mid: str | None
) -> Mention | None:
    """Who carries out a named project list: the sentence's subject, else the article's main department."""
    p = ctx.by_index[lst.first.para]
    sent = p.sentence_at(lst.first.start)
    if sent:
        subj = mentions.get(p.index, _NO_MENTIONS).starting_in(sent.start, lst.first.start)
        if subj:
            return subj[0]
    organizer = next((r["organizer"] for r in ctx.out.meetings if r["meeting_id"] == mid), None)
    if organizer:
        own = find_units(str(organizer), ctx.gaz)
        if own:
            return own[0]
    # a report about one department's work (教体局's 开学工作会) with no town in sight
    found = {m.name: m for q in paras for m in mentions.get(q.index, [])}
    departments = [m for m in found.values() if m.kind == "department"]
    if len(departments) == 1 and len(found) == 1:
        return departments[0]
    return None


def _covered(ctx: _Ctx) -> Spans[tuple[int, int, str, object]]:
    """Spans of numbered requirements (with their id and unit): a sentence inside one is a task only when
    another unit than the requirement's own is its subject (二要…。各乡镇要成立应急小分队)."""
    return Spans((a, b, cid, ctx.rows[cid]["unit_id"]) for a, b, cid in ctx.requirements)


def _tasks(ctx: _Ctx, art: _Article, covered: Spans[tuple[int, int, str, object]]) -> None:
    """Tasks and requests in sentences; inside a numbered requirement, only those of another unit (its child)."""
    anaphora: dict[str, Mention] = {}
    for p in art.body:
        ms = art.mentions.get(p.index, _NO_MENTIONS)
        last: tuple[Mention, ...] = ()  # the units of the paragraph's last task: a subjectless sentence's
        for s in p.sentences:
            a, b = p.orig(s.start, s.end)
            cover = next(iter(covered.overlapping(a, b)), None)
            if cover is None or (cover[0] <= a and b <= cover[1]):
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
                        if p.orig(hit.start, hit.end)[0] <= cover[0]:
                            continue  # the clause is the requirement's own head (二要县直各单位要…)
                        if _same_item_unnamed(ctx, *p.orig(hit.start, hit.end), hit.units):
                            continue  # already an item of the list, and these words name no unit of it
                        parent = cover[2]
                    item = Item(p.index, hit.start, hit.end, None, "")
                    item.title = make_title(p.text[hit.start : hit.end].strip("“”"))
                    mid = _meeting_for(art.meetings, p.index, s.start)
                    speaker = None
                    if hit.kind == "task":
                        found = ctx.persons.get(p.index)
                        known = (
                            [
                                (x.end - s.start, x.full)
                                for x in found.starting_in(s.start, hit.start)
                                if x.end <= hit.start
                            ]
                            if found
                            else None
                        )
                        speaker = _speaker_in(p.text[s.start : hit.start], art.people, known)
                        if speaker is None and _SPEAKER_VERB.match(p.text):
                            speaker = "会议"
                    for unit in hit.units or (None,):
                        _add_commitment(
                            ctx,
                            item=item,
                            kind=hit.kind,
                            meeting_id=mid,
                            parent_id=parent,
                            list_name=None,
                            unit=unit,
                            addressee=hit.addressee,
                            issued_by=speaker,
                        )
            for m in ms.starting_in(s.start, s.end):
                keys = ("该镇", "该乡", "该街道") if m.kind == "town" else ("该局", "该部门", "该单位")
                for k in keys:
                    anaphora[k] = m


def _same_item_unnamed(ctx: _Ctx, a: int, b: int, units: Sequence[Mention]) -> bool:
    """Whether an item with exactly this span exists already and the span names none of `units`."""
    if not any(r["char_start"] == a and r["char_end"] == b for r in ctx.rows.values()):
        return False
    return not any(m.surface in ctx.doc.text[a:b] for m in units)


def _figures(ctx: _Ctx, art: _Article) -> None:
    """Figures with the sentence they stand in, their meeting and the unit that is the sentence's subject."""
    first = art.paras or art.tables
    topic = ctx.doc.headline(first[0].article) if first else None
    for p in sorted(art.paras + art.tables, key=lambda q: q.index):
        for f in find_figures(p.text):
            if (p.index, f.start) in ctx.named_ends or (p.index, f.start - 1) in ctx.named_ends:
                continue  # the size of a named list (6个重点领域) is not a reported figure
            sent = p.sentence_at(f.start)
            unit = None
            if sent:
                subj = art.mentions.get(p.index, _NO_MENTIONS).starting_in(sent.start, f.start)
                unit = subj[0] if subj else None
            a, b, quote = ctx.span(p.index, f.start, f.end)
            sa, sb, _ = ctx.span(p.index, sent.start, sent.end) if sent else (a, b, quote)
            fid = ctx.unique(_hash("f-", ctx.source_id, norm(ctx.doc.text[sa:sb]), f.number_text))
            ctx.out.figures.append(
                {
                    "figure_id": fid,
                    "source_id": ctx.source_id,
                    "meeting_id": _meeting_for(art.meetings, p.index, f.start),
                    "unit_id": ctx.unit(unit) if unit else None,
                    "label": f.label,
                    "value": f.value,
                    "measure": f.measure,
                    "qualifier": f.qualifier,
                    "number_text": f.number_text,
                    "topic": topic,
                    "quote": ctx.doc.text[sa:sb],
                    "char_start": sa,
                    "char_end": sb,
                }
            )


def _collective(ctx: _Ctx, para: int, addressee: str) -> Mention:
    """The first group of a collective addressee (各园区、各乡镇（街道） → 各园区) as a unit."""
    found = collectives(addressee)
    first = re.split(r"[、和及与]", found[0][2])[0] if found else addressee
    p = ctx.by_index[para]
    at = p.text.find(first)
    start = max(at, 0)
    return Mention(start, start + len(first), first, collective_name(first), "collective", "各", False)


def _table(ctx: _Ctx, table: Table, line_para: dict[int, int]) -> None:
    """One commitment per task row: lead unit, other holders with their roles, leader and deadline."""
    year = ctx.reference.year if ctx.reference else None
    for row in table.rows:
        if row.task is None:
            continue
        holders: list[tuple[Mention, str]] = []
        for role in ("lead", "responsible", "support"):
            for cell in row.cells.get(role, []):
                for m in _cell_mentions(ctx, cell, line_para):
                    holders.append((m, role))
        leader = next((leader_names(c.text) for c in row.cells.get("leader", [])), None)
        due_text = " ".join(c.text for c in row.cells.get("due", []))
        due = due_cell(due_text, year) if due_text else None
        task = row.task
        para = line_para[task.line]
        item = Item(para, task.start, task.end, row.number, make_title(task.text))
        if due is None:
            due = _due(task.text, ctx.reference)
        lead = next((m for m, r in holders if r == "lead"), None) or (holders[0][0] if holders else None)
        cid = _add_commitment(
            ctx,
            item=item,
            kind="task",
            meeting_id=None,
            parent_id=None,
            list_name=None,
            unit=lead,
            addressee=None,
            issued_by=None,
            due=due,
            holders=holders,
            leader=leader,
        )
        for measure in row.cells.get("measures", []):
            _steps(ctx, measure, line_para, cid, lead, holders, leader)
        for sub, sub_due in row.subtasks:
            sp = line_para[sub.line]
            d = due_cell(sub_due.text, year) if sub_due else None
            _add_commitment(
                ctx,
                item=Item(sp, sub.start, sub.end, None, make_title(sub.text)),
                kind="task",
                meeting_id=None,
                parent_id=cid,
                list_name=None,
                unit=lead,
                addressee=None,
                issued_by=None,
                due=d if d else _AUTO,
                holders=holders,
                leader=leader,
            )


def _cell_mentions(ctx: _Ctx, cell: Cell, line_para: dict[int, int]) -> list[Mention]:
    para = line_para[cell.line]
    found = cell_units(cell.text, cell.start, ctx.gaz)
    for m in found:
        a, b, surface = ctx.span(para, m.start, m.end)
        ctx.out.mentions.append(
            {
                "source_id": ctx.source_id,
                "unit_id": ctx.unit(m),
                "surface": surface,
                "char_start": a,
                "char_end": b,
            }
        )
    return found


_STEP = re.compile(r"(?:^|(?<=[\s。；]))(?P<n>\d{1,2})[.．、](?=\S)")


def _steps(
    ctx: _Ctx,
    cell: Cell,
    line_para: dict[int, int],
    parent: str,
    lead: Mention | None,
    holders: list[tuple[Mention, str]],
    leader: str | None,
) -> None:
    """Numbered steps inside a measures cell (1.4月底前…；2.8月底前…): one child commitment each."""
    marks = []
    expected = 1
    for m in _STEP.finditer(cell.text):
        if int(m.group("n")) == expected:
            marks.append(m)
            expected += 1
    if len(marks) < 2:
        return
    para = line_para[cell.line]
    year = ctx.reference.year if ctx.reference else None
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(cell.text)
        while end > m.start() and cell.text[end - 1] in " 　；;":
            end -= 1
        body = cell.text[m.start() : end]
        _add_commitment(
            ctx,
            item=Item(para, cell.start + m.start(), cell.start + end, k + 1, make_title(body)),
            kind="focus_area",
            meeting_id=None,
            parent_id=parent,
            list_name=None,
            unit=lead,
            addressee=None,
            issued_by=None,
            due=latest_deadline(body, year),
            holders=holders,
            leader=leader,
        )


def _item_labels(
    ctx: _Ctx, it: Item, nxt: Item | None
) -> tuple[list[tuple[Mention, str]], str | None, dt.date | None]:
    """Holders, leader and deadline an item's labels give: （牵头单位：…） inside it, or label lines after it."""
    found: list[tuple[int, int, object]] = []
    p = ctx.by_index[it.para]
    last_in_para = nxt is None or nxt.para != it.para
    reach = min(len(p.text), it.end + LABEL_REACH) if last_in_para else it.end
    for lab in labels(p.text[it.start : reach]):
        found.append((it.para, it.start, lab))
    if last_in_para:
        k = it.para + 1
        while (
            k in ctx.by_index and ctx.by_index[k].kind == "body" and is_label_paragraph(ctx.by_index[k].text)
        ):
            found.extend((k, 0, lab) for lab in labels(ctx.by_index[k].text))
            k += 1
    holders: list[tuple[Mention, str]] = []
    leader: str | None = None
    due: dt.date | None = None
    year = ctx.reference.year if ctx.reference else None
    for para, offset, lab in found:
        assert isinstance(lab, Label)
        if lab.role in ("lead", "responsible", "support"):
            for m in _cell_mentions(
                ctx, Cell(-1, offset + lab.vstart, offset + lab.vend, lab.value), {-1: para}
            ):
                holders.append((m, lab.role))
        elif lab.role == "leader":
            leader = leader_names(lab.value)
        elif lab.role == "due":
            due = due_cell(lab.value, year)
    holders.sort(key=lambda h: {"lead": 0, "responsible": 1, "support": 2}[h[1]])
    return holders, leader, due
