"""总览 Overview: headline figures, commitments by status and per meeting, recent meetings, overdue (split by
whether the text states the due date or the default rule assumed it) and never-updated commitments.

Every figure is `queries.headline` (the SQL of `queries.headline_counts`), the definition the briefing pack uses;
long lists are shown a page at a time and many meetings are charted per month."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from tracker import app
from tracker.app import data, labels
from tracker.app import loop as loop_ui
from tracker.app import progress as progress_ui

ctx = app.page_context()
f, lang = ctx.filters, ctx.lang
st.title(ctx.t("app_title", city=app.md(ctx.config.city)))
meta = ctx.call(data.build_meta)
if meta.get("built_at"):
    st.caption(ctx.t("data_as_of", when=meta["built_at"][:19].replace("T", " ")))

loop_ui.todo_box(ctx.con, ctx.config, ctx.user, lang, ctx.as_of)  # administrators: 销号, 延期, failed 催办
head = ctx.call(data.headline, f, ctx.as_of)
if head["meetings"] == 0 and head["commitments"] == 0 and head["figures"] == 0:
    st.info(ctx.t("no_rows") if not f.is_empty else ctx.t("empty_db"))
waiting = ctx.call(data.review_waiting, f)  # items no person has reviewed yet: counted apart, not hidden
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
    col.metric(
        ctx.t(key), value, help=ctx.t("metric_units_help") if key == "metric_units_responsible" else None
    )
if f.reviewed_only and waiting:  # review.required: say what is left out
    st.caption(ctx.t("review.waiting_note", n=waiting))
rules = labels.due_rules(ctx.config, lang)
if head["due_assumed"]:  # how many deadlines were assumed, and the rule that assumed them
    st.caption(ctx.t("due_assumed_note", n=head["due_assumed"], rules=rules))

left, right = st.columns(2)
with left:
    counts = ctx.call(data.status_counts, f)
    app.progress_note(ctx, counts["status"])
    app.show_chart(
        data.charts.status_bar(counts, ctx.title("chart_status_title"), lang), "overview-status", lang
    )
with right:
    per_meeting = ctx.call(data.commitments_by_meeting, f)
    fig, n_by_month = labels.meetings_chart(per_meeting, ctx.title("chart_meetings_title"), lang)
    if n_by_month is not None:  # too many meetings: per month
        st.caption(ctx.t("chart_by_month", n=n_by_month))
    app.show_chart(fig, "overview-meetings", lang)

st.subheader(ctx.t("recent_meetings"))
recent = ctx.call(data.recent_meetings, f, 5)
if recent.empty:
    st.info(ctx.t("no_meetings"))
else:
    st.dataframe(
        pd.DataFrame(
            {
                ctx.t("col_date"): [labels.day_text(d, lang) for d in recent["date"]],
                ctx.t("col_title_meeting"): recent["title"],
                ctx.t("col_organizer"): recent["organizer"],
                ctx.t("col_n_commitments"): recent["n_commitments"],
                ctx.t("col_n_figures"): recent["n_figures"],
                ctx.t("review.metric_unreviewed"): recent["n_unreviewed"],
            }
        ),
        hide_index=True,
        key="overview-recent",
    )

st.subheader(ctx.t("overdue_title"))
if not head["overdue"]:
    st.success(ctx.t("no_overdue"))
    if head["no_due"]:
        st.caption(ctx.t("no_due_dates", n=head["no_due"]))
else:
    n_assumed = head["overdue_assumed"]
    n_stated = head["overdue"] - n_assumed
    st.caption(ctx.t("overdue_split", n=head["overdue"], stated=n_stated, assumed=n_assumed))
    tab_stated, tab_assumed = st.tabs(
        [ctx.t("overdue_stated_tab", n=n_stated), ctx.t("overdue_assumed_tab", n=n_assumed)]
    )
    for tab, n, key in ((tab_stated, n_stated, "text"), (tab_assumed, n_assumed, "default")):
        with tab:
            if not n:
                st.caption(ctx.t("no_overdue_here"))
            else:
                name = "stated" if key == "text" else "assumed"
                app.show_commitments_paged(
                    ctx, f"overview-overdue-{name}", n, data.overdue, f, ctx.as_of, due_source=key
                )

st.subheader(ctx.t("no_update_title"))
never = head["no_report"]
if not never:
    st.success(ctx.t("all_updated"))
else:
    st.caption(ctx.t("no_update_note", n=never))
    with st.expander(ctx.t("no_update_title") + f" ({never})"):
        app.show_commitments_paged(
            ctx, "overview-never", never, data.commitments, replace(f, statuses=(data.NO_REPORT,))
        )

st.divider()  # open red/yellow items (overdue, behind, silent) per unit, downloadable for the next meeting
progress_ui.follow_up_panel(ctx.con, ctx.config, lang, key="overview-follow-up")
