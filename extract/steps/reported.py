"""Items that read like commitments but are none, dropped once every step has run: what the meeting did
(X传达了…, 会议听取了…的汇报, an agenda's 听取X汇报, 宣读了…, Y做了表态发言, 交流发言), work already done (…已顺利圆满完成, 已圆满闭幕,
（现场督促物业已整改）), and a page's notice to its readers (1、凡本网注明…  2、如文档侵犯您的权益…)."""

from __future__ import annotations

import re

from extract.steps.rows import Extraction
from extract.text import simplified_text

# the meeting's own proceedings, reported: who passed on, heard, read out or explained what, or who spoke
_PROCEEDING = re.compile(
    r"(?:传达|听取|宣读|说明|通报|汇报|观看|解读)(?:学习|了解)?了"
    r"|[做作]了[^，。；]{0,16}发言"
    r"|(?:交流|表态|典型|代表)发言[。！]?$"
)
# 葛某传达X文件精神: a subject before 传达 and what was passed on, with no 了
_PASSED_ON = re.compile(r"^[^，。；]{2,12}?传达[^，。；]{2,30}?(?:精神|文件|讲话|通知)")
# an agenda line of a meeting's form (2、听取X汇报, 3、审议Y报告): a report the meeting hears, not work given out
_AGENDA = re.compile(r"^(?:听取|审议)[^，。；！？]{1,80}?(?:汇报|报告)")
# work reported done: 已（经）, then how (顺利, 圆满, 全部…), then done (完成, 整改, 闭幕…)
_DONE = re.compile(
    r"已经?(?:顺利|圆满|全部|基本|如期|提前|按时)*(?:完成|整改|闭幕|结束|落成|竣工|完工|办结|建成|召开|举行)"
)
# a demand or a request in the same words: then they are work to do, not a report
DEMAND_WORDS = re.compile(
    r"(?<![重主需只想纲摘紧扼首不概])要(?![求素闻点件害员])|必须|务必|确保|须|应当|力争|(?<![申邀聘提])请|抓紧|尽快|限期|认真|及时|继续"
)
# a page's notice to its readers: words of the site and its documents
_NOTICE = re.compile(r"本网|本站|本平台|文档|转载|版权|侵权|客服|免责|预览|退款|来源于网络")


# a section that states problems (二、存在的问题…, 主要问题和不足), unless it goes on to measures
_PROBLEM_HEAD = re.compile(
    r"^(?:(?:存在的?|当前|目前|面临的?)(?:主要)?|主要)(?:问题|不足|困难|短板)"
    r"(?![^，。；]{0,4}(?:整改|措施|对策|建议|打算|思路))"
)
# an item that is only a place's name (1、A县；2、B区…: a ranking), with its marker and a stop
_BARE_PLACE = re.compile(
    r"^\s*(?:\d{1,3}[、.．]|[（(]?[一二三四五六七八九十\d]{1,3}[)）、])?\s*"
    r"[\u4e00-\u9fff]{1,8}(?:省|市|县|区|旗|镇|乡|街道|村|社区)[。；，]?\s*$"
)


def not_work(title: str, quote: str) -> bool:
    """Whether an item is no work to do: a report (see `reported`), the page's notice (see `page_notice`), a
    section of problems (二、存在的问题…) or a place's name alone (1、A县 in a ranking)."""
    return (
        reported(title, quote)
        or page_notice(quote)
        or bool(_PROBLEM_HEAD.match(title))
        or bool(_BARE_PLACE.match(quote))
    )


def reported(title: str, quote: str) -> bool:
    """Whether an item's words report what was done (the meeting's proceedings, work finished) rather than ask
    for work: its title says so and nothing in its quote demands anything."""
    if DEMAND_WORDS.search(quote):
        return False
    return bool(
        _PROCEEDING.search(title) or _PASSED_ON.search(title) or _DONE.search(title) or _AGENDA.match(title)
    )


def page_notice(quote: str) -> bool:
    """Whether an item is a line of the page's notice to readers (凡本网注明…, 如文档侵犯您的权益…): two words of
    the site and its documents."""
    return len(_NOTICE.findall(quote)) >= 2


def drop_reported(out: Extraction) -> None:
    """Drop the commitments whose words are no work to do (see `not_work`; quotes read simplified); their
    children hang on the dropped item's parent, and evidence about them loses the link."""
    gone = {
        str(c["commitment_id"]): c["parent_id"]
        for c in out.commitments
        if not_work(str(c["title"] or ""), simplified_text(str(c["quote"] or "")))
    }
    if not gone:
        return
    out.commitments[:] = [c for c in out.commitments if c["commitment_id"] not in gone]
    out.commitment_units[:] = [u for u in out.commitment_units if u["commitment_id"] not in gone]
    for c in out.commitments:
        parent = c["parent_id"]
        while parent in gone:
            parent = gone[str(parent)]
        c["parent_id"] = parent
    for e in out.evidence:
        if e.get("commitment_id") in gone:
            e["commitment_id"] = None
