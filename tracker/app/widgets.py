"""Display helpers every page uses: charts with export buttons, chart clicks, commitment tables."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from tracker.app import progress as progress_ui
from tracker.app.context import PageContext
from tracker.app.paging import page_of
from tracker.app.styling import due_legend, style_table, warning_text
from tracker.i18n import Lang, kind_label, role_label, status_label, t
from tracker.progress.due import default_rules
from tracker.reports import charts
from tracker.store import queries

PICK_PREFIX = "pick_"


def chart_downloads(fig: go.Figure, key: str, lang: Lang) -> None:
    """PNG/SVG/PDF download buttons for a chart, rendered on the server by tracker.reports.render.figure_bytes.

    The bytes are made only when a button is pressed (a callable as download data). Without Chromium
    or without Chromium this shows nothing beyond a hint; the modebar's camera button still works.
    """
    try:
        from tracker.reports import render as export
    except ImportError:
        return
    figure_bytes = getattr(export, "figure_bytes", None)
    if figure_bytes is None:
        return
    available = getattr(export, "chromium_available", lambda: True)()
    stem = charts.file_name(chart_title_of(fig))
    row = st.container(horizontal=True, gap="small", key=f"dl-{key}")
    for fmt in ("png", "svg", "pdf"):
        row.download_button(
            fmt.upper(),
            data=partial(figure_bytes, fig, fmt),
            file_name=f"{stem}.{fmt}",
            mime={"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}[fmt],
            key=f"dl-{key}-{fmt}",
            on_click="ignore",
            type="tertiary",
            icon=":material/download:",
            disabled=not available,
            help=None if available else getattr(export, "install_hint", lambda _l: "")(lang),
        )


def chart_title_of(fig: go.Figure) -> str:
    """The title a chart was built with."""
    meta = fig.layout.meta
    if isinstance(meta, dict) and meta.get("title"):
        return str(meta["title"])
    return str(fig.layout.title.text or "chart")


def modebar_config(fig: go.Figure) -> dict[str, Any]:
    """Plotly config: image export named after the chart title, at 2× scale; no plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": charts.file_name(chart_title_of(fig)),
            "scale": 2,
        },
        "modeBarButtonsToRemove": ["lasso2d", "autoScale2d"],
    }


# how a chart lets the reader pick (Streamlit's plotly_chart selection_mode)
ChartSelection = Literal["points", "box", "lasso"]


def show_chart(
    fig: go.Figure,
    key: str,
    lang: Lang,
    on_select: Literal["ignore", "rerun"] | Callable[[], None] = "ignore",
    selection_mode: ChartSelection | tuple[ChartSelection, ...] = "points",
) -> Any:
    """Render a chart with the shared template (Streamlit's theme off) and the modebar export configured,
    then the download-button hook. Returns the selection state when on_select is set."""
    event = st.plotly_chart(
        fig,
        key=key,
        theme=None,
        config=modebar_config(fig),
        on_select=on_select,
        selection_mode=selection_mode,
    )
    chart_downloads(fig, key, lang)
    return event


def selected_points(key: str) -> list[dict[str, Any]]:
    """The points selected in the chart with `key` (empty when none)."""
    state = st.session_state.get(key)
    if state is None:
        return []
    try:
        return list(state["selection"]["points"])
    except (KeyError, TypeError):
        return []


def pick_from_chart(chart_key: str, pick_key: str, field_name: str = "y") -> Callable[[], None]:
    """A chart on_select callback that copies the clicked category into the widget `pick_key`."""

    def _callback() -> None:
        points = selected_points(chart_key)
        if points:
            value = points[0].get("customdata") or points[0].get(field_name)
            if isinstance(value, list):
                value = value[0]
            if value:
                st.session_state[pick_key] = value

    return _callback


def commitments_frame(df: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Commitment rows for display: translated headers, status and kind labels, the verbatim quote."""
    out = pd.DataFrame(
        {
            # a document without a stated date, or an item of no meeting: said, never "None"
            t("col_date", lang): [
                t("date_unknown", lang) if pd.isna(d) else pd.Timestamp(d).date().isoformat()
                for d in df["meeting_date"]
            ],
            t("col_meeting", lang): df["meeting_title"].fillna(""),
            t("col_unit", lang): df["unit_name"].fillna(""),
            t("col_kind", lang): [kind_label(k, lang) for k in df["kind"]],
            t("col_status", lang): [status_label(s, lang) for s in df["status"]],
            t("col_due", lang): pd.to_datetime(
                df["due_date"]
            ).dt.date,  # before the long texts, so it is seen
            t("col_title", lang): df["title"],
            t("col_quote", lang): df["quote"],
        }
    ).reset_index(drop=True)
    if "role" in df:  # a unit's own list: how it holds each commitment
        out.insert(3, t("col_role", lang), [role_label(r, lang) for r in df["role"]])
    if "colour" in df and df["colour"].notna().any():
        out[progress_ui.label("col_colour", lang)] = [warning_text(c, lang) for c in df["colour"]]
    if df["percent"].notna().any():
        out[t("col_percent", lang)] = df["percent"].to_numpy()
    if df["last_update"].notna().any():
        out[t("col_last_update", lang)] = pd.to_datetime(df["last_update"]).dt.date.to_numpy()
    return out


def assumed_due(df: pd.DataFrame) -> list[bool]:
    """Per row: whether its due date is assumed by the config's default rule (not stated in the text)."""
    if "due_source" not in df:
        return [False] * len(df)
    return [s == "default" for s in df["due_source"]]


def commitments_table(df: pd.DataFrame, lang: Lang) -> Styler:
    """The display frame styled: assumed due dates grey, italic and marked（默认）; warnings in their colour."""
    frame = commitments_frame(df, lang)
    colours = list(df["colour"]) if "colour" in df else []
    return style_table(
        frame,
        lang,
        due_col=t("col_due", lang),
        assumed=assumed_due(df),
        warn_col=progress_ui.label("col_colour", lang),
        colours=colours,
    )


def show_commitments(df: pd.DataFrame, lang: Lang, key: str, selectable: bool = False) -> list[int]:
    """A commitments table (assumed due dates marked, with their legend); with selectable=True returns the
    positions of the selected rows."""
    table = commitments_table(df, lang)
    config = {
        t("col_quote", lang): st.column_config.TextColumn(width="large"),
        t("col_title", lang): st.column_config.TextColumn(width="medium"),
    }
    if any(assumed_due(df)):
        st.caption(due_legend(lang, default_rules_text()))
    if not selectable:
        st.dataframe(table, hide_index=True, column_config=config, key=key)
        return []
    event = st.dataframe(
        table,
        hide_index=True,
        column_config=config,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        height=min(38 + 35 * len(df), 640),
    )
    return list(event.selection.rows)


def default_rules_text() -> str:
    """The config's default due-date rules in the session's language (from the page context)."""
    from tracker.app.context import CTX_KEY

    ctx = st.session_state.get(CTX_KEY)
    return default_rules(ctx.config, ctx.lang) if ctx is not None else ""


def source_of(ctx: PageContext, source_id: str) -> dict[str, str] | None:
    """A source's text and metadata (cached)."""
    return ctx.call(queries.source, source_id)


def show_commitments_paged(
    ctx: PageContext,
    key: str,
    total: int,
    query: Callable[..., pd.DataFrame],
    *args: Any,
    selectable: bool = False,
    **kwargs: Any,
) -> tuple[pd.DataFrame, list[int]]:
    """One page of a long commitments table: query(con, ..., limit=, offset=) of `total` rows (a paged query of
    tracker.store.queries), shown with show_commitments; returns the rows shown and the positions selected."""
    limit, offset = page_of(ctx, key, total)
    rows: pd.DataFrame = ctx.call(query, *args, limit=limit, offset=offset, **kwargs)
    return rows, show_commitments(rows, ctx.lang, key=key, selectable=selectable)


def progress_note(ctx: PageContext, statuses: pd.Series) -> None:
    """Say plainly when no progress has been reported yet (every status is 未填报)."""
    if len(statuses) and (statuses == queries.NO_REPORT).all():
        st.caption(ctx.t("no_progress_yet"))
