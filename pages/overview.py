"""总览 Overview: headline figures, commitments by status and per meeting, recent meetings, overdue (split by
whether the text states the due date or the default rule assumed it) and never-updated commitments.

Every figure is `queries.headline_counts` of the filtered rows, the same function the briefing pack uses."""

import pandas as pd
import streamlit as st

from tracker import app
from tracker.app import progress as progress_ui
from tracker.i18n import format_date
from tracker.progress.status import default_rules
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
head = queries.headline_counts(rows, ctx.q("figures", f), meetings, f, ctx.today)
if head["meetings"] == 0 and head["commitments"] == 0 and head["figures"] == 0:
    st.info(ctx.t("no_rows") if not f.is_empty else ctx.t("empty_db"))
overdue = queries.overdue_rows(rows, ctx.today)
never = rows[rows["status"] == queries.NO_REPORT]
waiting = ctx.q("review_waiting", f)  # issue 10: items no person has reviewed yet
cols = st.columns(7)
for col, (key, value) in zip(
    cols,
    [
        ("metric_meetings", head["meetings"]),
        ("metric_commitments", head["commitments"]),
        ("metric_units_responsible", head["units"]),
        ("metric_figures", head["figures"]),
        ("metric_overdue", head["overdue"]),
        ("metric_no_update", head["no_report"]),
        ("review.metric_unreviewed", waiting),
    ],
    strict=True,
):
    col.metric(ctx.t(key), value)
if f.reviewed_only and waiting:  # review.required: say what is left out
    st.caption(ctx.t("review.waiting_note", n=waiting))
rules = default_rules(ctx.config, lang)
if head["due_assumed"]:  # how many deadlines were assumed, and the rule that assumed them
    st.caption(ctx.t("due_assumed_note", n=head["due_assumed"], rules=rules))

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
                ctx.t("review.metric_unreviewed"): recent["n_unreviewed"],
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
    assumed = overdue["due_source"] == "default"
    stated, by_default = overdue[~assumed], overdue[assumed]
    st.caption(ctx.t("overdue_split", n=len(overdue), stated=len(stated), assumed=len(by_default)))
    tab_stated, tab_assumed = st.tabs(
        [ctx.t("overdue_stated_tab", n=len(stated)), ctx.t("overdue_assumed_tab", n=len(by_default))]
    )
    for tab, part, key in ((tab_stated, stated, "stated"), (tab_assumed, by_default, "assumed")):
        with tab:
            if part.empty:
                st.caption(ctx.t("no_overdue_here"))
            else:
                app.show_commitments(part, lang, key=f"overview-overdue-{key}")

st.subheader(ctx.t("no_update_title"))
if never.empty:
    st.success(ctx.t("all_updated"))
else:
    st.caption(ctx.t("no_update_note", n=len(never)))
    with st.expander(ctx.t("no_update_title") + f" ({len(never)})"):
        app.show_commitments(never, lang, key="overview-never")

st.divider()  # issue 4: open red/yellow items (overdue, behind, silent) per unit, downloadable for the next meeting
progress_ui.follow_up_panel(ctx.con, ctx.config, lang, key="overview-follow-up")
