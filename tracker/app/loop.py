"""The supervision loop on an item's page: its 销号 steps (who, when, reasons) with the administrator's 销号 / 退回
buttons, and its 延期申请 (waiting request, original date, the unit's request form, the administrator's
decision). Every button goes through tracker.progress.signoff / extension, which check the user again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from tracker.app.plaintext import md
from tracker.auth import User, can_write_progress
from tracker.config import Config
from tracker.errors import UserError
from tracker.i18n import Lang, localize, t
from tracker.progress import extension, signoff
from tracker.progress.log import open_progress_log
from tracker.progress.status import loop_entries, status_rows
from tracker.store import queries


def _when(stamp: str) -> str:
    return str(stamp or "")[:16].replace("T", " ")


def _run(action: Any, flash_key: str, done: str, lang: Lang) -> None:
    """Call `action`; on success keep `done` for the next run and rerun, else show the refusal."""
    try:
        action()
    except UserError as e:
        st.error(md(localize(e, lang)))
        return
    st.session_state[flash_key] = done
    st.rerun()


def signoff_section(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    commitment_id: str,
    user: User | None,
    lang: Lang,
    key: str = "so",
) -> None:
    """The item's sign-off steps and, for an administrator, 销号 / 退回 on a report that waits."""
    entries = loop_entries(config, open_progress_log(config), con)
    steps = signoff.history(commitment_id, entries, signoff.read_decisions(config))
    waiting = [w for w in signoff.waiting(entries) if w.commitment_id == commitment_id]
    if not steps:
        return
    st.markdown(f"**{t('loop.ui_signoff_title', lang)}**")
    flash = st.session_state.pop(f"{key}-flash", None)
    if flash:
        st.success(flash)
    rows = [
        {
            t("loop.ui_col_when", lang): _when(s["at"]),
            t("loop.ui_col_step", lang): t(f"loop.step_{s['step']}", lang)
            + (f" · {t('loop.signoff_' + s['state'], lang)}" if s["state"] else ""),
            t("loop.ui_col_who", lang): s["who"],
            t("loop.ui_col_reason", lang): s["reason"],
        }
        for s in steps
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if not waiting:
        return
    w = waiting[0]
    st.info(md(t("loop.ui_waiting", lang, who=w.entered_by, at=_when(w.entered_at), as_of=w.as_of)))
    if user is None or not user.is_admin:
        st.caption(t("loop.ui_admin_signs", lang))
        return
    left, right = st.columns(2)
    if left.button(t("loop.ui_sign", lang), key=f"{key}-sign", type="primary"):
        _run(
            lambda: signoff.decide(config, entries, user, commitment_id, "signoff", lang=lang),
            f"{key}-flash",
            t("loop.ui_signed", lang),
            lang,
        )
    reason = right.text_input(t("loop.ui_return_reason", lang), key=f"{key}-reason")
    if right.button(t("loop.ui_return", lang), key=f"{key}-return"):
        _run(
            lambda: signoff.decide(config, entries, user, commitment_id, "return", reason, lang=lang),
            f"{key}-flash",
            t("loop.ui_returned", lang),
            lang,
        )


def extension_section(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    commitment_id: str,
    rec: Mapping[str, object],
    user: User | None,
    lang: Lang,
    key: str = "ext",
) -> None:
    """The item's extension requests: a waiting one (and the administrator's decision), the original date of an
    extended item, and the request form for the item's own units."""
    entries = extension.read_extensions(config)
    mine = [r for r in extension.requests(entries) if r.request.commitment_id == commitment_id]
    due = rec.get("due_date")
    due_day = due if isinstance(due, dt.date) else None
    flash = st.session_state.pop(f"{key}-flash", None)
    if flash:
        st.success(flash)
    if rec.get("due_source") == extension.EXTENDED:
        dues = extension.approved_dues(entries)
        old = dues[dues["commitment_id"] == commitment_id]["old_due"]
        if len(old) and old.iloc[0] is not None and not pd.isna(old.iloc[0]):
            st.caption(md(t("loop.ui_extended", lang, due=due_day, old=old.iloc[0])))
    waiting = [r for r in mine if r.decision is None]
    if waiting:
        q = waiting[0].request
        st.warning(
            md(
                t(
                    "loop.ext_waiting",
                    lang,
                    new=q.new_due,
                    who=q.entered_by,
                    at=_when(q.entered_at),
                    reason=q.reason,
                )
            )
        )
        if user is not None and user.is_admin:
            note = st.text_input(t("loop.ui_ext_note", lang), key=f"{key}-note")
            a, b = st.columns(2)
            if a.button(t("loop.ui_ext_approve", lang), key=f"{key}-approve", type="primary"):
                _run(
                    lambda: extension.decide(config, user, commitment_id, "approve", note, lang=lang),
                    f"{key}-flash",
                    t("loop.ui_ext_approved", lang, new=q.new_due),
                    lang,
                )
            if b.button(t("loop.ui_ext_refuse", lang), key=f"{key}-refuse"):
                _run(
                    lambda: extension.decide(config, user, commitment_id, "refuse", note, lang=lang),
                    f"{key}-flash",
                    t("loop.ui_ext_refused", lang),
                    lang,
                )
        return
    owners = queries.commitment_owners(con, [commitment_id])[commitment_id]
    if not can_write_progress(user, owners):
        return
    with st.expander(t("loop.ui_ext_title", lang)):
        with st.form(f"{key}-form"):
            start = (due_day or dt.date.today()) + dt.timedelta(days=30)
            new_due = st.date_input(t("loop.ui_ext_new_due", lang), value=start, key=f"{key}-new")
            reason = st.text_area(t("loop.ui_ext_reason", lang), key=f"{key}-why")
            sent = st.form_submit_button(t("loop.ui_ext_send", lang))
        if sent:
            _run(
                lambda: extension.ask(
                    config, user, owners, commitment_id, new_due, reason, due_day, lang=lang
                ),
                f"{key}-flash",
                t("loop.ui_ext_sent", lang),
                lang,
            )


def item_panel(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    commitment_id: str,
    user: User | None,
    lang: Lang,
    today: dt.date | None = None,
) -> None:
    """Sign-off and extension sections for one item (under its update form)."""
    row = status_rows(con, config, [commitment_id], today)
    if row.empty:
        return
    rec = row.iloc[0].to_dict()
    signoff_section(con, config, commitment_id, user, lang, key=f"so-{commitment_id}")
    extension_section(con, config, commitment_id, rec, user, lang, key=f"ext-{commitment_id}")
