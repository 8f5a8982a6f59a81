"""Segment a decoded report into articles, paragraphs and sentences, on a folded view mapped to offsets."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

from extract.flat_tables import cut_lines
from extract.numbers import ordinal_value
from extract.tables import Table, find_tables

# One character in, one character out (a pinyin gloss aside): the folded view keeps each character's offset.
_FOLD = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？", "\u3000": " "}
_FOLD.update({chr(0xFF10 + i): str(i) for i in range(10)})
TERMINAL = "。！？…"
CLOSERS = "”’」』）》"
_HEADER = re.compile(r"^#\s*(\w+)\s*[:：]\s*(.*)$")
_BYLINE = re.compile(
    r"^[（(]?\s*(?:本报|本刊|本台)?(?:记者|通讯员|实习生|编辑|责任编辑|作者|来源|信息来源)|摄\s*[）)]?$|"
    r"责任编辑|发布时间|【\s*字体|扫一扫|打印本页|关闭窗口"
)
_CLUTTER = re.compile(r"^(?:PC版|手机版|首页|\S+\s*>\s*\S+.*>|[•·]\s)|>\s*正文")
# a bullet line that says something (a clause mark after eight characters) is an item of an unnumbered list, not a
# menu entry of the page (· 首页, • 政务公开)
BULLET = re.compile(r"^[•·●▪■◆◇]\s*")
_BULLET_ITEM = re.compile(r"^[•·●▪■◆◇]\s*(?=.{8})(?:.*[，；].{4,}|.*[。！？]$)")
_TRAILER = re.compile(
    r"^(?:频道推荐|相关新闻|相关阅读|热点推荐|推荐阅读|延伸阅读|\d+小时新闻排行榜|新闻排行)\s*$"
)
_CAPTION = re.compile(r"^(?:上图|下图|左图|右图|图为|图片)[：:]")
_LEAD = re.compile(r"^(?:本报讯|本报\S{0,6}讯|\S{0,6}报讯|新华社\S{0,6}电|\S{0,4}网讯|据\S{0,8}报道)")


_T2S = opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def always(m: re.Match[str] | None) -> re.Match[str]:
    """The match of a pattern that also matches the empty string, so never fails where it is tried."""
    assert m is not None, "a pattern that matches the empty string always matches"
    return m


def simplified(ch: str) -> str:
    """The simplified form of one traditional character (縣 → 县); other characters unchanged."""
    out = _T2S.convert(ch)
    return out if len(out) == 1 else ch


def simplified_text(text: str) -> str:
    """The text with each traditional character simplified, one for one, so offsets into it stay those of the source."""
    return "".join(simplified(ch) for ch in text)


def is_traditional(text: str) -> bool:
    """True when converting to simplified characters changes the text."""
    return _T2S.convert(text) != text


def fold(ch: str, prev: str = "", nxt: str = "") -> str:
    """Fold one character to the full-width form the patterns expect (commas between digits stay)."""
    if ch == "," and prev.isdigit() and nxt.isdigit():
        return ","
    if ch == ":" and prev.isdigit() and nxt.isdigit():
        return ":"
    return _FOLD.get(ch, ch)


@dataclass
class Span:
    """A run of the folded view with the original offset of each of its characters."""

    text: str
    pos: list[int]

    def orig(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) offsets of view[start:end]."""
        end = max(end, start + 1)
        return self.pos[start], self.pos[end - 1] + 1


@dataclass
class Sentence:
    """A sentence inside a paragraph: view offsets relative to the paragraph."""

    start: int
    end: int
    text: str


@dataclass
class Paragraph(Span):
    """A logical paragraph (lines broken mid-sentence are joined) and what kind of text it is."""

    kind: str = "body"  # body | heading | byline | caption | clutter
    index: int = 0
    article: int = 0
    sentences: list[Sentence] = field(default_factory=list)

    def sentence_at(self, i: int) -> Sentence | None:
        """The sentence holding view offset i, if any (logarithmic: paragraphs can be a whole report)."""
        k = bisect_right(self._starts(), i) - 1
        return self.sentences[k] if k >= 0 and i < self.sentences[k].end else None

    def sentences_in(self, a: int, b: int) -> list[Sentence]:
        """Sentences that meet [a, b)."""
        starts = self._starts()
        lo = max(bisect_right(starts, a) - 1, 0)
        hi = bisect_left(starts, b)
        return [s for s in self.sentences[lo:hi] if s.end > a]

    def first_ending_after(self, pos: int) -> int:
        """Index of the first sentence that ends after view offset `pos` (len(sentences) if none)."""
        k = bisect_right(self._starts(), pos) - 1
        if k >= 0 and self.sentences[k].end > pos:
            return k
        return k + 1

    def _starts(self) -> list[int]:
        cached: list[int] | None = getattr(self, "_cached_starts", None)
        if cached is None or len(cached) != len(self.sentences):
            cached = self._cached_starts = [s.start for s in self.sentences]
        return cached


@dataclass
class Document:
    """A report split into paragraphs, with metadata from '# key: value' header lines."""

    text: str
    paragraphs: list[Paragraph]
    meta: dict[str, str]
    tables: list[tuple[Table, dict[int, int]]] = field(default_factory=list)  # each with line → paragraph
    traditional: bool = False  # written in traditional characters (the view is simplified)
    written: dict[str, str] = field(default_factory=dict)  # a simplified view character → the report's own

    def as_written(self, s: str) -> str:
        """A string from the view in the report's own characters (县 → 縣 in a traditional report)."""
        return "".join(self.written.get(ch, ch) for ch in s) if self.written else s

    def body(self) -> list[Paragraph]:
        """Paragraphs that carry report text (not bylines, captions' credits or page clutter)."""
        return [p for p in self.paragraphs if p.kind in ("body", "caption")]

    def article_paragraphs(self, article: int) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.article == article]

    def headline(self, article: int) -> str | None:
        """An article's title: its longest heading line (section banners and kickers are shorter)."""
        heads = [p.text.strip("—- ") for p in self.article_paragraphs(article) if p.kind == "heading"]
        heads = [h for h in heads if len(h) >= 4]
        return max(heads, key=len) if heads else None


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"\r\n|\r|\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _ends_sentence(s: str) -> bool:
    s = s.rstrip(" |")
    while s and s[-1] in CLOSERS:
        if s[-1] in "）)":
            return True
        s = s[:-1]
    return bool(s) and (s[-1] in TERMINAL or s[-1] in "：:")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences end at 。！？ (with closing quotes kept); quoted speech stays whole when short."""
    out: list[Sentence] = []
    start, depth, i = 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "“「『":
            depth += 1
        elif ch in "”」』" and depth:
            depth -= 1
        if ch in TERMINAL and depth == 0:
            j = i + 1
            while j < len(text) and (text[j] in CLOSERS or text[j] in TERMINAL):
                j += 1
            _add(out, text, start, j)
            start, i = j, j
            continue
        if ch in TERMINAL and depth:
            j = i + 1
            while j < len(text) and text[j] in TERMINAL:
                j += 1
            if j < len(text) and text[j] in "”」』":
                depth -= 1
                j += 1
                # a quote that closes a sentence ends it unless attribution follows (…。”李某说)
                if j >= len(text) or text[j] in "“" or not _attribution_follows(text, j):
                    _add(out, text, start, j)
                    start = j
                i = j
                continue
        i += 1
    _add(out, text, start, len(text))
    return out


def _attribution_follows(text: str, j: int) -> bool:
    tail = text[j : j + 30]
    return bool(re.match(r"[^。！？“]{1,28}?(?:说|表示|介绍|指出|强调|告诉|感慨|坦言)", tail))


def _add(out: list[Sentence], text: str, a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Sentence(a, b, text[a:b]))


_LABEL_LINE = re.compile(r"^(?:牵头|责任|配合|协办|主办|承办|完成|时间节点|办结)[\u4e00-\u9fff]{0,4}[：:]")
# a line that puts the item above in someone's charge: 由X副市长负责，市Y局牵头，…
_ASSIGN_LINE = re.compile(r"^由[^，。；]{2,30}?(?:负责|牵头|主抓|分管)[，,；]")


CLUTTER_HEAD = 80  # a breadcrumb or menu at the head of a long line ends within this many characters
_CRUMB_END = re.compile(r"[>›]|正文|首页")


def _clutter_head(line: str) -> int:
    """Where page clutter at the head of a long line ends (after its last breadcrumb separator), or 0 when the
    line is short (then all of it is clutter)."""
    if len(line) <= 2 * CLUTTER_HEAD:
        return 0
    ends = [m.end() for m in _CRUMB_END.finditer(line, 0, CLUTTER_HEAD)]
    return ends[-1] if ends else 0


def _classify(line: str) -> str:
    s = line.strip()
    if _BULLET_ITEM.match(s):
        return "body"
    if _CLUTTER.search(s):
        return "clutter"
    if _LABEL_LINE.match(s):
        return "body"  # 牵头单位：…, 完成时限：…: they belong to the item before
    if _CAPTION.match(s):
        return "caption"
    if _BYLINE.search(s) and len(s) <= 40:
        return "byline"
    if len(s) <= 40 and not _ends_sentence(s) and not re.search(r"[，。；]", s):
        return "heading"
    return "body"


# a pinyin gloss right after a character (區(qū), 鎮(zhèn)): pages that gloss words break names and words apart
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{0,5}[)）]")


def _view(text: str, a: int, b: int, traditional: bool) -> tuple[str, list[int]]:
    """The folded (and, for traditional text, simplified) view of text[a:b] with each character's offset; pinyin
    glosses are left out of the view (華僑新村社區(qū) reads as one name), their characters stay in every quote."""
    glossed = {k for m in _GLOSS.finditer(text, a, b) for k in range(m.start(), m.end())}
    chars: list[str] = []
    for k in range(a, b):
        ch = fold(text[k], text[k - 1] if k > 0 else "", text[k + 1] if k + 1 < len(text) else "")
        chars.append(simplified(ch) if traditional else ch)
    if not glossed:
        return "".join(chars), list(range(a, b))
    keep = [k for k in range(a, b) if k not in glossed]
    return "".join(chars[k - a] for k in keep), keep


def segment(text: str) -> Document:
    """Split text into paragraphs (joining lines broken mid-sentence), task tables and articles."""
    meta: dict[str, str] = {}
    # the view is simplified character by character; quotes stay as written
    traditional = is_traditional(text)
    lines = [(_strip(text, a, b)) for a, b in _lines(text)]
    lines = [(a, b) for a, b in lines if b > a]
    # '# key: value' lines at the very top are metadata, not report text
    while lines and (m := _HEADER.match(text[lines[0][0] : lines[0][1]])):
        meta[m.group(1).lower()] = m.group(2).strip()
        lines.pop(0)
    views = [_view(text, a, b, traditional) for a, b in lines]
    lines, views = cut_lines(lines, views)
    tables = find_tables([v[0] for v in views])
    in_table = {k: t for t in tables for k in range(t.first, t.last + 1)}
    groups: list[list[int]] = []
    trailer_start = len(text)  # a '频道推荐' block: everything from there on is page clutter
    for k, (a, b) in enumerate(lines):
        if a >= trailer_start or _TRAILER.match(text[a:b]):
            trailer_start = min(trailer_start, a)
            groups.append([k])
            continue
        prev = groups[-1] if groups else None
        if prev and k not in in_table and prev[-1] not in in_table and _continues(text, lines[prev[-1]]):
            prev.append(k)
        else:
            groups.append([k])
    paragraphs: list[Paragraph] = []
    line_para: dict[int, int] = {}
    for g in groups:
        raw = "".join(views[k][0] for k in g)
        pos = [x for k in g for x in views[k][1]]
        if lines[g[0]][0] >= trailer_start:
            kind = "clutter"
        elif g[0] in in_table:
            kind = "table"
        else:
            kind = _classify(raw)
        cut = _clutter_head(raw) if kind == "clutter" else 0
        if cut:
            # a page pasted as one line: its breadcrumb or menu is only the line's head; the rest is report text
            paragraphs.append(Paragraph(raw[:cut], pos[:cut], kind="clutter", index=len(paragraphs)))
            raw, pos, kind = raw[cut:], pos[cut:], _classify(raw[cut:])
        if kind == "clutter" and len(raw) > 2 * CLUTTER_HEAD and lines[g[0]][0] < trailer_start:
            kind = (
                "body"  # a long line with no clutter head: the pattern matched far inside (《2022年<报告>…》)
            )
        p = Paragraph(raw, pos, kind=kind, index=len(paragraphs))
        p.sentences = split_sentences(raw) if kind in ("body", "caption", "table") else []
        paragraphs.append(p)
        for k in g:
            line_para[k] = p.index
    _numbered_lines(paragraphs)
    _assign_articles(paragraphs)
    doc = Document(
        text, paragraphs, meta, traditional=traditional, written=_written(text) if traditional else {}
    )
    doc.tables = [(t, {k: line_para[k] for k in range(t.first, t.last + 1)}) for t in tables]
    return doc


def _written(text: str) -> dict[str, str]:
    """Each simplified character of the view → the traditional one the text writes most often for it."""
    counts: dict[str, dict[str, int]] = {}
    for ch in text:
        sc = simplified(ch)
        if sc != ch:
            c = counts.setdefault(sc, {})
            c[ch] = c.get(ch, 0) + 1
    return {sc: max(c, key=lambda k: c[k]) for sc, c in counts.items()}


def fold_text(s: str) -> str:
    """A whole string folded as `segment` folds it, character by character (same length)."""
    return "".join(
        fold(ch, s[k - 1] if k else "", s[k + 1] if k + 1 < len(s) else "") for k, ch in enumerate(s)
    )


def _continues(text: str, line: tuple[int, int]) -> bool:
    """A long line that stops without closing punctuation was broken mid-sentence (judged on the folded line)."""
    s = fold_text(text[line[0] : line[1]])
    if _ends_sentence(s) or len(s) < 30 or _classify(s) in ("byline", "clutter") or s.endswith("摄"):
        return False
    return True


_LINE_MARK = re.compile(
    r"^(?:[（(]?(?P<d>\d{1,4})[)）]?[、.．](?!\d)|[（(](?P<pd>\d{1,4})[)）]|[（(](?P<pc>[一二三四五六七八九十]{1,3})[)）]"
    r"|(?P<c>[一二三四五六七八九十]{1,3})、|(?P<circ>[①-⑳]))"
)
_CN = {ch: i for i, ch in enumerate("一二三四五六七八九十", 1)}


def line_mark(text: str) -> tuple[str, int] | None:
    """The marker family and number a line starts with (1. and （1） → digits, （一） → paren, 一、 → cn, ① →
    circled), or None."""
    m = _LINE_MARK.match(text)
    if not m:
        return None
    if m.group("d") or m.group("pd"):
        return "digits", int(m.group("d") or m.group("pd"))
    if m.group("circ"):
        return "circled", ord(m.group("circ")) - ord("①") + 1
    cn = m.group("pc") or m.group("c")
    if len(cn) == 1:
        n = _CN[cn]
    elif cn[0] == "十":
        n = 10 + _CN.get(cn[1], 0)
    else:
        n = _CN[cn[0]] * 10 + (_CN.get(cn[2], 0) if len(cn) == 3 else 0)
    return ("paren" if m.group("pc") else "cn"), n


def _numbered_lines(paragraphs: list[Paragraph]) -> None:
    """Numbered lines are outline items, not headings, however short, when three or more in a row of one marker
    family count up (1、2、3…, （一）（二）（三）…; label lines such as 责任单位：… may stand between), or when a
    line of fields (责任单位：…, 完成时限：…) follows one: no item of a list, nor a target with its owner, is lost."""
    run: list[Paragraph] = []

    def body(q: Paragraph) -> None:
        if q.kind == "heading":
            q.kind = "body"
            q.sentences = split_sentences(q.text)

    fielded = [False]  # an item of the run has a line of fields under it

    def close() -> None:
        if len(run) >= 3 or (len(run) >= 2 and fielded[0]):
            for q in run:
                body(q)
        run.clear()
        fielded[0] = False

    prev: Paragraph | None = None
    for p in paragraphs:
        if p.kind == "body" and _LABEL_LINE.match(p.text):
            if prev is not None and prev.kind == "heading" and line_mark(prev.text):
                body(prev)  # （一）目标 / 责任单位：X: the line with the owner field is an item
            if run:
                fielded[0] = True
                continue  # 责任单位：… under the item before
        if p.kind == "body" and run and prev is run[-1] and _ASSIGN_LINE.match(p.text):
            prev = p
            continue  # 由X负责，Y牵头，… under the numbered line before: its owners and what is to be done
        mark = line_mark(p.text) if p.kind in ("body", "heading") else None
        prev = p if p.kind != "clutter" else prev
        last = line_mark(run[-1].text) if mark is not None and run else None  # every line in a run has a mark
        if mark is not None and last is not None and mark == (last[0], last[1] + 1):
            run.append(p)
            continue
        close()
        if mark is not None:
            run.append(p)
    close()


# a section heading's number: 一、 or （一）, each a family of its own
_SECTION = re.compile(
    r"^(?:(?P<plain>[一二三四五六七八九十]{1,3})、|[（(](?P<bracket>[一二三四五六七八九十]{1,3})[)）])"
)


def _section(text: str) -> tuple[str, int] | None:
    m = _SECTION.match(text)
    if not m:
        return None
    fam = "plain" if m.group("plain") else "bracket"
    value = ordinal_value(m.group(fam))
    return (fam, value) if value else None


def _assign_articles(paragraphs: list[Paragraph]) -> None:
    """Articles start at a heading (or a dateline's lead) after body text; a heading numbered as the next section
    of the article it stands in (一、 after its lead, 二、 after 一、) goes on that article: sections of one
    document are one article."""
    article, prev_kind = 0, None
    sections: dict[str, int] = {}  # the article's last section heading number per family
    for p in paragraphs:
        starts = (p.kind == "heading" and prev_kind not in ("heading", None)) or (
            p.kind == "body" and _LEAD.match(p.text) and prev_kind not in ("heading", None)
        )
        sec = _section(p.text) if p.kind == "heading" else None
        if starts and sec and sections.get(sec[0], 0) == sec[1] - 1:
            starts = False  # the article's first section (一、 after its lead) or its next one
        if starts:
            article += 1
            sections = {}
        if sec:
            sections[sec[0]] = sec[1]
        p.article = article
        if p.kind not in ("clutter", "table"):
            prev_kind = p.kind
