"""Text from sources, logs and users shown exactly as written: escaped for Streamlit's Markdown, or as HTML.

Streamlit renders Markdown in st.markdown, headings, captions, alerts and widget labels, with extras: LaTeX
between $ signs, :emoji: and :material/…: shortcodes, :red[…] colours and typographic arrows (-> becomes →).
`md` backslash-escapes every ASCII punctuation character (Streamlit's documented way to show them literally)
and puts an invisible word joiner (U+2060) after each colon and inside -> <- -- >= <= ~=, which the
shortcode and arrow replacements would otherwise still act on.
"""

from __future__ import annotations

import html
import re

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_ARROWS = re.compile(r"(\\[-<>~=])(?=\\[-<>=])")
WORD_JOINER = "\u2060"


def md(text: object) -> str:
    """`text` for a Markdown-rendering Streamlit call, so that it shows verbatim (no bold, maths, icons)."""
    s = _PUNCT.sub(r"\\\1", str(text))
    s = _ARROWS.sub(lambda m: m.group(1) + WORD_JOINER, s)
    return s.replace("\\:", "\\:" + WORD_JOINER)


def quote_html(text: object) -> str:
    """A quote as an HTML block (for st.html): escaped, line breaks kept, never Markdown."""
    return (
        '<div class="trk-src" style="max-height:none;white-space:pre-wrap">'
        + html.escape(str(text))
        + "</div>"
    )
