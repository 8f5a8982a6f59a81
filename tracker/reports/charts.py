"""Pure chart builders (DataFrame -> plotly Figure) sharing one template: status colours and a CJK font."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from tracker.i18n import STATUS_ORDER, Lang, status_label, t

TEMPLATE_NAME = "tracker"
# Noto Sans CJK SC is what fonts-noto-cjk installs on Debian; the rest cover macOS, Windows and other Linuxes.
FONT_FAMILY = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", "Heiti SC", sans-serif'
)
STATUS_COLOURS: dict[str, str] = {
    "未填报": "#A7AFB8",  # grey: nobody has reported yet
    "未启动": "#E8B53A",  # amber
    "推进中": "#3C78D8",  # blue
    "滞后": "#D64545",  # red
    "待销号": "#00897B",  # teal: reported done, awaiting the office's sign-off
    "已完成": "#2E9E5B",  # green
}
WARNING_COLOURS: dict[str, str] = {"red": "#D64545", "yellow": "#E8B53A", "green": "#2E9E5B"}
OTHER_COLOUR = "#6B7280"
COLORWAY = ["#3C78D8", "#2E9E5B", "#E8B53A", "#D64545", "#7E57C2", "#00897B", "#F4511E", "#6D4C41"]
HEAT_SCALE = [[0.0, "#F4F6F8"], [0.0001, "#D6E4F7"], [1.0, "#1D4E9E"]]


def _template() -> go.layout.Template:
    """The shared look: CJK font everywhere, white background, light grid, status-friendly colorway."""
    return go.layout.Template(
        layout=go.Layout(
            font={"family": FONT_FAMILY, "size": 13, "color": "#1F2933"},
            title={"font": {"family": FONT_FAMILY, "size": 16}, "x": 0.01, "xanchor": "left"},
            hoverlabel={"font": {"family": FONT_FAMILY}},
            legend={"font": {"family": FONT_FAMILY}, "orientation": "h", "y": -0.15, "x": 0},
            colorway=COLORWAY,
            paper_bgcolor="white",
            plot_bgcolor="white",
            xaxis={"gridcolor": "#E5E7EB", "zerolinecolor": "#D1D5DB", "automargin": True},
            yaxis={"gridcolor": "#E5E7EB", "zerolinecolor": "#D1D5DB", "automargin": True},
            margin={"l": 10, "r": 20, "t": 60, "b": 40},
        )
    )


pio.templates[TEMPLATE_NAME] = _template()


def status_colour(status: str | None) -> str:
    """The colour of a status (grey for unknown)."""
    return STATUS_COLOURS.get(status or "", OTHER_COLOUR)


def file_name(title: str, fallback: str = "chart") -> str:
    """A download file name stem from a chart title (Chinese kept, path and space characters dropped)."""
    stem = re.sub(r"[\\/:*?\"<>|\s·]+", "_", title).strip("._")
    return stem[:80] or fallback


def _base(title: str, height: int | None = None) -> go.Figure:
    """An empty figure on the shared template; in a title 'what · when', the 'when' part is the subtitle."""
    what, _, when = title.partition(" · ")
    fig = go.Figure()
    fig.update_layout(
        template=TEMPLATE_NAME,
        title={"text": what, "subtitle": {"text": when, "font": {"size": 12, "color": OTHER_COLOUR}}},
        meta={"title": title},
    )
    if height:
        fig.update_layout(height=height)
    return fig


def empty_figure(title: str, lang: Lang, text: str | None = None) -> go.Figure:
    """A figure that says there is no data (or `text`), instead of failing on an empty frame."""
    fig = _base(title, height=260)
    fig.add_annotation(
        text=text or t("chart_no_data", lang),
        showarrow=False,
        font={"size": 16, "color": OTHER_COLOUR},
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _ordered_statuses(present: Sequence[str]) -> list[str]:
    known = [s for s in STATUS_ORDER if s in present]
    return known + sorted(s for s in set(present) if s not in STATUS_ORDER)


def status_bar(counts: pd.DataFrame, title: str, lang: Lang) -> go.Figure:
    """Commitments by status (columns status, n), one bar per status in the status colour."""
    counts = counts[counts["n"] > 0] if not counts.empty else counts
    if counts.empty:
        return empty_figure(title, lang)
    by = dict(zip(counts["status"], counts["n"], strict=True))
    order = _ordered_statuses(list(by))
    fig = _base(title, height=320)
    fig.add_bar(
        x=[status_label(s, lang) for s in order],
        y=[int(by[s]) for s in order],
        marker_color=[status_colour(s) for s in order],
        text=[int(by[s]) for s in order],
        textposition="outside",
        customdata=order,
        hovertemplate="%{x}: %{y}<extra></extra>",
        cliponaxis=False,
    )
    fig.update_layout(
        showlegend=False, xaxis_title=t("axis_status", lang), yaxis_title=t("axis_commitments", lang)
    )
    return fig


def unit_status_bar(counts: pd.DataFrame, title: str, lang: Lang) -> go.Figure:
    """Stacked horizontal bars per unit by status (unit_name, status, n); units with n 0 keep an empty row."""
    if counts.empty:
        return empty_figure(title, lang)
    totals = counts.groupby("unit_name", sort=False)["n"].sum()
    units = sorted(totals.index, key=lambda u: (-int(totals[u]), u))
    statuses = _ordered_statuses([s for s in counts["status"].dropna().unique()])
    fig = _base(title, height=max(260, 90 + 26 * len(units)))
    for s in statuses:
        part = counts[counts["status"] == s].set_index("unit_name")["n"]
        fig.add_bar(
            y=units,
            x=[int(part.get(u, 0)) for u in units],
            name=status_label(s, lang),
            orientation="h",
            marker_color=status_colour(s),
            showlegend=True,
            customdata=units,
            hovertemplate="%{y} · " + status_label(s, lang) + ": %{x}<extra></extra>",
        )
    if not statuses:  # no unit has anything: still show every unit with an empty bar
        fig.add_bar(
            y=units,
            x=[0] * len(units),
            orientation="h",
            showlegend=False,
            customdata=units,
            hovertemplate="%{y}: 0<extra></extra>",
        )
    fig.update_layout(barmode="stack", xaxis_title=t("axis_commitments", lang), legend_title_text="")
    # every unit's name is drawn (plotly would skip some when rows are tight, as on a printed page)
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(reversed(units)),
        title=None,
        tickmode="array",
        tickvals=list(units),
        ticktext=list(units),
    )
    fig.update_xaxes(rangemode="tozero", dtick=1 if int(totals.max() or 0) <= 10 else None)
    return fig


def dept_town_heatmap(
    links: pd.DataFrame, departments: Sequence[str], towns: Sequence[str], title: str, lang: Lang
) -> go.Figure:
    """Department × town matrix of commitments involving both (department, town, n); blanks stay visible."""
    if not departments or not towns:
        return empty_figure(title, lang)
    counts = {(r["department"], r["town"]): int(r["n"]) for r in links.to_dict("records")}
    z = [[counts.get((d, tw), 0) for tw in towns] for d in departments]
    text = [[str(v) if v else "" for v in row] for row in z]
    fig = _base(title, height=max(280, 120 + 30 * len(departments)))
    fig.add_heatmap(
        z=z,
        x=list(towns),
        y=list(departments),
        text=text,
        texttemplate="%{text}",
        colorscale=HEAT_SCALE,
        zmin=0,
        zmax=max(1, max((max(row) for row in z), default=0)),  # all-zero stays pale instead of full colour
        showscale=False,
        xgap=2,
        ygap=2,
        hovertemplate="%{y} × %{x}: %{z}<extra></extra>",
    )
    fig.update_xaxes(title=t("axis_town", lang), tickangle=-45, showgrid=False)
    fig.update_yaxes(title=t("axis_department", lang), autorange="reversed", showgrid=False)
    return fig


TITLE_TOP_PX, TITLE_BLOCK_PX, PANEL_TITLE_PX = 10, 56, 34  # figures chart: gap, title + subtitle, panel title


def figures_chart(
    frame: pd.DataFrame,
    title: str,
    lang: Lang,
    group_col: str = "group",
    max_per_measure: int | None = None,
    max_measures: int | None = None,
) -> go.Figure:
    """Reported figures as horizontal bars, one panel per measure word with its own axis (个, 人次, 亩 … are never
    compared on one axis), each bar labelled with the number as the report wrote it, coloured by group, the quote
    on hover. The caps keep a printed chart legible; measures with the most figures come first."""
    if frame.empty:
        return empty_figure(title, lang)
    rows = frame.reset_index(drop=True)
    measure = (
        rows["measure"].map(lambda m: m if isinstance(m, str) and m else "") if "measure" in rows else ""
    )
    rows = rows.assign(_measure=measure)
    sizes = rows.groupby("_measure", sort=False).size()
    measures = sorted(sizes.index, key=lambda m: (-int(sizes[m]), m == "", m))[:max_measures]
    panels = []
    for m in measures:
        part = rows[rows["_measure"] == m].sort_values("value", ascending=False, kind="stable")
        panels.append((m, part.head(max_per_measure) if max_per_measure else part))
    bars = [len(part) for _, part in panels]
    height = max(300, 140 + 30 * sum(bars) + 56 * len(panels))
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        row_heights=[b / sum(bars) for b in bars],
        vertical_spacing=min(0.3, 56 / height) if len(panels) > 1 else 0,
        subplot_titles=[
            t("measure_panel", lang, measure=m or t("no_measure", lang), n=int(sizes[m])) for m, _ in panels
        ],
    )
    what, _, when = title.partition(" · ")
    fig.update_layout(
        template=TEMPLATE_NAME,
        # the title and its subtitle pinned to the top, with room below them for the first panel's title
        title={
            "text": what,
            "subtitle": {"text": when, "font": {"size": 12, "color": OTHER_COLOUR}},
            "yref": "container",
            "y": 1 - TITLE_TOP_PX / height,
            "yanchor": "top",
        },
        margin={"t": TITLE_TOP_PX + TITLE_BLOCK_PX + PANEL_TITLE_PX},
        meta={"title": title},
        height=height,
        barmode="overlay",
        legend_title_text="",
    )
    for annotation in fig.layout.annotations:  # the panel titles, left-aligned like the chart title
        annotation.update(x=0, xanchor="left", font={"color": OTHER_COLOUR})
    groups = list(dict.fromkeys(rows[group_col].fillna("")))
    colour = {g: COLORWAY[i % len(COLORWAY)] for i, g in enumerate(groups)}
    shown: set[str] = set()
    for i, (_measure, part) in enumerate(panels, start=1):
        names: list[str] = []
        for r in part.itertuples():
            name = str(r.label or r.number_text).strip()
            while name in names:  # y categories must be unique; repeated labels get a suffix
                name += " "
            names.append(name)
        part = part.assign(_name=names)
        for g in [g for g in groups if (part[group_col].fillna("") == g).any()]:
            mine = part[part[group_col].fillna("") == g]
            fig.add_bar(
                y=list(mine["_name"]),
                x=mine["value"].astype(float),
                name=g,
                legendgroup=g,
                showlegend=g not in shown,
                marker_color=colour[g],
                orientation="h",
                text=list(mine["number_text"]),
                textposition="outside",
                cliponaxis=False,
                customdata=list(zip(mine["quote"], mine["_measure"], mine["figure_id"], strict=True)),
                hovertemplate="%{y}: %{x:,}%{customdata[1]}<br>"
                + t("hover_quote", lang)
                + "：%{customdata[0]}<extra></extra>",
                row=i,
                col=1,
            )
            shown.add(g)
        top = float(part["value"].max() or 1)
        fig.update_xaxes(range=[0, top * 1.3], showticklabels=False, showgrid=False, title=None, row=i, col=1)
        fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(names)), title=None, row=i, col=1)
    return fig


def date_labels(dates: Sequence[dt.date | str | float | None]) -> list[str]:
    """Dates for axis labels: month-day when they fall in one year, the full date when they span years (a
    missing date, None, NaN or NaT, has no label)."""
    stamps = [None if pd.isna(d) else pd.Timestamp(d) for d in dates]
    years = {d.year for d in stamps if d is not None}
    fmt = "%m-%d" if len(years) <= 1 else "%Y-%m-%d"
    return ["" if d is None else d.strftime(fmt) for d in stamps]


def meetings_bar(frame: pd.DataFrame, title: str, lang: Lang) -> go.Figure:
    """Commitments per meeting (date, title, n_commitments) as horizontal bars, oldest at the top."""
    if frame.empty:
        return empty_figure(title, lang)
    rows = frame.sort_values("date")
    labels = [
        f"{d} {name}".strip() for d, name in zip(date_labels(list(rows["date"])), rows["title"], strict=True)
    ]
    counts = [int(n) for n in rows["n_commitments"]]
    fig = _base(title, height=max(260, 110 + 42 * len(labels)))
    fig.add_bar(
        y=labels,
        x=counts,
        orientation="h",
        text=counts,
        textposition="outside",
        cliponaxis=False,
        marker_color=COLORWAY[0],
        customdata=list(rows["meeting_id"]) if "meeting_id" in rows else None,
        hovertemplate="%{y}: %{x}<extra></extra>",
    )
    fig.update_layout(showlegend=False, xaxis_title=t("axis_commitments", lang))
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)), title=None)
    return fig


MAX_UNIT_BARS = 30  # more units than this: the largest are drawn, the rest grouped


def top_units(counts: pd.DataFrame, n: int, others: str) -> tuple[pd.DataFrame, int]:
    """unit_status_bar's input with only the `n` units with the most items kept and the rest summed per status
    into one row named `others`; returns the frame and how many units were grouped (0: nothing changed)."""
    totals = counts.groupby("unit_name", sort=False)["n"].sum()
    if len(totals) <= n:
        return counts, 0
    keep = set(sorted(totals.index, key=lambda u: (-int(totals[u]), u))[:n])
    rest = counts[~counts["unit_name"].isin(keep)]
    grouped = rest.dropna(subset=["status"]).groupby("status", sort=False)["n"].sum().reset_index()
    grouped = grouped.assign(unit_id=None, unit_name=others, total=int(rest["n"].sum()))
    out = pd.concat([counts[counts["unit_name"].isin(keep)], grouped], ignore_index=True)
    return out, len(totals) - n


def months_bar(frame: pd.DataFrame, title: str, lang: Lang) -> go.Figure:
    """Commitments per month (date = the month's first day, n_commitments, n_meetings) as vertical bars, for when
    there are too many meetings for a bar each."""
    if frame.empty:
        return empty_figure(title, lang)
    rows = frame.sort_values("date")
    labels = [t("month_label", lang, y=pd.Timestamp(d).year, m=pd.Timestamp(d).month) for d in rows["date"]]
    counts = [int(n) for n in rows["n_commitments"]]
    fig = _base(title, height=360)
    fig.add_bar(
        x=labels,
        y=counts,
        marker_color=COLORWAY[0],
        customdata=[int(n) for n in rows["n_meetings"]],
        hovertemplate="%{x}: %{y} · " + t("axis_meetings", lang) + " %{customdata}<extra></extra>",
    )
    fig.update_layout(showlegend=False, yaxis_title=t("axis_commitments", lang))
    fig.update_xaxes(categoryorder="array", categoryarray=labels, title=None)
    return fig
