"""指标 Figures: every reported figure (value, measure, qualifier, unit, meeting), grouped, quote on hover."""

import pandas as pd
import streamlit as st

from tracker import app
from tracker.reports import charts

ctx = app.page_context()
f, lang = ctx.filters, ctx.lang
st.title(ctx.t("page_figures"))
if f.statuses:
    st.info(ctx.t("status_filter_ignored"))
rows = ctx.q("figures", f)
if rows.empty:
    st.info(ctx.t("no_figures"))
    st.stop()

groups = {
    "topic": ctx.t("group_topic"),
    "meeting": ctx.t("group_meeting"),
    "unit": ctx.t("group_unit"),
    "measure": ctx.t("group_measure"),
}
group_by = (
    st.segmented_control(
        ctx.t("group_by"),
        list(groups),
        default="topic",
        key="group",
        format_func=groups.get,
        bind="query-params",
        required=True,
    )
    or "topic"
)
if group_by == "topic":
    group = [
        t if isinstance(t, str) else (s or "—")
        for t, s in zip(rows["topic"], rows["source_title"], strict=True)
    ]
elif group_by == "meeting":
    group = [
        m if isinstance(m, str) else ctx.t("not_in_meeting", source=s or "")
        for m, s in zip(rows["meeting_title"], rows["source_title"], strict=True)
    ]
elif group_by == "unit":
    group = [u if isinstance(u, str) else ctx.t("no_unit") for u in rows["unit_name"]]
else:
    group = [m if isinstance(m, str) else "—" for m in rows["measure"]]
rows = rows.assign(group=group)

app.show_chart(
    charts.figures_chart(rows, ctx.title("chart_figures_title"), lang, group_col="group"),
    "figures-chart",
    lang,
)
for name, part in rows.groupby("group", sort=False):
    st.markdown(f"#### {app.md(name)} ({len(part)})")
    st.dataframe(
        pd.DataFrame(
            {
                ctx.t("col_label"): part["label"],
                ctx.t("col_number_text"): part["number_text"],
                ctx.t("col_value"): part["value"],
                ctx.t("col_measure"): part["measure"],
                ctx.t("col_qualifier"): part["qualifier"],
                ctx.t("col_unit"): part["unit_name"],
                ctx.t("col_meeting"): part["meeting_title"],
                ctx.t("col_quote"): part["quote"],
            }
        ).fillna(""),
        hide_index=True,
        column_config={ctx.t("col_quote"): st.column_config.TextColumn(width="large")},
        key=f"figures-{name}",
    )
