"""Page bodies shared by several pages: the department/town page, the heatmap, the meeting tree and links."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import streamlit as st

from tracker.app import loop as loop_ui
from tracker.app import progress as progress_ui
from tracker.app.context import PageContext
from tracker.app.highlight import anchor
from tracker.app.plaintext import md
from tracker.app.widgets import (
    PICK_PREFIX,
    pick_from_chart,
    progress_note,
    selected_points,
    show_chart,
    show_commitments,
    show_commitments_paged,
)
from tracker.i18n import Lang, kind_label, status_label, unit_kind_label
from tracker.reports import charts
from tracker.store import queries


def render_unit_page(ctx: PageContext, kind: str) -> None:
    """The department or town page: per-unit status bars (every unit, blanks kept), heatmap, one unit's list."""
    lang, f = ctx.lang, ctx.filters
    kind_text = unit_kind_label(kind, lang)
    st.title(ctx.t("page_towns" if kind == "town" else "page_departments"))
    if f.unit_kind and f.unit_kind != kind:
        st.info(ctx.t("kind_filter_ignored", kind=kind_text))
    gazetteer = tuple(ctx.towns if kind == "town" else [d.name for d in ctx.config.departments])
    counts: pd.DataFrame = ctx.call(queries.unit_status_counts, f, kind, gazetteer)
    if counts.empty:
        st.info(ctx.t("no_units_of_kind", kind=kind_text))
        return
    progress_note(ctx, counts["status"].dropna())
    totals = counts.groupby("unit_name", sort=False)["total"].first()
    chart_key, pick_key = f"units-{kind}", f"{PICK_PREFIX}{kind}"
    title = ctx.title("chart_units_title", kind=kind_text)
    drawn, n_rest = charts.top_units(counts, charts.MAX_UNIT_BARS, ctx.t("others_group", n=0))
    if n_rest:
        drawn = drawn.replace({"unit_name": {ctx.t("others_group", n=0): ctx.t("others_group", n=n_rest)}})
        st.caption(ctx.t("chart_top_n", shown=charts.MAX_UNIT_BARS, rest=n_rest))
    show_chart(
        charts.unit_status_bar(drawn, title, lang),
        chart_key,
        lang,
        on_select=pick_from_chart(chart_key, pick_key),
        selection_mode="points",
    )
    n_blank = int(
        (totals == 0).sum()
    )  # the one count of units without items on this page (the ranking's too)
    st.caption(ctx.t("units_with_items", n=int((totals > 0).sum()), kind=kind_text, blank=n_blank))
    st.caption(ctx.t("units_count_holders"))

    units = list(totals.index)
    if st.session_state.get(pick_key) not in units:
        st.session_state.pop(pick_key, None)
    picked = st.selectbox(
        ctx.t("pick_unit"),
        units,
        index=None,
        key=pick_key,
        help=ctx.t("pick_unit_help"),
        placeholder=ctx.t("pick_unit"),
    )
    if picked:
        st.subheader(ctx.t("unit_list_title", unit=md(picked)))
        mine = counts[counts["unit_name"] == picked]
        ids = tuple(mine["unit_id"].dropna().unique())
        unit_f = f.without_unit_kind()
        n = int(ctx.call(queries.count_unit_commitments, unit_f, ids)) if ids else 0
        if not n:
            st.info(ctx.t("unit_no_commitments", unit=md(picked)))
        else:
            first = mine.iloc[0]
            st.caption(
                ctx.t(
                    "unit_roles",
                    lead=int(first["lead"]),
                    responsible=int(first["responsible"]),
                    support=int(first["support"]),
                )
            )
            show_commitments_paged(ctx, f"list-{kind}", n, queries.unit_commitments, unit_f, ids)
            progress_ui.follow_up_panel(ctx.con, ctx.config, lang, ids[0], key=f"fu-{kind}")
            loop_ui.remind_button(
                ctx.con, ctx.config, ctx.user, lang, ctx.as_of, list(ids), key=f"remind-{kind}"
            )

    st.divider()
    render_heatmap(ctx, key=f"heat-{kind}")
    st.divider()
    inputs = ctx.call(
        queries.ranking_inputs, f.without_unit_kind()
    )  # what the bars above count, ranked the same way
    shown = set(counts["unit_id"].dropna())  # rank the units the bars show, so both count the same blanks
    options = ctx.call(queries.unit_options, kind)
    progress_ui.rankings_view(inputs, options[options["unit_id"].isin(shown)], ctx.config, lang)


def render_heatmap(ctx: PageContext, key: str) -> None:
    """Department × town heatmap of commitments involving both; clicking a cell lists them."""
    lang, f = ctx.lang, ctx.filters
    links: pd.DataFrame = ctx.call(queries.dept_town_links, f)
    towns = ctx.towns + [n for n in ctx.call(queries.unit_options, "town")["name"] if n not in ctx.towns]
    departments = sorted(set(ctx.call(queries.departments_in_data)) | set(links["department"]))
    fig = charts.dept_town_heatmap(links, departments, towns, ctx.title("chart_heatmap_title"), lang)
    show_chart(fig, key, lang, on_select="rerun", selection_mode="points")
    st.caption(ctx.t("heatmap_caption"))
    if links.empty:
        st.info(ctx.t("heatmap_empty"))
        return
    points = selected_points(key)
    if points and points[0].get("x") and points[0].get("y"):
        town, dept = str(points[0]["x"]), str(points[0]["y"])
        rows = ctx.call(queries.linked_commitments, f, dept, town)
        st.subheader(f"{md(dept)} × {md(town)}")
        if rows.empty:
            st.info(ctx.t("no_rows"))
        else:
            show_commitments(rows, lang, key=f"{key}-list")


FOCUS_KEY = "focus_span"


MEETING_KEY = "m"


def open_meeting(meeting_id: str, span_id: str | None = None) -> None:
    """Go to the meetings page showing `meeting_id`, with `span_id` marked in its source text."""
    st.session_state[MEETING_KEY] = meeting_id
    st.session_state[FOCUS_KEY] = span_id
    st.switch_page("pages/meetings.py")


def tree_html(rows: pd.DataFrame, lang: Lang) -> str:
    """The meeting's commitments as a nested list (requirement → focus areas / items), each linked to its span."""
    ids = set(rows["commitment_id"])
    children: dict[str | None, list[Any]] = {}
    for r in rows.itertuples():
        parent = r.parent_id if isinstance(r.parent_id, str) and r.parent_id in ids else None
        children.setdefault(parent, []).append(r)

    def item(r: Any) -> str:
        ordinal = "" if pd.isna(r.ordinal) else f"{int(r.ordinal)}. "
        unit = f" · {html.escape(r.unit_name)}" if isinstance(r.unit_name, str) else ""
        head = (
            f'<a href="#src-{anchor(r.commitment_id)}"><b>{ordinal}{html.escape(str(r.title))}</b></a>'
            f' <span style="color:#6B7280">[{html.escape(kind_label(r.kind, lang))}{unit} · '
            f"{html.escape(status_label(r.status, lang))}]</span>"
            f'<div style="color:#374151;font-size:13px">“{html.escape(str(r.quote))}”</div>'
        )
        kids = children.get(r.commitment_id, [])
        sub = "<ul>" + "".join(item(k) for k in kids) + "</ul>" if kids else ""
        return f'<li id="tree-{anchor(r.commitment_id)}">{head}{sub}</li>'

    return '<ul class="trk-tree">' + "".join(item(r) for r in children.get(None, [])) + "</ul>"
