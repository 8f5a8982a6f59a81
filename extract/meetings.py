"""Recognise meetings (date + 召开/举行 + …会/会议) and the people who speak at them."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

DATE_RE = re.compile(
    # '2月27,' or '7月26上午' with 日 left out before a comma or the time of day is the same day; '1 月 18 日'
    # with spaces as a PDF's text has them
    r"(?:(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>1[0-2]|0?[1-9]|元) ?月 ?(?P<d>3[01]|[12]\d|0?[1-9]) ?(?:[日号]|(?=[,，]|上午|下午))"
    r"|(?P<rel>近日|日前|近期|今天|今日|今晚|今早|昨天|昨日|昨晚|前天|前日)"
    # '21日上午' with no month: a day of the page's month (or the month before)
    r"|(?<![月\d])(?P<dd>3[01]|[12]\d|0?[1-9])日(?=上午|下午|晚上|晚间|中午|早上))"
    r"(?:上午|下午|晚上|晚间|晚|早上|早晨|早|中午|傍晚|一大早)?"
)
# Days before the reference (publication) date for relative dates; None: a recent day, date unknown.
RELATIVE_DAYS = {
    "今天": 0,
    "今日": 0,
    "今晚": 0,
    "今早": 0,
    "昨天": 1,
    "昨日": 1,
    "昨晚": 1,
    "前天": 2,
    "前日": 2,
    "近日": None,
    "近期": None,
    "日前": None,
    "本月": None,  # a day with no month (21日上午): the month comes from the reference date
}
# a space beside a number is a PDF's (召开 2018 年安全生产工作会); a quoted slogan may hold a comma
_TITLE = r"(?:[^，。；：、！？“”（）\s]|(?<=\d) | (?=\d)|（[^（）。，]{1,8}）|“[^“”。；]{1,20}”){2,40}?(?:会议|大会|会)"
# After the verb the name may list who meets (召开全体镇、村干部会议; …铁路、公路沿线治理工作周例会).
_TITLE_LISTED = _TITLE.replace("[^，。；：、", "[^，。；：", 1)
_HELD_AFTER = re.compile(
    rf"(?:(?:组织|主持|隆重|集中)?(?:召开|举行|举办)了? ?|主持)(?P<title>{_TITLE_LISTED})(?=[，。；：,\s（]|$)"
)
# '召开会议，研究X' / '召开专题会议部署X': an unnamed meeting is named by what it is called to do.
_HELD_BARE = re.compile(
    r"(?:召开|举行)了?(?:专题|工作|紧急|专门)?会议[，,]?(?:专题)?"
    r"(?P<purpose>(?:研究|部署|安排|调度|推进|听取|传达|通报)[^，。；：]{2,30})"
)
# '在X会议上' / 'X会议后' / 'X会上' / '在X会议所作的' right after a date: the meeting is dated by it; a long
# name in quotes (在“A乡…总结表彰暨…动员会”上) is read whole
_HELD_AT = re.compile(
    rf"^[，,\s]*(?:[^。；：月]{{0,16}}?(?:在|从))?(?:“(?=[^“”。；]{{2,60}}”))?"
    rf"(?P<title>{_TITLE_LISTED}|(?<=“)[^“”。；]{{2,60}}?(?:会议|大会|会)(?=”))”?"
    r"(?:上|后|所作|期间)"
)
# '…第一次会议开幕': a session opening on the day is held then
_HELD_BEFORE = re.compile(
    rf"(?P<title>{_TITLE})(?:在[^，。；]{{1,20}})?(?:隆重)?(?:召开|举行|举办|开幕(?![式词]))(?!的)"
)
# '…工作会议于3月5日在县政府召开': the name comes before the date
_NAMED_BEFORE_DATE = re.compile(
    rf"(?:^|[，。；：\s])(?P<title>{_TITLE.replace('{2,40}?', '{2,40}')})(?:于|在)?$"
)
# a page stamp: a full date with the clock time right after it (not 9月15日下午2:30, a meeting's hour)
_STAMPED = re.compile(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}[日号]\s*\d{1,2}:\d{2}")
_HELD_SOON = re.compile(r"^[^，。；]{0,20}?(?:召开|举行|举办)")
# Gatherings that are events, not meetings where work is assigned.
_EVENTS = (
    "招聘会",
    "博览会",
    "交易会",
    "展销会",
    "运动会",
    "晚会",
    "庙会",
    "音乐会",
    "演唱会",
    "灯会",
    "展会",
    "洽谈会",
    "联欢会",
    "茶话会",
    "读书会",
    "故事会",
    "游园会",
    "嘉年华会",
)
_ORG = re.compile(r"^[^\W\d在对由把将的组召主持年]{1,12}(?:市|县|区|镇|乡|街道|政府|党委|局|委)(?!长)")
TITLE_WORDS = (
    "书记",
    "副书记",
    "市长",
    "副市长",
    "县长",
    "副县长",
    "代县长",
    "代市长",
    "镇长",
    "副镇长",
    "区长",
    "副区长",
    "乡长",
    "主任",
    "副主任",
    "局长",
    "副局长",
    "部长",
    "主席",
    "副主席",
    "组长",
    "秘书长",
    "院长",
    "校长",
    "所长",
    "处长",
    "厅长",
    "省长",
    "站长",
    "队长",
    "行长",
    "总经理",
    "董事长",
)
_PERSON = re.compile(
    r"(?P<title>[^\s\d，。；：！？“”（）由在对就向与及和把将从让使年召]{0,24}?(?:"
    + "|".join(sorted(TITLE_WORDS, key=len, reverse=True))
    + r"))(?P<name>[\u4e00-\u9fff]{2,3})"
)
# Characters that end a two-character name when they stand third (何卉勉励 → 何卉).
_AFTER_NAME = set("在对就和与及、，。：；说也还到")
_VERBS_AFTER_NAME = (
    "安排",
    "主持",
    "强调",
    "指出",
    "要求",
    "提出",
    "表示",
    "讲话",
    "参加",
    "出席",
    "介绍",
    "宣布",
    "传达",
    "作了",
    "代表",
    "分别",
    "对于",
    "就是",
    "勉励",
    "最后",
    "认真",
    "深入",
    "带队",
    "带领",
    "率队",
    "听取",
    "总结",
    "部署",
    "希望",
    "说明",
    "通报",
    "汇报",
    "作为",
    "同志",
    "一行",
    "指导",
    "调研",
    "现场",
    "进行",
    "亲自",
    "讲解",
    "为居",
)
_NOT_NAMES = (
    "关于",
    "对于",
    "办公",
    "现场",
    "同志",
    "一行",
    "亲自",
    "带队",
    "主持",
    "出席",
    "参加",
    "表示",
    "强调",
)


@dataclass(frozen=True)
class MeetingHit:
    """A meeting sentence in a paragraph: view offsets of the sentence, the parsed date and the title."""

    start: int
    end: int
    title: str
    organizer: str | None
    month: int | None
    day: int | None
    year: int | None
    relative: str | None
    title_start: int
    title_end: int


@dataclass(frozen=True)
class Person:
    """A person named with a title, at view offsets within a paragraph."""

    start: int
    end: int
    title: str
    name: str

    @property
    def full(self) -> str:
        return f"{self.title}{self.name}"


def find_meetings(sentence: str, offset: int = 0) -> list[MeetingHit]:
    """Meetings announced in one sentence: a date followed by 召开/举行 and a name ending in 会/会议."""
    out: list[MeetingHit] = []
    dates = list(DATE_RE.finditer(sentence))
    dateline: re.Match[str] | None = None
    for i, d in enumerate(dates):
        rest = sentence[d.end() :]
        if rest[:1] in ("讯", "电"):
            dateline = d if d.group("m") else dateline
            continue  # a dateline (8月8日讯), not the meeting's day, but the day 今天 means after it
        if _STAMPED.match(d.group() + rest[:8]):
            continue  # a page stamp (2022年03月23日12:12), not the meeting's day
        named = _NAMED_BEFORE_DATE.search(sentence[: d.start()])
        if named and _HELD_SOON.match(rest) and not named.group("title").endswith(_EVENTS):
            title = named.group("title")
            out.append(
                _hit(sentence, offset, d, dateline, title, _organizer(title), offset + named.start("title"))
            )
            break
        m = _HELD_AFTER.search(rest)
        before_m = _HELD_BEFORE.search(rest)
        at = _HELD_AT.match(rest)
        bare = _HELD_BARE.search(rest) if m is None and before_m is None and at is None else None
        if m is None and before_m is None and at is None and bare is None:
            continue
        verb_at = min(x.start() for x in (m, before_m, at, bare) if x is not None)
        if any(
            e.start() - d.end() < verb_at
            for e in dates[i + 1 :]
            if sentence[e.end() : e.end() + 1] not in "讯电"
        ):
            continue  # a later date stands nearer the meeting (近期工作…于8月4日召开; 今天（12月20日）上午)
        if (
            at is not None
            and (m is None or at.end() <= m.start())
            and (before_m is None or at.start() <= before_m.start())
        ):
            title = at.group("title").lstrip("了在从").strip()
            if title.endswith(_EVENTS) or len(title) < 4 or re.search("[在从]", title):
                continue  # '李明在会上强调': a speaker at an unnamed meeting, not a name
            t_start = offset + d.end() + at.end("title") - len(title)
            out.append(_hit(sentence, offset, d, dateline, title, _organizer(title), t_start))
            break
        if bare is not None:
            title = bare.group("purpose") + "会议"
            lead = re.split(r"[，,]", rest[: bare.start()])[-1]
            t_start = offset + d.end() + bare.start("purpose")
            out.append(_hit(sentence, offset, d, dateline, title, _organizer(lead), t_start))
            break
        if m is None or (
            before_m is not None and before_m.start() < m.start() and _before_is_name(rest, before_m)
        ):
            m = before_m
        assert m is not None
        title = m.group("title").lstrip("了在").strip()
        if title.endswith(_EVENTS) or len(title) < 3:
            continue
        lead = re.split(r"[，,]", rest[: m.start()])[-1]
        organizer = _organizer(lead) or _organizer(title)
        t_start = offset + d.end() + m.start("title") + (len(m.group("title")) - len(title))
        out.append(_hit(sentence, offset, d, dateline, title, organizer, t_start))
        break
    return out


def _hit(
    sentence: str,
    offset: int,
    d: re.Match[str],
    dateline: re.Match[str] | None,
    title: str,
    organizer: str | None,
    t_start: int,
) -> MeetingHit:
    """A meeting dated by `d`; a relative day (今天, 昨日) counts back from the sentence's dateline when it has one."""
    month, day = _month(d.group("m")), int(d.group("d") or d.group("dd") or 0) or None
    year: int | None = int(d.group("y")) if d.group("y") else None
    rel = "本月" if d.group("dd") else d.group("rel")
    back = RELATIVE_DAYS.get(rel or "")
    if rel and back is not None and dateline is not None:
        # a leap year stands in when the dateline gives none, so 2月29日讯 stays a day
        line_year = int(dateline.group("y")) if dateline.group("y") else None
        when = dt.date(line_year or 2000, _month(dateline.group("m")) or 1, int(dateline.group("d")))
        when -= dt.timedelta(days=back)
        month, day, rel = when.month, when.day, None
        year = when.year if line_year else None
    return MeetingHit(
        start=offset,
        end=offset + len(sentence),
        title=title,
        organizer=organizer,
        month=month,
        day=day,
        year=year,
        relative=rel,
        title_start=t_start,
        title_end=t_start + len(title),
    )


def _before_is_name(rest: str, m: re.Match[str]) -> bool:
    """'X会在Y举行' names the meeting before the verb: only when no 召开 precedes it in the clause."""
    return "召开" not in rest[: m.start()]


def _organizer(lead: str) -> str | None:
    lead = lead.strip("，, ").split("利用")[0]
    if re.match(r"^(?:我|本|该)[市县区镇乡]", lead):
        return lead[:2]
    m = _ORG.match(lead)
    return m.group() if m else None


def _month(text: str | None) -> int | None:
    """A month number; 元月 is January."""
    if not text:
        return None
    return 1 if text == "元" else int(text)


def find_people(text: str) -> list[Person]:
    """People named with a title (舞钢市委书记朱志勇, 镇长李兵), trimming two-character names."""
    out: list[Person] = []
    for m in _PERSON.finditer(text):
        name = m.group("name")
        nxt = text[m.start("name") + 2 : m.start("name") + 4]
        if len(name) == 3 and (name[2] in _AFTER_NAME or nxt in _VERBS_AFTER_NAME):
            name = name[:2]
        if name[0] in _AFTER_NAME or name[0] in "要会办" or name[:2] in _NOT_NAMES:
            continue
        title = re.sub(r"^(?:、|会上|最后|同时|随后|其中|会议由|由)+", "", m.group("title"))
        out.append(
            Person(
                m.start("title") + (len(m.group("title")) - len(title)),
                m.start("name") + len(name),
                title,
                name,
            )
        )
    return out


@lru_cache(maxsize=8)
def year_counts(doc_text: str) -> Counter[int]:
    """How often each year (2019年) is written in a text; counted once per text."""
    return Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})年", doc_text))


def resolve_year(
    month: int,
    explicit: int | None,
    *,
    config_year: int | None,
    config_date: dt.date | None,
    header_date: dt.date | None,
    title: str,
    doc_text: str,
) -> int | None:
    """Year of a meeting dated only by month and day: from the text, the config, a date header or context."""
    if explicit:
        return explicit
    if config_year:
        return config_year
    for ref in (config_date, header_date):
        if ref:
            return ref.year - 1 if month > ref.month + 1 else ref.year
    # the meeting's name holds its year (2018年第三次会议; 2013全县…会议 with 年 left out, not a span 2013-2015)
    m = re.search(r"(?<!\d)((?:19|20)\d{2})(?:\s?年|(?![\d\-—–~～至到年]))", title)
    if m:
        return int(m.group(1))
    years = year_counts(doc_text)
    if years:
        top = max(years.values())
        return max(y for y, c in years.items() if c == top)
    return None


def parse_header_date(value: str | None) -> dt.date | None:
    """The first ISO date in a '# date:' header line, if any."""
    if not value:
        return None
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


_HEADLINE_HELD = re.compile(
    rf"(?:召开|举行|举办)(?P<title>{_TITLE})$|^(?P<title2>{_TITLE})(?:召开|举行|举办)$"
)


def find_headline_meeting(heading: str, body: list[str]) -> MeetingHit | None:
    """A meeting named only in a headline ('XX市安全生产工作会议召开'), dated by the article's first date."""
    m = _HEADLINE_HELD.search(heading.strip())
    if not m:
        return None
    group = "title" if m.group("title") else "title2"
    title = m.group(group)
    if title.endswith(_EVENTS) or len(title) < 4:
        return None
    date = next((d for text in body for d in DATE_RE.finditer(text)), None)
    lead = heading[: m.start()] if group == "title" else ""
    return MeetingHit(
        start=0,
        end=len(heading),
        title=title,
        organizer=_organizer(lead) or _organizer(title),
        month=_month(date.group("m")) if date else None,
        day=int(date.group("d")) if date and date.group("d") else None,
        year=int(date.group("y")) if date and date.group("y") else None,
        relative=date.group("rel") if date else None,
        title_start=m.start(group),
        title_end=m.end(group),
    )


_RECORD_TITLE = re.compile(rf"^(?P<title>{_TITLE.replace('{2,40}?', '{2,40}')})$")
_RECORD_DATE_LABEL = re.compile(r"^(?:开会|会议|举行)(?:日期|时间)\s*[：:]?\s*")
_RECORD_DATE = re.compile(r"^(?P<y>(?:19|20)\d{2})(?:-|/|\.|年)(?P<m>[01]?\d)(?:-|/|\.|月)(?P<d>[0-3]?\d)")


def find_record_meeting(lines: list[str]) -> tuple[int, MeetingHit] | None:
    """Minutes laid out as a record: a line that is only a meeting's name (第1250次市政会议) and, a few lines on, a
    date label (开会日期, 会议时间) with its date on the same line or the next. Returns (line index, hit)."""
    for i, line in enumerate(lines):
        m = _RECORD_TITLE.match(line.strip())
        if not m or m.group("title").endswith(_EVENTS):
            continue
        for k in range(i + 1, min(i + 8, len(lines))):
            label = _RECORD_DATE_LABEL.match(lines[k].strip())
            if not label:
                continue
            value = lines[k].strip()[label.end() :] or (lines[k + 1].strip() if k + 1 < len(lines) else "")
            d = _RECORD_DATE.match(value)
            if not d:
                break
            start = line.index(m.group("title"))
            title = m.group("title")
            hit = MeetingHit(
                start=0,
                end=len(line),
                title=title,
                organizer=_organizer(title),
                month=int(d.group("m")),
                day=int(d.group("d")),
                year=int(d.group("y")),
                relative=None,
                title_start=start,
                title_end=start + len(title),
            )
            return i, hit
    return None


# A ruling that only takes note of what was reported (准予备查, 洽悉, 纪录确定) and asks nobody to act, after its
# label or as a numbered ruling of its own ((一)准予备查。)
_NOTING = r"(?:准予备查|同意备查|准予核备|洽悉|备查|纪录确定|记录确定)[。\s]*$"
_NOTED = re.compile(
    rf"(?:裁示|裁决|决定|决议|批示|结论)\s*[：:]\s*{_NOTING}|^\s*[（(]?[一二三四五六七八九十\d]{{1,3}}[)）、.．]\s*{_NOTING}"
)


def only_noted(item: str) -> bool:
    """An agenda item of minutes whose ruling only takes note of it (一、X执行情形报告。主席裁示：准予备查。), or a
    numbered ruling that only does ((一)准予备查。): a report heard, not a commitment."""
    return bool(_NOTED.search(item))


# A minutes form's date field: 会议时间：2024年4月19日, 日期: | 2018-01-04, 一、开会时间：民国108年12月19日.
# the date of a form field; a two- or three-digit year before 年 (106 年 8 月 29 日) is a 民国 year, and a PDF's
# text may put spaces around the numbers
_FORM_VALUE = (
    r"(?:民国\s*(?P<roc>\d{2,3})|(?P<roc_bare>\d{2,3})(?=\s*年)|(?P<y>(?:19|20)\d{2}))\s*[年\-./]\s*"
    r"(?P<m>1[0-2]|0?[1-9])\s*[月\-./]\s*(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)"
)
_FORM_DATE = re.compile(
    r"(?:^|[、：:\s|])(?P<label>(?:会议|开会)?(?:时间|日期))\s*[：:|]\s*\|?\s*" + _FORM_VALUE
)
# the label alone on its line, the date opening the next one (开会日期 / 2003-12-30 00:00:00)
_FORM_LABEL_LINE = re.compile(r"^\s*(?:会议|开会)(?:时间|日期)\s*[：:]?\s*$")
_FORM_VALUE_LINE = re.compile(r"^\s*" + _FORM_VALUE)
_FORM_PLACE = re.compile(r"(?:会议|开会)?地点\s*[：:|]")
_FORM_TITLE = re.compile(rf"(?P<title>{_TITLE_LISTED})(?:纪要|记录|纪录|议事录)?$")


def find_form_meeting(texts: list[str]) -> tuple[int, MeetingHit] | None:
    """A meeting recorded as a form: a date field (会议时间：…, or 时间/日期 under a meeting's name or beside a 地点
    field), named by the line before it when that is a meeting's name; returns the field's text index and the hit."""
    for i, text in enumerate(texts):
        m = _FORM_DATE.search(text)
        before = _FORM_TITLE.search(texts[i - 1].strip()) if i else None
        labelled = m is not None and m.group("label").startswith(("会议", "开会"))
        start = m.start("label") if m else 0
        if m is None and i and _FORM_LABEL_LINE.match(texts[i - 1]):
            m, labelled = _FORM_VALUE_LINE.match(text), True
            before = _FORM_TITLE.search(texts[i - 2].strip()) if i > 1 else None
            start = m.start("y") if m and m.group("y") else 0
        if m is None or not (labelled or before or _FORM_PLACE.search(" ".join(texts[i : i + 4]))):
            continue
        roc = m.group("roc") or m.group("roc_bare")
        year = 1911 + int(roc) if roc else int(m.group("y"))
        title = before.group("title") if before else "会议"
        return i, MeetingHit(
            start=start,
            end=m.end(),
            title=title,
            organizer=_organizer(title),
            month=int(m.group("m")),
            day=int(m.group("d")),
            year=year,
            relative=None,
            title_start=0,
            title_end=0,
        )
    return None
