"""Evidence from the reports themselves: later sentences about an earlier commitment, and hints in its own text.

Every row is marked source='report': it is a pointer for people to check, never an official status.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from extract.text import segment

EVIDENCE_COLUMNS = [
    "evidence_id",
    "commitment_id",
    "meeting_id",
    "date",
    "kind",  # restatement | figure | completion | hint | bulletin
    "hint",  # done | in_progress | planned | None: what the wording says about the state
    "figure_id",
    "score",
    "matched",
    "quote",
    "source_id",
    "char_start",
    "char_end",
    "source",
    "unit_id",  # the unit the row is about: the commitment's, or the one a bulletin names
]
KINDS = ("restatement", "figure", "completion", "hint", "bulletin")
HINTS = ("done", "in_progress", "planned")

COMPLETION = re.compile(
    r"建成|完成|累计|竣工|投用|投入使用|投产|落成|通车|开业|交付|验收|实现了|已有|达到|突破|覆盖率达"
)
_DONE = re.compile(
    r"(?:已经?|均已|全部|顺利|如期|提前)[^，。；！？]{0,10}?"
    r"(?:建成|完成|竣工|投用|投入使用|投产|运营|开通|通车|落成|交付|验收|实现|覆盖)"
    r"|建成(?:并)?(?:投用|运营|投产|使用)|已建成|已完成"
)
_PROGRESS = re.compile(r"正在|正加紧|加紧|推进中|稳步推进|有序推进|加快推进|施工中|建设中|进行中|持续推进")
_PLANNED = re.compile(r"下一步|将(?!近|军|领|士)|要(?!求|素|点|事|闻)|计划|拟|力争|准备|争取|谋划|打算|着力")
# Words that say nothing about which matter a sentence is about.
GENERIC = tuple(
    sorted(
        {
            *"工作 推进 推动 建设 发展 提升 加强 加快 持续 进一步 全面 深入 扎实 切实 积极 不断 做好 开展 实施".split(),
            *"落实 重点 各项 全市 舞钢 我市 该市 该镇 该乡 该街道 街道 乡镇 群众 项目 高质量 任务 目标 以及".split(),
            *"同时 今年 去年 明年 下一步 完成 建成 累计 运营 投用 已经 目前 继续 努力 确保 有关 相关 负责".split(),
            *"同志 表示 介绍 会议 要求 指出 强调 全力 一批 一个 服务 管理 能力 水平 机制 作用 发挥 进行".split(),
            *"书记 党委 党工委 负责人 主任 局长 镇长 乡长 市长 部门 单位 领导 干部 实现 达到 开展了".split(),
        },
        key=len,
        reverse=True,
    )
)
MIN_SHARED_BIGRAMS = 3
MIN_RUN_CHARS = 3
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class _Sentence:
    source_id: str
    article: int
    paragraph: int
    start: int
    end: int
    text: str  # folded view, line breaks removed


def _records(rows: pd.DataFrame | Iterable[Mapping[str, object]] | None) -> list[dict]:
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    return [dict(r) for r in rows]


def _date(v: object) -> dt.date | None:
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v[:10])
        except ValueError:
            return None
    try:
        return None if pd.isna(v) else pd.Timestamp(v).date()
    except (TypeError, ValueError):
        return None


def _sentences(source_id: str, text: str) -> list[_Sentence]:
    out = []
    for p in segment(text).body():
        for s in p.sentences:
            a, b = p.orig(s.start, s.end)
            out.append(_Sentence(source_id, p.article, p.index, a, b, s.text))
    return out


def _evidence_id(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def _matter(text: str, drop: Sequence[str]) -> str:
    """The text with generic words, unit names, digits and punctuation turned into breaks ('|')."""
    for w in drop:
        text = text.replace(w, "|" * len(w))
    return "".join(ch if _CJK.match(ch) else "|" for ch in text)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if "|" not in text[i : i + 2]}


def shared_matter(commitment_text: str, sentence: str, drop: Sequence[str] = ()) -> tuple[int, list[str]]:
    """How many content bigrams a sentence shares with a commitment, and the shared runs (e.g. '楼宇沟民宿')."""
    words = tuple(sorted({*GENERIC, *drop}, key=len, reverse=True))
    mine = _bigrams(_matter(commitment_text, words))
    theirs = _matter(sentence, words)
    runs: list[str] = []
    shared: set[str] = set()
    i = 0
    while i < len(theirs) - 1:
        j = i
        while j < len(theirs) - 1 and theirs[j : j + 2] in mine:
            shared.add(theirs[j : j + 2])
            j += 1
        if j > i:
            runs.append(theirs[i : j + 1])
            i = j
        else:
            i += 1
    return len(shared), runs


def text_hint(text: str) -> str | None:
    """What the wording says: planned (下一步/将/要) over in_progress (正在…) over done (已…建成运营)."""
    if _PLANNED.search(text):
        return "planned"
    if _PROGRESS.search(text):
        return "in_progress"
    if _DONE.search(text):
        return "done"
    return None


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence-sized pieces of text[start:end] (split at 。！？；), as original offsets."""
    out, a = [], start
    for m in re.finditer(r"[。！？；!?;]", text[start:end]):
        b = start + m.end()
        out.append((a, b))
        a = b
    if a < end:
        out.append((a, end))
    return [(x, y) for x, y in out if text[x:y].strip()]


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in "，,”“"):
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def own_hints(
    commitment: Mapping[str, object],
    text: str,
    meeting_date: dt.date | None,
    context: Sequence[tuple[int, int]] = (),
) -> list[dict]:
    """Hints from a commitment's wording, at most one of each kind (下一步/将/要 vs 已…建成运营).

    `context` spans (the rest of its paragraph) are searched for past completions only.
    """
    rows = []
    a0, b0 = int(commitment["char_start"]), int(commitment["char_end"])
    seen: set[str] = set()
    pieces = [(a, b, False) for a, b in _clauses(text, a0, b0)] + [(a, b, True) for a, b in context]
    for a, b, is_context in pieces:
        squeezed = re.sub(r"\s+", "", text[a:b])
        hint = ("done" if _DONE.search(squeezed) else None) if is_context else text_hint(squeezed)
        if hint is None or hint in seen:
            continue
        seen.add(hint)
        a, b = _strip_span(text, a, b)
        rows.append(
            {
                "evidence_id": _evidence_id(
                    commitment["commitment_id"], "hint", commitment["source_id"], a, b
                ),
                "commitment_id": commitment["commitment_id"],
                "unit_id": commitment.get("unit_id"),
                "meeting_id": commitment.get("meeting_id"),
                "date": meeting_date,
                "kind": "hint",
                "hint": hint,
                "figure_id": None,
                "score": None,
                "matched": None,
                "quote": text[a:b],
                "source_id": commitment["source_id"],
                "char_start": a,
                "char_end": b,
                "source": "report",
            }
        )
    return rows


def _meeting_of(
    sent: _Sentence, meetings: list[dict], article_span: Mapping[tuple[str, int], tuple[int, int]]
) -> dict | None:
    """The meeting an article reports on: the last one starting before the sentence in its article."""
    a, b = article_span[(sent.source_id, sent.article)]
    inside = [m for m in meetings if m["source_id"] == sent.source_id and a <= int(m["char_start"]) < b]
    before = [m for m in inside if int(m["char_start"]) <= sent.start]
    if before:
        return max(before, key=lambda m: int(m["char_start"]))
    return min(inside, key=lambda m: int(m["char_start"])) if inside else None


def find_evidence(
    sources: pd.DataFrame | Iterable[Mapping[str, object]],
    meetings: pd.DataFrame | Iterable[Mapping[str, object]],
    commitments: pd.DataFrame | Iterable[Mapping[str, object]],
    figures: pd.DataFrame | Iterable[Mapping[str, object]] | None = None,
    units: pd.DataFrame | Iterable[Mapping[str, object]] | None = None,
    mentions: pd.DataFrame | Iterable[Mapping[str, object]] | None = None,
    source_dates: Mapping[str, dt.date] | None = None,
) -> list[dict]:
    """Evidence rows (EVIDENCE_COLUMNS) linking later report sentences and own-text hints to commitments."""
    srcs = {str(s["source_id"]): str(s["text"]) for s in _records(sources)}
    mtgs = _records(meetings)
    mdate = {m["meeting_id"]: _date(m.get("date")) for m in mtgs}
    cms = _records(commitments)
    figs = _records(figures)
    unit_rows = _records(units)
    ments = _records(mentions)
    names = [str(u["name"]) for u in unit_rows] + [str(m["surface"]) for m in ments]
    drop = tuple(sorted(set(names), key=len, reverse=True))

    sentences = [s for sid, text in srcs.items() for s in _sentences(sid, text)]
    out: list[dict] = []
    surroundings: dict[
        str, str
    ] = {}  # the rest of the commitment's paragraph: what the unit said it is about
    for c in cms:
        if c["source_id"] not in srcs:
            continue
        a0, b0 = int(c["char_start"]), int(c["char_end"])
        mine = [s for s in sentences if s.source_id == c["source_id"] and s.start < b0 and a0 < s.end]
        paras = {s.paragraph for s in mine}
        same = [s for s in sentences if s.source_id == c["source_id"] and s.paragraph in paras]
        context = []
        if same:
            text = srcs[c["source_id"]]
            pa, pb = min(s.start for s in same), max(s.end for s in same)
            context = [(a, b) for a, b in _clauses(text, pa, pb) if b <= a0 or a >= b0]
        out.extend(own_hints(c, srcs[c["source_id"]], mdate.get(c.get("meeting_id")), context))
        surroundings[c["commitment_id"]] = "|".join(srcs[c["source_id"]][a:b] for a, b in context)

    spans: dict[tuple[str, int], tuple[int, int]] = {}
    for s in sentences:
        a, b = spans.get((s.source_id, s.article), (s.start, s.end))
        spans[(s.source_id, s.article)] = (min(a, s.start), max(b, s.end))
    for (sid, art), (a, _b) in list(spans.items()):  # an article runs to the next one's start
        nxt = [x for (sid2, _), (x, _) in spans.items() if sid2 == sid and x > a]
        spans[(sid, art)] = (a, min(nxt) if nxt else len(srcs[sid]))

    # Which units each sentence is about: those named in it, else the last one named earlier in its paragraph.
    by_source: dict[str, list[dict]] = {}
    for m in ments:
        by_source.setdefault(str(m["source_id"]), []).append(m)
    sent_units: list[set[str]] = []
    last_in_para: dict[tuple[str, int], str] = {}
    for s in sentences:
        here = sorted(
            (m for m in by_source.get(s.source_id, ()) if s.start <= int(m["char_start"]) < s.end),
            key=lambda m: int(m["char_start"]),
        )
        key = (s.source_id, s.paragraph)
        if here:
            sent_units.append({str(m["unit_id"]) for m in here})
            last_in_para[key] = str(here[-1]["unit_id"])
        else:
            sent_units.append({last_in_para[key]} if key in last_in_para else set())

    sent_meeting = [_meeting_of(s, mtgs, spans) for s in sentences]
    sent_date = [
        (mdate.get(m["meeting_id"]) if m else None) or (source_dates or {}).get(s.source_id)
        for s, m in zip(sentences, sent_meeting, strict=True)
    ]
    figs_by_source: dict[str, list[dict]] = {}
    for f in figs:
        figs_by_source.setdefault(str(f["source_id"]), []).append(f)

    for c in cms:
        unit, when = c.get("unit_id"), mdate.get(c.get("meeting_id"))
        if not unit or when is None or pd.isna(unit):
            continue
        ctext = f"{c.get('title') or ''}|{c.get('quote') or ''}|{surroundings.get(c['commitment_id'], '')}"
        for s, us, d, m in zip(sentences, sent_units, sent_date, sent_meeting, strict=True):
            if unit not in us or d is None or d <= when:
                continue
            if (
                s.source_id == c["source_id"]
                and s.start < int(c["char_end"])
                and int(c["char_start"]) < s.end
            ):
                continue
            n, runs = shared_matter(ctext, s.text, drop)
            if n < MIN_SHARED_BIGRAMS or max((len(r) for r in runs), default=0) < MIN_RUN_CHARS:
                continue
            in_sentence = [
                f for f in figs_by_source.get(s.source_id, ()) if s.start <= int(f["char_start"]) < s.end
            ]
            kind = "figure" if in_sentence else ("completion" if COMPLETION.search(s.text) else "restatement")
            out.append(
                {
                    "evidence_id": _evidence_id(c["commitment_id"], kind, s.source_id, s.start, s.end),
                    "commitment_id": c["commitment_id"],
                    "unit_id": unit,
                    "meeting_id": m["meeting_id"] if m else None,
                    "date": d,
                    "kind": kind,
                    "hint": text_hint(s.text),
                    "figure_id": in_sentence[0]["figure_id"] if in_sentence else None,
                    "score": float(n),
                    "matched": "、".join(runs),
                    "quote": srcs[s.source_id][s.start : s.end],
                    "source_id": s.source_id,
                    "char_start": s.start,
                    "char_end": s.end,
                    "source": "report",
                }
            )
    seen: set[str] = set()
    unique = []
    for r in out:
        if r["evidence_id"] not in seen:
            seen.add(r["evidence_id"])
            unique.append(r)
    return unique
