"""Streamlit widgets for progress: update form with quote and history, import with preview, timeline, follow-up.

Pages call these with a read-only connection, the config and the language; all logic lives in
tracker.progress (log, imports, status), so it is tested without Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

import duckdb
import pandas as pd
import streamlit as st

from tracker.app import env
from tracker.app.paging import page_of
from tracker.app.plaintext import md, quote_html
from tracker.app.styling import due_legend, style_table, warning_markdown, warning_text
from tracker.app.uploader import file_uploader
from tracker.auth import User, can_write_progress, require, require_rows
from tracker.cells import is_missing, record
from tracker.config import Config
from tracker.errors import AccessDenied, UserError
from tracker.i18n import LABELS, Lang, localize, message, status_label, t
from tracker.progress import attachments, signoff
from tracker.progress.due import default_rules, due_label, with_due_note
from tracker.progress.follow_up import follow_up, follow_up_bytes
from tracker.progress.imports import commit_import, preview_import, template_bytes
from tracker.progress.log import (
    STATUSES,
    Problem,
    append_updates,
    check_values,
    imported_before,
    open_progress_log,
)
from tracker.progress.rankings import NOT_REPORTING, RANKED, coverage_label, rank_label, rank_units
from tracker.progress.status import commitment_status, load_entries, load_evidence, status_rows
from tracker.progress.timeline import timeline
from tracker.store import progress_queries, queries
from tracker.store.logs import open_blobs

# what the evidence uploader offers to pick (the kind is then told by content: tracker.progress.attachments)
EVIDENCE_TYPES = ("png", "jpg", "jpeg", "gif", "webp", "pdf", "docx", "xlsx")


def label(key: str, lang: Lang = "zh", **fields: object) -> str:
    """A progress-widget label in the given language (tracker.i18n, keys 'progress.<key>')."""
    return t(f"progress.{key}", lang, **fields)


def reasons_label(reasons: str, lang: Lang = "zh") -> str:
    """Reason codes ('overdue,silent') for display."""
    return "、".join(
        label(f"reason_{r}", lang) for r in str(reasons or "").split(",") if f"progress.reason_{r}" in LABELS
    )


def colour_dot(colour: str | None, lang: Lang = "zh") -> str:
    """A warning colour as coloured Markdown text (● 红灯), which needs no emoji font."""
    return warning_markdown(colour, lang)


def submit_update(
    config: Config,
    values: Mapping[str, object],
    known_ids: set[str],
    user: User | None,
    owners: Mapping[str, str],
    today: dt.date | None = None,
    lang: Lang = "zh",
    files: Sequence[tuple[str, bytes]] = (),
) -> tuple[dict | None, list[Problem]]:
    """What the form's Save does: check that `user` may write this commitment (owned by `owners`, raising
    AccessDenied), check the values and append one 'form' entry as the user, or return the problems."""
    cid = str(values.get("commitment_id") or "")
    user = require(user, "progress", owners, commitment=cid, lang=lang)
    upd, probs = check_values(values, known_ids, today)
    if upd is None:
        return None, probs
    if files:  # 佐证材料: checked by content, then stored by hash before the entry names them
        checked = attachments.check_all(files, config.attachments)
        blobs = open_blobs(config)
        for _, data in files:
            blobs.put(data)
        upd = replace(upd, attachments=tuple(checked))
    (entry,) = append_updates(
        open_progress_log(config),
        [upd],
        source="form",
        entered_by=user.id,
        needs_signoff=signoff.needs_signoff(config, user),
    )
    return entry, []


def _may_write(
    con: duckdb.DuckDBPyConnection, user: User | None, commitment_id: str, lang: Lang
) -> tuple[dict[str, str], str | None]:
    """The commitment's owners, and why `user` may not write it (None when they may)."""
    owners = queries.commitment_owners(con, [commitment_id])[commitment_id]
    if can_write_progress(user, owners):
        return owners, None
    if user is None:
        return owners, t("auth.form_sign_in", lang)
    try:
        require(user, "progress", owners, commitment=commitment_id, lang=lang)
    except AccessDenied as e:
        return owners, str(e)
    return owners, None


def _fmt_pct(v: float | None) -> str:
    return "—" if v is None or pd.isna(v) else f"{float(v):g}%"


def _fmt_date(v: object) -> str:
    return "—" if is_missing(v) else str(v)[:10]


def update_form(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    commitment_id: str,
    lang: Lang = "zh",
    today: dt.date | None = None,
    key: str = "progress_form",
    user: User | None = None,
) -> None:
    """The commitment's quote, current status and timeline, and a form that appends an update as `user`
    (disabled, with the reason, for a user who may not write this commitment; refused again on save)."""
    today = today or dt.date.today()
    row = status_rows(con, config, [commitment_id], today)
    if row.empty:
        st.warning(md(commitment_id))
        return
    rec = record(row.iloc[0])
    st.markdown(f"**{label('quote', lang)}**")
    st.html(quote_html(rec["quote"]))  # verbatim: never Markdown
    due = due_label(rec["due_date"], rec.get("due_source"), lang)
    current = label(
        "current",
        lang,
        status=status_label(rec["status"], lang),
        percent=_fmt_pct(rec["percent"]),
        due=due,
    )
    st.caption(f"{colour_dot(rec['colour'], lang)} {current} · {reasons_label(rec['reasons'], lang)}".strip())
    flash = st.session_state.pop(f"{key}_flash", None)
    if flash:
        st.success(flash)
    owners, refusal = _may_write(con, user, commitment_id, lang)
    if refusal is not None:
        st.info(md(refusal))
    elif user is not None:
        st.caption(md(t("auth.form_as", lang, user=user.label)))
    with st.form(key):
        st.markdown(f"**{label('update_title', lang)}**")
        cur = rec["status"] if rec["status"] in STATUSES else "推进中"
        new_status = st.selectbox(
            label("status", lang),
            STATUSES,
            index=STATUSES.index(cur),
            key=f"{key}_status",
            format_func=lambda s: status_label(s, lang),
            placeholder=t("choose_one", lang),
        )
        pct0 = 0.0 if pd.isna(rec["percent"]) else float(rec["percent"])
        pct = st.number_input(label("percent", lang), 0.0, 100.0, pct0, step=5.0, key=f"{key}_percent")
        as_of = st.date_input(label("as_of", lang), value=today, max_value=today, key=f"{key}_as_of")
        note = st.text_area(label("note", lang), key=f"{key}_note")
        evidence = st.text_input(label("evidence", lang), key=f"{key}_evidence")
        uploads = file_uploader(
            t("loop.attach_col", lang), EVIDENCE_TYPES, lang, accept_multiple_files=True, key=f"{key}_files"
        )
        submitted = st.form_submit_button(label("submit", lang), disabled=refusal is not None)
    if submitted:
        values = {
            "commitment_id": commitment_id,
            "status": new_status,
            "percent": pct,
            "as_of": as_of,
            "note": note,
            "evidence": evidence,
        }
        try:
            files = [(f.name, f.getvalue()) for f in uploads or ()]
            entry, probs = submit_update(config, values, {commitment_id}, user, owners, today, lang, files)
        except UserError as e:  # refused, or a file that is not taken: nothing was written
            entry, probs = None, []
            st.error(label("not_saved", lang) + "\n\n- " + md(localize(e, lang)))
        if entry is None and probs:
            named = [replace(p, column=label(_FORM_FIELDS.get(p.column, p.column), lang)) for p in probs]
            st.error(
                label("not_saved", lang) + "\n\n" + "\n".join(f"- {md(p.localized(lang))}" for p in named)
            )
        elif entry is not None:
            st.session_state[f"{key}_flash"] = label(
                "saved",
                lang,
                status=status_label(entry["status"], lang),
                percent=f"{entry['percent']:g}",
                as_of=entry["as_of"],
            )
            st.rerun()
    timeline_view(con, config, commitment_id, lang, rec)


def timeline_frame(
    con: duckdb.DuckDBPyConnection, config: Config, commitment: Mapping[str, object], lang: Lang = "zh"
) -> pd.DataFrame:
    """The timeline with display labels: date, event, text, change (old → new), who."""
    ev = load_evidence(con)
    tl = timeline(commitment, load_entries(open_progress_log(config)), ev)

    def change(r: pd.Series) -> str:
        if r["event"] == "update":
            old = (
                f"{status_label(r['old_status'], lang)} {_fmt_pct(r['old_percent'])} → "
                if isinstance(r["old_status"], str)
                else ""
            )
            return f"{old}{status_label(r['status'], lang)} {_fmt_pct(r['percent'])}"
        if isinstance(r["status"], str) and f"progress.hint_{r['status']}" in LABELS:
            return label(f"hint_{r['status']}", lang)
        return ""

    def who(r: pd.Series) -> str:
        if r["source"] == "report" and r["event"] != "created":
            return f"{label('from_report', lang)} {r['who']}".strip()
        reported = r.get("reported_by")
        tail = (
            f" ({message('safe.reported_by', lang)}: {reported})"
            if isinstance(reported, str) and reported
            else ""
        )
        return str(r["who"] or "") + tail

    return pd.DataFrame(
        {
            label("col_date", lang): tl["date"].map(_fmt_date),
            label("col_event", lang): tl["event"].map(
                lambda e: label(e, lang) if f"progress.{e}" in LABELS else e
            ),
            label("col_text", lang): tl["text"].astype(str).str.replace("\n", " "),
            label("col_change", lang): tl.apply(change, axis=1) if len(tl) else [],
            label("col_who", lang): tl.apply(who, axis=1) if len(tl) else [],
        }
    )


def timeline_view(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    commitment_id: str,
    lang: Lang = "zh",
    commitment: Mapping[str, object] | None = None,
) -> None:
    """The commitment's history: created at its meeting, updates with old → new values, report evidence."""
    if commitment is None:
        row = status_rows(con, config, [commitment_id], env.today())
        if row.empty:
            return
        commitment = record(row.iloc[0])
    st.markdown(f"**{label('timeline', lang)}**")
    st.dataframe(timeline_frame(con, config, commitment, lang), hide_index=True, width="stretch")


def import_panel(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    lang: Lang = "zh",
    key: str = "progress_import",
    user: User | None = None,
) -> None:
    """Template downloads (each row with its due date and where that date comes from), an upload with a
    row-by-row preview, and an all-or-nothing import button; every message in `lang`. The upload only for a
    user who may import, and the button only when every row is one of their units'."""
    st.markdown(f"**{label('import_title', lang)}**")
    c1, c2 = st.columns(2)

    def cm() -> pd.DataFrame:  # made when a template is downloaded: every commitment
        status = commitment_status(con, config, env.today())
        return with_due_note(status, config, lang)[
            ["commitment_id", "unit_name", "title", "due_date", "due_note"]
        ]

    c1.download_button(
        label("template_csv", lang),
        lambda: template_bytes(cm(), "csv", lang),
        "progress_template.csv",
        "text/csv",
        key=f"{key}_tc",
    )
    c2.download_button(
        label("template_xlsx", lang),
        lambda: template_bytes(cm(), "xlsx", lang),
        "progress_template.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_tx",
    )
    try:  # nobody signed in, or a viewer: no upload at all
        require_rows(user, (), {}, "import", lang)
    except AccessDenied as e:
        st.info(md(localize(e, lang)))
        return
    up = file_uploader(label("upload", lang), ["csv", "xlsx"], lang, key=f"{key}_file")
    if up is None:
        return
    try:
        known = progress_queries.commitment_ids(con)
        preview = preview_import(up.getvalue(), up.name, known)
    except UserError as e:  # worded for people; anything else goes to the page guard (no traceback shown)
        st.error(md(localize(e, lang)))
        return
    if preview.skipped:
        st.caption(label("skipped", lang, rows=", ".join(map(str, preview.skipped[:30]))))
    if preview.errors:
        st.error(label("bad_rows", lang) + " " + md(preview.summary(lang)))
        st.dataframe(preview.errors_frame(lang), hide_index=True, width="stretch")
        return
    if not preview.updates:
        st.info(md(preview.summary(lang)))
        return
    rows = list(zip(preview.rows, (u.commitment_id for u in preview.updates), strict=True))
    try:  # every row must be the user's to write, or nothing is imported (checked on every run: the
        # confirm button below exists only in a run whose user, as the accounts file says now, may write all)
        writer = require_rows(
            user, rows, queries.commitment_owners(con, [c for _, c in rows]), "import", lang
        )
    except AccessDenied as e:
        st.error(md(localize(e, lang)))
        return
    again = False
    earlier = imported_before(open_progress_log(config), preview.sha256)
    if earlier is not None:  # the same bytes are in the log already (any session, any process)
        when = str(earlier["entered_at"])[:16].replace("T", " ")
        by = earlier.get("entered_by") or "?"
        st.warning(md(message("safe.import_again", lang, file=up.name, when=when, by=by)))
        again = st.checkbox(message("safe.import_again_box", lang), key=f"{key}_again")
        if not again:
            return
    st.markdown(label("preview", lang, n=len(preview.updates)))
    shown = preview.frame(lang)
    shown[t("imp_col_status", lang)] = shown[t("imp_col_status", lang)].map(lambda s: status_label(s, lang))
    st.dataframe(shown, hide_index=True, width="stretch")
    if st.button(label("confirm", lang, n=len(preview.updates)), key=f"{key}_go", type="primary"):
        try:
            written = commit_import(
                preview,
                open_progress_log(config),
                entered_by=writer.id,
                again=again,
                needs_signoff=signoff.needs_signoff(config, writer),
            )
        except UserError as e:  # e.g. the same file imported from elsewhere a moment ago
            st.error(md(localize(e, lang)))
            return
        st.success(label("imported", lang, n=len(written)))


def follow_up_panel(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    lang: Lang = "zh",
    unit_id: str | None = None,
    key: str = "follow_up",
) -> None:
    """The open red/yellow items (all units or one), a page at a time, with CSV/Excel downloads of the whole
    list for the next meeting."""
    from tracker.app.context import CTX_KEY

    ctx = st.session_state.get(CTX_KEY)
    st.markdown(f"**{label('follow_up', lang)}**")
    required = config.review.required  # review.required: only reviewed items are followed up
    total = int(ctx.call(queries.count_follow_up, unit_id, required)) if ctx is not None else 0
    if ctx is None or not total:  # no page context (outside a page run): nothing to list
        st.info(label("follow_up_empty", lang))
        return
    limit, offset = page_of(ctx, key, total)
    items = with_due_note(
        ctx.call(queries.follow_up_rows, unit_id, required, limit=limit, offset=offset), config, lang
    )
    table = pd.DataFrame(
        {
            label("col_colour", lang): [warning_text(c, lang) for c in items["colour"]],
            label("col_unit", lang): items["unit_name"],
            label("col_title", lang): items["title"],
            label("col_due", lang): items["due_date"].map(_fmt_date),
            label("status", lang): [status_label(s, lang) for s in items["status"]],
            label("col_reasons", lang): items["reasons"].map(lambda r: reasons_label(r, lang)),
            label("col_days_overdue", lang): items["days_overdue"],
            label("col_days_silent", lang): items["days_silent"],
        }
    ).reset_index(drop=True)
    assumed = [s == "default" for s in items["due_source"]]
    if any(assumed):
        st.caption(due_legend(lang, default_rules(config, lang)))
    st.dataframe(
        style_table(
            table,
            lang,
            due_col=label("col_due", lang),
            assumed=assumed,
            warn_col=label("col_colour", lang),
            colours=list(items["colour"]),
        ),
        hide_index=True,
        width="stretch",
    )

    def everything() -> pd.DataFrame:  # the whole list, made when a download is pressed
        return follow_up(commitment_status(con, config, env.today()), unit_id, required)

    name = f"follow_up_{unit_id or 'all'}_{env.today().isoformat()}"
    c1, c2 = st.columns(2)
    c1.download_button(
        label("download_csv", lang),
        lambda: follow_up_bytes(with_due_note(everything(), config, lang), "csv", lang),
        f"{name}.csv",
        "text/csv",
        key=f"{key}_csv",
    )
    c2.download_button(
        label("download_xlsx", lang),
        lambda: follow_up_bytes(with_due_note(everything(), config, lang), "xlsx", lang),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
    )


def rankings_view(inputs: pd.DataFrame, units: pd.DataFrame, config: Config, lang: Lang = "zh") -> None:
    """The unit ranking of the filtered rows (their per-unit counts: queries.ranking_inputs), fairly: only units
    that reported are ranked (ties say so), units with items but no report are listed apart, units without items
    are counted, not ranked; every average says how many items it covers."""
    r = rank_units(inputs, units, config.progress.ranking)
    st.markdown(f"**{label('rankings', lang)}**")
    ranked, silent = r[r["group"] == RANKED], r[r["group"] == NOT_REPORTING]
    if ranked.empty:
        st.caption(label("no_report_note", lang))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    label("col_rank", lang): [
                        rank_label(k, tie, lang)
                        for k, tie in zip(ranked["rank"], ranked["tied"], strict=True)
                    ],
                    label("col_unit", lang): ranked["unit_name"],
                    label("col_score", lang): ranked["score"],
                    label("col_items", lang): ranked["n_items"],
                    label("col_reported", lang): ranked["n_reported"],
                    label("col_avg", lang): [
                        coverage_label(v, n, k, lang)
                        for v, n, k in zip(
                            ranked["reported_percent"], ranked["n_reported"], ranked["n_items"], strict=True
                        )
                    ],
                    label("col_done", lang): ranked["n_done"],
                    label("col_overdue", lang): ranked["n_overdue"],
                }
            ),
            hide_index=True,
            width="stretch",
            key=f"rankings-{key_of(units)}",
        )
    if len(silent):
        st.markdown(f"**{label('not_reporting', lang, n=len(silent))}**")
        st.dataframe(
            pd.DataFrame(
                {
                    label("col_unit", lang): silent["unit_name"],
                    label("col_items", lang): silent["n_items"],
                    label("col_overdue", lang): silent["n_overdue"],
                }
            ),
            hide_index=True,
            width="stretch",
            key=f"not-reporting-{key_of(units)}",
        )
    n_none = int((r["group"] == "no_items").sum())
    if n_none:
        st.caption(label("no_items_note", lang, n=n_none))
    st.caption(label("ranking_rule", lang))


def key_of(units: pd.DataFrame) -> str:
    """A short widget key part for a set of units."""
    kinds = sorted(set(units["kind"].dropna())) if "kind" in units else []
    return "-".join(kinds) or "all"


_FORM_FIELDS = {
    "commitment_id": "col_title",
    "status": "status",
    "percent": "percent",
    "as_of": "as_of",
    "note": "note",
    "evidence": "evidence",
}
