"""The body that convenes its own meeting (X镇召开…会议, 在X社区会议室召开) owns the requirements the meeting
writes without a subject (会议要求，一要…; 镇村干部要…; 全村要…): they are its own work, not a higher level's."""

from __future__ import annotations

import re

from extract.lists import Item, make_title
from extract.steps.rows import NO_MENTIONS, Article, Assembly, Found, meeting_for, unit_id
from extract.text import Paragraph, fold_text, simplified_text
from extract.units import Mention, canonical, collectives, find_units, is_collective

# the levels that carry out what their own meeting decides: towns, townships, streets, villages, communities,
# bureaus (a county or city meeting's subjectless demands are for the levels below it, so no owner is given)
_ENDINGS = ("街道办事处", "街道", "镇", "乡", "村", "社区", "局")
_NAME = r"[\u4e00-\u9fff]{2,24}?(?:" + "|".join(_ENDINGS) + ")"
_BODY = r"(?:党委|党工委|政府|人民政府|办事处|两委|村委会?|居委会|党总支|党支部|党组)*"
# X召开 / X于8月4日组织召开 / X举行 — the name ends right before them, or before what the meeting is on
# (X就…工作召开, X围绕…召开) or where it is held (X在文化站会议室召开)
CONVENES = re.compile(
    rf"(?P<name>{_NAME}){_BODY}(?:于[^，。；]{{1,16}}?)?"
    r"(?:(?:就|围绕|针对)[^，。；]{1,30}?|在[^，。；]{1,16}?(?:会议室|会场|礼堂|大厅))?(?:组织|隆重)?(?:召开|举行)"
)
# 在X会议室召开 / 会议地点：X会议室
ROOM = re.compile(
    rf"(?:在|地点[：:]\s*)(?P<name>{_NAME}){_BODY}(?:[一二三四五六七八九\d]{{1,2}}楼)?[大小]?会议室"
)
# what a name's run may start with that is no part of it: a time of day, a higher level (county, city, district,
# a service centre) the body belongs to
_HEAD = re.compile(r"^.*?(?:[日号]|上午|下午|晚上|晚|早上)(?=[\u4e00-\u9fff]{2})")
_HIGHER = re.compile(r"^.*(?:省|市|县|区|旗|中心)(?=[\u4e00-\u9fff]{2,}(?:街道|镇|乡|村|社区))")
# a subject that is the body's own people (全体干部, 镇村干部, 参会镇村组干部, 各村干部) or the body as a whole (全村)
_OWN_PEOPLE = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}[是要、]|[（(][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[、.．])?"
    r"(?:[\u4e00-\u9fff、]{0,16}?(?:干部|党员|班子成员|工作人员)|全(?:镇|乡|街道|村|社区))"
    r"(?:们)?(?:[一二三四五六七八九十]要|要|务必|必须|须|应当|应)"
)
_WHOLE = ("全镇", "全乡", "全街道", "全村", "全社区")


def _clean(name: str) -> str:
    """The body's own name out of the run before 召开 (5月9日下午刘巷村 → 刘巷村, 某县某中心某村 → 某村)."""
    name = _HEAD.sub("", name)
    return _HIGHER.sub("", name)


def convener_name(text: str) -> str | None:
    """The town, street, village, community or bureau that a sentence says convenes a meeting, if any."""
    for pat in (CONVENES, ROOM):
        for m in pat.finditer(text):
            name = _own_level(m.group("name"))
            if name:
                return name
    return None


def _own_level(name: str) -> str | None:
    """A body's name read as a convener: a town, street, village, community or bureau, never a collective."""
    name = _clean(name)
    if len(name) < 3 or is_collective(name) or name.startswith(("我", "本", "该", "全", "各", "在")):
        return None
    return name if name.endswith(_ENDINGS) else None


def _mention(ctx: Assembly, name: str) -> Mention:
    """The convener as a unit: the unit finder's reading when it reads the whole name, else the name itself."""
    found = [m for m in find_units(name, ctx.report.gaz) if m.start == 0 and m.end == len(name)]
    if found and found[-1].kind in ("town", "department"):
        return found[-1]
    end = next(e for e in _ENDINGS if name.endswith(e))
    kind = "department" if end == "局" else "town"
    return Mention(0, len(name), name, canonical(name), kind, end, False)


def _convener(ctx: Assembly, art: Article, para: int, offset: int, mid: str | None) -> Mention | None:
    """Who convenes the meeting placed at (para, offset): its sentence, else the article's heading lines, else
    the organizer the meeting step read (五角场社区 in 五角场社区就…工作召开了例会) when it is of a level that
    carries out its own meeting's demands."""
    texts = []
    if mid is not None:
        p = ctx.report.by_index[para]
        sent = p.sentence_at(offset)
        texts = [p.text[sent.start : sent.end]] if sent else []
    texts += [q.text for q in _heads(ctx, art)]
    for t in texts:
        name = convener_name(t)
        if name:
            return _mention(ctx, name)
    organizer = next((str(m.get("organizer") or "") for m in ctx.out.meetings if m["meeting_id"] == mid), "")
    name = _own_level(organizer) if organizer else None
    return _mention(ctx, name) if name else None


def _heads(ctx: Assembly, art: Article) -> list[Paragraph]:
    """The article's first lines, headings too (its title, the lead sentence, a minutes form's place line)."""
    if not art.paras:
        return []
    return ctx.report.doc.article_paragraphs(art.paras[0].article)[:6]


# a demand with no subject right after the meeting's or a speaker's 要求/强调 (会议要求，要…; 要求要…), also when it
# is put to the body's own people (要求全体镇干部，越要…), opens with when it is due (要求在5月5日之前对…; 要求即日起…)
# or with a short clause of what it is about (强调，对于防火工作，思想上要…)
_PEOPLE = r"(?:全体)?[\u4e00-\u9fff]{0,6}?(?:干部|党员|工作人员)"
_BARE_DEMAND = re.compile(
    rf"(?:要求|强调|指出)[，：]?(?:{_PEOPLE}[，：])?"
    r"(?=(?P<head>要(?![求素闻点])|在[^，。；]{1,12}?(?:之?前|起)|于[^，。；]{1,12}?前|即日起"
    r"|[^，。；]{1,12}，+[^，。；]{0,10}?要(?![求素闻点])))"
)
_CLAUSE = re.compile(r"(?:^|(?<=[，：；]))")
# a sentence that is itself a demand with no subject (…重中之重。要进一步细化…; 同时要…): a speech set out under
# headings writes each section's demands so
_OPENS_DEMAND = re.compile(r"(?:同时，?|还|更|并)?要(?![求素闻点])")


def _own_sentences(ctx: Assembly, art: Article, conveners: dict[str | None, Mention]) -> None:
    """Sentences of a convener's meeting that no step read: its own people's duties (镇村干部要…) and a
    subjectless demand after 要求/强调 (会议要求，要…) are its tasks, up to where a clause of another holder that a
    step read begins (会议要求：要A；各单位要B → A)."""
    held = [
        (
            int(str(r["char_start"])),
            int(str(r["char_end"])),
            r["unit_id"] is not None or r["addressee"] is not None,
        )
        for r in ctx.rows.values()
    ]
    skipped = {(pi, a, b) for pi, a, b in ctx.skip}
    for p in art.body:
        units = art.mentions.get(p.index, NO_MENTIONS)
        for s in p.sentences:
            mid = meeting_for(art.meetings, p.index, s.start)
            who = conveners.get(mid)
            if who is None:
                continue
            if any(pi == p.index and x < s.end and s.start < y for pi, x, y in skipped):
                continue
            text = p.text[s.start : s.end]
            start = head = None
            m = _BARE_DEMAND.search(text)
            if m:
                start, head = m.end(), m.end("head")
                if units.starting_in(s.start + start, s.start + head) or collectives(text[start:head]):
                    start = None  # the demand is put to a unit or a group of its own
            else:
                own = next(
                    (o for c in _CLAUSE.finditer(text) if (o := _OWN_PEOPLE.match(text, c.start()))), None
                )
                own = own or _OPENS_DEMAND.match(text)
                start, head = (own.start(), own.end()) if own else (None, None)
            if start is None or head is None:
                continue
            a0, b0 = p.orig(s.start + start, s.end)
            h0 = p.orig(s.start + head - 1, s.start + head)[1]
            if any(x <= a0 < y or a0 <= x < h0 for x, y, _o in held):
                continue  # a step read these words, or an item of theirs starts in the demand's head
            # rows of other holders inside the sentence end the demand; ownerless ones inside it are its parts
            cut = min((x for x, _y, owned in held if owned and a0 < x < b0), default=None)
            end = s.end
            if cut is not None:
                end = next(
                    k for k in range(s.start + start, s.end + 1) if k == s.end or p.orig(k, k + 1)[0] >= cut
                )
                while end > s.start + start and p.text[end - 1] in "，；、。 ":
                    end -= 1
            if end - (s.start + start) < 4:
                continue
            item = Item(p.index, s.start + start, end, None, "")
            item.title = make_title(p.text[s.start + start : end].strip("“”"))
            ctx.add(Found(item=item, kind="task", meeting_id=mid, parent_id=None, list_name=None, unit=who))


def convener_owns(ctx: Assembly, art: Article) -> None:
    """Give each meeting's convener the meeting's commitments that name no holder, and those whose subject is its
    own people or the body as a whole (镇村干部要…, 全村要…); collectives (各村要…) stay addressees."""
    names = {unit_id(n): n for n in ctx.out.units}
    conveners: dict[str | None, Mention] = {}
    # a meeting whose day the text does not give (24日，X乡召开…, no month, no page date) is still its convener's:
    # the article's heading lines say who convenes, and its rows have no meeting
    placed: list[tuple[int, int, str | None]] = list(art.meetings) or [(-1, 0, None)]
    lo, hi = _span(art)
    for para, offset, mid in placed:
        who = _convener(ctx, art, para, offset, mid)
        if who is None:
            continue
        conveners[mid] = who
        rows = [
            r
            for r in ctx.rows.values()
            if r["meeting_id"] == mid and (mid is not None or lo <= int(str(r["char_start"])) < hi)
        ]
        for r in rows:
            quote = ctx.report.doc.text[int(str(r["char_start"])) : int(str(r["char_end"]))]
            own = r["unit_id"] is None and r["addressee"] is None
            held = names.get(str(r["unit_id"]), "")
            # the body as a whole (全村要…) or by its bare kind (社区将…) at its own meeting is the body itself
            whole = held in _WHOLE or (held in _ENDINGS and who.name.endswith(held))
            people = r["addressee"] is None and _OWN_PEOPLE.match(_folded(ctx, quote)) is not None
            if own or whole or people:
                _give(ctx, r, who)
    _own_sentences(ctx, art, conveners)


def _span(art: Article) -> tuple[int, int]:
    """The article's body as a range of the source text."""
    if not art.paras:
        return 0, 0
    first, last = art.paras[0], art.paras[-1]
    return first.orig(0, 1)[0], last.orig(max(len(last.text) - 1, 0), len(last.text))[1]


def _folded(ctx: Assembly, quote: str) -> str:
    s = fold_text(quote)
    return simplified_text(s) if ctx.report.doc.traditional else s


def _give(ctx: Assembly, row: dict[str, object], who: Mention) -> None:
    """Make `who` the row's lead holder, in place of a holder read off its subject."""
    cid = row["commitment_id"]
    uid = ctx.unit(who)
    units = ctx.out.commitment_units
    units[:] = [u for u in units if not (u["commitment_id"] == cid and u["role"] == "lead")]
    if not any(u["commitment_id"] == cid and u["unit_id"] == uid for u in units):
        units.append({"commitment_id": cid, "unit_id": uid, "role": "lead"})
    row["unit_id"] = uid


# a bare kind word that stands for one named body: the object of a demand (要求社区…, 对社区…提出…要求) or the
# subject of a duty (社区要…); a kind word inside a longer name (社区党群服务中心) is not bare
_BARE = re.compile(
    r"(?:(?<=要求)|(?<=对)|(?<=[，。；：]))(?P<kind>社区|村)(?=要(?![求素闻点])|将|[全充切深认积加做抓]|今后|的工作)"
)
# where a text places a body: 在X社区，… / 到X社区调研 / 走进X村
_PLACED = {
    k: re.compile(rf"(?:在|到|走进|来到|深入)(?P<name>[\u4e00-\u9fff]{{2,8}}?{k})") for k in ("社区", "村")
}


def _named_before(ctx: Assembly, art: Article, p: Paragraph, at: int, kind: str) -> Mention | None:
    """The body of that kind the text places the bare word at: the nearest one named before it in its paragraph
    (在X社区，…要求社区…), else the only one the article names (到X社区调研 … 对社区…)."""

    def named(text: str) -> list[str]:
        names = (_clean(m.group("name")) for m in _PLACED[kind].finditer(text))
        return [n for n in names if len(n) > len(kind) + 1 and not is_collective(n)]

    here = named(p.text[:at])
    if here:
        return _mention(ctx, here[-1])
    every = {n for q in art.paras for n in named(q.text)}
    return _mention(ctx, every.pop()) if len(every) == 1 else None


def bare_kinds(ctx: Assembly, art: Article) -> None:
    """A demand put to a body by its bare kind (要求社区全力开展…; 对社区今后的工作提出了四点要求：一是…) is the
    named body's: the unowned items after it in its paragraph, else the clause from the word as its task."""
    for p in art.body:
        for m in _BARE.finditer(p.text):
            who = _named_before(ctx, art, p, m.start(), m.group("kind"))
            if who is None:
                continue
            a0 = p.orig(m.start(), m.end())[0]
            line_end = p.orig(len(p.text) - 1, len(p.text))[1]
            after = [
                r
                for r in ctx.rows.values()
                if a0 <= int(str(r["char_start"])) < line_end
                and r["addressee"] is None
                and r["unit_id"] in (None, unit_id(m.group("kind")))
            ]
            if p.text[m.end() :].startswith(("今后", "的工作")):
                for r in after:
                    _give(ctx, r, who)
                continue
            end = _free_clause_end(ctx, p, m.start(), m.end())
            if end is None:
                continue
            item = Item(p.index, m.start(), end, None, "")
            item.title = make_title(p.text[m.end() : end])
            mid = meeting_for(art.meetings, p.index, m.start())
            ctx.add(Found(item=item, kind="task", meeting_id=mid, parent_id=None, list_name=None, unit=who))


def _free_clause_end(ctx: Assembly, p: Paragraph, start: int, after: int) -> int | None:
    """Where the clause from `after` ends (its sentence's end), or None when another row already quotes part of it."""
    end = after
    while end < len(p.text) and p.text[end] not in "。；！？\n":
        end += 1
    a, b = p.orig(start, end)
    if any(int(str(r["char_start"])) < b and a < int(str(r["char_end"])) for r in ctx.rows.values()):
        return None
    return end


# a township's or town's government by its bare level, as the subject of its own next steps (乡政府将…, 镇党委要…)
_BARE_GOV = re.compile(
    r"(?:(?<=[，。；：])|^)(?P<kind>乡|镇|街道)(?:人民政府|政府|党委|办事处)(?=将(?![近来])|要(?![求素闻点]))"
)
# a town named with its government (大田乡人民政府, 2021年大田乡政府…): a year before it is no part of the name
_GOV_NAMED = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,6}?(?:乡|镇|街道))(?:人民政府|政府|党委|办事处)")
_YEAR_HEAD = re.compile(r"^.*[年度]")


def bare_governments(ctx: Assembly, art: Article) -> None:
    """A township's government by its bare level (乡政府将积极筹措资金…) is the only town of that level the article
    names with its government (2021年大田乡人民政府…的报告): the clause from the word to its sentence's end is its task."""
    if not art.paras:
        return
    paras = ctx.report.doc.article_paragraphs(art.paras[0].article)
    for p in art.body:
        for m in _BARE_GOV.finditer(p.text):
            kind = m.group("kind")
            names = {_YEAR_HEAD.sub("", n.group("name")) for q in paras for n in _GOV_NAMED.finditer(q.text)}
            names = {n for n in names if n.endswith(kind) and len(n) > len(kind) + 1 and not is_collective(n)}
            if len(names) != 1:
                continue
            end = _free_clause_end(ctx, p, m.start(), m.end())
            if end is None:
                continue
            item = Item(p.index, m.start(), end, None, make_title(p.text[m.end() : end]))
            mid = meeting_for(art.meetings, p.index, m.start())
            ctx.add(Found(item=item, kind="task", meeting_id=mid, unit=_mention(ctx, names.pop())))
