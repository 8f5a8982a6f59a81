"""The upload page's body: upload report files, preview what would be extracted, confirm; the same code path
as `python -m extract add` (tracker.build.add). Only an administrator may add reports."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TypedDict

import pandas as pd
import streamlit as st

from tracker.app.auth import current_user, signed_in_user
from tracker.app.context import CTX_KEY, PageContext, current_config
from tracker.app.env import config_path
from tracker.app.plaintext import md
from tracker.app.uploader import file_uploader
from tracker.auth import require_admin
from tracker.build.add import AddResult, Upload, add_files, summary_lines
from tracker.errors import AccessDenied, UserError
from tracker.i18n import Lang, error_text, reader_label
from tracker.store import queries

_PREVIEW_KEY = "_upload_preview"
_DONE_KEY = "_upload_done"
_ROUND_KEY = "_upload_round"
_CONFIRMED_KEY = "_upload_confirmed"
TEXT_PREVIEW_CHARS = 1500


class AddOptions(TypedDict):
    """What the form says about the reports beside their files: add_files' keyword arguments."""

    source_id: str | None
    title: str | None
    date: dt.date | None
    year: int | None


def upload_admin() -> str | None:
    """The signed-in administrator who may add reports (their account id), or None: nobody else may."""
    try:
        return require_admin(signed_in_user(), "upload").id
    except AccessDenied:
        return None


def upload_refusal(lang: Lang) -> str | None:
    """Why the signed-in user may not add reports (nobody signed in, or who they are and their role), or None
    for an administrator: the same check as the confirm button's and `extract add`'s (tracker.auth)."""
    try:
        require_admin(signed_in_user(), "upload", lang)
    except AccessDenied as e:
        return str(e)
    return None


def source_caption(ctx: PageContext, src: dict[str, str]) -> str:
    """'title · path · read as <reader> from <original file>' for a source's text."""
    parts = [src.get("title") or "", src.get("path") or ""]
    reader = reader_label(src.get("reader") or "txt", ctx.lang)
    original = src.get("original_name") or ""
    parts.append(
        f"{ctx.t('add.col_reader')}: {reader}"
        + (f" · {ctx.t('add.col_original')}: {original}" if original else "")
    )
    return " · ".join(p for p in parts if p)


def sources_table(ctx: PageContext) -> None:
    """Every source with the reader that made its text, its original file and its derived text."""
    frame: pd.DataFrame = ctx.call(queries.sources)
    if frame.empty:
        return
    shown = pd.DataFrame(
        {
            ctx.t("col_source"): frame["source_id"],
            ctx.t("col_title_meeting"): frame["title"],
            ctx.t("add.col_reader"): [reader_label(r, ctx.lang) for r in frame["reader"]],
            ctx.t("add.col_original"): frame["original_name"],
            ctx.t("add.col_text_path"): frame["text_path"].fillna(frame["path"]),
            ctx.t("col_n_commitments"): frame["n_commitments"],
            ctx.t("col_n_figures"): frame["n_figures"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")


def render_upload(ctx: PageContext) -> None:
    """Upload → preview (a dry run) → confirm (the real add), for administrators only."""
    st.title(ctx.t("add.page"))
    refusal = upload_refusal(ctx.lang)
    if refusal is not None:
        st.warning(md(refusal))
        st.stop()
    st.write(ctx.t("add.intro"))
    files = file_uploader(
        ctx.t("add.files"),
        ["docx", "pdf", "html", "htm", "txt"],
        ctx.lang,
        accept_multiple_files=True,
        key="upload_files",
    )
    c1, c2, c3, c4 = st.columns(4)
    title = c1.text_input(ctx.t("add.title"), key="upload_title").strip() or None
    source_id = c2.text_input(ctx.t("add.id"), key="upload_id").strip() or None
    date = c3.date_input(ctx.t("add.date"), value=None, key="upload_date")
    year = c4.number_input(
        ctx.t("add.year"), min_value=1949, max_value=2100, value=None, step=1, key="upload_year"
    )
    uploads = [Upload(f.name, f.getvalue()) for f in files or []]
    options = AddOptions(source_id=source_id, title=title, date=date, year=int(year) if year else None)
    fingerprint = hashlib.sha256(
        repr(
            [(u.name, hashlib.sha256(u.data).hexdigest()) for u in uploads] + sorted(options.items())
        ).encode()
    ).hexdigest()
    if not uploads:
        st.session_state.pop(_PREVIEW_KEY, None)
        _show_done(ctx)
        return
    if st.session_state.get(_CONFIRMED_KEY) == fingerprint:  # just added: show the outcome, not a preview
        _show_done(ctx)
        return
    preview = st.session_state.get(_PREVIEW_KEY)
    if not preview or preview[0] != fingerprint:
        try:  # the preview is a dry run of the same add: nothing is written
            with st.spinner(ctx.t("add.preview")):
                preview = (fingerprint, add_files(config_path(), uploads, dry_run=True, **options))
        except UserError as e:
            st.session_state.pop(_PREVIEW_KEY, None)
            st.error(ctx.t("add.failed", error=md(error_text(e, ctx.lang))))
            return
        st.session_state[_PREVIEW_KEY] = preview
    result: AddResult = preview[1]
    st.subheader(ctx.t("add.preview_title"))
    st.code("\n".join(summary_lines(result, ctx.lang)), language=None, wrap_lines=True)
    for p in result.planned:
        with st.expander(f"{md(p.upload_name)} · {ctx.t('add.text_preview', n=TEXT_PREVIEW_CHARS)}"):
            st.text(p.text[:TEXT_PREVIEW_CHARS])
    # the add runs in the button's callback, so it happens once per click whatever reruns follow
    st.button(
        ctx.t("add.confirm"),
        key="upload_confirm",
        type="primary",
        on_click=_confirm,
        args=(fingerprint, uploads, options),
    )


def _confirm(fingerprint: str, uploads: list[Upload], options: AddOptions) -> None:
    if st.session_state.get(_CONFIRMED_KEY) == fingerprint:  # the same click delivered twice: add once
        return
    config, _ = current_config()
    try:  # checked again when writing, from the accounts file as it is now (callbacks run before the script)
        admin = require_admin(current_user(config, _lang()) if config is not None else None, "upload")
    except AccessDenied as e:
        st.session_state[_DONE_KEY] = str(e)
        return
    st.session_state[_CONFIRMED_KEY] = fingerprint
    try:
        st.session_state[_DONE_KEY] = add_files(config_path(), uploads, added_by=admin.id, **options)
    except UserError as e:
        st.session_state[_DONE_KEY] = str(e)
    st.session_state.pop(_PREVIEW_KEY, None)
    st.session_state[_ROUND_KEY] = st.session_state.get(_ROUND_KEY, 0) + 1  # a fresh, empty uploader


def _lang() -> Lang:
    ctx = st.session_state.get(CTX_KEY)
    return ctx.lang if isinstance(ctx, PageContext) else "zh"


def _show_done(ctx: PageContext) -> None:
    done = st.session_state.get(_DONE_KEY)
    if isinstance(done, str):
        st.error(ctx.t("add.failed", error=md(done)))
    elif isinstance(done, AddResult):
        st.success(ctx.t("add.done", n=len(done.planned)))
        st.code("\n".join(summary_lines(done, ctx.lang)), language=None, wrap_lines=True)
