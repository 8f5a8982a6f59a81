"""Numbered requirements (一要/一是/第一/（一）/1.), intro-counted lists (提出四点要求：要…) and named lists (十大攻坚工程)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.numbers import ordinal_value
from extract.runon import FIELDS, basis_dropped, bracketed_after_heading, glued_one
from extract.spans import Spans
from extract.text import Paragraph, always
from extract.words import tag_short

CN = "一二三四五六七八九十"
_CN_ORD = rf"[{CN}]{{1,3}}|[{CN}]百(?:零?[{CN}]{{1,3}})?"  # 一 … 九十九, 一百 … 九百九十九
_CLAUSE_START = "。；：，！？”\u3000 "
FAMILIES: dict[str, re.Pattern[str]] = {
    "要": re.compile(rf"(?P<n>{_CN_ORD})要(?![求素点闻])"),
    "是": re.compile(rf"(?P<n>{_CN_ORD})是"),
    "第": re.compile(rf"第(?P<n>{_CN_ORD})(?:[，、：]|条[，：])"),
    "第种": re.compile(rf"第(?P<n>{_CN_ORD})(?:种|类|项|个方面|方面)(?:是|为|[，、：])"),
    "括号": re.compile(rf"[（(](?P<n>{_CN_ORD})[)）]"),
    "括号数字": re.compile(r"[（(](?P<n>\d{1,4})[)）](?!\d)"),
    "顿号": re.compile(rf"(?P<n>{_CN_ORD})、(?![{CN}]、)"),
    "序词": re.compile(r"(?P<n>首先|其次|再次|第三|最后)[，、：]"),
    "数字": re.compile(r"(?P<n>\d{1,4})(?:、(?!\d{1,4}、)|[.．](?!\d))"),
}
# Spoken markers of one list may mix 是 and 要 (一是…；二要…；三是要…): one list when they count up together.
_SPOKEN = ("是", "要")
_INTRO = re.compile(
    rf"(?P<name>(?P<n>[{CN}\d]{{1,3}})(?:点|个方面|项|条)(?:具体|明确|工作)?(?:要求|意见|希望|建议|措施))[：:]"
)
_COUNT = re.compile(
    rf"(?P<open>“)?(?P<name>(?P<n>\d{{1,2}}|[两{CN}]{{1,3}})(?P<u>个|大|项|点|条|方面|类|件)"
    rf"(?P<noun>[\u4e00-\u9fff]{{1,10}}?))(?P<close>”)?(?=[，。；：、”—]|$|——|的|等|工作|行动|分别[是为])"
)
_LEAD_WORD = re.compile(
    r"扎实开展好|扎实开展|开展好|开展|实施好|实施|推进|抓好|做好|做到|锚定|聚焦|围绕|提出|包括|涵盖|涉及|"
    r"突出|狠抓|抓住|打好|打赢|建设|实现|坚持|落实|强化|确保|努力|全力|着力|重点|从|对|就|在|以|按照|启动|"
    r"提高|提升|增强|加强|弘扬|发扬|树立|践行|要求|达到|要"
)


@dataclass
class Item:
    """One list item: paragraph index and view offsets of its quote, its ordinal and title."""

    para: int
    start: int
    end: int
    ordinal: int | None
    title: str
    children: list[Item] = field(default_factory=list)
    list_name: str | None = None


@dataclass
class ItemList:
    """A list found in the text: its family (要/是/第/…/named/intro), name and items."""

    family: str
    items: list[Item]
    name: str | None = None
    kind: str = "requirement"
    parent: Item | None = None

    @property
    def first(self) -> Item:
        return self.items[0]


_HOLDER_YAO = re.compile(r"[^，。；：“”]{0,12}?(?<![重需主只])要(?!求)")
LEAD = 20  # a sentence longer than this is titled by its lead clauses (明确目标，突出重点，… → 明确目标，突出重点)


def _whole_heading(clause: str) -> bool:
    """A lead clause that pairs two phrases (务实重干、凝聚力量) is a heading of its own: the next clause is its
    body (…，大力弘扬务实重干之风), not a second half of the heading (明确目标，突出重点)."""
    return "、" in clause and len(clause) >= 8


def _lead_clauses(sentence: str) -> str:
    """The opening clauses of a long sentence that fit in LEAD characters (at least the first): its lead phrase,
    as a report's own item headings are short (进一步宣传发动，形成…的浓厚氛围 → 进一步宣传发动)."""
    # 各乡镇要…: the holder is not counted, it leaves the title (rows.without_subject)
    subject = _HOLDER_YAO.match(sentence)
    skip = subject.end() if subject else 0
    clauses = sentence.split("，")
    lead = clauses[0]
    for c in clauses[1:]:
        if _whole_heading(lead[skip:]) or len(lead) + 1 + len(c) - skip > LEAD:
            break
        lead += "，" + c
    return lead


def make_title(text: str, limit: int = 30) -> str:
    """A short title: the item's first clause or sentence, without its ordinal marker or leading 要."""
    t = re.sub(
        rf"^(?:[•·●▪■◆◇]\s*|首先|其次|再次|最后|(?:{_CN_ORD})[要是、]|第(?:{_CN_ORD})(?:种是|种|类是|类)?[，、：]?|[（(](?:{_CN_ORD}|\d{{1,4}})[)）]|\d{{1,4}}[、.．])",
        "",
        text,
    )
    t = basis_dropped(t.lstrip("要：:，、 ").strip())
    first = re.split(r"[。；：！？]", t)[0]
    if len(first) > LEAD:
        first = _lead_clauses(first)
    if len(first) > limit + 10:
        first = first[:limit] + "…"
    first = first.strip(" ")
    if first.startswith("“") and "”" not in first:
        first = first[1:]
    if first.endswith("“"):
        first = first[:-1]
    if "“" in first and "”" not in first:
        first += "”"
    return first or t[:limit]


def _clause_start(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] in _CLAUSE_START


LAST = 10**9  # 最后: the item after whatever came before (no list is this long)
_SEQUENCE = {"首先": 1, "其次": 2, "再次": 3, "第三": 3, "最后": LAST}


def _markers(paragraphs: list[Paragraph], anywhere: bool = False) -> list[tuple[int, int, int, str, int]]:
    """(para, start, end, family, value) for every ordinal marker at a clause start (`anywhere`: also inside a
    clause, for the families that may stand mid-sentence)."""
    out = []
    for p in paragraphs:
        for fam, pat in FAMILIES.items():
            if anywhere and fam not in _MIDSENTENCE:
                continue
            for m in pat.finditer(p.text):
                if not anywhere and not _clause_start(p.text, m.start()):
                    continue
                value = _SEQUENCE.get(m.group("n")) or ordinal_value(m.group("n"))
                if value:
                    out.append((p.index, m.start(), m.end(), fam, value))
    out.sort()
    return out


def numbered_lists(paragraphs: list[Paragraph]) -> list[ItemList]:
    """Runs of ordinal markers of one family counting up from 1, each item up to the next marker."""
    by_index = {p.index: p for p in paragraphs}
    place = {p.index: k for k, p in enumerate(paragraphs)}  # paragraphs left out (label lines) do not count
    runs: dict[str, list[list[tuple[int, int, int, str, int]]]] = {}
    marks = _markers(paragraphs)
    for mk in marks:
        fam_runs = runs.setdefault(mk[3], [])
        if mk[4] == 1:
            fam_runs.append([mk])
        elif fam_runs and place[mk[0]] - place[fam_runs[-1][-1][0]] <= 3:
            prev = fam_runs[-1][-1][4]
            if mk[4] == prev + 1:
                fam_runs[-1].append(mk)
            elif mk[4] == LAST and prev >= 2:  # 首先…其次…最后: 最后 closes the run as its next item
                fam_runs[-1].append((*mk[:4], prev + 1))
    _mixed_runs(marks, place, runs)
    _midsentence_runs(paragraphs, place, runs)
    _bullet_runs(paragraphs, place, runs)
    lists: list[ItemList] = []
    for fam, fam_runs in runs.items():
        for run in fam_runs:
            if len(run) < 2:
                continue
            items = []
            for k, (para, start, _end, _f, value) in enumerate(run):
                text = by_index[para].text
                if k + 1 < len(run) and run[k + 1][0] == para:
                    end = run[k + 1][1]
                else:
                    end = len(text)
                items.append(Item(para, start, trim_end(text, start, end), value, ""))
            _limit_last(items, by_index)
            for it in items:
                it.title = make_title(by_index[it.para].text[it.start : it.end])
            lists.append(ItemList(fam, items))
    _cover_sublists(lists)
    _nest(lists, by_index)
    return lists


def _cover_sublists(lists: list[ItemList]) -> None:
    """A list's last item holds the whole list that starts inside it in the same paragraph (四、黑点1、…2、…13、…
    pasted as one line): its end, cut to an average item's length, reaches the inner list's last item."""
    firsts: dict[int, Spans[tuple[int, int, ItemList]]] = {}
    for lst in lists:
        firsts.setdefault(lst.first.para, Spans()).add((lst.first.start, lst.first.start + 1, lst))
    for lst in sorted(lists, key=lambda x: -x.items[-1].start):  # innermost first: an inner list grows first
        last = lst.items[-1]
        if last.para not in firsts:
            continue
        for _, _, inner in firsts[last.para].starting_in(last.start + 1, last.end):
            end = inner.items[-1]
            if inner is not lst and end.para == last.para and end.end > last.end:
                last.end = end.end


def _mixed_runs(
    marks: list[tuple[int, int, int, str, int]],
    place: dict[int, int],
    runs: dict[str, list[list[tuple[int, int, int, str, int]]]],
) -> None:
    """一是…；二要…；三要…: 是 and 要 markers counting up together form one list, replacing the shorter runs
    of either family that lie inside it (a nested 一要…二要… under 一是 does not count up with it)."""
    spoken = [mk for mk in marks if mk[3] in _SPOKEN]
    mixed: list[list[tuple[int, int, int, str, int]]] = []
    for mk in spoken:
        if mk[4] == 1:
            mixed.append([mk])
        elif mixed and place[mk[0]] - place[mixed[-1][-1][0]] <= 3 and mk[4] == mixed[-1][-1][4] + 1:
            mixed[-1].append(mk)
    for run in mixed:
        if len(run) < 2 or len({mk[3] for mk in run}) < 2:
            continue
        inside = set(run)
        singles = [r for fam in _SPOKEN for r in runs.get(fam, []) if set(r) & inside]
        if any(len(r) >= len(run) for r in singles):
            continue
        for fam in _SPOKEN:
            runs[fam] = [r for r in runs.get(fam, []) if not set(r) & inside]
        runs.setdefault("是要", []).append(run)


_BULLET = re.compile(r"[•·●▪■◆◇]\s*")


def _bullet_runs(
    paragraphs: list[Paragraph],
    place: dict[int, int],
    runs: dict[str, list[list[tuple[int, int, int, str, int]]]],
) -> None:
    """Bullet lines (• …, ● …) a few paragraphs apart are the items of one unnumbered list, counted in order."""
    run: list[tuple[int, int, int, str, int]] = []
    for p in paragraphs:
        m = _BULLET.match(p.text)
        if not m:
            continue
        if run and place[p.index] - place[run[-1][0]] > 3:
            runs.setdefault("bullet", []).append(run)
            run = []
        run.append((p.index, 0, m.end(), "bullet", len(run) + 1))
    if run:
        runs.setdefault("bullet", []).append(run)


# Families whose markers also count mid-sentence (行动工作一要…；二要…, a table pasted as one line: …目标（一）…（二）…)
_MIDSENTENCE = ("要", "是", "括号", "括号数字", "顿号", "数字")
MIDSENTENCE_RUN = 3  # a run with a marker inside a clause needs this many items counting up


def _midsentence_runs(
    paragraphs: list[Paragraph],
    place: dict[int, int],
    runs: dict[str, list[list[tuple[int, int, int, str, int]]]],
) -> None:
    """Lists whose markers stand inside clauses, not only at their starts: one family (是 and 要 together)
    counting up 1, 2, 3… in text order, at least three items (two bracketed ones after a heading: runon), at least
    one marker inside a clause; markers that a list at clause starts already holds are left to it."""
    held = {(mk[0], mk[1]) for fam_runs in runs.values() for r in fam_runs if len(r) >= 2 for mk in r}
    by_index = {p.index: p for p in paragraphs}
    open_runs: dict[str, list[tuple[int, int, int, str, int]]] = {}
    found: list[list[tuple[int, int, int, str, int]]] = []
    seen: dict[str, tuple[int, int, int, str, int]] = {}  # each family's marker before this one
    for mk in _markers(paragraphs, anywhere=True):
        if (mk[0], mk[1]) in held:
            continue
        fam = "是要" if mk[3] in _SPOKEN else mk[3]
        run = open_runs.get(fam)
        one = glued_one(by_index[mk[0]].text, seen.get(fam), mk) if not run or run[-1][4] != 1 else None
        seen[fam] = mk
        if mk[4] == 1:
            open_runs[fam] = [mk]
            found.append(open_runs[fam])
        elif run and mk[4] == run[-1][4] + 1 and place[mk[0]] - place[run[-1][0]] <= 1:
            run.append(mk)
        elif one:
            open_runs[fam] = [one, mk]
            found.append(open_runs[fam])
    for run in found:
        inside = any(not _clause_start(by_index[mk[0]].text, mk[1]) for mk in run)
        glued = bracketed_after_heading(run, lambda k: by_index[k].text, _clause_start)
        if (len(run) >= MIDSENTENCE_RUN or glued) and inside:
            runs.setdefault(run[0][3], []).append(run)


def trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \u3000，；、":
        end -= 1
    return end


def _limit_last(items: list[Item], by_index: dict[int, Paragraph]) -> None:
    """The last item has no next marker: keep as many sentences as the earlier items had on average."""
    if len(items) < 2:
        return
    last = items[-1]
    p = by_index[last.para]
    counts = [max(1, _sentences_in(by_index[it.para], it.start, it.end)) for it in items[:-1]]
    allowed = max(1, round(sum(counts) / len(counts)))
    k = p.first_ending_after(last.start)
    if len(p.sentences) - k > allowed:
        last.end = trim_end(p.text, last.start, p.sentences[k + allowed - 1].end)


def _sentences_in(p: Paragraph, start: int, end: int) -> int:
    return len(p.sentences_in(start, end))


def _nest(lists: list[ItemList], by_index: dict[int, Paragraph]) -> None:
    """A list whose first marker lies inside another list's item belongs under that item."""
    by_para: dict[int, Spans[tuple[int, int, Item, int]]] = {}
    for k, lst in enumerate(lists):
        for it in lst.items:
            by_para.setdefault(it.para, Spans()).add((it.start, it.end, it, k))
    for k, inner in enumerate(lists):
        f = inner.first
        best: Item | None = None
        for a, _b, it, owner in by_para[f.para].overlapping(f.start, f.start + 1):
            if owner != k and a < f.start and (best is None or a >= best.start):
                best = it
        if best is not None:
            inner.parent = best
            for it in inner.items:
                if it.para == best.para:
                    it.end = min(it.end, best.end)


_CLAUSE = re.compile(r"[^；。]+[；。]?")


def intro_lists(paragraphs: list[Paragraph]) -> list[ItemList]:
    """'提出四点要求：' followed by N paragraphs (or N clauses) that each start with 要."""
    out: list[ItemList] = []
    for i, p in enumerate(paragraphs):
        for m in _INTRO.finditer(p.text):
            n = ordinal_value(m.group("n"))
            if not n or n < 2:
                continue
            items: list[Item] = []
            if not p.text[m.end() :].strip():
                nxt = paragraphs[i + 1 : i + 1 + n]
                if len(nxt) == n and all(q.text.startswith("要") and q.kind == "body" for q in nxt):
                    items = [
                        Item(q.index, 0, trim_end(q.text, 0, len(q.text)), k + 1, make_title(q.text))
                        for k, q in enumerate(nxt)
                    ]
            else:
                base = always(re.compile(r"\s*").match(p.text, m.end())).end()
                parts = []
                for x in _CLAUSE.finditer(p.text, base):  # the first n clauses only: lazily
                    if p.text[x.start() : x.end()].strip():
                        parts.append((x.start(), x.end()))
                    if len(parts) >= n:
                        break
                if len(parts) >= n and all(p.text[a:b].startswith("要") for a, b in parts[:n]):
                    items = [
                        Item(p.index, a, trim_end(p.text, a, b), k + 1, make_title(p.text[a:b]))
                        for k, (a, b) in enumerate(parts[:n])
                    ]
            if items:
                out.append(ItemList("intro", items, name=m.group("name")))
    return out


def intro_names(paragraphs: list[Paragraph]) -> dict[tuple[int, int], str]:
    """List names announced just before a numbered list: (para, marker offset) → '四点要求'."""
    out: dict[tuple[int, int], str] = {}
    for i, p in enumerate(paragraphs):
        for m in _INTRO.finditer(p.text):
            if m.end() < len(p.text):
                out[(p.index, m.end())] = m.group("name")
            elif i + 1 < len(paragraphs):
                out[(paragraphs[i + 1].index, 0)] = m.group("name")
    return out


_QUOTED_COUNT = re.compile(rf"“(?P<name>(?P<n>[两{CN}]{{1,3}})(?P<noun>[\u4e00-\u9fff]{{1,6}}))”")


def named_lists(p: Paragraph) -> list[ItemList]:
    """Enumerations whose size is stated: 'A、B、…、F6个重点领域', '“十大攻坚工程”：A、B…', '5点要求', '“四力”'."""
    out: list[ItemList] = []
    text = p.text
    matches = sorted([*_COUNT.finditer(text), *_QUOTED_COUNT.finditer(text)], key=lambda m: m.start())
    seen: set[int] = set()
    for m in matches:
        if m.start("n") in seen:
            continue
        seen.add(m.start("n"))
        n = ordinal_value(m.group("n")) if m.group("n") != "两" else 2
        if not n or n < 2 or n > 20:
            continue
        name = m.group("name")
        spans = _enumeration_before(text, m.start(), n) or _enumeration_after(text, m.end(), n)
        if not spans:
            continue
        items = [Item(p.index, a, b, k + 1, text[a:b]) for k, (a, b) in enumerate(spans)]
        kind = "requirement" if name.endswith(("要求", "意见")) else "project"
        out.append(ItemList("named", items, name=name, kind=kind))
        for it in items:
            it.list_name = name
    return out


def _first_item_start(text: str, a: int, b: int, others: list[int], second: str = "") -> int:
    """Where the first item of an enumeration starts: after the lead-in verb ('扎实开展好', '锚定', '提出')
    that leaves it closest in length to the other items."""
    target = sorted(others)[len(others) // 2]
    candidates = [a] + [m.end() for m in _LEAD_WORD.finditer(text, a, b) if b - m.end() >= 2]
    # a start that is itself a lead-in word (要求 left after 开展) is a worse start than the one after it,
    # unless the next item starts with the same word (狠抓A、狠抓B)

    def lead_left(x: int) -> bool:
        m = _LEAD_WORD.match(text, x, b)
        return m is not None and not second.startswith(m.group())

    return min(candidates, key=lambda x: (lead_left(x), abs((b - x) - target), x))


def _enumeration_before(text: str, end: int, n: int) -> list[tuple[int, int]] | None:
    """n items joined by 、 ending right at `end` (the count phrase), within one clause."""
    clause_start = max(text.rfind(ch, 0, end) for ch in "，。；：！？") + 1
    seg = text[clause_start:end]
    if seg.count("、") < n - 1:
        return None
    extra = seg.count("、") - (n - 1)
    pieces = seg.split("、")
    spans, pos = [], clause_start
    for piece in pieces:
        spans.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    spans = spans[extra:]
    tail = text[spans[-1][0] : spans[-1][1]].rstrip("”’")
    if re.search(r"等.|[就对在把将和与及从向为]$", tail):
        return None  # 周堂镇等乡镇就“三夏”…: the names do not end at the count, they are no list of it
    la, lb = spans[-1]
    while lb > la and text[lb - 1] in "”’":
        lb -= 1
    if lb - la > 2 and text[lb - 1] == "等":  # A、B、C等“三个到位”
        spans[-1] = (la, lb - 1)
    a, b = spans[0]
    others = [len(x) for x in pieces[extra + 1 :]]
    start = _first_item_start(text, a, b, others, pieces[extra + 1] if len(pieces) > extra + 1 else "")
    if (extra and start == a) or b - start > 2 * max(others) + 2:
        return None
    spans[0] = (start, b)
    return _clean(text, spans)


def _enumeration_after(text: str, start: int, n: int) -> list[tuple[int, int]] | None:
    """n items joined by 、 right after a colon or dash that follows the count phrase."""
    m = re.match(r"(?:”)?(?:：|——|—|即|分别[是为]：?)", text[start:])  # 这5项实事分别是A、B…
    if not m:
        return None
    a = start + m.end()
    stop = min([x for x in (text.find(ch, a) for ch in "。；") if x != -1] or [len(text)])
    seg = text[a:stop]
    pieces = re.split(r"[、，]", seg)
    if len(pieces) != n:
        return None
    spans, pos = [], a
    for piece in pieces:
        spans.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    return _clean(text, spans)


def _clean(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    out = []
    for a, b in spans:
        while a < b and text[a] in "“‘ ":
            a += 1
        while b > a and text[b - 1] in "”’ ":
            b -= 1
        if not 2 <= b - a <= 20:
            return None
        out.append((a, b))
    return out


def semicolon_children(p: Paragraph, item: Item) -> list[Item]:
    """Parallel clauses (≥3, split by ；) in an item's later sentences: its focus areas."""
    out: list[Item] = []
    first = True
    for s in p.sentences_in(item.start, item.end):
        if first:
            first = False
            if s.start <= item.start:
                continue
        a0, b0 = max(s.start, item.start), min(s.end, item.end)
        seg = p.text[a0:b0]
        if seg.count("；") < 2 or any(FAMILIES[f].search(seg) for f in ("要", "是")) or FIELDS.match(seg):
            continue  # an owner bracket's fields (（责任领导：…；牵头单位：…）) are no focus areas
        pos = a0
        for piece in seg.split("；"):
            a, b = pos, pos + len(piece)
            pos = b + 1
            b = trim_end(p.text, a, b)
            while b > a and p.text[b - 1] in "。":
                b -= 1
            if b - a >= 4:
                out.append(Item(p.index, a, b, len(out) + 1, make_title(p.text[a:b])))
    return out if len(out) >= 3 else []


_DEMAND = re.compile(r"强调|要求|提出|部署")
_LIST_END = re.compile(r"等方面|等工作|等领域|方面|等|的要求|要求|”")


def parallel_lists(p: Paragraph, taken: list[tuple[int, int]]) -> list[ItemList]:
    """Unnumbered parallel actions a meeting demands: '狠抓A、狠抓B、狠抓C', '从紧盯A、关注B、做好C等方面…强调'."""
    out: list[ItemList] = []
    text = p.text
    for s in p.sentences:
        if not _DEMAND.search(s.text):
            continue
        for clause in re.finditer(r"[^，。；：！？]+", text[s.start : s.end]):
            a0, seg = s.start + clause.start(), clause.group()
            if seg.count("、") < 2:
                continue
            b0 = a0 + len(seg)
            around = [(x, y) for x, y in taken if x < b0 and a0 < y]
            if any(not (x <= a0 and b0 <= y) for x, y in around):
                continue  # the clause is (part of) another list's items
            spans = _parallel_spans(text, a0, seg)
            if spans and around and not common_formula([text[a:b] for a, b in spans]):
                continue  # inside a requirement only a formula list (A到位、B到位、C到位) is one of its own
            if spans:
                items = [Item(p.index, a, b, k + 1, text[a:b]) for k, (a, b) in enumerate(spans)]
                name = _counted_name(text[s.start : spans[0][0]], len(items))
                for it in items:
                    it.list_name = name
                out.append(ItemList("parallel", items, name=name))
    return out


def _counted_name(before: str, n: int) -> str | None:
    """The counted name earlier in the sentence whose count is the number of items (“7个专项行动”…要求A、B…G)."""
    found = [
        *_QUOTED_COUNT.finditer(before),
        *_COUNT.finditer(before),
    ]  # a quoted name is whole: “五个专项行动”
    for m in sorted(found, key=lambda m: -m.start("n")):
        k = ordinal_value(m.group("n")) if m.group("n") != "两" else 2
        if k == n:
            return m.group("name")
    return None


def common_formula(pieces: list[str]) -> bool:
    """Items written to one formula: the same ending (…到位, …全覆盖) or the same character three or two from
    the end (裸露垃圾全消除、公共厕所全达标): a named set of targets, not loose words."""
    if len(pieces) < 3 or any(len(x) < 3 for x in pieces):
        return False
    if len({x[-2:] for x in pieces}) == 1:
        return True
    return any(len({x[-k] for x in pieces}) == 1 and pieces[0][-k] in _FORMULA_CHARS for k in (2, 3))


_FORMULA_CHARS = "全有无零不到见上进清应"


def _parallel_spans(text: str, a0: int, seg: str) -> list[tuple[int, int]] | None:
    quoted = re.search(r"“([^”]+)”(?:的)?(?:要求|目标|思路)", seg)
    if quoted:
        a0, seg = a0 + quoted.start(1), quoted.group(1)
    spans, pos = [], a0
    for piece in seg.split("、"):
        spans.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    a, b = spans[0]
    if not quoted:
        second = text[spans[1][0] : spans[1][1]] if len(spans) > 1 else ""
        spans[0] = (_first_item_start(text, a, b, [y - x for x, y in spans[1:-1]] or [b - a], second), b)
    a, b = spans[-1]
    end = _LIST_END.search(text[a:b])
    if end:
        spans[-1] = (a, a + end.start())
    formula = common_formula([text[a:b] for a, b in spans])
    cleaned = _clean(text, spans)
    longest = 16 if formula else 12
    if not cleaned or len(cleaned) < 3 or any(not 3 <= b - a <= longest for a, b in cleaned):
        return None
    if quoted or formula:
        return cleaned
    heads = [text[a : a + 2] for a, _ in cleaned]
    if len(set(heads)) == 1:
        return cleaned
    verbs = sum(1 for a, b in cleaned if _starts_with_verb(text[a:b]))
    return cleaned if verbs >= len(cleaned) - 1 and verbs >= 3 else None


def _starts_with_verb(piece: str) -> bool:
    first = next(iter(tag_short(piece)), None)
    return first is not None and first[1] == "v" and len(first[0]) >= 2
