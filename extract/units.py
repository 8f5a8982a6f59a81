"""Find towns and departments in text: the config's gazetteer first, then suffix patterns for the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from extract.collectives import collective_name as collective_name
from extract.collectives import collectives
from extract.collectives import is_collective as is_collective
from extract.places import is_elsewhere
from extract.words import frequency, tag
from tracker.config import Config

TOWN_SUFFIXES = ("街道", "镇", "乡")
DEPT_SUFFIXES = (
    "管委会",
    "委员会",
    "办公室",
    "部门",
    "监委",
    "局",
    "委",
    "办",
    "派出所",
    "司法所",
    "财政所",
    "供电所",
    "所",
    "科",
    "督查室",
    "督办室",
    "研究室",
    # centres that are offices (指导中心, 代建中心), not places (邻里中心, 卫生服务中心)
    "指导中心",
    "管理中心",
    "代建中心",
    "事务中心",
    "发展中心",
    "监测中心",
    "调度中心",
    "保障中心",
    "促进中心",
    "交易中心",
    "救助中心",
    "指挥中心",
    "政务服务中心",
    "便民服务中心",
    "征收中心",
    "审批中心",
    "指挥部",
    "领导小组",
    "工作专班",
    "专班",
    "大队",
    "中队",
    "支队",
    "农技站",
    "水利站",
    "林业站",
    "文化站",
    "农机站",
    "畜牧站",
    "兽医站",
    "环卫站",
    "执法站",
    "残联",
    "组织部",
    "宣传部",
    "统战部",
    "武装部",
    "人武部",
    "妇联",
    "总工会",
    "团委",
    "工商联",
    "残联",
    "企联",
)
_STANDARD_FILE = Path(__file__).parent / "data" / "departments.tsv"
# Bodies whose level is part of their name: 县人大常委会 and 市人大常委会 are not one body under two names.
KEEP_LEVEL = ("人大常委会", "政协")


@lru_cache(maxsize=1)
def standard_names() -> dict[str, str]:
    """Every form in the shipped list of government bodies (data/departments.tsv) → the body's full name."""
    out: dict[str, str] = {}
    for line in _STANDARD_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        full, _tab, shorts = line.partition("\t")
        for form in (full, *shorts.split("、")):
            if form.strip():
                out.setdefault(form.strip(), full.strip())
    return out


def standard_body(name: str) -> str | None:
    """The full standard name of a unit name (人社局, 人力资源社会保障局 → 人力资源和社会保障局), if the list has it."""
    return standard_names().get(name)


@lru_cache(maxsize=1)
def _suffixes() -> tuple[str, ...]:
    """Suffixes a unit name ends with: towns', offices', and the list's bodies that have no office ending
    (人大常委会, 政协, 法院, 科协, 红十字会 …), longest first."""
    extra = {f for f in standard_names() if not f.endswith(DEPT_SUFFIXES) and len(f) >= 2}
    return tuple(sorted({*TOWN_SUFFIXES, *DEPT_SUFFIXES, *extra}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _suffix_pattern() -> re.Pattern[str]:
    """Where any suffix starts: a look-ahead, so that overlapping candidates (部门 inside 各部门) are all seen."""
    return re.compile("(?=(" + "|".join(re.escape(x) for x in _suffixes()) + "))")


# Words that end like a unit but are not one.
_NOT_UNITS = {
    "党工委",
    "党委",
    "党组",
    "工委",
    "市委",
    "县委",
    "区委",
    "镇党委",
    "乡党委",
    "常委",
    "省委",
    "政府",
    "街道",
    "部门",
    "分局",
    "总局",
    "该局",
    "我局",
    "本局",
    "局委",
    "各局委",
    "两委",
    "村两委",
    "支两委",
    "纪委",
    "委员会",
    "监委",
    "全体镇",
    "中心",
    "服务中心",
    "专班",
    "工作专班",
    "领导小组",
    "指挥部",
}
# Endings of words that look like units but are not (大局, 美丽小镇, 主办, 民办 …).
_NOT_UNIT_ENDINGS = (
    "大局",
    "全局",
    "格局",
    "开局",
    "新局",
    "布局",
    "结局",
    "变局",
    "时局",
    "当局",
    "残局",
    "僵局",
    "定局",
    "城镇",
    "乡镇",
    "重镇",
    "小镇",
    "古镇",
    "名镇",
    "强镇",
    "集镇",
    "城乡",
    "下乡",
    "家乡",
    "返乡",
    "回乡",
    "故乡",
    "老乡",
    "同乡",
    "承办",
    "主办",
    "协办",
    "督办",
    "举办",
    "创办",
    "开办",
    "兴办",
    "包办",
    "代办",
    "交办",
    "查办",
    "照办",
    "民办",
    "公办",
    "党委",
    "党工委",
    "常委",
    "党组",
    # kinds of town, not names: 举全镇之力, 典型镇创建, 重点镇建设
    "全镇",
    "典型镇",
    "重点镇",
    "示范镇",
    "中心镇",
    "特色镇",
    "文明镇",
    "卫生镇",
    "生态镇",
    "试点镇",
    "建制镇",
    "大镇",
    "全乡",
    "全街道",
    "接合部街道",
    # 所 / 科 / 中心 / 专班 that are places or words, not offices
    "场所",
    "厕所",
    "住所",
    "处所",
    "会所",
    "寓所",
    "居所",
    "诊所",
    "所有",
    "学科",
    "本科",
    "专科",
    "内科",
    "外科",
    "眼科",
    "牙科",
    "儿科",
    "妇科",
    "骨科",
    "工科",
    "理科",
    "文科",
    "百科",
    "前科",
    "全科",
    "预科",
    "市中心",
    "城中心",
    "镇中心",
    "县中心",
    "区中心",
    "重心",
    "核心",
    "结合部街道",
    "主街道",
)
_PARTY_COMMITTEE = re.compile(r"^[\u4e00-\u9fff]{0,4}[省市县区]委$")
_FOLLOW_REJECT = {
    "局": "面势限长",
    "镇": "长域区级内",
    "乡": "长村镇土亲愁贤音情",
    "部": "长署分",
    "所": "有以谓属在得长",
    "科": "学技长研普室",
    "心": "城区地镇村",
}
# A bare 办 names an office only before these (县政府办主任, 市委办、…); elsewhere it is the verb.
_OFFICE_FOLLOW = set("主副负牵联要和及等会将在对")
# Single characters that always end a unit name on the left.
_STOP_CHARS = set("在对由向到与及或同把将被给为让使于从以就据按请其这那此每诸该各的了是也都又并且而要个等至")
_PREPOSITIONS = set("由向在对到与把将被给让从按据请")
# verbs of approval or charge that end a name on the left, even inside a set phrase (原则同意X管委会提交的…)
_LEFT_VERBS = ("同意", "批准", "责成", "授权")
_PLACE_PREFIX = re.compile(
    r"^(?![市县区镇乡])(?:[\u4e00-\u9fff]{1,3}?(?:省|自治区|市|县|(?<!园)区|旗))(?=[\u4e00-\u9fff]{2,})"
)
_LEVEL_PREFIX = re.compile(r"^(?:该|我|本|全)?(?:市|县|区|镇|乡)(?=[\u4e00-\u9fff]{2,})")
_COMMON_WORD = 1500  # jieba dictionary frequency above which a word is taken as a real word, not a name
_KEEP_PREFIX = (
    "市场",
    "市政",
    "市民",
    "县城",
    "区域",
    "市容",
    "市级",
    "县级",
    "区级",
    "市直",
    "县直",
    "乡村",
    "镇村",
)


@dataclass(frozen=True)
class Mention:
    """A unit named in a paragraph: view offsets, the text as written, and the canonical unit."""

    start: int
    end: int
    surface: str
    name: str
    kind: str  # town | department
    subkind: str
    in_gazetteer: bool


@dataclass(frozen=True)
class Gazetteer:
    """Canonical names and aliases of known units, longest alias first for matching."""

    entries: tuple[tuple[str, str, str, str], ...]  # (surface, canonical, kind, subkind)
    city: str = ""  # the configured city: its gazetteer applies to reports about it
    own_names: tuple[str, ...] = ()  # its towns' names, which also tell a report about it

    @classmethod
    def from_config(cls, config: Config) -> Gazetteer:
        rows: list[tuple[str, str, str, str]] = []
        for t in config.towns:
            for s in (t.name, *t.aliases):
                rows.append((s, t.name, "town", t.kind))
        for d in config.departments:
            for s in (d.name, *d.aliases):
                rows.append((s, d.name, "department", _dept_subkind(d.name)))
        rows.extend(_standard_aliases(rows))
        rows.sort(key=lambda r: -len(r[0]))
        return cls(tuple(rows), config.city, tuple(t.name for t in config.towns))

    def for_text(self, text: str) -> Gazetteer:
        """This gazetteer for a report about the configured city; an empty one for a report from another place
        (it names another city or county and neither the configured city nor its towns), whose units keep the
        names it gives them (县住建局 stays 住建局, not the configured city's 住房和城乡建设局)."""
        if self.entries and is_elsewhere(text, self.city, self.own_names):
            return Gazetteer(())
        return self

    @property
    def pattern(self) -> re.Pattern[str] | None:
        return _compile(tuple(r[0] for r in self.entries))

    def lookup(self, surface: str) -> tuple[str, str, str] | None:
        """(canonical name, kind, subkind) of a name or alias, or None."""
        return self._by_surface.get(surface)

    @cached_property
    def _by_surface(self) -> dict[str, tuple[str, str, str]]:
        return {s: (name, kind, sub) for s, name, kind, sub in self.entries}


def _standard_aliases(rows: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    """The list's other forms of a configured department (住房城乡建设局 for one configured as 住房和城乡建设局)."""
    known = {r[0] for r in rows}
    out = []
    for surface, name, kind, sub in list(rows):
        body = standard_body(surface)
        if kind != "department" or body is None:
            continue
        for form, full in standard_names().items():
            if full == body and form not in known:
                known.add(form)
                out.append((form, name, kind, sub))
    return out


@lru_cache(maxsize=32)
def _compile(surfaces: tuple[str, ...]) -> re.Pattern[str] | None:
    if not surfaces:
        return None
    return re.compile("|".join(re.escape(s) for s in surfaces))


def _dept_subkind(name: str) -> str:
    for suf in DEPT_SUFFIXES:
        if name.endswith(suf):
            return suf
    return "其他"


@lru_cache(maxsize=4096)
def _boundaries(text: str) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """Offsets where a word that cannot be part of a unit name ends (verbs, pronouns, particles…).

    The second set keeps only common words (发挥, 推进): a rare one is more likely a place name that the
    segmenter misread (咀头镇 cut as 咀头/镇要). The third holds any common word that is not a name
    (指导 in 指导棉湖镇), for use away from the suffix.
    """
    out: set[int] = set()
    strong: set[int] = set()
    common: set[int] = set()
    pos = 0
    for word, flag in tag(text):
        end = pos + len(word)
        if len(word) == 2 and word[0] in _PREPOSITIONS:
            out.add(pos + 1)  # '由经|发科': the segmenter glued the preposition to the name
            strong.add(pos + 1)
            common.add(pos + 1)
            pos = end
            continue
        freq = frequency(word)
        if len(word) >= 2 and flag[:1] in ("v", "r", "p", "c", "d", "u", "m", "q", "t", "f") and flag != "vn":
            out.add(end)
            if freq >= _COMMON_WORD:
                strong.add(end)
        if len(word) >= 2 and freq >= _COMMON_WORD and flag not in ("ns", "nr", "nz", "nt"):
            common.add(end)
        pos = end
    return frozenset(out), frozenset(strong), frozenset(common)


_BREAK = re.compile(r"[^\u4e00-\u9fff]")
_REACH = 12 + 4  # a name runs at most 12 characters left of its suffix; 4 more let the segmenter settle


def _window_boundaries(text: str, suffix_at: re.Pattern[str]) -> tuple[set[int], set[int], set[int]]:
    """`_boundaries` of only the windows a unit name can lie in (just left of each suffix), merged: the segmenter
    runs over a fraction of a long paragraph instead of all of it."""
    windows: list[list[int]] = []
    for m in suffix_at.finditer(text):
        a, b = max(0, m.start() - _REACH), min(len(text), m.start() + len(m.group(1)) + 2)
        brk = _BREAK.search(text[a : m.start()][::-1])  # a name never runs past punctuation: start after it
        if brk:
            a = m.start() - brk.start()
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    out: set[int] = set()
    strong: set[int] = set()
    common: set[int] = set()
    for a, b in windows:
        o, st, c = _boundaries(text[a:b])
        out.update(x + a for x in o)
        strong.update(x + a for x in st)
        common.update(x + a for x in c)
    return out, strong, common


_GOV_PREFIX = re.compile(r"^(?:[市县区]委)?[市县区]?(?:人民)?政府(?=[^办\W]{1,10}(?:室|局|中心|科|处))")


def canonical(surface: str) -> str:
    """Strip place and level prefixes (平昌县教科体局 → 教科体局, 该市人社局 → 人社局, 晋江市委政法委 → 市委政法委,
    县政府督查室 → 督查室, 市委市政府督查局 → 督查局)."""
    if surface.startswith(_KEEP_PREFIX):
        return surface
    if surface.endswith(KEEP_LEVEL):
        return _with_level(surface)
    g = _GOV_PREFIX.match(surface)
    if g:
        return canonical(surface[g.end() :])
    m = _PLACE_PREFIX.match(surface)
    if m and surface[m.end() - 1 :].startswith(_KEEP_PREFIX):
        return canonical(surface[m.end() - 1 :])  # 省市场监管局: the level word 市 opens 市场
    if m and surface[m.end() :] not in TOWN_SUFFIXES + DEPT_SUFFIXES:
        rest = surface[m.end() :]
        # the party committee's own offices keep their level: 市委办公室, 县委政法委
        return surface[m.end() - 1 :] if rest.startswith("委") else canonical(rest)
    m = _LEVEL_PREFIX.match(surface)
    if m and not surface[m.end() :].startswith("委"):
        return surface[m.end() :]
    return surface


def _with_level(surface: str) -> str:
    """人大常委会 and 政协 keep their level, not their place: 青禾县人大常委会 → 县人大常委会."""
    body = next(b for b in KEEP_LEVEL if surface.endswith(b))
    head = surface[: -len(body)]
    level = head[-1] if head and head[-1] in "省市县区镇乡" else ""
    return level + body


def _not_unit(name: str) -> bool:
    if name.endswith(("督查办", "稽查办")):
        return False
    return name in _NOT_UNITS or name.endswith(_NOT_UNIT_ENDINGS) or bool(_PARTY_COMMITTEE.match(name))


def find_units(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """All unit mentions in one paragraph's folded text, without overlaps, in order."""
    found: list[Mention] = []
    taken = [False] * len(text)
    pat = gazetteer.pattern
    if pat is not None:
        for m in pat.finditer(text):
            hit = gazetteer.lookup(m.group())
            if hit is None:
                continue
            name, kind, sub = hit
            found.append(Mention(m.start(), m.end(), m.group(), name, kind, sub, True))
            for k in range(m.start(), m.end()):
                taken[k] = True
    for c_start, c_end, _ in collectives(text):
        for k in range(c_start, min(c_end, len(text))):
            taken[k] = True
    bounds, strong, common = _window_boundaries(text, _suffix_pattern())
    suffix_at = _suffix_pattern()
    i = 0
    while i < len(text):
        at = suffix_at.search(text, i)  # the next place a suffix starts (longest suffix first)
        if at is None:
            break
        i = at.start()
        if taken[i]:
            i += 1
            continue
        suf = at.group(1)
        end = i + len(suf)
        if any(taken[k] for k in range(i, end)):
            i += 1
            continue
        nxt = text[end] if end < len(text) else ""
        last = suf[-1]
        if (nxt and nxt in _FOLLOW_REJECT.get(last, "")) or (
            suf == "办"
            and "\u4e00" <= nxt <= "\u9fff"
            and nxt not in _OFFICE_FOLLOW
            and not _listed_office(text, end)
        ):
            i += 1
            continue
        is_town = suf in TOWN_SUFFIXES
        max_len = 6 if is_town else 12
        start = i
        while start > 0 and i - start < max_len:
            ch = text[start - 1]
            # a verb right before 局/委/办 is part of the name (发改局, 审批局); before 镇/街道 it ends it
            if is_town:
                at_bound = start in strong or (start in common and i - start >= 2)
            else:
                # only a one-character suffix is split off by the segmenter (发改/局); 破除/部门 is a real end
                at_bound = start in bounds and (start != i or len(suf) > 1)
            if (
                taken[start - 1]
                or not ("\u4e00" <= ch <= "\u9fff")
                or ch in _STOP_CHARS
                or at_bound
                or text.endswith(_LEFT_VERBS, 0, start)
            ):
                break
            start -= 1
        surface = text[start:end]
        name = canonical(surface)
        if is_town:
            core = name[: -len(suf)]
            if not 2 <= len(core) <= 4 or _not_unit(name) or name[0] in "全各本该每":
                i = end
                continue
        elif len(name) < 3 or _not_unit(name):
            i = end
            continue
        hit = gazetteer.lookup(name)
        if hit:
            found.append(Mention(start, end, surface, hit[0], hit[1], hit[2], True))
        else:
            kind = "town" if is_town else "department"
            found.append(Mention(start, end, surface, name, kind, suf, False))
        for k in range(start, end):
            taken[k] = True
        i = end
    found.extend(_field_names(text, taken, gazetteer))
    found.sort(key=lambda m: m.start)
    return found


def _listed_office(text: str, end: int) -> bool:
    """A listed body's short form ending in 办 (人防办, 扶贫办) names the office whatever follows (区人防办提交…)."""
    names = standard_names()
    return any(text[end - k : end] in names for k in (3, 4, 5) if end >= k)


# bodies named by their field alone before 等部门 (发改、财政、国土等部门要…): each field is a body
_FIELD_RUN = re.compile(
    r"(?:^|(?<=[，,；;：:。\s]))((?:[\u4e00-\u9fff]{2,4}、){1,8}[\u4e00-\u9fff]{2,4})等(?:相关|有关|职能)?部门"
)


def _field_names(text: str, taken: list[bool], gazetteer: Gazetteer) -> list[Mention]:
    """Short field names listed before 等部门, each the first part of a body's name in the list of government
    bodies (发改 of 发改局, 财政 of 财政局): a department named `发改部门`, at least two in the run."""
    out: list[Mention] = []
    names = standard_names()
    for run in _FIELD_RUN.finditer(text):
        if any(taken[run.start(1) : run.end(1)]):
            continue
        pos, found = run.start(1), []
        for piece in run.group(1).split("、"):
            if any(piece + end in names for end in ("局", "委", "部门", "厅")):
                name = piece + "部门"
                hit = gazetteer.lookup(name)
                canon, kind, sub = hit if hit else (name, "department", "部门")
                found.append(Mention(pos, pos + len(piece), piece, canon, kind, sub, hit is not None))
            pos += len(piece) + 1
        if len(found) >= 2:
            out.extend(found)
    return out
