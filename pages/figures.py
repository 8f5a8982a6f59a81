"""指标 Figures: every reported figure (value, measure, qualifier, unit, meeting), grouped, quote on hover."""

import pandas as pd
import streamlit as st

from tracker import app
from tracker.app import data, labels

ALL_ROWS = 300  # up to this many figures: all of them, as before; more: the top of a chart and pages
TOP_PER_MEASURE, TOP_MEASURES, MAX_GROUPS = 15, 6, 500

ctx = app.page_context()
f, lang = ctx.filters, ctx.lang
st.title(ctx.t("page_figures"))
if f.statuses:
    st.info(ctx.t("status_filter_ignored"))
total = int(ctx.call(data.count_figures, f))
if not total:
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


def figures_table(part: pd.DataFrame, key: str) -> None:
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
        key=key,
    )


if total <= ALL_ROWS:  # every figure: the chart and one table per group
    rows = ctx.call(data.figures, f)
    rows = rows.assign(group=labels.figure_group_names(rows, group_by, lang))
    app.show_chart(
        data.charts.figures_chart(rows, ctx.title("chart_figures_title"), lang, group_col="group"),
        "figures-chart",
        lang,
    )
    for name, part in rows.groupby("group", sort=False):
        st.markdown(f"#### {app.md(name)} ({len(part)})")
        figures_table(part, f"figures-{name}")
    st.stop()

# many figures: the largest of the commonest measures charted; one group's table, a page at a time
top = ctx.call(data.top_figures, f, TOP_PER_MEASURE, TOP_MEASURES)
st.caption(ctx.t("figures_top", measures=TOP_MEASURES, per=TOP_PER_MEASURE, n=total))
app.show_chart(
    data.charts.figures_chart(
        top.assign(group=labels.figure_group_names(top, group_by, lang)),
        ctx.title("chart_figures_title"),
        lang,
        group_col="group",
    ),
    "figures-chart",
    lang,
)
found = ctx.call(data.figure_groups, f, group_by).head(MAX_GROUPS)
keys = list(range(len(found)))
names = labels.group_names(found, group_by, lang)
pick = st.selectbox(
    ctx.t("figure_group_pick"),
    keys,
    format_func=lambda i: f"{names[i]} ({int(found['n'].iloc[i])})",
    key="figure-group",
    placeholder=ctx.t("choose_one"),
)
if pick is not None:
    grp = found["grp"].iloc[pick]
    grp = None if grp is None or (not isinstance(grp, str) and pd.isna(grp)) else str(grp)
    n = int(found["n"].iloc[pick])
    st.markdown(f"#### {app.md(names[pick])} ({n})")
    limit, offset = app.page_of(ctx, "figures-page", n)
    figures_table(
        ctx.call(data.figures_in_group, f, group_by, grp, limit=limit, offset=offset), "figures-group"
    )
