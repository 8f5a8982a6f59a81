"""事项 Commitments: a filterable, searchable table (a page at a time); each row shows its quote and leads to its
source."""

import streamlit as st

from tracker import app
from tracker.app import data
from tracker.app import loop as loop_ui
from tracker.app import progress as progress_ui
from tracker.app.highlight import CSS, context_html

ctx = app.page_context()
f, lang = ctx.filters, ctx.lang
st.title(ctx.t("page_commitments"))
search = st.text_input(ctx.t("search"), key="q", bind="query-params")
total = int(ctx.call(data.count_commitments, f, search))
st.caption(ctx.t("n_rows", n=total))
if not total:
    st.info(ctx.t("no_rows"))
    st.stop()
app.progress_note(ctx, ctx.call(data.status_counts, f)["status"])
st.caption(ctx.t("select_row_hint"))
rows, picked = app.show_commitments_paged(
    ctx, "commitments-table", total, data.commitments, f, search, selectable=True
)
if picked:
    row = rows.iloc[picked[0]]
    st.subheader(ctx.t("source_context"))
    src = app.source_of(ctx, row["source_id"])
    if src is None:
        st.warning(ctx.t("no_source_text"))
    else:
        where = ctx.t("chars", a=int(row["char_start"]), b=int(row["char_end"]))
        st.caption(f"{app.md(app.source_caption(ctx, src))} · {where}")
        st.html(CSS + context_html(src["text"], int(row["char_start"]), int(row["char_end"])))
    if isinstance(row["meeting_id"], str) and st.button(ctx.t("open_in_meeting"), key="open-meeting"):
        app.open_meeting(row["meeting_id"], row["commitment_id"])
    st.divider()  # the update form with quote, history and timeline
    progress_ui.update_form(
        ctx.con,
        ctx.config,
        row["commitment_id"],
        lang,
        ctx.as_of,
        key=f"pf-{row['commitment_id']}",
        user=ctx.user,
    )
    loop_ui.item_panel(ctx.con, ctx.config, row["commitment_id"], ctx.user, lang, ctx.as_of)  # 销号, 延期
with st.expander(progress_ui.label("import_title", lang)):
    progress_ui.import_panel(ctx.con, ctx.config, lang, user=ctx.user)
