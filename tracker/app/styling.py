"""How tables mark what is assumed and how warnings look: plain coloured text (no emoji, which renders as empty
boxes where no colour-emoji font is installed) and a grey italic due date, with a "(default)" note, for due dates
the config's default rule assumed rather than the report stated."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import pandas as pd
from pandas.io.formats.style import Styler

from tracker.i18n import Lang, colour_label, t
from tracker.progress.due import ASSUMED, due_label

WARNING_CSS: dict[str, str] = {
    "red": "color: #C53030; font-weight: 600",
    "yellow": "color: #B7791F; font-weight: 600",
    "green": "color: #2F855A",
}
MARKDOWN_COLOUR: dict[str, str] = {"red": "red", "yellow": "orange", "green": "green"}
ASSUMED_CSS = "color: #6B7280; font-style: italic"
MARKER = "●"  # U+25CF BLACK CIRCLE: in every CJK and Latin font, coloured by CSS


def warning_text(colour: object, lang: Lang) -> str:
    """A warning colour as a marker and a word (● 红灯); empty for grey (nothing reported, no rule fired)."""
    if colour not in WARNING_CSS:
        return ""
    return f"{MARKER} {colour_label(str(colour), lang)}"


def warning_markdown(colour: object, lang: Lang) -> str:
    """The marker and word in Streamlit's coloured Markdown (:red[● 红灯]); empty for grey."""
    text = warning_text(colour, lang)
    return f":{MARKDOWN_COLOUR[str(colour)]}[{text}]" if text else ""


def due_display(due: object, assumed: bool, lang: Lang) -> str:
    """A due date as shown in a table cell (progress.due.due_label, the text every page and pack uses)."""
    return due_label(due, ASSUMED if assumed else "text", lang)


def style_table(
    frame: pd.DataFrame,
    lang: Lang,
    due_col: str | None = None,
    assumed: Sequence[bool] = (),
    warn_col: str | None = None,
    colours: Sequence[object] = (),
) -> Styler:
    """A Styler for st.dataframe: assumed due dates grey, italic and suffixed; warning words in their colour."""
    styler = frame.style
    if due_col and due_col in frame:
        flags = pd.Series(list(assumed) or [False] * len(frame), index=frame.index, dtype=bool)
        for flag in (True, False):
            rows = frame.index[flags == flag]
            if len(rows):
                styler = styler.format(
                    partial(due_display, assumed=flag, lang=lang), subset=pd.IndexSlice[rows, [due_col]]
                )
        css = pd.DataFrame("", index=frame.index, columns=frame.columns)
        css.loc[flags, due_col] = ASSUMED_CSS
        styler = styler.apply(lambda _f: css, axis=None)
    if warn_col and warn_col in frame:
        css_w = pd.DataFrame("", index=frame.index, columns=frame.columns)
        css_w[warn_col] = [WARNING_CSS.get(str(c), "") for c in colours]
        styler = styler.apply(lambda _f: css_w, axis=None)
    return styler


def due_legend(lang: Lang, rules: str) -> str:
    """The legend under a table with due dates: what a grey italic （默认）date means and the rule behind it."""
    return t("due_legend", lang, rules=rules)
