"""总览 Overview: headline figures, commitments by status and per meeting, recent meetings, overdue and
never-updated commitments."""

import pandas as pd
import streamlit as st

from tracker import app
from tracker.app import progress as progress_ui
from tracker.i18n import format_date
from tracker.reports import charts
from tracker.store import queries

ctx = app.page_context()
f, lang = ctx.filters, ctx.lang
st.title(ctx.t("app_title", city=app.md(ctx.config.city)))
meta = ctx.q("build_meta")
if meta.get("built_at"):
    st.caption(ctx.t("data_as_of", when=meta["built_at"][:19].replace("T", " ")))

rows = ctx.q("commitments", f)
meetings = ctx.q("meetings", f)
head = queries.headline_counts(rows, ctx.q("figures", f), meetings, f)
if head["meetings"] == 0 and head["commitments"] == 0 and head["figures"] == 0:
    st.info(ctx.t("no_rows") if not f.is_empty else ctx.t("empty_db"))
overdue = queries.overdue_rows(rows, ctx.today)
never = rows[rows["status"] == queries.NO_REPORT]
cols = st.columns(6)
for col, (key, value) in zip(
    cols,
    [
        ("metric_meetings", head["meetings"]),
        ("metric_commitments", head["commitments"]),
        ("metric_units", head["units"]),
        ("metric_figures", head["figures"]),
        ("metric_overdue", len(overdue)),
        ("metric_no_update", len(never)),
    ],
    strict=True,
):
    col.metric(ctx.t(key), value)

left, right = st.columns(2)
with left:
    counts = queries.status_counts_of(rows)
    app.progress_note(ctx, rows["status"])
    app.show_chart(charts.status_bar(counts, ctx.title("chart_status_title"), lang), "overview-status", lang)
with right:
    per_meeting = meetings.assign(
        n_commitments=[int((rows["meeting_id"] == m).sum()) for m in meetings["meeting_id"]]
    )
    app.show_chart(
        charts.meetings_bar(per_meeting, ctx.title("chart_meetings_title"), lang), "overview-meetings", lang
    )

st.subheader(ctx.t("recent_meetings"))
if meetings.empty:
    st.info(ctx.t("no_meetings"))
else:
    recent = meetings.head(5)
    st.dataframe(
        pd.DataFrame(
            {
                ctx.t("col_date"): [
                    format_date(pd.Timestamp(d).date() if not pd.isna(d) else None, lang)
                    for d in recent["date"]
                ],
                ctx.t("col_title_meeting"): recent["title"],
                ctx.t("col_organizer"): recent["organizer"],
                ctx.t("col_n_commitments"): per_meeting.head(5)["n_commitments"],
                ctx.t("col_n_figures"): recent["n_figures"],
            }
        ),
        hide_index=True,
        key="overview-recent",
    )

st.subheader(ctx.t("overdue_title"))
if overdue.empty:
    st.success(ctx.t("no_overdue"))
    no_due = int(rows["due_date"].isna().sum())
    if no_due:
        st.caption(ctx.t("no_due_dates", n=no_due))
else:
    app.show_commitments(overdue, lang, key="overview-overdue")

st.subheader(ctx.t("no_update_title"))
if never.empty:
    st.success(ctx.t("all_updated"))
else:
    st.caption(ctx.t("no_update_note", n=len(never)))
    with st.expander(ctx.t("no_update_title") + f" ({len(never)})"):
        app.show_commitments(never, lang, key="overview-never")

st.divider()  # issue 4: open red/yellow items (overdue, behind, silent) per unit, downloadable for the next meeting
progress_ui.follow_up_panel(ctx.con, ctx.config, lang, key="overview-follow-up")
