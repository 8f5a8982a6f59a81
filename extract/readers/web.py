"""Web pages (.html/.htm): the article's main text without navigation, footer, scripts or related links
(trafilatura), its tables kept as rows."""

from __future__ import annotations

import re

from lxml import etree

from extract.decode import decode_bytes
from extract.readers.layout import Block, clean, render
from extract.readers.limits import DEFAULT, check_html
from tracker.config import Limits
from tracker.errors import SourceError

_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# names pages give for encodings that Python knows by a larger superset
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "iso-8859-1": "cp1252"}


def looks_like_html(raw: bytes) -> bool:
    """True when the bytes start like an HTML document (a doctype, <html>, <head> or <body>)."""
    return bool(_START.match(raw[:4096]))


def read(raw: bytes, label: str, encoding: str | None = None, limits: Limits = DEFAULT) -> tuple[str, str]:
    """The page's main text in the readers' form, and the encoding the page was decoded with; a page over the
    limits, or without article text, raises SourceError."""
    import trafilatura

    declared = None
    if encoding is None and (m := _META_CHARSET.search(raw[:4096])):
        name = m.group(1).decode("ascii").lower()
        declared = _SUPERSETS.get(name, name)
    try:
        decoded = decode_bytes(raw, label, encoding or declared)
    except SourceError:
        if encoding or declared is None:
            raise
        decoded = decode_bytes(raw, label)  # a page that misstates its charset: detect it instead
    check_html(raw, decoded.text, label, limits)
    xml = trafilatura.extract(
        decoded.text,
        output_format="xml",
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        with_metadata=False,
    )
    if not xml:
        raise SourceError(code="safe.html_no_text", file=label)
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    blocks: list[Block] = []
    for el in main if main is not None else root:
        _block(el, blocks)
    text = render(blocks)
    if not text.strip():
        raise SourceError(code="safe.html_no_text", file=label)
    return text, decoded.encoding


_BLOCKS = ("p", "head", "item", "list", "quote", "table", "row", "cell")


def _text(el: etree._Element) -> str:
    """An element's text with <lb/> as a line break."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag in _BLOCKS:
            parts.append("\n" + _text(child) + "\n")
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _block(el: etree._Element, blocks: list[Block]) -> None:
    if el.tag == "table":
        rows = []
        for row in el.iter("row"):
            cells = []
            for cell in row.findall("cell"):
                cells.append(clean(_text(cell)))
                cells.extend([""] * (int(cell.get("colspan", "1") or 1) - 1))
            rows.append(cells)
        blocks.append(rows)
    elif el.tag in ("list", "div", "quote"):
        for child in el:
            _block(child, blocks)
        if el.text and el.text.strip():
            blocks.append(el.text)
    else:  # p, head, item, code …
        blocks.append(_text(el))
