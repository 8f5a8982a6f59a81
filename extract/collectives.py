"""Collective addressees: a duty put to a group (各乡镇（街道）, 县直各部门, 相关责任单位, 施工单位要…), never one unit.

A collective is written as a quantifier (各 / 各个 / 各级 / 相关 / 有关 / 所在 / 其他 / 全体 …) or an owner of many
(县直 / 镇属 / 管委会各 / 市政府各 …), then one or more group nouns (乡镇 / 街道 / 村 / 社区 / 部门 / 单位 / 学校 /
企业 …), each perhaps with role words before it (成员 / 责任 / 牵头 / 配合 …) and a bracketed qualifier after it
(各乡镇（街道）, 各村（居）委会, 各责任（配合）单位); groups may follow each other (各乡镇各部门, 各级各部门). A body named
by its role in the matter (施工单位, 项目单位, 承包方) is one too when a duty word follows it.
"""

from __future__ import annotations

import re

# 各 that is not a quantifier over bodies: 各类, 各项, 各种, 各界, 各方面, 各民族, 各自, 各位, 各式各样 …
_EACH = r"各(?!类|项(?!目)|种|界|方面|民族|内|领域|自|位)"
_QUANT = rf"(?:{_EACH}个|{_EACH}级|{_EACH}|相关|有关|(?:项目)?所在(?!地)|业管|其他|其余|全体(?![镇乡村]))"
# role words a group noun may carry before it (成员单位, 牵头部门, 责任（配合）单位, 参会单位, 项目所在乡镇 …)
_ROLE = (
    r"(?:成员|责任|主责|牵头|配合|协办|参会|参与|职能|主管|业务|行业|建设|施工|监理|业主|设计|项目|承办|实施|"
    r"属地|包保|帮扶|联系|挂钩|驻村|管线|编制|监管|执法|直属|下属|所属|基层|重点|涉及|派驻|分管|工作|承包)"
)
# the roles in the matter that name a body on their own when a duty follows (施工单位要…, 项目单位负责…)
# (not 责任单位 / 牵头单位 written bare: they point back to the bodies a document lists in those fields)
_DUTY_ROLE = r"(?:施工|建设|业主|监理|引资|招商|包保|帮扶|承办|实施|属地|项目|承包|编制|参会|管线)"
_BRACKET = r"(?:（[^（）。，；：]{1,10}）|\([^()。，；：]{1,10}\))"
# group nouns, longest first; a one-character one is not the head of a longer word (各市场主体, 各区长)
_NOUN = (
    r"(?:乡镇场|乡镇办|乡镇|镇乡|镇街|镇办|街办|街道|村委会|居委会|村委|村居|村组|社区|片区|园区|开发区|"
    r"景区|网格|办事处|县市区|县区|区县|地区|部门|单位|科室|处室|科处|局处|委局|局委|委办局|站所|股室|课室|机关|"
    r"学校|医院|医疗机构|工作机构|机构|企业|公司|工作专班|专班|工作组|专项组|小组|督导组|督查组|检查组|分指挥部|"
    r"指挥部|工作队|纪检监察组|纪检组|区公所|公所|党组织|"
    r"(?:[乡镇村居街县区市地局办所站科组队](?![场民容级内域长情况貌委直属块方面织伍员点技研学理法公庄落事成])))"
)
# a body under each place: 各乡镇人民政府, 各县（区）政府, 各乡镇人大主席团, 各村两委, 各村（居）委会
_UNDER = r"(?:(?:人民)?政府|党委|人大主席团|两委|委会)"
_ONE = rf"(?:{_ROLE}{_BRACKET}?){{0,2}}{_NOUN}{_BRACKET}?{_UNDER}?"
# owners of many: 县直(各)单位, 镇属各单位, 管委会各部门, 市政府各部门, 县人大常委会相关工作机构
_OWNER = (
    r"(?:[省市县区旗镇乡]直|[省市县区镇乡]属|"
    rf"(?:[省市县区镇乡](?:人民)?政府|管委会|[省市县区]?人大常委会|[省市县区]委)(?={_QUANT}))"
)
_SCOPE = r"(?:全(?:省|市|县|区|镇|乡|旗))?"
# 部门 and 单位 written together (相关责任部门单位); groups one after another (各乡镇各部门) are joined by `collectives`
_MORE = r"(?:(?<=部门)单位|(?<=单位)部门)?"
_GROUP = rf"{_SCOPE}(?:{_QUANT}{{0,2}}{_OWNER}{_QUANT}{{0,3}}|{_QUANT}{{1,3}}){_ONE}{_MORE}"
# a body named by its role in the matter, as the subject of a duty (施工单位要…, 项目单位负责…), never a field label
_BY_ROLE = rf"(?<![各的]){_DUTY_ROLE}{{1,2}}(?:单位|部门|方|商)(?=要|须|必须|应|务必|负责|会后|抓紧|尽快)"
COLLECTIVE = re.compile(rf"{_GROUP}|{_BY_ROLE}")
_TRAILING_BRACKET = re.compile(r"(?:（[^（）]*）|\([^()]*\))$")


_ROLE_NAME = re.compile(rf"{_DUTY_ROLE}{{1,2}}(?:单位|部门|方|商)")


def is_collective(name: str) -> bool:
    """各乡镇, 县直各单位, 有关科室, 全区经济运行各专班, 施工单位: addressed as a group, not one unit."""
    return bool(COLLECTIVE.fullmatch(name) or _ROLE_NAME.fullmatch(name) or re.search(r"各|有关|相关", name))


def collective_name(text: str) -> str:
    """A collective's name as written, without the bracketed alternatives that end it (各乡镇（街道） → 各乡镇); a
    bracket inside it stays (各村(居)委会, 各责任(配合)单位)."""
    return _TRAILING_BRACKET.sub("", text.strip("、，, ")) or text


def collectives(text: str) -> list[tuple[int, int, str]]:
    """Collective addressees such as 各乡镇（街道）, 各部门、各单位, 相关部门: (start, end, text), runs joined."""
    out: list[tuple[int, int, str]] = []
    for m in COLLECTIVE.finditer(text):
        if out and text[out[-1][1] : m.start()] in ("", "、", "和", "及", "与"):
            a = out[-1][0]
            out[-1] = (a, m.end(), text[a : m.end()])
        else:
            out.append((m.start(), m.end(), m.group()))
    return out
