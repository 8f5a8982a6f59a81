"""Deadline clauses: a clause that sets a date by which something is done (4月8日前全部翻耕到位, 要在六月底前进行验收,
必须在3月15号之前成立…, 到2025年，全市新增…) is a commitment due then, whether or not another step read its
sentence; two deadlines joined by 、 (6月底前开工、12月底前完工) are two clauses."""

from __future__ import annotations

import datetime as dt
import re

from extract.dates import closes_work, deadlines
from extract.lists import Item, make_title
from extract.spans import Spans
from extract.steps.rows import Article, Assembly, Found
from extract.text import Paragraph, Sentence
from tracker.cells import as_int

_CUT = "，；：。！？|\t"  # a tab or a bar parts the cells of a table line
# what may stand with a deadline in its clause and still say nothing of what is due (到2025年， / 要在年底前，)
_FILLER = re.compile(r"^[到至在于要须必需务争力确保将从起并且以及和同时全部，、|\s]*$")
# a date that is no deadline of what follows: a state at that date (截至6月底，已完成…), or work already done
_AS_OF = re.compile(r"(?:截至|截止到?目前|截止|至今|以来)\s*$")
_DONE = re.compile(r"已经?|均已|业已|完成了|办结了")
_DONE_BEFORE = 3  # 已于6月底前完成: 已 right before the deadline, or anywhere after it in the clause
_TO = re.compile(r"[到至]\s*$")
# a list marker opening the clause: the item's, not the clause's
_MARKER = re.compile(
    r"[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、是要]|\d{1,3}[、.．]"
)
# a clause after the deadline that only says by what the work is done (将根据X标准，…)
_BY_WHAT = re.compile(r"[，,\s]*(?:将|要|须|需)?(?:根据|按照|依照|依据|对照)[^，,；。]{1,20}$")
# who asks, before what is asked (要求各项目必须…): not part of the clause's title
_ASKS = re.compile(r"(?:会议|会上)?(?:要求|强调|指出|明确)[，：]?")
# a day with no month closing a time (17日前), and a month written before it
_BARE_DAY = re.compile(r"(?<![月\d])(?:3[01]|[12]\d|0?[1-9])日(?:之|以)?前")
_MONTH_WRITTEN = re.compile(r"(?<!\d)(1[0-2]|0?[1-9])月")
MONTH_REACH = 300  # how far back a month is looked for
CLAUSE_REACH = 200  # how far a clause may reach before or after its deadline
MIN_CLAUSE = 4  # characters of what is due, beyond the deadline itself


def deadline_clauses(ctx: Assembly, art: Article, paras: list[Paragraph] | None = None) -> None:
    """Each clause of a body sentence that states a deadline (with 前/之前/底前/内, 时间节点是…, or 到…年（底）) is a
    commitment due then, unless a commitment already quoting that clause is due then too; one inside another
    commitment is its child. `paras`: the article's body by default; its table lines once their rows are read."""
    held: Spans[tuple[int, int, str, object]] = Spans(
        (as_int(c["char_start"]), as_int(c["char_end"]), str(c["commitment_id"]), c["due_date"])
        for c in ctx.out.commitments
    )
    for p in art.body if paras is None else paras:
        for s in p.sentences:
            for a, b, t, due, at in clauses(p, s, _year(ctx, art, p, s), _month(ctx, art, p, s)):
                oa, ob = p.orig(a, b)
                da = p.orig(at, at + 1)[0]
                if any(h[3] == due for h in held.overlapping(da, da + 1)):
                    continue  # a commitment quoting the deadline is due then already
                around = held.containing(oa, ob)
                parent = min(around, key=lambda h: h[1] - h[0])[2] if around else None
                item = Item(p.index, a, b, None, make_title(p.text[t:b]))
                cid = ctx.add(
                    Found(item=item, kind="task", meeting_id=art.meeting(item), parent_id=parent, due=due)
                )
                held.add((oa, ob, cid, due))


def _year(ctx: Assembly, art: Article, p: Paragraph, s: Sentence) -> int | None:
    mid = art.meeting(Item(p.index, s.start, s.end, None, ""))
    d = ctx.meeting_date(mid) or ctx.report.reference
    return d.year if isinstance(d, dt.date) else None


def _month(ctx: Assembly, art: Article, p: Paragraph, s: Sentence) -> int | None:
    """The month a day with no month (17日前) falls in: the nearest month written before it (in the sentence or
    the text just before), else the month of the meeting or of the report's own date."""
    day = _BARE_DAY.search(p.text, s.start, s.end)
    if day is None:
        return None
    written = list(_MONTH_WRITTEN.finditer(p.text, max(0, s.start - MONTH_REACH), day.start()))
    if written:
        return int(written[-1].group(1))
    mid = art.meeting(Item(p.index, s.start, s.end, None, ""))
    d = ctx.meeting_date(mid) or ctx.report.stamp
    return d.month if isinstance(d, dt.date) else None


def clauses(
    p: Paragraph, s: Sentence, year: int | None, month: int | None = None
) -> list[tuple[int, int, int, dt.date, int]]:
    """The deadline clauses of a sentence as (start, end, title start, date, deadline start) view offsets: the clause holding each
    deadline (cut at 、 too when the next deadline follows in the same clause; without who asks it, 要求…), with
    the next clause when the deadline's own says nothing more (到2025年，全市…: titled by that next clause; never
    the next cell of a table line)."""
    text = p.text
    found = [
        (s.start + a, s.start + b, d)
        for a, b, d in deadlines(text[s.start : s.end], year, month)
        if _is_deadline(text, s.start + a, s.start + b)
    ]
    out: list[tuple[int, int, int, dt.date, int]] = []
    for k, (a, b, d) in enumerate(found):
        floor = max(s.start, a - CLAUSE_REACH)  # a clause is never longer: each look stays short
        lo = max([text.rfind(ch, floor, a) for ch in _CUT] + [floor - 1]) + 1
        if k and found[k - 1][1] > lo:
            lo = found[k - 1][1]  # the previous deadline's clause ends where this one's begins
            while lo < a and text[lo] in "、，和及 ":
                lo += 1
            if text[lo:a].strip() and "、" in text[lo:a]:
                lo = text.rfind("、", lo, a) + 1
        while lo < a and text[lo] in " “":
            lo += 1
        if marker := _MARKER.match(text, lo, a):
            lo = marker.end()
        if (asks := _ASKS.match(text, lo, a)) and asks.end() > lo:
            lo = asks.end()
        title = lo
        hi = _clause_end(text, b, s.end)
        if k + 1 < len(found) and found[k + 1][0] < hi:
            cut = text.rfind("、", b, found[k + 1][0])
            hi = cut if cut != -1 else found[k + 1][0]
        if _BY_WHAT.match(text, b, hi) and hi < s.end and text[hi] not in "|\t。；":
            hi = _clause_end(text, hi + 1, s.end)  # 将根据考评标准，组织…考评: the work is in the next clause
        if _FILLER.match(text[lo:a] + text[b:hi]) and hi < s.end and text[hi] not in "|\t":
            title = hi + 1  # the deadline alone in its clause: what follows is due
            hi = _clause_end(text, hi + 1, s.end)
        while hi > lo and text[hi - 1] in "，；、 。":
            hi -= 1
        if len(re.sub(r"\s", "", text[lo:a] + text[b:hi])) < MIN_CLAUSE or _done(text, lo, a, b, hi):
            continue
        out.append((lo, hi, min(title, hi), d, a))
    return out


def _done(text: str, lo: int, a: int, b: int, hi: int) -> bool:
    """Whether the clause reports the work done by then (已于6月底前完成, 6月底前已全部完成)."""
    return bool(_DONE.search(text, max(lo, a - _DONE_BEFORE), a) or _DONE.search(text, b, hi))


def _clause_end(text: str, at: int, end: int) -> int:
    end = min(end, at + CLAUSE_REACH)
    ends = [x for x in (text.find(ch, at, end) for ch in _CUT) if x != -1]
    return min(ends) if ends else end


def _is_deadline(text: str, a: int, b: int) -> bool:
    """A date that closes a time for the work (前, 之前, 底前, 内, 止; 时间节点是…; 到2025年底): no date something
    happens on (3月15日召开) or a state is counted at (截至6月底)."""
    before = text[max(0, a - 6) : a]
    if _AS_OF.search(before):
        return False
    m = text[a:b]
    if re.search(r"(?:前|之前|以前|内|止)$", m) or closes_work(text, a, b):
        return True
    if re.search(r"(?:节点|期限|时限)(?:是|为)[：:]?$|截止(?:日期)?(?:是|为|到|至)?[：:]?$", before):
        return True
    return bool(_TO.search(before)) and "年" in m
