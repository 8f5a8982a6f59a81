"""Meetings (dated events that own the items after them) and who set a list: the speaker before it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from extract.meetings import (
    RELATIVE_DAYS,
    MeetingHit,
    find_form_meeting,
    find_headline_meeting,
    find_meetings,
    find_people,
    find_record_meeting,
    resolve_year,
    year_counts,
)
from extract.steps.rows import (
    Assembly,
    make_id,
    norm,
)
from extract.text import Paragraph

SPEAKER_VERB = re.compile(r"会议(?:要求|指出|强调|提出|明确)")


SPEAKER_WINDOW = 300  # who set a list is named within this many characters before it


def meetings(
    ctx: Assembly,
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
        for h in ctx.report.doc.article_paragraphs(article):
            headline = find_headline_meeting(h.text, body) if h.kind == "heading" else None
            mid = _meeting_row(ctx, h, headline, year, published, header_date) if headline else None
            if mid:
                found.append((h.index, 0, mid))
                break
    if not found and paras:
        # nor a headline: minutes laid out as a record: the meeting's name on a line, its date under a date label
        lines = ctx.report.doc.article_paragraphs(paras[0].article)
        record = find_record_meeting([h.text for h in lines])
        mid = _meeting_row(ctx, lines[record[0]], record[1], year, published, header_date) if record else None
        if record and mid:
            found.append((lines[record[0]].index, 0, mid))
    if not found and paras:
        # else a minutes form may give the date in a field (会议时间：…)
        shown = list(ctx.report.doc.article_paragraphs(paras[0].article))
        form = find_form_meeting([q.text for q in shown])
        mid = _meeting_row(ctx, shown[form[0]], form[1], year, published, header_date) if form else None
        if form and mid:
            found.append((shown[form[0]].index, form[1].start, mid))
    return found


def _meeting_date_of(
    ctx: Assembly, hit: MeetingHit, year: int | None, published: dt.date | None, header_date: dt.date | None
) -> dt.date | Literal[False] | None:
    """The meeting's date; None when unknown, False when the text gives an impossible date."""
    if hit.month is None:
        back = RELATIVE_DAYS.get(hit.relative or "")
        ref = published or header_date
        if hit.relative == "本月" and hit.day and ref:
            month_ago = ref.replace(day=1) - dt.timedelta(days=1)
            on = ref if hit.day <= ref.day else month_ago
            try:
                return on.replace(day=hit.day)
            except ValueError:
                return False
        return ref - dt.timedelta(days=back) if ref and back is not None else None
    y = resolve_year(
        hit.month,
        hit.year,
        config_year=year,
        config_date=published,
        header_date=header_date,
        title=hit.title,
        doc_text=ctx.report.doc.text,
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
    ctx: Assembly, hit: MeetingHit, year: int | None, published: dt.date | None, header: dt.date | None
) -> str:
    """Where a meeting's year came from: the text (or its page stamp), the config, or an assumption."""
    if hit.month is None or hit.year or header or re.search(r"(?:19|20)\d{2}年", hit.title):
        return "text"
    if year or published:
        return "config"
    return "text" if year_counts(ctx.report.doc.text) else "assumed"


_NEAR_STAMP = re.compile(
    r"(?:发布|发文|更新)(?:日期|时间)[：:]\s*((?:19|20)\d{2})[-/年](\d{1,2})[-/月](\d{1,2})"
)


def _stamp_before(ctx: Assembly, para: int, offset: int) -> dt.date | None:
    """The last labelled page stamp before a position, in its paragraph or the three before it."""
    for k in range(para, para - 4, -1):
        q = ctx.report.by_index.get(k)
        if q is None:
            continue
        found = list(_NEAR_STAMP.finditer(q.text, 0, offset if k == para else len(q.text)))
        if found:
            y, m, d = (int(x) for x in found[-1].groups())
            try:
                return dt.date(y, m, d)
            except ValueError:
                return None
    return None


def _meeting_row(
    ctx: Assembly,
    p: Paragraph,
    hit: MeetingHit,
    year: int | None,
    published: dt.date | None,
    header_date: dt.date | None,
) -> str | None:
    if hit.relative == "本月" and not published:
        # a day with no month: the page stamp nearest before it (发布日期：…) gives the month
        header_date = _stamp_before(ctx, p.index, hit.start) or header_date
    date = _meeting_date_of(ctx, hit, year, published, header_date)
    if date is False:
        return None
    when = f"{hit.month}-{hit.day}" if hit.month else hit.relative
    mid = make_id("m-", ctx.report.source_id, when, norm(hit.title), n=10)
    if mid in ctx.meeting_dates:
        return mid
    a, b, quote = ctx.report.span(p.index, hit.start, hit.end)
    ctx.meeting_dates[mid] = date or None
    ctx.out.meetings.append(
        {
            "meeting_id": mid,
            "source_id": ctx.report.source_id,
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


def speaker_before(ctx: Assembly, para: int, offset: int, people: dict[str, str]) -> str | None:
    """Who set a list: the nearest person or '会议' before it in this paragraph or the one before."""
    p = ctx.report.by_index[para]
    lo = max(0, offset - SPEAKER_WINDOW)
    places = [(p, lo, offset)]
    if offset < 3 and para - 1 in ctx.report.by_index:
        q = ctx.report.by_index[para - 1]
        places.append((q, max(0, len(q.text) - SPEAKER_WINDOW), len(q.text)))
    for q, a, b in places:
        found = ctx.report.persons.get(q.index)
        known = [x for x in found.overlapping(a, b) if a <= x.start and x.end <= b] if found else None
        who = speaker_in(q.text[a:b], people, None if known is None else [(x.end - a, x.full) for x in known])
        if who:
            return who
    return None


def speaker_in(t: str, people: dict[str, str], persons: list[tuple[int, str]] | None = None) -> str | None:
    """The person (with title) or '会议' named last in `t` as the one speaking (`persons`: those already found
    in `t`, as (end, full name))."""
    best: tuple[int, str] | None = None
    for end, full in persons if persons is not None else ((pp.end, pp.full) for pp in find_people(t)):
        best = (end, full) if best is None or end > best[0] else best
    for name, full in people.items():
        i = t.rfind(name)
        if i != -1 and (best is None or i + len(name) > best[0]):
            best = (i + len(name), full)
    for m in SPEAKER_VERB.finditer(t):
        if best is None or m.start() >= best[0]:
            best = (m.end(), "会议")
    for m in re.finditer(r"([\u4e00-\u9fff])(书记|镇长|县长|市长|区长|乡长|局长)(?:还|要求|强调|指出)", t):
        titled = next((f for n, f in people.items() if n.startswith(m.group(1)) and m.group(2) in f), None)
        if titled and (best is None or m.end() > best[0]):
            best = (m.end(), titled)
    return best[1] if best else None
