"""A report that is a document (任务分解方案, 责任书, 督办通知 …) rather than a meeting: its title, issuer, document number
(〔2023〕1号) and date, read off its first lines, so that items and figures outside any meeting belong to it as
items of a meeting belong to their meeting.

Plain functions on the text; the rules name genres and the shape of official documents, never a place."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from extract.numbers import cn_to_int

HEAD_LINES = 20  # a document's title, number and issuer stand in its first non-empty lines

# the genre word an official document's title ends with (optionally inside 《》 or quotes)
_GENRE = re.compile(
    r"(?:通知|方案|责任书|任务书|意见|办法|清单|计划|分解表|任务表|台账|要点|细则|决定|通报|批复|函|安排)[》”\"]?$"
)
# 发文字号: an issuer's short name, the year in brackets, the number, 号 (鄂政办〔2023〕12号, 某发[2020]第3号)
_DOC_NO = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【（(]\s*(?:19|20)\d{2}\s*[〕\]］】）)]\s*第?\s*\d{1,5}\s*号"
)
# an organisation's name as a line of its own, or before 关于 in a title
_ORG = re.compile(
    r"[\u4e00-\u9fff（）()]{2,40}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|领导小组|指挥部|政府|"
    r"[局委办部厅处室院]|街道办事处|办事处)"
)
_DATE_LINE = re.compile(
    r"^\s*(?P<y>(?:19|20)\d{2}|[二][〇○零一二三四五六七八九]{3})\s*年\s*"
    r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月\s*"
    r"(?P<d>3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日\s*$"
)


@dataclass(frozen=True)
class DocumentHead:
    """What a document says about itself: title (white space inside removed), issuer, number and date, and the
    span of its title line in the text (start, end, the line as written)."""

    title: str
    issuer: str | None
    doc_no: str | None
    date: dt.date | None
    start: int
    end: int
    quote: str


def _squash(text: str) -> str:
    """Text without the white space a PDF or web page put between characters."""
    return re.sub(r"\s+", "", text)


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of every non-empty line that is not a `# key: value` header line."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip() and not body.lstrip().startswith("#"):
            out.append((pos, body))
        pos += len(line)
    return out


def _cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十八 → 28, 二〇二三 (or 二○二三) → 2023, or the digits as written."""
    return int(text) if text.isdigit() else cn_to_int(text.replace("○", "〇"))


def date_line(line: str) -> dt.date | None:
    """A line that is only a date (2023年3月28日, 二〇二三年三月二十八日): the date a document was signed."""
    m = _DATE_LINE.match(line)
    if not m:
        return None
    try:
        return dt.date(_cn_number(m["y"]), _cn_number(m["m"]), _cn_number(m["d"]))
    except (ValueError, KeyError):
        return None


def doc_number(text: str) -> str | None:
    """The first document number (发文字号) in `text`, white space removed."""
    m = _DOC_NO.search(text)
    return _squash(m.group(0)) if m else None


def is_title(line: str) -> bool:
    """Whether a line reads as a document's title: ends with a genre word, is no sentence and not too long."""
    s = _squash(line)
    return 4 <= len(s) <= 120 and not re.search(r"[。；;：:]", s) and bool(_GENRE.search(s))


def issuer_of(title: str, lines: list[str]) -> str | None:
    """Who issued the document: the organisation before 关于 in its title, else the header line ending in 文件
    (某某人民政府文件), else the first line that is only an organisation's name (the signature)."""
    head, found, _ = _squash(title).partition("关于")
    if found and _ORG.fullmatch(head):
        return head
    for line in lines:
        s = _squash(line)
        if s.endswith("文件") and _ORG.fullmatch(s[:-2]):
            return s[:-2]
    for line in lines:
        s = _squash(line)
        if len(s) <= 30 and _ORG.fullmatch(s):
            return s
    return None


def read_head(text: str) -> DocumentHead | None:
    """The document a text is, from its first lines, or None when it does not read as one (no title line)."""
    lines = _lines(text)
    head = lines[:HEAD_LINES]
    title = next(((pos, line) for pos, line in head if is_title(line)), None)
    if title is None:
        return None
    pos, line = title
    start = pos + (len(line) - len(line.lstrip()))
    quote = line.strip()
    date = next((d for _, ln in lines if (d := date_line(ln)) is not None), None)
    return DocumentHead(
        title=_squash(quote).strip('《》“”"'),
        issuer=issuer_of(quote, [ln for _, ln in head]),
        doc_no=doc_number("\n".join(ln for _, ln in head)),
        date=date,
        start=start,
        end=start + len(quote),
        quote=quote,
    )


def document_row(source_id: str, head: DocumentHead, source_date: dt.date | None) -> dict[str, object]:
    """The meetings-table row of a document (kind 'document'): its date as stated, else the source's date
    (date_source 'source'), else unknown (date NULL, date_source 'unknown')."""
    date, how = (
        (head.date, "text") if head.date else (source_date, "source") if source_date else (None, "unknown")
    )
    key = "|".join((source_id, head.doc_no or "", head.title))
    return {
        "meeting_id": "d-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10],
        "source_id": source_id,
        "date": date,
        "date_source": how,
        "title": head.title,
        "organizer": head.issuer,
        "quote": head.quote,
        "char_start": head.start,
        "char_end": head.end,
        "kind": "document",
        "doc_no": head.doc_no,
    }


def attach(
    meetings: list[dict[str, object]],
    rows: list[list[dict[str, object]]],
    text: str,
    source_id: str,
    source_date: dt.date | None,
) -> None:
    """Give the rows of no meeting (items, figures) the document the text is, as their meeting; meeting rows get
    kind 'meeting'. Nothing changes when every row has a meeting or the text does not read as a document."""
    for m in meetings:
        m.setdefault("kind", "meeting")
    loose = [r for table in rows for r in table if r.get("meeting_id") is None]
    if not loose:
        return
    head = read_head(text)
    if head is None:
        return
    doc = document_row(source_id, head, source_date)
    meetings.append(doc)
    for r in loose:
        r["meeting_id"] = doc["meeting_id"]
