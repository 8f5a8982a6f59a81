"""Dates a report states: page stamps (发布时间：2018-10-22 21:34), signature dates, and deadlines (6月底前, 年底前,
上半年, 第三季度末, 3月上旬, 2024年12月, 完成时限：…), each resolved against the report's year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter

_CN = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
# A deadline: optional year, month, then day / part of month / end; or the year's end, halves and quarters.
_DEADLINE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})年)?"
    r"(?:(?:本[（(]\s*)?"
    + _MONTH
    + r"(?:\s*[)）])?月(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号]|(?P<part>上旬|中旬|下旬|底|末|中|初))?"
    r"|(?P<yearend>年底|年末|年内|全年|年终|年度内|当年|(?<=\d年)底|(?<=\d年)末)"
    r"|(?P<by_year>(?<=到\d{4}年)(?=[，,]))"  # 到2025年，…: by the end of that year
    r"|(?P<half>上半年|下半年|年中)"
    r"|第?(?P<q>[一二三四1-4])季度(?:末|底)?"
    r"|(?<![月\d])(?P<dd>3[01]|[12]\d|0?[1-9])日(?=前|之前|以前)"  # 17日前: a day of the month in view
    r"|(?<![\d/.])(?P<sm>1[0-2]|0?[1-9])/(?P<sd>3[01]|[12]\d|0?[1-9])(?![\d/])"  # 11/18: a slashed day
    r")"
    r"(?:[（(]\s*(?:星期|周)[一二三四五六日天]\s*[)）])?"  # 4月20日（星期五）前: the weekday between date and 前
    r"(?:(?:上午|下午|中午|晚上)?\s*\d{1,2}[:：]\d{2})?"  # 7月23日下午3:00前: the hour between date and 前
    r"(?P<before>前|之前|以前|内|止|底前|末前)?"
)
_DEADLINE_CUE = re.compile(r"(?:节点|期限|时限)(?:是|为)[：:]?$|截止(?:日期)?(?:是|为|到|至)?[：:]?$")
_RECURRING = re.compile(r"每(?:年|季度?|月|周|半年)")
# a day the work is to be finished on (确保在5月15日完成…): a deadline with no 前
_FINISH_CUE = re.compile(r"(?:确保|务必|必须|力争|争取|要|须|应)(?:在|于)$")
_FINISH = re.compile(r"(?:全部|全面|基本)?(?:完成|完工|建成|竣工|办结)")
# the end of a range that is a time for work to come (6月26日至6月30日将组织…, …至7月10日集中开展…)
_RANGE_TO = re.compile(r"\d[日号]\s*(?:至|到|—|～|~)\s*$")
# a day an event is set for, with a request in the sentence to be ready by then (订于本月17日看现场，请…派员参加;
# 11/18 副市长巡视…资料请先陈报): the day is the work's deadline
_EVENT_CUE = re.compile(r"(?:订于|定于|将于|拟于|会在|将在|分别于)(?:\d{2,3}年)?$|(?:^|[。；！？•·])\s*$")
_ASKED = re.compile(r"[^。；！？]{0,60}?请")
_RANGE_WORK = re.compile(r"[，,\s]*(?:将|要|须|需|拟|集中|开展|组织|进行|由)")
_STAMP = re.compile(
    r"(?:(?:发布|发表|发稿|发文|成文|公开|更新|印发)(?:时间|日期)\s*[：:]?\s*|时间\s*[：:]\s*)?"
    r"(?P<y>(?:19|20)\d{2})(?:-|/|年)(?P<m>[01]?\d)(?:-|/|月)(?P<d>[0-3]?\d)日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_LABELLED_STAMP = re.compile(
    r"(?:发布|发表|发稿|发文|成文|公开|更新|印发)(?:时间|日期)|^时间\s*[：:]|\d{1,2}:\d{2}"
)
_YEAR = re.compile(r"((?:19|20)\d{2})年")
# A dotted stamp alone on its line, day first or year first (13.02.2015 12:53, 2015.02.13), as page templates print
_DOTTED_STAMP = re.compile(
    r"(?:(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d{2})|(?P<y2>(?:19|20)\d{2})\.(?P<m2>[01]?\d)\.(?P<d2>[0-3]?\d))"
    r"(?P<time>\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _CN[text]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def closes_work(text: str, a: int, b: int) -> bool:
    """Whether the date at text[a:b] closes a time for work with no 前: a day the work is finished on (确保在5月15日
    完成), or the end of a range followed by the work to come (6月26日至6月30日将组织…)."""
    before = text[max(0, a - 6) : a]
    if _FINISH_CUE.search(before) and _FINISH.match(text, b):
        return True
    if _EVENT_CUE.search(before) and _ASKED.match(text, b):
        return True
    return bool(_RANGE_TO.search(before) and _RANGE_WORK.match(text, b))


def deadlines(text: str, year: int | None, month: int | None = None) -> list[tuple[int, int, dt.date]]:
    """Deadlines stated in `text` as (start, end, date); a month without a year takes `year`, a day without a
    month (17日前) takes `month` (none: not read).

    A month alone counts only with 前/底/末/旬/a day, or when the whole text is a deadline cell (see `due_cell`).
    Recurring times (每季度末, 每月20日前) are not deadlines.
    """
    out: list[tuple[int, int, dt.date]] = []
    for m in _DEADLINE.finditer(text):
        if not m.group():
            continue
        if _RECURRING.search(text[max(0, m.start() - 3) : m.start() + 1]):
            continue
        # a day named as the deadline (时间节点是4月30日, 截止4月30日) needs no 前
        cue = _DEADLINE_CUE.search(text[max(0, m.start() - 6) : m.start()])
        d = _resolve(m, year, strict=cue is None and not closes_work(text, m.start(), m.end()), month=month)
        if d:
            out.append((m.start(), m.end(), d))
    return out


def _resolve(m: re.Match[str], year: int | None, strict: bool, month: int | None = None) -> dt.date | None:
    y = int(m.group("y")) if m.group("y") else year
    if y is None:
        return None
    before, part = m.group("before"), m.group("part")
    try:
        if m.group("sd"):
            return None if strict else dt.date(y, int(m.group("sm")), int(m.group("sd")))
        if m.group("dd"):
            return dt.date(y, month, int(m.group("dd"))) if month else None
        if m.group("m"):
            month = _month(m.group("m"))
            if m.group("d"):
                if strict and not before:
                    return None  # '3月15日召开': a date, not a deadline
                return dt.date(y, month, int(m.group("d")))
            if part in ("上旬", "初"):
                return dt.date(y, month, 10)
            if part in ("中旬", "中"):
                return dt.date(y, month, 20)
            if strict and not (part or before or m.group("y")):
                return None
            return _month_end(y, month)
        if m.group("by_year") is not None:
            return dt.date(y, 12, 31)
        if m.group("yearend"):
            word = m.group("yearend")
            if strict and word in ("全年", "当年") and not before:
                return None
            return dt.date(y, 12, 31)
        if m.group("half"):
            return dt.date(y, 6, 30) if m.group("half") in ("上半年", "年中") else dt.date(y, 12, 31)
        if m.group("q"):
            q = int(m.group("q")) if m.group("q").isdigit() else _CN[m.group("q")]
            if strict and not (before or "末" in m.group() or "底" in m.group()):
                return None
            return _month_end(y, q * 3)
    except (ValueError, KeyError):
        return None
    return None


def latest_deadline(text: str, year: int | None) -> dt.date | None:
    """The last date by which the text says something is done (its staged deadlines' latest)."""
    found = [d for _a, _b, d in deadlines(text, year)]
    return max(found) if found else None


def stages(text: str, year: int | None) -> list[tuple[int, int, dt.date]]:
    """Staged deadlines in one item (A 7月底前全面完成，8月底前完成B): each stage as (start, end, date), a stage
    running up to the clause that states its deadline (clauses after the last one join it). Empty unless two
    stages have different dates."""
    out: list[tuple[int, int, dt.date]] = []
    start = 0
    for m in re.finditer(r"[^，；。]+[，；。]?", text):
        found = [d for _a, _b, d in deadlines(m.group(), year)]
        if found:
            out.append((start, m.end(), max(found)))
            start = m.end()
    if out and start < len(text):
        a, _b, d = out[-1]
        out[-1] = (a, len(text), d)
    return out if len({d for _a, _b, d in out}) >= 2 else []


def due_cell(text: str, year: int | None) -> dt.date | None:
    """The date of a deadline cell or label (12月底前, 9月投入使用, 全年, 2024年12月, 第三季度)."""
    best = None
    for m in _DEADLINE.finditer(text):
        if m.group() and not _RECURRING.search(text[max(0, m.start() - 3) : m.start() + 1]):
            d = _resolve(m, year, strict=False)
            if d and (best is None or d > best):
                best = d
    return best


def page_date(text: str) -> dt.date | None:
    """The page's own date: a labelled stamp (发布时间：…, 2018-10-22 21:34:14), a dotted stamp on its own line
    (13.02.2015 12:53) or a signature date on its own line; in a page pasted as one line, a stamp with its label
    or its time near the line's start."""
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if len(s) > 80:
            if found := _stamp_in_head(s[:STAMP_HEAD]):
                return found
            continue
        if d := _DOTTED_STAMP.fullmatch(s):
            return _dotted(d)
        for m in _STAMP.finditer(s):
            labelled = bool(_LABELLED_STAMP.search(s[max(0, m.start() - 8) : m.end()]))
            alone = m.start() == 0 and m.end() >= len(s.rstrip()) - 1 and "年" in m.group()
            if labelled or alone or "-" in m.group():
                try:
                    return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                except ValueError:
                    continue
    return None


STAMP_HEAD = 200  # a page pasted as one line has its stamp under the title, near the start


def _stamp_in_head(head: str) -> dt.date | None:
    """A stamp with its label or its clock time in the head of a long line (…会议13.02.2015 12:53 2月10日…)."""
    for d in _DOTTED_STAMP.finditer(head):
        if d.group("time") and (found := _dotted(d)):
            return found
    for m in _STAMP.finditer(head):
        if _LABELLED_STAMP.search(head[max(0, m.start() - 8) : m.end()]):
            try:
                return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
    return None


def _dotted(d: re.Match[str]) -> dt.date | None:
    y, mo, day = (d.group("y"), d.group("m"), d.group("d")) if d.group("y") else d.group("y2", "m2", "d2")
    try:
        return dt.date(int(y), int(mo), int(day))
    except ValueError:
        return None


def text_year(text: str) -> int | None:
    """The most frequent year written as 'YYYY年' (the latest among ties), or None."""
    years = Counter(int(y) for y in _YEAR.findall(text))
    if not years:
        return None
    top = max(years.values())
    return max(y for y, c in years.items() if c == top)
