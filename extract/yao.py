"""Runs of demands after a speaker: 'X强调，要A。要B。' (or clauses split by ；), one item each."""

from __future__ import annotations

import re

from extract.lists import Item, ItemList, make_title, trim_end
from extract.spans import Spans
from extract.text import Paragraph

_SPOKE = re.compile(r"(?:强调|要求|指出|提出|表示)[，：]")
# a line that is only a speaker's demand, the demands in the next paragraph (王明要求 / 会议强调：)
SAID_LINE = re.compile(r"^[^，。；：！？]{1,16}(?:强调|要求|指出|提出)[：:，]?\s*$")
_CONNECTOR = re.compile(r"^(?:同时|此外|另外|最后|其次|再次|首先)[，、]")
# 'A要…', also after one clause that sets the scene (下一步时间紧、任务重，全县上下要…)
_SUBJECT_YAO = re.compile(r"^(?P<scene>[^，。；：“”要]{2,16}，)?[^，。；：“”]{0,12}?要(?!求)")
# A sentence that opens with a work verb (an effort adverb before it allowed) and no subject is one more demand
# of the run, written without 要: 要A。要B。着力推进C，…。扎实推进D，…。强化E，…
_DEMAND_OPEN = re.compile(
    r"^(?:着力|扎实|切实|全力|大力|积极|认真|进一步|持续|不断|加快|全面|深入|坚决)?"
    r"(?:推进|推动|加强|强化|完善|健全|提升|提高|抓好|抓实|落实|深化|坚持|建立|加大|做好|夯实|优化|压实|狠抓)"
)


def yao_runs(p: Paragraph, taken: list[tuple[int, int]], said_before: bool = False) -> list[ItemList]:
    """After a demand (X强调，…), runs of sentences 'A要…。要…。要…' (or clauses split by ；): one item each.
    `said_before`: the line before the paragraph is a speaker's demand alone (王明要求), so its run starts at once."""
    text = p.text
    first = _SPOKE.search(text)
    if not first and not said_before:
        return []
    opens = first.end() if first else 0
    out: list[ItemList] = []
    for said in _SPOKE.finditer(text):
        heads = _lead_run(text, said.end())
        # numbered parts are a list already
        if heads and not Spans(taken).overlapping(heads[0][0], heads[-1][1]):
            items = [
                Item(p.index, a, trim_end(text, a, b), k + 1, make_title(text[a:b]))
                for k, (a, b) in enumerate(heads)
            ]
            out.append(ItemList("yao", items))
            taken = [*taken, (heads[0][0], heads[-1][1])]
    segments: list[tuple[int, int]] = []
    for s in p.sentences:
        if s.end <= opens:
            continue
        a = max(s.start, opens)
        spoke = _SPOKE.search(text, a, s.end)
        if spoke and spoke.start() - a < 20 and "要" not in text[a : spoke.start()]:
            segments.append((-1, -1))  # a new speaker ends the run before
            a = spoke.end()
        a += c.end() if (c := _CONNECTOR.match(text[a : s.end])) else 0
        segments.append((a, s.end))
    run: list[tuple[int, int]] = []
    spans_taken = Spans(taken)

    def close() -> None:
        if len(run) >= 2:
            spans = run
        elif len(run) == 1:
            spans = _semicolon_yao(text, *run[0])
        else:
            spans = []
        if len(spans) >= 2:
            items = [
                Item(p.index, a, trim_end(text, a, b), k + 1, make_title(text[a:b]))
                for k, (a, b) in enumerate(spans)
            ]
            out.append(ItemList("yao", items))
        run.clear()

    pending: int | None = None  # end of sentences that elaborate the last item, kept if another 要 follows
    for a, b in segments:
        if a < 0 or spans_taken.containing(a, b):
            close()
            pending = None
            continue
        seg = text[a:b]
        if spans_taken.overlapping(a, b) and not seg.startswith("要"):
            close()  # a sentence holding another list (要做到A、B…等“十个到位”) stays in the run; others end it
            pending = None
            continue
        if run and (seg.startswith("要") or _DEMAND_OPEN.match(seg)) and not seg.startswith("要求"):
            if pending is not None:
                run[-1] = (run[-1][0], pending)
            run.append((a, b))
            pending = None
        elif subject := _SUBJECT_YAO.match(seg):
            close()
            run.append((a + len(subject.group("scene") or ""), b))  # the scene is no part of the demand
            pending = None
        elif run:
            pending = b
        else:
            close()
    close()
    return out


def _semicolon_yao(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """'A要…；要…' inside one sentence: its clauses, when each later one starts with 要 or there are three or more."""
    parts, pos = [], a
    for piece in text[a:b].split("；"):
        parts.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    if len(parts) < 2 or (len(parts) < 3 and not all(text[x : x + 1] == "要" for x, _ in parts[1:])):
        return []
    return [(x, y) for x, y in parts if y > x]


_HEAD = re.compile(r"[^，、；。：！？“”]{2,12}。")


def _lead_run(text: str, start: int) -> list[tuple[int, int]]:
    """A demand written as headed parts: 'X要求，A必须到位。(what it means)；B必须到位。(what it means)' — a short
    sentence right after the demand heads the first part, and one after ；(or after 。 when it ends like the first)
    heads each next; two heads or more are the items, each up to the next head."""
    m = _HEAD.match(text, start)
    if not m:
        return []
    ending = m.group()[-3:-1]
    heads = [start]
    pos = m.end()
    while True:
        nxt = None
        for x in range(pos, len(text)):
            if text[x - 1] in "；。" and (h := _HEAD.match(text, x)):
                if text[x - 1] == "；" or h.group()[-3:-1] == ending:
                    nxt = h
                    break
        if nxt is None:
            break
        heads.append(nxt.start())
        pos = nxt.end()
    if len(heads) < 2:
        return []
    # the last part runs to the next ；, a new speaker or the paragraph's end
    last = min(x for x in (text.find("；", pos), _end_of(_SPOKE.search(text, pos)), len(text)) if x >= 0)
    return [(a, b) for a, b in zip(heads, heads[1:] + [last], strict=True)]


def _end_of(m: re.Match[str] | None) -> int:
    return m.start() if m else -1
