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
from tracker.auth import User, can_write_progress, load_accounts, require_admin
from tracker.cells import record
from tracker.config import Config
from tracker.errors import UserError
from tracker.i18n import Lang, localize, t
from tracker.progress import channels, extension, remind, signoff
from tracker.progress.log import open_progress_log
from tracker.progress.status import commitment_status, loop_entries, status_rows
from tracker.reports import assign
from tracker.store import queries
from tracker.store.logs import open_blobs


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


def attachments_section(config: Config, commitment_id: str, entries: pd.DataFrame, lang: Lang) -> None:
    """The item's 佐证材料, newest report first: image thumbnails and a download for every file; a file whose
    bytes do not match its hash is reported instead of served."""
    if entries.empty or "attachments" not in entries:
        return
    mine = entries[entries["commitment_id"] == commitment_id].iloc[::-1]
    listed = [(e, a) for e in mine.to_dict("records") for a in (e.get("attachments") or [])]
    if not listed:
        return
    st.markdown(f"**{t('loop.attach_col', lang)}**")
    blobs = open_blobs(config)
    for i, (e, a) in enumerate(listed):
        where = f"{e.get('as_of')} · {e.get('entered_by') or ''} · {a['name']} ({a['size'] / 1024:.0f} KB)"
        try:
            data = blobs.get(a["sha256"])
        except UserError as err:
            st.error(md(f"{a['name']}: {localize(err, lang)}"))
            continue
        shown = False
        if a["kind"] == "image":
            try:
                st.image(data, width=160, caption=where)
                shown = True
            except Exception:  # noqa: BLE001 - a PNG signature on bytes no decoder reads: listed, not drawn
                shown = False
        if not shown:
            st.caption(md(where))
        st.download_button(
            t("loop.attach_download", lang, name=a["name"]),
            data,
            file_name=a["name"],
            mime=a["mime"],
            key=f"att-{commitment_id}-{i}",
        )


def remind_button(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    user: User | None,
    lang: Lang,
    today: dt.date,
    units: list[str] | None = None,
    key: str = "remind",
) -> None:
    """催办 for administrators: send today's reminders now (all units, or `units`), as the command does; the
    result (sent, failed) is shown and recorded."""
    if user is None or not user.is_admin:
        return
    flash = st.session_state.pop(f"{key}-flash", None)
    if flash:
        (st.warning if flash[1] else st.success)(md(flash[0]))
    if not st.button(t("loop.ui_remind", lang), key=key):
        return
    try:
        require_admin(user, "remind", lang=lang)
        status = commitment_status(con, config, today)
        owners = queries.commitment_owners(con)
        accounts = load_accounts(config.users_file_path, lang).accounts
        result = remind.run(
            config, status, owners, accounts, today, user.id, channels.send, lang=lang, units=units
        )
    except UserError as e:
        st.error(md(localize(e, lang)))
        return
    lines = [
        t("loop.remind_total", lang, n=len(result.messages), failed=len(result.failed), day=today.isoformat())
    ]
    lines += [
        t("loop.remind_failed_line", lang, unit=m.unit_name, channel=m.channel, error=m.error)
        for m in result.failed
    ]
    st.session_state[f"{key}-flash"] = ("\n\n".join(lines), bool(result.failed))
    st.rerun()


def todo_box(
    con: duckdb.DuckDBPyConnection, config: Config, user: User | None, lang: Lang, today: dt.date
) -> None:
    """The administrator's 待办 on the overview: items awaiting sign-off, extension requests waiting, reminders
    that failed in the last week (and not delivered since), with the 催办 button."""
    if user is None or not user.is_admin:
        return
    entries = loop_entries(config, open_progress_log(config), con)
    pending = signoff.waiting(entries)
    asks = extension.waiting(extension.read_extensions(config))
    failed = remind.failed_recently(config, today - dt.timedelta(days=7))
    with st.container(border=True):
        st.markdown(f"**{t('loop.ui_todo', lang)}**")
        a, b, c = st.columns(3)
        a.metric(t("loop.ui_todo_signoff", lang), len(pending))
        b.metric(t("loop.ui_todo_ext", lang), len(asks))
        c.metric(t("loop.ui_todo_failed", lang), len(failed))
        rows = [
            {t("loop.ui_col_what", lang): t("loop.signoff_pending", lang), t("loop.ui_col_item", lang): w.commitment_id,
             t("loop.ui_col_who", lang): w.entered_by, t("loop.ui_col_when", lang): _when(w.entered_at),
             t("loop.ui_col_reason", lang): w.note}
            for w in pending
        ] + [
            {t("loop.ui_col_what", lang): t("loop.ext_request", lang), t("loop.ui_col_item", lang): r.request.commitment_id,
             t("loop.ui_col_who", lang): r.request.entered_by, t("loop.ui_col_when", lang): _when(r.request.entered_at),
             t("loop.ui_col_reason", lang): f"{r.request.old_due or '—'} → {r.request.new_due}：{r.request.reason}"}
            for r in asks
        ] + [
            {t("loop.ui_col_what", lang): t("loop.ui_todo_failed", lang), t("loop.ui_col_item", lang): f"{e.unit_name} · {e.channel}",
             t("loop.ui_col_who", lang): e.entered_by, t("loop.ui_col_when", lang): _when(e.entered_at),
             t("loop.ui_col_reason", lang): e.error}
            for e in failed
        ]  # fmt: skip
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        remind_button(con, config, user, lang, today, key="remind-all")


def assign_buttons(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    user: User | None,
    lang: Lang,
    today: dt.date,
    unit_ids: list[str] | None,
    meeting_id: str | None,
    key: str,
) -> None:
    """交办单 for administrators: make the sheet (these units, or every unit; this meeting, or all), record it as
    已交办, and offer it as Word and PDF."""
    if user is None or not user.is_admin:
        return
    made = st.session_state.get(f"{key}-made")
    if st.button(t("loop.ui_assign", lang), key=key):
        try:
            require_admin(user, "assign", lang=lang)
            sheet = assign.build(con, config, unit_ids, meeting_id, today)
            made = {fmt: assign.render(sheet, config, fmt, lang) for fmt in ("docx", "pdf")}
            assign.record(config, sheet, "docx", user.id)
        except UserError as e:
            st.error(md(localize(e, lang)))
            return
        st.session_state[f"{key}-made"] = made
    if made:
        name = t("loop.ui_assign", lang) + f"-{today.isoformat()}"
        a, b = st.columns(2)
        a.download_button(
            "Word (.docx)",
            made["docx"],
            file_name=f"{name}.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key=f"{key}-docx",
        )
        b.download_button(
            "PDF", made["pdf"], file_name=f"{name}.pdf", mime="application/pdf", key=f"{key}-pdf"
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
    rec = record(row.iloc[0])
    attachments_section(config, commitment_id, loop_entries(config, open_progress_log(config), con), lang)
    signoff_section(con, config, commitment_id, user, lang, key=f"so-{commitment_id}")
    extension_section(con, config, commitment_id, rec, user, lang, key=f"ext-{commitment_id}")
