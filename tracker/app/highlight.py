"""Render a source text as HTML with every extracted span highlighted and cross-linked to its row (pure)."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

KIND_CLASSES = ("meeting", "commitment", "figure")

CSS = """
<style>
.trk-src{white-space:pre-wrap;line-height:1.9;font-size:15px;border:1px solid #E5E7EB;border-radius:6px;
 padding:12px 16px;max-height:560px;overflow-y:auto;background:#FCFCFD}
.trk-src a.hl{color:inherit;text-decoration:none;border-radius:3px;padding:1px 0}
.trk-src a.hl-meeting{background:#E3ECFB;box-shadow:inset 0 -2px 0 #3C78D8}
.trk-src a.hl-commitment{background:#FFF3C4}
.trk-src a.hl-commitment.d2,.trk-src a.hl-commitment.d3{background:#FFE08A}
.trk-src a.hl-figure{background:#D3F2DF;box-shadow:inset 0 -2px 0 #2E9E5B;font-weight:600}
.trk-src a.hl:hover{outline:2px solid #1F2933}
.trk-src a.hl.focus{outline:2px solid #D64545;outline-offset:1px}
.trk-rows{max-height:560px;overflow-y:auto}
.trk-spans{border-collapse:collapse;width:100%;font-size:14px}
.trk-spans td,.trk-spans th{border-bottom:1px solid #E5E7EB;padding:4px 8px;text-align:left;vertical-align:top}
.trk-spans td:nth-child(1),.trk-spans td:nth-child(3),.trk-spans td:nth-child(4),.trk-spans th{white-space:nowrap}
.trk-spans tr:target,.trk-src span:target+a.hl{outline:2px solid #D64545}
.trk-tree a{color:#1D4E9E;text-decoration:none}
.trk-tree li{margin-bottom:4px}
.trk-legend span{display:inline-block;margin-right:12px;padding:0 6px;border-radius:3px}
</style>
"""


@dataclass(frozen=True)
class Span:
    """One extracted span: its kind (meeting/commitment/figure), id, [start, end) and a short label."""

    kind: str
    span_id: str
    start: int
    end: int
    label: str = ""


def anchor(span_id: str) -> str:
    """An HTML-id-safe token for a span id (ASCII only, unique per id)."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "", span_id)[:40]
    return f"{safe}-{hashlib.sha1(span_id.encode('utf-8')).hexdigest()[:8]}"


def _valid(spans: Sequence[Span], n: int) -> list[Span]:
    return [s for s in spans if 0 <= s.start < s.end <= n]


def region(text: str, spans: Sequence[Span], pad_to_paragraph: bool = True) -> tuple[int, int]:
    """The stretch of text covering `spans`, widened to whole paragraphs (blank-line separated)."""
    spans = _valid(spans, len(text))
    if not spans:
        return 0, len(text)
    a, b = min(s.start for s in spans), max(s.end for s in spans)
    if pad_to_paragraph:
        before = text.rfind("\n\n", 0, a)
        after = text.find("\n\n", b)
        a = 0 if before < 0 else before + 2
        b = len(text) if after < 0 else after
    return a, b


def clip(spans: Sequence[Span], a: int, b: int) -> list[Span]:
    """Spans that overlap [a, b), cut to it and shifted so that a becomes 0."""
    out = []
    for s in spans:
        start, end = max(s.start, a), min(s.end, b)
        if start < end:
            out.append(Span(s.kind, s.span_id, start - a, end - a, s.label))
    return out


def highlight_html(
    text: str, spans: Sequence[Span], kind_names: dict[str, str] | None = None, focus: str | None = None
) -> str:
    """The text, HTML-escaped, with each span wrapped in a link to its row (#row-…) and an anchor (#src-…)
    at its start; overlapping spans are split into pieces linked to the innermost span. Pieces inside the
    span `focus` get the class 'focus'."""
    kind_names = kind_names or {}
    spans = _valid(spans, len(text))
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starts: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    out = ['<div class="trk-src">']
    for a, b in zip(cuts, cuts[1:], strict=False):
        for s in starts.get(a, []):
            out.append(f'<span id="src-{anchor(s.span_id)}"></span>')
        piece = html.escape(text[a:b])
        cover = [s for s in spans if s.start <= a and s.end >= b]
        if not cover:
            out.append(piece)
            continue
        inner = min(
            cover,
            key=lambda s: (s.end - s.start, KIND_CLASSES.index(s.kind) if s.kind in KIND_CLASSES else 9),
        )
        tip = " / ".join(f"{kind_names.get(s.kind, s.kind)}: {s.label}" for s in cover)
        kind = inner.kind if inner.kind in KIND_CLASSES else "commitment"
        focused = " focus" if focus is not None and any(s.span_id == focus for s in cover) else ""
        out.append(
            f'<a class="hl hl-{kind} d{min(len(cover), 3)}{focused}" href="#row-{anchor(inner.span_id)}" '
            f'title="{html.escape(tip, quote=True)}">{piece}</a>'
        )
    out.append("</div>")
    return "".join(out)


def spans_table_html(
    spans: Sequence[Span], kind_names: dict[str, str], headers: Sequence[str], back_label: str
) -> str:
    """A table with one row per span (id row-…), each linking back to its place in the text (#src-…)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    rows = []
    for s in spans:
        a = anchor(s.span_id)
        rows.append(
            f'<tr id="row-{a}"><td>{html.escape(kind_names.get(s.kind, s.kind))}</td>'
            f"<td>{html.escape(s.label)}</td><td>{s.start}–{s.end}</td>"
            f'<td><a href="#src-{a}">{html.escape(back_label)}</a></td></tr>'
        )
    return f'<table class="trk-spans"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def legend_html(kind_names: dict[str, str]) -> str:
    """A small legend of the highlight colours."""
    items = "".join(
        f'<span class="trk-legend-{k}"><a class="hl hl-{k}">{html.escape(kind_names.get(k, k))}</a></span>'
        for k in KIND_CLASSES
    )
    return f'<div class="trk-src trk-legend" style="padding:4px 8px;max-height:none">{items}</div>'


def context_html(text: str, start: int, end: int, radius: int = 80) -> str:
    """The quote at [start, end) marked inside up to `radius` characters of its surrounding text."""
    a, b = max(0, start - radius), min(len(text), end + radius)
    before, quote, after = text[a:start], text[start:end], text[end:b]
    return (
        '<div class="trk-src" style="max-height:none">'
        + ("…" if a > 0 else "")
        + html.escape(before)
        + f'<a class="hl hl-commitment d1">{html.escape(quote)}</a>'
        + html.escape(after)
        + ("…" if b < len(text) else "")
        + "</div>"
    )
