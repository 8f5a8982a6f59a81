"""会议与文件 Meetings and documents: each meeting's (or task document's) requirements as a tree, and its source
text with every extracted span highlighted and linked to its row."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from tracker import app
from tracker.app import data, labels
from tracker.app import loop as loop_ui
from tracker.app.highlight import CSS, Span, clip, highlight_html, legend_html, region, spans_table_html

MAX_CHOICES = 500  # meetings offered in the picker: the latest under the filters (and the one shown)

ctx = app.page_context()
f, lang = ctx.filters, ctx.lang
st.title(ctx.t("page_meetings"))
n_meetings = int(ctx.call(data.count_meetings, f))
if not n_meetings:
    st.info(ctx.t("no_meetings"))
    st.stop()
wanted = [m for m in (st.session_state.get(app.MEETING_KEY), *st.query_params.get_all(app.MEETING_KEY))]
keep = tuple(f.meeting_ids) + tuple(  # the meeting asked for, if the filters allow it
    m for m in wanted if isinstance(m, str) and ctx.call(data.count_meetings, replace(f, meeting_ids=(m,)))
)
choices = ctx.call(data.meeting_choices, f, MAX_CHOICES, keep)
if f.meeting_ids:
    choices = choices[choices["meeting_id"].isin(f.meeting_ids)]
if n_meetings > MAX_CHOICES:
    st.caption(ctx.t("meetings_latest", shown=MAX_CHOICES, n=n_meetings))
names = labels.meeting_labels(choices, lang)
if st.session_state.get(app.MEETING_KEY) not in names:
    st.session_state[app.MEETING_KEY] = next(iter(names))
meeting_id = st.selectbox(
    ctx.t("pick_meeting"),
    list(names),
    key=app.MEETING_KEY,
    format_func=lambda m: names.get(m, m),
    placeholder=ctx.t("choose_one"),
    bind="query-params",
)
meeting = ctx.call(data.meetings, replace(f, meeting_ids=(meeting_id,))).iloc[0]
st.subheader(app.md(names[meeting_id]))
organizer = meeting["organizer"] if isinstance(meeting["organizer"], str) else "—"
if meeting["kind"] == "document":  # a task document: its number, issuer and where its date comes from
    st.caption(
        app.md(
            ctx.t(
                "doc_caption",
                title=meeting["title"],
                doc_no=meeting["doc_no"] if isinstance(meeting["doc_no"], str) else "—",
                issuer=organizer,
                date=labels.day_text(meeting["date"], lang),
                how=ctx.t("doc_date_" + str(meeting["date_source"])),
            )
        )
    )
st.caption(
    f"{ctx.t('col_organizer')}: {app.md(organizer)} · {ctx.t('col_n_commitments')}: {int(meeting['n_commitments'])}"
    f" · {ctx.t('col_n_figures')}: {int(meeting['n_figures'])}"
    f" · {ctx.t('review.meetings_waiting', n=int(meeting['n_unreviewed']))}"
)
loop_ui.assign_buttons(
    ctx.con, ctx.config, ctx.user, lang, ctx.as_of, None, meeting_id, f"assign-{meeting_id}"
)
with st.expander(ctx.t("review.waiting_per_meeting")):  # what is left to review, meeting by meeting
    waiting = ctx.call(data.review_counts, f)
    waiting = waiting[waiting["meeting_id"].notna() & (waiting["unreviewed"] > 0)].head(MAX_CHOICES)
    st.dataframe(
        pd.DataFrame(
            {
                ctx.t("col_title_meeting"): list(labels.meeting_labels(waiting, lang).values()),
                ctx.t("review.metric_unreviewed"): waiting["unreviewed"],
                ctx.t("review.col_reviewed"): waiting["reviewed"],
            }
        ),
        hide_index=True,
        key="meetings-waiting",
    )
    st.page_link("pages/review.py", label=ctx.t("page_review"), icon=":material/rule:")

st.markdown(f"#### {ctx.t('requirements_tree')}")
tree = ctx.call(data.meeting_commitments, meeting_id)
if tree.empty:
    st.info(ctx.t("no_commitments_in_meeting"))
else:
    app.progress_note(ctx, tree["status"])
    st.html(CSS + app.tree_html(tree, lang))

figs = ctx.call(data.figures, data.Filters(meeting_ids=(meeting_id,)))
if figs.empty:
    st.caption(ctx.t("no_figures_in_meeting"))

st.markdown(f"#### {ctx.t('source_text')}")
src = app.source_of(ctx, meeting["source_id"])
if src is None:
    st.warning(ctx.t("no_source_text"))
    st.stop()
st.caption(app.md(app.source_caption(ctx, src)))
kinds = {k: ctx.t(f"span_{k}") for k in ("meeting", "commitment", "figure")}
span_rows = ctx.call(data.spans, meeting["source_id"])
spans = [
    Span(r.span_kind, r.span_id, int(r.char_start), int(r.char_end), str(r.label or ""))
    for r in span_rows.itertuples()
]
focus = st.session_state.get(app.FOCUS_KEY)
own = [s for s, mid in zip(spans, span_rows["meeting_id"], strict=True) if mid == meeting_id]
whole = st.toggle(ctx.t("whole_source"), key="whole_source")
a, b = (0, len(src["text"])) if whole else region(src["text"], own)
shown = [s for s in spans if s.start < b and s.end > a]
st.caption(ctx.t("chars", a=a, b=b) + f" / {len(src['text'])}")
st.html(CSS + legend_html(kinds))
text_col, rows_col = st.columns([3, 2])
with text_col:
    st.html(CSS + highlight_html(src["text"][a:b], clip(shown, a, b), kinds, focus=focus))
with rows_col:
    st.markdown(f"**{ctx.t('spans_table')}** ({len(shown)})")
    headers = [ctx.t("col_span"), ctx.t("col_title"), "#", ""]
    table = spans_table_html(shown, kinds, headers, ctx.t("back_to_text"))
    st.html(CSS + '<div class="trk-rows">' + table + "</div>")

with st.expander(ctx.t("add.sources_title")):
    app.sources_table(ctx)
