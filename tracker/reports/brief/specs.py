"""The charts a pack can hold: one ChartSpec per chart, with its figure builder, one-line takeaway, the rows it is
drawn from and whether it has anything to show (charts with nothing to show are left out of a pack)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from tracker.errors import UserError
from tracker.i18n import Lang, current_language, msg, period_label, t
from tracker.progress.rankings import RANKED, coverage_label
from tracker.reports import charts
from tracker.reports.brief.model import (
    KIND_ORDER,
    BriefData,
    cn_date,
    figure_text,
    kind_name,
    listing,
    short_period,
)
from tracker.store import queries
from tracker.vocabulary import NO_REPORT

MAX_FIGURE_MEASURES = 3  # panels in the pack's figures chart (the rest are named in its takeaway)
MAX_FIGURES_PER_MEASURE = 4

# --- charts ----------------------------------------------------------------------------------------
# Charts come from tracker.reports.charts (the dashboard's builders and template) where it has one; the rest are
# drawn here with the same template and status colours.


def _fig(title: str) -> go.Figure:
    """An empty figure in the shared template with its title."""
    fig = go.Figure()
    fig.update_layout(template=charts.TEMPLATE_NAME, title={"text": title}, meta={"title": title})
    return fig


def _status_counts(com: pd.DataFrame, by: str, order: Sequence[str] = ()) -> pd.DataFrame:
    """Long counts (by, status, n); categories in `order` with no rows appear with n 0."""
    counts = com.groupby([by, "status"]).size().reset_index(name="n") if len(com) else None
    rows = [] if counts is None else list(counts.itertuples(index=False, name=None))
    present = {r[0] for r in rows}
    rows += [(c, NO_REPORT, 0) for c in order if c not in present]
    return pd.DataFrame(rows, columns=[by, "status", "n"])


def leaders(counts: pd.Series) -> tuple[list[str], int]:
    """The categories with the highest count (all of them when tied), by name, and that count."""
    if counts.empty:
        return [], 0
    top = int(counts.max())
    return sorted(str(k) for k in counts.index[counts == top]), top


@dataclass(frozen=True)
class ChartSpec:
    """A chart a pack can include: how to draw it, its one-line takeaway and the rows it is drawn from."""

    name: str
    build: Callable[[BriefData], go.Figure]
    takeaway: Callable[[BriefData], str]
    rows: Callable[[BriefData], pd.DataFrame]
    has_data: Callable[[BriefData], bool] = lambda d: len(d.commitments) > 0

    def label(self, lang: Lang | None = None) -> str:
        """The chart's name for people (事项状态分布 / Commitments by status)."""
        return t(f"pack_chart_{self.name}", lang)

    def about(self, lang: Lang | None = None) -> str:
        """What the chart shows, in a few words."""
        return t(f"pack_chart_{self.name}_about", lang)

    @property
    def title(self) -> str:
        """The chart's name in the current language."""
        return self.label(current_language())

    def full_title(self, data: BriefData) -> str:
        """The chart title with its period, so it says what and when."""
        return data.t("pack_chart_title", what=self.label(data.lang), period=short_period(data))


def _com(d: BriefData) -> pd.DataFrame:
    return d.commitments


def _ctitle(d: BriefData, name: str) -> str:
    return CHARTS_BY_NAME[name].full_title(d)


def _end(d: BriefData) -> str:
    return d.t("tk_end")


def _status_fig(d: BriefData) -> go.Figure:
    counts = d.commitments.groupby("status").size().reset_index(name="n")
    return charts.status_bar(counts, _ctitle(d, "status"), d.lang)


def _status_takeaway(d: BriefData) -> str:
    n = len(d.commitments)
    if n == 0:
        return d.t("tk_none")
    if not d.has_progress:
        return d.t("tk_status_no_progress", n=n)
    done = int(d.counts.get("done", 0))
    none = int(d.counts.get("no_report", 0))
    return d.t("tk_status", n=n, done=done, pct=f"{done / n:.0%}", none=none)


def _with_units(d: BriefData, kind: str | None) -> pd.DataFrame:
    """Every (commitment, holding unit) of the pack, as the dashboard's unit pages count them."""
    held = d.holdings if "unit_name" in d.holdings else d.commitments.dropna(subset=["unit_name"])
    # every unit chart counts the units the headline counts (queries.COUNTED_UNIT_KINDS: no collectives)
    return (
        held[held["unit_kind"] == kind] if kind else held[held["unit_kind"].isin(queries.COUNTED_UNIT_KINDS)]
    )


def _units_fig(d: BriefData, kind: str | None, name: str) -> go.Figure:
    order = list(d.towns) if kind == "town" else []
    return charts.unit_status_bar(
        _status_counts(_with_units(d, kind), "unit_name", order), _ctitle(d, name), d.lang
    )


def _units_takeaway(d: BriefData, kind: str | None) -> str:
    what = d.t(f"what_{kind or 'units'}")
    counts = _with_units(d, kind).groupby("unit_name").size()
    if counts.empty:
        return d.t("tk_units_none", what=what)
    tops, k = leaders(counts)
    key = "tk_units_tie" if len(tops) > 1 else "tk_units_top"
    text = d.t(key, n=len(counts), what=what, top=tops[0], tops=listing(tops, d.lang), k=k)
    if kind == "town":
        idle = [tw for tw in d.towns if tw not in counts.index]
        text += d.t("tk_towns_idle", n=len(idle)) if idle else d.t("tk_towns_all")
    return text + _end(d)


def _meetings_fig(d: BriefData) -> go.Figure:
    n = d.commitments.groupby("meeting_id").size()
    frame = d.meetings.assign(n_commitments=d.meetings["meeting_id"].map(n).fillna(0).astype(int))
    frame = frame.assign(date=pd.to_datetime(frame["date"]))
    return charts.meetings_bar(
        frame[["date", "title", "n_commitments", "meeting_id"]], _ctitle(d, "meetings"), d.lang
    )


def _meetings_takeaway(d: BriefData) -> str:
    com = d.commitments.dropna(subset=["meeting_id"])
    if com.empty:
        return d.t("tk_meetings_none")
    titles = dict(zip(d.meetings["meeting_id"], d.meetings["title"], strict=True))
    counts = com.groupby("meeting_id").size().rename(index=lambda m: titles.get(m, m))
    tops, k = leaders(counts)
    key = "tk_meetings_tie" if len(tops) > 1 else "tk_meetings"
    # the meetings the selected items come from, not every meeting in the period
    text = d.t(key, m=com["meeting_id"].nunique(), n=len(com), top=tops[0], tops=listing(tops, d.lang), k=k)
    unmet = len(d.commitments) - len(com)
    return text + (d.t("tk_meetings_unmet", n=unmet) if unmet else "") + _end(d)


def _kind_counts(d: BriefData) -> list[tuple[str, int]]:
    counts = d.commitments["kind"].value_counts()
    order = [k for k in KIND_ORDER if k in counts] + sorted(k for k in counts.index if k not in KIND_ORDER)
    return [(k, int(counts[k])) for k in order]


def _kinds_fig(d: BriefData) -> go.Figure:
    title = _ctitle(d, "kinds")
    if d.commitments.empty:
        return charts.empty_figure(title, d.lang)
    pairs = _kind_counts(d)
    fig = _fig(title)
    fig.add_bar(
        x=[kind_name(k, d.lang) for k, _ in pairs],
        y=[n for _, n in pairs],
        text=[n for _, n in pairs],
        textposition="outside",
        cliponaxis=False,
        marker_color=charts.COLORWAY[0],
        showlegend=False,
    )
    fig.update_yaxes(title_text=d.t("axis_commitments"))
    return fig


def _kinds_takeaway(d: BriefData) -> str:
    if d.commitments.empty:
        return d.t("tk_none")
    parts = [d.t("pack_kind_count", kind=kind_name(k, d.lang), n=n) for k, n in _kind_counts(d)]
    return d.t("tk_kinds", n=len(d.commitments), parts=listing(parts, d.lang))


def _due_fig(d: BriefData) -> go.Figure:
    """Commitments per due month, stated in the text (solid) or assumed by the default rule (pale)."""
    title = _ctitle(d, "due")
    com = d.commitments[d.commitments["due_date"].map(lambda v: v is not None)]
    if com.empty:
        return charts.empty_figure(title, d.lang)
    code = com["due_date"].map(lambda v: f"{v.year}-{v.month:02d}")
    months = sorted(set(code))
    fig = _fig(title)
    for source, colour in (("text", charts.COLORWAY[0]), ("default", "#B8C7E0")):
        mine = code[com["due_source"] == source].value_counts()
        fig.add_bar(
            x=[period_label(m, d.lang) for m in months],
            y=[int(mine.get(m, 0)) for m in months],
            name=d.t(f"due_series_{source}"),
            marker_color=colour,
            marker_pattern_shape="" if source == "text" else "/",
        )
    fig.update_layout(barmode="stack", legend_title_text="")
    fig.update_xaxes(title_text=d.t("pack_axis_due_month"), type="category")
    fig.update_yaxes(title_text=d.t("axis_commitments"))
    return fig


def _due_takeaway(d: BriefData) -> str:
    com = d.commitments
    due = [v for v in com["due_date"] if v is not None]
    if not due:
        return d.t("tk_due_none")
    passed = sum(1 for v in due if v < d.as_of)
    first, last = min(due), max(due)
    span = (
        cn_date(first, d.lang)
        if first == last
        else d.t("pack_period_range", a=cn_date(first, d.lang), b=cn_date(last, d.lang))
    )
    assumed = int((com["due_source"] == "default").sum())
    text = d.t("tk_due", n=len(due), span=span, assumed=assumed, date=cn_date(d.as_of, d.lang), passed=passed)
    none = len(com) - len(due)
    return text + (d.t("tk_due_missing", n=none) if none else "") + _end(d)


def overdue_rows(d: BriefData) -> pd.DataFrame:
    """The commitments that are overdue on the as-of date or red by the colour rules."""
    c = d.commitments
    return c[c["overdue"] | (c["colour"] == "red")]


def _overdue_fig(d: BriefData) -> go.Figure:
    rows = overdue_rows(d).dropna(subset=["unit_name"])
    return charts.unit_status_bar(_status_counts(rows, "unit_name"), _ctitle(d, "overdue"), d.lang)


def _overdue_takeaway(d: BriefData) -> str:
    rows = overdue_rows(d)
    date = cn_date(d.as_of, d.lang)
    if rows.empty:
        return d.t("tk_overdue_none", date=date)
    text = d.t("tk_overdue", date=date, n=len(rows))
    tops, k = leaders(rows.dropna(subset=["unit_name"]).groupby("unit_name").size())
    if tops:
        key = "tk_overdue_tie" if len(tops) > 1 else "tk_overdue_top"
        text += d.t(key, top=tops[0], tops=listing(tops, d.lang), k=k)
    unowned = int(rows["unit_name"].isna().sum())
    if unowned:
        text += d.t("tk_overdue_unowned", n=unowned)
    return text + _end(d)


def _reported_units(d: BriefData) -> pd.DataFrame:
    r = d.rankings
    return r[r["group"] == RANKED] if len(r) else r


def _progress_fig(d: BriefData) -> go.Figure:
    """Each reporting unit's average progress over its reported items, labelled with how many that covers."""
    title = _ctitle(d, "progress")
    r = _reported_units(d)
    if r.empty or r["reported_percent"].isna().all():
        return charts.empty_figure(title, d.lang, d.t("pack_progress_empty"))
    r = r.dropna(subset=["reported_percent"]).sort_values(
        ["reported_percent", "unit_name"], ascending=[False, True]
    )
    order = list(r["unit_name"])
    fig = _fig(title)
    fig.add_bar(
        y=order,
        x=[round(float(v), 1) for v in r["reported_percent"]],
        orientation="h",
        text=[
            coverage_label(v, n, k, d.lang)
            for v, n, k in zip(r["reported_percent"], r["n_reported"], r["n_items"], strict=True)
        ],
        textposition="outside",
        cliponaxis=False,
        marker_color=charts.STATUS_COLOURS["已完成"],
        showlegend=False,
    )
    fig.update_xaxes(title_text=d.t("pack_axis_progress"), range=[0, 140])
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)))
    return fig


def _progress_takeaway(d: BriefData) -> str:
    r = _reported_units(d)
    if r.empty:
        return d.t("tk_progress_none")
    text = d.t("tk_progress", u=len(r), r=int(r["n_reported"].sum()))
    silent = d.rankings[d.rankings["group"] == "not_reporting"]
    if len(silent):
        text += d.t("tk_progress_silent", n=len(silent), names=listing(list(silent["unit_name"]), d.lang))
    return text + _end(d)


def _figures_frame(d: BriefData) -> pd.DataFrame:
    f = d.figures.sort_values(["value", "figure_id"], ascending=[False, True])
    return f.assign(group=f["unit_name"].fillna(d.t("pack_no_unit")))


def _figures_fig(d: BriefData) -> go.Figure:
    return charts.figures_chart(
        _figures_frame(d),
        _ctitle(d, "figures"),
        d.lang,
        group_col="group",
        max_per_measure=MAX_FIGURES_PER_MEASURE,
        max_measures=MAX_FIGURE_MEASURES,
    )


def _figures_takeaway(d: BriefData) -> str:
    f = d.figures
    if f.empty:
        return d.t("tk_figures_none")
    top = f.sort_values(["value", "figure_id"], ascending=[False, True]).iloc[0]
    what = top["label"] or d.t("pack_figure")
    text = figure_text(top["number_text"], top["qualifier"], top["value"], top["measure"])
    measures = f["measure"].fillna("").value_counts()
    out = d.t("tk_figures", n=len(f), m=len(measures), what=what, text=text)
    shown = sum(min(int(n), MAX_FIGURES_PER_MEASURE) for n in measures.head(MAX_FIGURE_MEASURES))
    if shown < len(f):
        out += d.t(
            "tk_figures_cut",
            k=MAX_FIGURES_PER_MEASURE,
            shown=shown,
            panels=min(len(measures), MAX_FIGURE_MEASURES),
        )
    return out + _end(d)


def _figures_rows(d: BriefData) -> pd.DataFrame:
    return d.figures


def _links_fig(d: BriefData) -> go.Figure:
    depts = sorted(d.links["department"].unique()) if len(d.links) else []
    return charts.dept_town_heatmap(d.links, depts, list(d.towns), _ctitle(d, "links"), d.lang)


def _links_takeaway(d: BriefData) -> str:
    if d.links.empty:
        return d.t("tk_links_none")
    top = int(d.links["n"].max())
    pairs = d.links[d.links["n"] == top].sort_values(["department", "town"])
    names = [d.t("pack_pair", a=a, b=b) for a, b in zip(pairs["department"], pairs["town"], strict=True)]
    key = "tk_links_tie" if len(names) > 1 else "tk_links"
    return d.t(key, towns=d.links["town"].nunique(), top=names[0], tops=listing(names, d.lang), k=top)


def _some_units(kind: str | None) -> Callable[[BriefData], bool]:
    return lambda d: len(_with_units(d, kind)) > 0


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("status", _status_fig, _status_takeaway, _com),
    ChartSpec(
        "units",
        lambda d: _units_fig(d, None, "units"),
        lambda d: _units_takeaway(d, None),
        _com,
        _some_units(None),
    ),
    ChartSpec(
        "towns",
        lambda d: _units_fig(d, "town", "towns"),
        lambda d: _units_takeaway(d, "town"),
        _com,
        _some_units("town"),
    ),
    ChartSpec(
        "departments",
        lambda d: _units_fig(d, "department", "departments"),
        lambda d: _units_takeaway(d, "department"),
        _com,
        _some_units("department"),
    ),
    ChartSpec("links", _links_fig, _links_takeaway, _com, lambda d: not d.links.empty),
    ChartSpec("meetings", _meetings_fig, _meetings_takeaway, _com),
    ChartSpec("kinds", _kinds_fig, _kinds_takeaway, _com),
    ChartSpec("due", _due_fig, _due_takeaway, _com, lambda d: bool(d.commitments["due_date"].notna().any())),
    ChartSpec(
        "overdue",
        _overdue_fig,
        _overdue_takeaway,
        overdue_rows,
        lambda d: not overdue_rows(d).dropna(subset=["unit_name"]).empty,
    ),
    ChartSpec("progress", _progress_fig, _progress_takeaway, _com, lambda d: not _reported_units(d).empty),
    ChartSpec("figures", _figures_fig, _figures_takeaway, _figures_rows, lambda d: not d.figures.empty),
)
CHARTS_BY_NAME: dict[str, ChartSpec] = {c.name: c for c in CHARTS}
DEFAULT_CHARTS: tuple[str, ...] = tuple(c.name for c in CHARTS)


def chart_names(names: Sequence[str] | None) -> tuple[str, ...]:
    """Validate chart names (None = all, in registry order); UserError listing the valid names."""
    if names is None:
        return DEFAULT_CHARTS
    for n in names:
        if n not in CHARTS_BY_NAME:
            raise UserError(msg("brief_unknown_chart", name=n, names=", ".join(DEFAULT_CHARTS)))
    return tuple(dict.fromkeys(names))


def build_chart(data: BriefData, name: str) -> go.Figure:
    """One named chart for the selected data."""
    return CHARTS_BY_NAME[chart_names([name])[0]].build(data)
