"""Organisations a clause makes the subject of a duty (大田村表态，…; 先进村要…; 区督查组负责…; 纪委、各个专班要…)
even when their name has no office ending the unit finder knows: villages, schools, groups, offices, bodies."""

from __future__ import annotations

import re
from bisect import bisect_left

from extract.places import named_divisions
from extract.text import always
from extract.units import DEPT_SUFFIXES, TOWN_SUFFIXES, Mention, canonical, is_collective

# Endings of organisations that hold duties; a name is the whole run from the clause start to its ending, or
# the ending alone when that is a body's name (纪委, 督查委, 专班 in 各个专班、督查委、纪委要…).
ORG_ENDINGS = (
    "村",
    "社区",
    "居委会",
    "学校",
    "小学",
    "中学",
    "幼儿园",
    "医院",
    "卫生院",
    "组",
    "专班",
    "机构",
    "单位",
    "纪委",
    "督查委",
    "公司",
    "集团",
    "站",
    # the parties of a project by their role (项目方要…, 施工方要…)
    "项目方",
    "建设方",
    "施工方",
    "业主方",
    "运营方",
    "投资方",
    "承建方",
    "监理方",
)
_NAME = rf"(?!要|请|由|对|让|把|将|在|经|从|向|按)[\u4e00-\u9fff]{{0,12}}?(?:{'|'.join(sorted(ORG_ENDINGS, key=len, reverse=True))})"
# a duty word right after the subject (or after 主要负责人): 要, 表态, 负责, 牵头, 将, 须, 务必, 从三个方面表态
DUTY = re.compile(
    r"(?:主要)?(?:负责人)?(?:要(?![求素闻点])|表态|负责|牵头|将(?![近来])|须|务必|应当|(?:从|就)[^，。；]{1,8}?表态)"
)
_SUBJECTS = re.compile(rf"(?P<names>{_NAME}(?:[、和与及]{_NAME})*)")
_CLAUSE_START = "。；！？，：、\n"
# what a clause may open with before its subject: a marker (一是, 二、, （三）) or a connective
_OPENER = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}[是要、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．]|同时|另外|此外)?"
)
_NOT_ORG = ("农村", "乡村", "城乡结合", "本单位", "该单位", "小组")


def duty_subjects(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Mentions of organisations that open a clause as the subject of a duty word, outside the `taken` spans."""
    out: list[Mention] = []
    for i in range(len(text)):
        if i and text[i - 1] not in _CLAUSE_START:
            continue
        o = always(_OPENER.match(text, i))
        m = _SUBJECTS.match(text, o.end())
        if not m or not DUTY.match(text, m.end()):
            continue
        pos = m.start()
        for name in re.split(r"[、和与及]", m.group("names")):
            a, b = pos, pos + len(name)
            pos = b + 1
            if (
                len(name) < 2
                or name.startswith(_NOT_ORG)
                or name in _NOT_ORG
                or any(x < b and a < y for x, y in taken)
            ):
                continue
            if is_collective(name) or any(x.start == a and x.end == b for x in out):
                continue  # 各村, 相关单位: addressees, found as such by units.collectives; a name seen from its list
            if name.endswith(("村", "社区", "居委会")):
                out.append(
                    Mention(
                        a,
                        b,
                        name,
                        canonical(name),
                        "town",
                        name[-1] if name.endswith("村") else "社区",
                        False,
                    )
                )
            else:
                out.append(Mention(a, b, name, canonical(name), "department", name[-2:], False))
    return out


# 'X有3（A、B、C）推进缓慢' / 'X有2项（A、B）已完成': a unit with the items it holds and what is said of them
_STATUS = (
    r"推进缓慢|进展缓慢|进度滞后|进展滞后|滞后|未完成|未达序时进度|未达序时|已完成|提前完成|正常推进|有序推进"
)
HELD = re.compile(
    r"(?P<unit>[\u4e00-\u9fff]{2,10}?(?:区|县|市|镇|乡|街道|村|社区|局|委|办))有"
    r"(?P<n>\d{1,3}|[一二三四五六七八九十两]{1,3})(?:项|个|件|类)?[（(](?P<items>[^（）()]{2,200})[)）]"
    rf"(?:[^，。；]{{0,6}}?)(?P<status>{_STATUS})"
)


def held_items(text: str) -> list[tuple[int, int, Mention]]:
    """Clauses naming a unit, the items it holds and their status (巴州区有3（A、B、C）推进缓慢): (start, end, unit)."""
    out = []
    for m in HELD.finditer(text):
        name = m.group("unit")
        if is_collective(name) or name.startswith(("其中", "全市", "全县", "全区")):
            continue
        a, b = m.start("unit"), m.end("unit")
        kind = "town" if name.endswith(("区", "县", "市", "镇", "乡", "街道", "村", "社区")) else "department"
        out.append((m.start(), m.end(), Mention(a, b, name, canonical(name), kind, name[-1], False)))
    return out


# (the press a meeting asks to cover it, 请X电视台、X报社派员采访, is named so too)
_OFFICE_ENDINGS = (
    *TOWN_SUFFIXES,
    *DEPT_SUFFIXES,
    *ORG_ENDINGS,
    "处",
    "室",
    "中心",
    "队",
    "团",
    "电视台",
    "电台",
    "报社",
)
# what the name of a body holding a share of an item ends with: an office, an organisation, a park (产业园)
SHARE_ENDINGS = (*_OFFICE_ENDINGS, "园", "会", "院", "馆", "厅")
_TAIL_BRACKET = re.compile(r"[（(](?P<names>[^（）()]{2,80})[)）][。；;，,]?\s*$")


def bracketed_owners(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The owners an item names in brackets at its end (…要事先规划。（工务局）, （县住建局、县财政局）): the
    bracket's inside when every name in it ends like an office, else None."""
    m = _TAIL_BRACKET.search(text, start, end)
    if not m:
        return None
    names = [n for n in re.split(r"[、，,和及与]", m.group("names")) if n]
    if names and all(2 <= len(n) <= 16 and n.endswith(_OFFICE_ENDINGS) for n in names):
        return m.start("names"), m.end("names")
    return None


# words that open a request's action, not the name of the one asked (请加速赶办, 请尽快督办, 请研议…)
_ACTION_OPENER = "加速|加快|尽快|尽速|抓紧|迅速|及时|立即|马上|研议|研究|先|再|依|就|于|将|务必|切实|认真"
_OFFICE_NAME = re.compile(
    rf"(?!要|请|由|对|让|把|将|在|经|从|向|按|{_ACTION_OPENER})[\u4e00-\u9fff]{{1,10}}?(?:{'|'.join(sorted(set(_OFFICE_ENDINGS), key=len, reverse=True))})"
)
_REQUEST_VERB = re.compile(r"请(?![示求假])|责成|督促|敦促|交由|交办|要求")
_JOINER = "、和与及"
_BARE_DOING = re.compile(r"完成|负责|办理|落实|处理|执行|承办")
# after 要求 (far more common than 请), the one asked is read only when it is a name of three characters or more
# that is no work phrase and is followed by how or what it is to do (要求乡农技站对全乡…, 要求校办按时完成…)
_WORK_OPENER = (
    "加强|加大|做好|抓好|落实|切实|进一步|全面|严格|认真|积极|强化|完善|建立|确保|坚持|推进|村村|户户"
)
_ASKED_NEXT = re.compile(
    r"对|在|于|按|及时|尽快|切实|认真|做好|完成|加强|负责|牵头|抓好|落实|开展|组织|进一步|要|务必|立即|全力|根据|依据"
    r"|严格|积极|主动|定期|每"
)


def requested(text: str, mentions: list[Mention]) -> list[tuple[int, int, list[Mention]]]:
    """Clauses that make units the object of a request or an order (请X于…前…, 请X与Y研究…, 责成X…, 督促X…):
    (clause start, clause end, the units asked), the units being known mentions or names ending like an office."""
    by_start = {m.start: m for m in mentions}
    stops = [k for k, ch in enumerate(text) if ch in "。；！？\n"]  # where a clause asked may end
    out = []
    for v in _REQUEST_VERB.finditer(text):
        i = v.start()
        opens = not i or text[i - 1] in _CLAUSE_START + " )）" or text[i - 1] in ("并", "另")
        # a minutes line may name its matter first and then whom it asks (…简报请三科尽速修改陈报): 请 after a
        # noun asks an office when no word holds it (申请, 邀请, 报请 …); the clause is then the matter's
        topic = (
            not opens
            and v.group() == "请"
            and (text[i - 1] not in _NOT_ASKING or text[max(0, i - 2) : i] in _PAPERS)
        )
        if not opens and not topic and not (v.group() == "要求" and text[i - 1] != "的"):
            continue  # 要求 follows who asks (会议要求, 书记要求); 请 and the rest open their clause
        units, pos = _asked_names(text, v.end(), by_start)
        if not units or is_collective(units[0].name):
            continue
        if topic and by_start.get(v.end()) is None and not _OFFICE_NAME.fullmatch(units[0].name):
            continue
        if v.group() == "要求" and not _asked(units[0].name, text, pos):
            continue
        w = _ALONG.match(text, pos)
        if w:  # 请三科派员协同五科出席: the office it goes along with is asked too
            more, _end = _asked_names(text, w.end(), by_start)
            units += [m for m in more if not is_collective(m.name)]
        k = bisect_left(stops, pos)
        end = stops[k] if k < len(stops) else len(text)
        start = i
        if topic:  # the matter runs back to its clause's start, looked for over a line's length at most
            lo = max(0, i - _TOPIC_REACH)
            start = max(text.rfind(ch, lo, i) for ch in _CLAUSE_START) + 1
            if start == 0 and lo > 0:
                continue
            start += len(text[start:i]) - len(text[start:i].lstrip("•·● "))
        if end - pos >= 4:
            out.append((start, end, units))
        elif _BARE_DOING.fullmatch(text[pos:end].strip("，, ")):
            # 请各处室制作处室牌，请A及B完成: the one asked does what the clause before it says
            start = max(text.rfind(ch, 0, i) for ch in "。；！？\n") + 1
            if i - start >= 4:
                out.append((start, end, units))
    return out


# characters before 请 that make it part of a word, not a request to whom follows (申请, 邀请, 报请, 催请 …)
_NOT_ASKING = "申邀提报呈敬恳聘函烦诚吁转拟祈特延约商声奏催回聆宴"
_TOPIC_REACH = 160
# papers whose name ends in 报, so that …简报请X… is no 报请
_PAPERS = ("简报", "通报", "月报", "周报", "日报", "快报", "年报", "季报", "汇报")
# going along with another office in a request: 请A派员协同B出席, 请A会同B办理
_ALONG = re.compile(r"(?:派员)?(?:协同|会同|偕同)")


def _asked_names(text: str, pos: int, by_start: dict[int, Mention]) -> tuple[list[Mention], int]:
    """The units named one after another from `pos` (known mentions or names ending like an office), and where
    they end."""
    units: list[Mention] = []
    while True:
        m = by_start.get(pos)
        if m is None:
            n = _OFFICE_NAME.match(text, pos, pos + 16)
            if not n:
                break
            name = n.group()
            kind = "town" if name.endswith(("村", "社区", "镇", "乡", "街道")) else "department"
            m = Mention(pos, pos + len(name), name, canonical(name), kind, name[-1], False)
        units.append(m)
        pos = m.end
        if pos < len(text) and text[pos] in _JOINER:
            pos += 1
            continue
        break
    return units, pos


def _asked(name: str, text: str, end: int) -> bool:
    """Whether a name after 要求 is the one asked: an office's name, not a work phrase or people, with how or
    what it is to do right after it."""
    return (
        len(name) >= 3
        and re.match(_WORK_OPENER, name) is None
        and not name.endswith(("干部", "全部", "内部", "局部", "单位"))
        and not name.startswith(("全", "所有"))
        and not re.search(f"[{_JOINER}]", name)
        and _ASKED_NEXT.match(text, end) is not None
    )


# What a body is put in charge of after 由 (由X负责/牵头/考评/提出…): 由 marks where its name starts, the verb
# where it ends, so a name the unit finder cuts or misses (县复审工作领导小组, 乡安办, 区督查组) is read whole.
ASSIGN_VERBS = (
    "负责|牵头|组织|开展|实施|落实|考评|考核|提出|综合|审查|审核|统筹|协调|督办|督查|制定|编制|汇总|承办|办理"
    "|会同|检查|验收|核实|拟定|起草|指导|推进"
)
_ASSIGNED = re.compile(
    rf"由(?P<name>[\u4e00-\u9fff“”]{{1,24}}?(?:{'|'.join(sorted(set(_OFFICE_ENDINGS), key=len, reverse=True))}))"
    rf"(?=(?:{ASSIGN_VERBS}))"
)


# 由A、B组织…: every body of the list before the verb, each name ending like an office
# (a name holds no joiner, so the list is read one way only)
_OFFICE_RUN = rf"(?:(?![、和与及])[\u4e00-\u9fff“”]){{1,24}}?(?:{'|'.join(sorted(set(_OFFICE_ENDINGS), key=len, reverse=True))})"
_ASSIGNED_LIST = re.compile(
    rf"由(?P<names>{_OFFICE_RUN}(?:[、和与及]{_OFFICE_RUN}){{1,8}})(?=(?:{ASSIGN_VERBS}))"
)


def _assigned_mention(m: re.Match[str]) -> Mention:
    a, b, name = m.start("name"), m.end("name"), m.group("name")
    kind = "town" if name.endswith(("村", "社区", "镇", "乡", "街道")) else "department"
    return Mention(a, b, name, canonical(name), kind, name[-2:], False)


def assigned(text: str, found: list[Mention]) -> list[Mention]:
    """`found` with the body named after 由 before an assignment verb in place of the mentions inside its name."""
    out = list(found)
    for m in _ASSIGNED.finditer(text):
        a, b, name = m.start("name"), m.end("name"), m.group("name")
        if is_collective(name) or any(x.start <= a and b <= x.end or x.start == a for x in out):
            continue  # a collective (各单位) is an addressee; a name found whole, or from its start, stays as found
        out = [x for x in out if not (a <= x.start and x.end <= b)]
        out.append(_assigned_mention(m))
    for m in _ASSIGNED_LIST.finditer(text):
        pos = m.start("names")
        for name in re.split(r"[、和与及]", m.group("names")):
            a, b = pos, pos + len(name)
            pos = b + 1
            if len(name) < 2 or is_collective(name) or any(x.start < b and a < x.end for x in out):
                continue  # a name the unit finder read, or overlaps, stays as found
            kind = "town" if name.endswith(("村", "社区", "镇", "乡", "街道")) else "department"
            out.append(Mention(a, b, name, canonical(name), kind, name[-2:], False))
    return sorted(out, key=lambda x: x.start)


def offices_of(found: list[Mention]) -> list[Mention]:
    """`found` with a body's name and the 办公室 right after it read as one unit, the body's office (管委会办公室,
    …编制委员会办公室, 防汛指挥部办公室), not the body and a bare 办公室."""
    out: list[Mention] = []
    for m in sorted(found, key=lambda x: x.start):
        last = out[-1] if out else None
        if last is not None and m.surface == "办公室" and m.start == last.end and last.kind == "department":
            name = last.surface + m.surface
            out[-1] = Mention(last.start, m.end, name, canonical(name), "department", "办公室", False)
            continue
        out.append(m)
    return out


# a group's long name that opens a clause as the subject of a duty (二是镇农村人居环境整治推进工作领导小组要…): read
# whole from the clause start to its ending, in place of the names the unit finder read inside it
_GROUP_NAME = re.compile(
    r"(?P<name>(?:(?!要|成立|组建|设立|的|与|和|及|对|在)[\u4e00-\u9fff]){3,24}?(?:领导小组|工作专班|指挥部))"
)


def group_subjects(text: str, found: list[Mention]) -> list[Mention]:
    """`found` with a group named whole at a clause start before a duty word in place of the mentions inside it."""
    out = list(found)
    for i in range(len(text)):
        if i and text[i - 1] not in _CLAUSE_START:
            continue
        g = _GROUP_NAME.match(text, always(_OPENER.match(text, i)).end())
        if not g or not DUTY.match(text, g.end()) or is_collective(g.group("name")):
            continue
        a, b, name = g.start("name"), g.end("name"), g.group("name")
        inner = [x for x in out if a <= x.start and x.end <= b]
        if not inner or any(x.start == a and x.end == b for x in inner):
            continue
        out = [x for x in out if x not in inner]
        out.append(Mention(a, b, name, canonical(name), "department", name[-2:], False))
    return sorted(out, key=lambda x: x.start)


_TAIL_VERBS = re.compile(rf"(?:{ASSIGN_VERBS})+[\u4e00-\u9fff]{{0,4}}[。；，\s]*$")


def assigned_tail(text: str, start: int, end: int) -> Mention | None:
    """The body an item ends by putting in charge (…完成任务计10分由市统计局考评; …工作由乡安办负责组织实施。)."""
    for m in reversed(list(_ASSIGNED.finditer(text, start, end))):
        if _TAIL_VERBS.match(text[m.end() : end]) and not is_collective(m.group("name")):
            return _assigned_mention(m)
    return None


# （A负责）, （A、B按职责分工负责）, （A牵头，B、C配合）: names, each run closed by what its bodies do
_DUTY_RUN = re.compile(
    r"(?P<names>[^，,；;（）()]{2,80}?)(?:按职责分工|按职责|分别)?(?P<duty>牵头|负责|配合|参与|协助|协办)(?=[，,；;]|$)"
)
_DUTY_ROLE = {"牵头": "lead", "负责": "responsible", "配合": "support", "参与": "support", "协助": "support"}


def bracketed_duties(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The owners an item names in a closing bracket with their duty (…建设。（A、B按职责分工负责）): (start, end,
    role) per name, when every name ends like an office and every part of the bracket says what its names do."""
    m = _TAIL_BRACKET.search(text, start, end)
    if not m:
        return []
    out: list[tuple[int, int, str]] = []
    skipped = False
    pos, inside = m.start("names"), m.group("names")
    for part in re.finditer(r"[^，,；;]+", inside):
        run = _DUTY_RUN.fullmatch(part.group())
        if not run:
            return []
        a = pos + part.start()
        for name in re.finditer(r"[^、和及与]+", run.group("names")):
            n = name.group().removesuffix("等")
            if is_collective(n):
                skipped = True  # 各有关部门按职责分工负责: addressees, no holders; the bracket's leads still hold it
                continue
            if not (2 <= len(n) <= 24 and n.endswith(_OFFICE_ENDINGS)):
                return []
            out.append(
                (a + name.start(), a + name.start() + len(n), _DUTY_ROLE.get(run.group("duty"), "support"))
            )
    if skipped and not any(role in ("lead", "responsible") for _a, _b, role in out):
        return []
    return out


# A county, district or new area as the subject of its own future measures (下一步，X区将建立…; X县要…).
_PLACE_DUTY = re.compile(r"将(?![近来])|要(?![求素闻点])|务必|须|计划|力争")
_AREA = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:新区|开发区|高新区|经开区)")


def division_subjects(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Mentions of a city, county, district or new area that opens a clause as the subject of 将/要/务必…,
    outside the `taken` spans."""
    forms = sorted({f for f, _d in named_divisions(text) if len(f) >= 3}, key=len, reverse=True)
    out: list[Mention] = []
    for i in range(len(text)):
        if i and text[i - 1] not in _CLAUSE_START:
            continue
        at = always(_OPENER.match(text, i)).end()
        area = _AREA.match(text, at)
        name = next((f for f in forms if text.startswith(f, at)), area.group() if area else None)
        if not name or not _PLACE_DUTY.match(text, at + len(name)):
            continue
        if any(x < at + len(name) and at < y for x, y in taken):
            continue
        out.append(Mention(at, at + len(name), name, name, "town", name[-1], False))
    return out


# '他对X局做好2024年工作提出了三方面要求：一是…': the body the demands are put to, named in the list's lead-in
_DEMANDS_TO = re.compile(r"对(?P<who>[^，。；：]{2,24}?)提出了?[^，。；：]{0,6}要求[：:，]?\s*$")


# a heading that names the body leading the work listed under it: 一、县示范区管委会牵头工作（8项）
_LEADS_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])?"
    r"(?P<who>[^，。；：、\s]{3,20}?)(?:牵头|负责)(?:的)?(?:工作|任务|事项)(?:[（(]\d{1,3}项[)）])?[：:]?$"
)


def heading_lead(text: str) -> tuple[int, int] | None:
    """The span of the body a heading puts in charge of the items under it (一、X牵头工作（8项）), if any."""
    m = _LEADS_HEADING.match(text.strip())
    if not m or is_collective(m.group("who")):
        return None
    a = text.index(m.group("who"))
    return a, a + len(m.group("who"))


def demands_to(text: str, start: int) -> tuple[int, int] | None:
    """The span of whom a list's lead-in puts its demands to (对X…提出…要求：), the lead-in ending at `start`."""
    m = _DEMANDS_TO.search(text, max(0, start - 40), start)
    return (m.start("who"), m.end("who")) if m else None


# An office named at a clause start with the work it is to do and no duty word (镇应急办加强对各村物资的检查;
# 资助中心根据…做好…): the clause is the office's when the text around it demands (see `steps.tasks.offices`).
_OFFICE_END = "办公室|办|所|站|处|室|科|局|委会|委|队|中心|组"
_OFFICE_AT = re.compile(
    rf"(?!以|为|在|对|把|将|由|从|向|按|经|让|与|和|及|全|各|该|本|我|所有|其|此|请|要|责成|督促)"
    rf"(?P<name>[\u4e00-\u9fff]{{1,10}}?(?:{_OFFICE_END}))"
    r"(?P<verb>要(?![求素闻点])|负责|牵头|加强|加大|做好|抓好|抓实|做实|开展|落实|组织|督促|配合|协助|完善|建立|健全"
    r"|根据|按照|及时|强化|严格|切实|全力|认真|统筹|定期|每[月周天日]"
    r"|尽速|尽快|尽早|及早|邀集|横向联系)"  # how soon it is to act, or whom it calls in (a ruling's report)
)
_NOT_OFFICE = ("场所", "住所", "厕所", "处所", "之处", "好处", "难处", "长处", "短处", "用处", "教室", "小组")
# a name a level word opens (县住建局, 镇安监办) may be longer than one that it does not (德育处, 资助中心)
_LEVEL = ("省", "市", "县", "区", "州", "盟", "旗", "镇", "乡", "街道", "村", "社区")
_INSIDE = re.compile(
    r"[局处科所站队是]"
)  # an office's ending or a copula inside a name: two names, or a sentence


def office_at(text: str, i: int) -> Mention | None:
    """The office that opens a clause at `i` with the work it is to do after its name (镇安监办加强…), if any;
    a work done (加强了…) or a place (公共场所, 教室) is none."""
    i = always(_OPENER.match(text, i)).end()
    m = _OFFICE_AT.match(text, i)
    if not m:
        return None
    name = m.group("name")
    after = text[m.end() : m.end() + 8]
    if (
        not 3 <= len(name) <= (10 if name.startswith(_LEVEL) else 6)
        or _INSIDE.search(name[:-1])
        or name.endswith(_NOT_OFFICE)
        or name in ("办事处", "办公室", "管委会")
        or is_collective(name)
        or re.match(r"[^，。；]{0,6}[了过]", after)
    ):
        return None
    kind = "town" if name.endswith(("村", "社区", "镇", "乡", "街道")) else "department"
    return Mention(i, i + len(name), name, canonical(name), kind, name[-1], False)


def office_subjects(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Mentions of offices that open a clause as the subject of a duty word (德育处要…, 督办中心负责…), outside
    the `taken` spans."""
    out = []
    for i in range(len(text)):
        if i and text[i - 1] not in _CLAUSE_START:
            continue
        m = office_at(text, i)
        if m and DUTY.match(text, m.end) and not any(x < m.end and m.start < y for x, y in taken):
            out.append(m)  # with another verb (加强, 根据…做好) its clause is read by `steps.tasks.offices`
    return out


# the item a list of bodies is in charge of, quoted after them: X、Y负责的“紧盯…时间节点，加快推进项目实施。”
_CHARGED = re.compile(r"(?:负责|牵头)(?:落实|推进|办理)?的“(?P<item>[^“”]{4,300})”")


def quoted_charges(text: str, mentions: list[Mention]) -> list[tuple[int, int, list[Mention]]]:
    """(start, end, holders) of each quoted item the bodies named right before it are in charge of (A、B负责的
    “…”): the names joined by 、/和/及 that end where 负责 begins; collectives hold none."""
    ends = {m.end: m for m in mentions}
    out = []
    for q in _CHARGED.finditer(text):
        holders: list[Mention] = []
        at = q.start()
        while (m := ends.get(at)) is not None:
            holders.insert(0, m)
            if m.start == 0 or text[m.start - 1] not in "、和及与":
                break
            at = m.start - 1
        holders = [m for m in holders if m.kind != "collective" and not is_collective(m.name)]
        if holders:
            out.append((q.start("item"), q.end("item"), holders))
    return out
