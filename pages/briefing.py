"""简报 Briefing: pick a period, meetings, units and charts; preview the pack; download it as PPTX or PDF."""

import datetime as dt

import pandas as pd
import streamlit as st

from tracker import app
from tracker.app import briefing, data, labels

MANY, RECENT_DAYS = 500, 90  # more meetings than MANY: the period offered starts RECENT_DAYS before the last

ctx = app.page_context()
f, lang = ctx.filters, ctx.lang
st.title(ctx.t("page_briefing"))
st.caption(ctx.t("brief_intro"))


chosen = tuple(m for m in (st.session_state.get("brief-meetings") or f.meeting_ids) if isinstance(m, str))
meetings = ctx.call(
    data.meeting_choices, data.Filters(), 1000, chosen
)  # the latest meetings, and those chosen
units = ctx.call(data.unit_options)
first, last = ctx.call(data.meeting_dates, data.Filters())
recent = (
    first is not None
    and last is not None
    and not f.date_from
    and ctx.call(data.count_meetings, data.Filters()) > MANY
)
if recent:  # a pack is about a period: with years of meetings, start with the latest three months
    first = max(first, last - dt.timedelta(days=RECENT_DAYS))
    st.caption(ctx.t("brief_recent_default", days=RECENT_DAYS))

left, right = st.columns(2)
with left:
    offered = (f.date_from or first, f.date_to or last) if first else None
    period = st.date_input(
        ctx.t("brief_period"),
        value=offered,
        format="YYYY-MM-DD",
        key="brief-period",
    )
    meeting_label = labels.meeting_labels(meetings, lang, iso=True)
    picked_meetings = st.multiselect(
        ctx.t("brief_meetings"),
        list(meeting_label),
        default=[m for m in f.meeting_ids if m in meeting_label],
        format_func=meeting_label.get,
        placeholder=ctx.t("filter_meeting_all"),
        key="brief-meetings",
    )
with right:
    unit_name = dict(zip(units["unit_id"], units["name"], strict=True))
    picked_units = st.multiselect(
        ctx.t("brief_units"),
        list(unit_name.values()),
        default=[unit_name[u] for u in f.unit_ids if u in unit_name],
        placeholder=ctx.t("brief_units_all"),
        key="brief-units",
    )
    as_of = st.date_input(ctx.t("brief_as_of"), value=ctx.as_of, format="YYYY-MM-DD", key="brief-as-of")
picked_charts = st.multiselect(
    ctx.t("brief_charts"),
    list(briefing.DEFAULT_CHARTS),
    default=list(briefing.DEFAULT_CHARTS),
    format_func=lambda n: briefing.chart_label(n, lang),
    key="brief-charts",
    placeholder=ctx.t("choose_many"),
)

start, end = briefing.period_chosen(period, offered, narrowed=recent or bool(f.date_from or f.date_to))
options = briefing.BriefOptions(
    date_from=start,
    date_to=end,
    units=tuple(picked_units),
    meetings=tuple(picked_meetings),
    charts=tuple(picked_charts),
    as_of=as_of if isinstance(as_of, dt.date) else ctx.as_of,
    lang=lang,
)
try:
    view = briefing.preview(ctx, options)
except app.UserError as e:
    st.info(ctx.t("brief_nothing", error=app.md(e)))
    st.stop()

# --- downloads (built only when pressed) ----------------------------------------------------------
available = briefing.chromium_available()
stem = briefing.file_stem(f"{ctx.config.city}简报_{view.period_for_file}", "brief")
c1, c2, _ = st.columns([1, 1, 3])
c1.download_button(
    ctx.t("brief_download_pptx"),
    data=lambda: briefing.pptx_bytes(ctx, options),
    file_name=f"{stem}.pptx",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    on_click="ignore",
    type="primary",
    icon=":material/slideshow:",
    disabled=not available,
    key="brief-dl-pptx",
)
c2.download_button(
    ctx.t("brief_download_pdf"),
    data=lambda: briefing.pdf_bytes(ctx, options),
    file_name=f"{stem}.pdf",
    mime="application/pdf",
    on_click="ignore",
    icon=":material/picture_as_pdf:",
    disabled=not available,
    key="brief-dl-pdf",
)
if not available:
    st.warning(briefing.install_hint(lang))

# --- preview: what each slide will say ------------------------------------------------------------
st.subheader(ctx.t("brief_preview"))
titles = view.titles
st.caption(ctx.t("brief_slide_count", n=len(titles)))
st.markdown(f"**1. {app.md(titles[0])}** — {app.md(view.period)} · {app.md(view.scope)}")
st.markdown(f"**2. {app.md(titles[1])}**")
cols = st.columns(len(view.headline))
for col, (label, value) in zip(cols, view.headline, strict=True):
    col.metric(label, value)
for note in view.notes:
    st.markdown(f"- {app.md(note)}")
show_charts = st.toggle(ctx.t("brief_show_charts"), value=False, key="brief-show-charts")
for i, (name, full_title, takeaway, sources) in enumerate(view.charts, start=3):
    st.markdown(f"**{i}. {app.md(full_title)}**")
    st.markdown(app.md(takeaway))
    if show_charts:
        app.show_chart(briefing.chart_figure(ctx, options, name), f"brief-chart-{name}", lang)
    st.caption(app.md(sources))
st.markdown(f"**{ctx.t('brief_overdue', n=view.overdue_n)}**")
if not view.overdue_n:
    st.caption(ctx.t("brief_no_overdue"))
else:
    if view.overdue_n > len(view.overdue_cells):
        st.caption(ctx.t("table_rows", a=1, b=len(view.overdue_cells), n=view.overdue_n))
    st.dataframe(
        pd.DataFrame(list(view.overdue_cells), columns=list(briefing.overdue_columns(lang))),
        hide_index=True,
        width="stretch",
    )
    if view.overdue_footnote:
        st.caption(view.overdue_footnote)
st.markdown(f"**{ctx.t('brief_sources')}**")
st.dataframe(
    pd.DataFrame(list(view.sources_cells), columns=list(briefing.sources_columns(lang))),
    hide_index=True,
    width="stretch",
)
