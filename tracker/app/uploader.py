"""A file picker that speaks the dashboard's language: Streamlit draws its button and size note in English, so in
Chinese they are replaced by our own words (a CSS rule hides theirs) and a caption says the limit and formats."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import streamlit as st

from tracker.i18n import Lang, t

_HIDE_ENGLISH = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzone"] button * {{ font-size: 0 !important; }}
[data-testid="stFileUploaderDropzone"] button::after {{ content: {button}; font-size: 0.875rem; }}
</style>"""


def uploader_css(lang: Lang) -> str:
    """The style rules that put our button label in place of Streamlit's English one ('' in English)."""
    if lang == "en":
        return ""
    return _HIDE_ENGLISH.format(button=json.dumps(t("upload_button", lang), ensure_ascii=False))


def uploader_note(types: Sequence[str], lang: Lang) -> str:
    """The size limit and accepted formats, in `lang` (what Streamlit would say in English)."""
    mb = int(st.get_option("server.maxUploadSize"))
    kinds = sorted({x.upper() for x in types if x.lower() != "htm"})
    return t("upload_note", lang, mb=mb, types=("、" if lang == "zh" else ", ").join(kinds))


def file_uploader(label: str, types: Sequence[str], lang: Lang, **kwargs: Any) -> Any:
    """st.file_uploader with its button, size limit and formats in `lang`."""
    css = uploader_css(lang)
    if css:
        st.html(css)
    files = st.file_uploader(label, type=list(types), **kwargs)
    st.caption(uploader_note(types, lang))
    return files
