"""Find reported figures: a number with its measure word, approximation word and what it counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.numbers import NUMBER, parse_number
from extract.words import tag_short

# Longest first, so 人次 wins over 人 and 万元 over 元.
MEASURES = (
    "个百分点",
    "平方公里",
    "平方米",
    "平米",
    "厘米",
    "人次",
    "家次",
    "场次",
    "户次",
    "车次",
    "架次",
    "公里",
    "公顷",
    "万元",
    "亿元",
    "个",
    "人",
    "家",
    "件",
    "亩",
    "期",
    "名",
    "场",
    "条",
    "份",
    "项",
    "所",
    "户",
    "次",
    "台",
    "辆",
    "座",
    "米",
    "吨",
    "套",
    "批",
    "篇",
    "起",
    "处",
    "间",
    "栋",
    "位",
    "元",
    "%",
    "％",
    "万",
    "亿",
    "余",
    "支",
    "块",
    "张",
    "本",
    "册",
    "首",
    "部",
    "种",
    "类",
    "道",
    "趟",
    "轮",
    "棵",
    "株",
    "头",
    "只",
    "箱",
    "床",
    "斤",
    "幅",
    "例",
)
_MEASURE_RE = "|".join(re.escape(m) for m in MEASURES if m not in ("万", "亿", "余"))
FIGURE_RE = re.compile(
    rf"(?P<pre>将近|接近|超过|不少于|近|约|逾|超|达)?"
    rf"(?P<num>{NUMBER})(?P<mult>万亿|万|亿)?(?P<q>余|多)?(?P<measure>{_MEASURE_RE})(?P<post>以上|左右|以下|之多|多)?"
)
QUALIFIERS = {
    "将近": "近",
    "接近": "近",
    "超过": "超过",
    "不少于": "以上",  # at least: 不少于10场 is 10场以上
    "近": "近",
    "约": "约",
    "逾": "余",
    "超": "超过",
    "以上": "以上",
    "左右": "约",
    "以下": "以下",
    "之多": "多",
    "余": "余",
    "多": "多",
}
_NOT_AFTER = re.compile(r"^(?:大|点|年|月|日|号|时|分|秒|岁|周年|届|级|星|代)")
# groups formed or sent are counted, not a slogan's count: 组成两个督查组, 派出三个工作组
_FORMED = re.compile(r"(?:组成|派出|成立|组建|抽调|设立|选派|分成|分为)$")
_LABEL_FLAGS = ("n", "vn", "nz", "nt", "ns", "j", "l", "an", "ng")


@dataclass(frozen=True)
class Figure:
    """A figure found in a paragraph's folded text (view offsets)."""

    start: int
    end: int
    value: float
    measure: str
    qualifier: str | None
    label: str | None
    number_text: str


def _tokens(text: str) -> list[tuple[str, str]]:
    return list(tag_short(text))


def _label_before(text: str) -> str:
    toks = _tokens(re.split(r"[，。；：、（）“”\s]", text)[-1][-14:])
    label: list[str] = []
    for w, f in reversed(toks):
        if f.startswith(_LABEL_FLAGS) or (
            f == "v" and len(w) >= 2 and not label and w not in ("达到", "达成", "提供", "涉及")
        ):
            label.insert(0, w)
            if f == "v":
                break
        else:
            break
    return "".join(label)


def _label_after(text: str) -> str:
    head = re.split(r"[，。；：、（）”\s]", text.lstrip("“的"))[0][:12]
    label: list[str] = []
    for w, f in _tokens(head):
        if f.startswith(_LABEL_FLAGS) and len("".join(label)) + len(w) <= 8:
            label.append(w)
        else:
            break
    return "".join(label)


def _action_after(text: str) -> str:
    """What a bare count of people did (1200余人参加招聘 → 参加招聘)."""
    head = re.split(r"[，。；：、（）“”\s]", text)[0]
    return head[:8] if head and len(head) <= 12 else ""


def find_figures(text: str) -> list[Figure]:
    """All figures in one paragraph, skipping dates, times, ages, ordinals (第6次) and list sizes (十大)."""
    out: list[Figure] = []
    for m in FIGURE_RE.finditer(text):
        num, measure = m.group("num"), m.group("measure")
        before = text[max(0, m.start() - 1) : m.start()]
        after = text[m.end() : m.end() + 2]
        if before == "第" or before.isdigit() or _NOT_AFTER.match(text[m.start("measure") :]):
            continue
        if re.search(r"第[\d一二三四五六七八九十]+[、和至到-]$", text[max(0, m.start() - 8) : m.start()]):
            continue  # 第17、18件: the second of two ordinals
        if not num[0].isdigit():
            mult = m.group("mult")
            approximate = bool(m.group("pre") or m.group("q") or m.group("post"))
            if (num == "一" and not mult) or (
                len(num) == 1
                and measure in ("个", "名", "场", "次", "项", "条", "位", "件")
                and before != ""
                and before in "每这那此一哪"
            ):
                continue
            rhetorical = (len(num) == 1 and not mult and not approximate) or measure in ("项", "个", "大")
            formed = _FORMED.search(text[max(0, m.start() - 4) : m.start()])
            if rhetorical and not formed and not re.match(r"[，。；、“”]", after[:1] or "。"):
                continue  # 三支队伍, 四个意识, 千名干部: counts in slogans, not reported figures
            if re.match(
                r"[一二三四五六七八九十]+(?:个|项)(?:到位|坚持|必须|不|一)",
                text[m.start("num") : m.start("num") + 5],
            ):
                continue
        if measure == "次" and after[:1] in "会全":
            continue
        try:
            value = parse_number(num, m.group("mult") or "")
        except (ValueError, KeyError):
            continue
        # 达 (reached) is no qualifier: 达100余人 is 余; an unlisted word qualifies nothing rather than failing
        words = [w for w in (m.group("pre"), m.group("q"), m.group("post")) if w and w != "达"]
        qualifier = QUALIFIERS.get(words[0]) if words else None
        if measure in ("万元", "亿元"):
            value *= 10_000 if measure == "万元" else 100_000_000
            measure = "元"
        if measure == "％":
            measure = "%"
        start = m.start() if m.group("pre") != "达" else m.start("num")
        rest = text[m.end() : m.end() + 40]  # a label is a few words: bounded windows keep this linear
        label = (
            _label_after(rest)
            or _label_before(text[max(0, m.start() - 40) : m.start()])
            or _action_after(rest)
            or None
        )
        out.append(Figure(start, m.end(), round(value, 6), measure, qualifier, label, text[start : m.end()]))
    return out
