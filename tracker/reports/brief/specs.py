"""The charts a pack can hold: one ChartSpec per chart, with its figure builder and one-line takeaway."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from tracker.errors import UserError
from tracker.i18n import STATUS_ORDER
from tracker.reports import charts
from tracker.reports.brief.model import KIND_LABELS, NO_REPORT, BriefData, cn_date, figure_text, short_period

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


def _unit_order(com: pd.DataFrame, kind: str | None = None) -> list[str]:
    """Units with commitments, most first, ties by name."""
    c = com.dropna(subset=["unit_name"])
    if kind:
        c = c[c["unit_kind"] == kind]
    counts = c.groupby("unit_name").size()
    return sorted(counts.index, key=lambda n: (-counts[n], n))


@dataclass(frozen=True)
class ChartSpec:
    """A chart a pack can include: how to draw it, its one-line takeaway and the rows it is drawn from."""

    name: str
    title: str
    build: Callable[[BriefData], go.Figure]
    takeaway: Callable[[BriefData], str]
    rows: Callable[[BriefData], pd.DataFrame]
    description: str = ""

    def full_title(self, data: BriefData) -> str:
        """The chart title with its period, so it says what and when."""
        return f"{self.title}（{short_period(data)}）"


def _com(d: BriefData) -> pd.DataFrame:
    return d.commitments


def _ctitle(d: BriefData, name: str) -> str:
    return CHARTS_BY_NAME[name].full_title(d)


def _status_fig(d: BriefData) -> go.Figure:
    counts = d.commitments.groupby("status").size().reset_index(name="n")
    return charts.status_bar(counts, _ctitle(d, "status"), "zh")


def _status_takeaway(d: BriefData) -> str:
    n = len(d.commitments)
    if n == 0:
        return "所选范围内没有事项。"
    if not d.has_progress:
        return f"共{n}项事项，均尚未填报进展，完成情况暂无法统计。"
    done = int((d.commitments["status"] == "已完成").sum())
    none = int((d.commitments["status"] == NO_REPORT).sum())
    return f"共{n}项事项，已完成{done}项（{done / n:.0%}），{none}项尚未填报进展。"


def _units_fig(d: BriefData, kind: str | None, name: str) -> go.Figure:
    com = d.commitments.dropna(subset=["unit_name"])
    if kind:
        com = com[com["unit_kind"] == kind]
    order = list(d.towns) if kind == "town" else []
    return charts.unit_status_bar(_status_counts(com, "unit_name", order), _ctitle(d, name), "zh")


def _units_takeaway(d: BriefData, kind: str | None, what: str) -> str:
    order = _unit_order(d.commitments, kind)
    idle = [t for t in d.towns if t not in order] if kind == "town" else []
    if not order:
        return f"所选范围内没有落实到{what}的事项。"
    counts = d.commitments.dropna(subset=["unit_name"]).groupby("unit_name").size()
    top = order[0]
    text = f"{len(order)}个{what}有事项，{top}最多（{int(counts[top])}项）"
    if kind == "town":
        text += f"；{len(idle)}个乡镇（街道）暂无事项" if idle else "；所有乡镇（街道）均有事项"
    return text + "。"


def _meetings_fig(d: BriefData) -> go.Figure:
    n = d.commitments.groupby("meeting_id").size()
    frame = d.meetings.assign(n_commitments=d.meetings["meeting_id"].map(n).fillna(0).astype(int))
    frame = frame.assign(date=pd.to_datetime(frame["date"]))
    return charts.meetings_bar(frame[["date", "title", "n_commitments"]], _ctitle(d, "meetings"), "zh")


def _meetings_takeaway(d: BriefData) -> str:
    com = d.commitments.dropna(subset=["meeting_id"])
    if com.empty:
        return "所选会议没有提取到事项。"
    counts = com.groupby("meeting_id").size()
    titles = dict(zip(d.meetings["meeting_id"], d.meetings["title"], strict=True))
    top = sorted(counts.index, key=lambda m: (-counts[m], m))[0]
    best = titles.get(top, top)
    return f"{len(d.meetings)}次会议共提出{len(com)}项事项，{best}最多（{int(counts[top])}项）。"


def _kinds_fig(d: BriefData) -> go.Figure:
    title = _ctitle(d, "kinds")
    if d.commitments.empty:
        return charts.empty_figure(title, "zh")
    counts = d.commitments["kind"].value_counts()
    order = [k for k in KIND_LABELS if k in counts] + sorted(k for k in counts.index if k not in KIND_LABELS)
    fig = _fig(title)
    fig.add_bar(
        x=[KIND_LABELS.get(k, k) for k in order],
        y=[int(counts[k]) for k in order],
        text=[int(counts[k]) for k in order],
        textposition="outside",
        cliponaxis=False,
        marker_color=charts.COLORWAY[0],
        showlegend=False,
    )
    fig.update_yaxes(title_text="事项数")
    return fig


def _kinds_takeaway(d: BriefData) -> str:
    if d.commitments.empty:
        return "所选范围内没有事项。"
    counts = d.commitments["kind"].value_counts()
    parts = [f"{KIND_LABELS.get(k, k)}{int(counts[k])}项" for k in KIND_LABELS if k in counts]
    parts += [f"{k}{int(counts[k])}项" for k in sorted(counts.index) if k not in KIND_LABELS]
    return f"共{len(d.commitments)}项事项：{'、'.join(parts)}。"


def _stacked_status(fig: go.Figure, wide: pd.DataFrame, horizontal: bool) -> go.Figure:
    """Add one stacked bar trace per status (wide: index = category, columns = statuses)."""
    statuses = [s for s in STATUS_ORDER if s in wide.columns] + sorted(
        c for c in wide.columns if c not in STATUS_ORDER
    )
    cats = list(wide.index)
    for s in statuses:
        vals = [int(v) for v in wide[s]]
        xy = {"y": cats, "x": vals, "orientation": "h"} if horizontal else {"x": cats, "y": vals}
        fig.add_bar(name=s, marker_color=charts.status_colour(s), **xy)
    fig.update_layout(barmode="stack", legend_title_text="")
    return fig


def _due_fig(d: BriefData) -> go.Figure:
    title = _ctitle(d, "due")
    com = d.commitments[d.commitments["due_date"].map(lambda v: v is not None)]
    if com.empty:
        return charts.empty_figure(title, "zh")
    month = com["due_date"].map(lambda v: f"{v.year}年{v.month}月")
    key = com["due_date"].map(lambda v: (v.year, v.month))
    order = [m for _, m in sorted(set(zip(key, month, strict=True)))]
    wide = com.assign(month=month).groupby(["month", "status"]).size().unstack("status", fill_value=0)
    fig = _stacked_status(_fig(title), wide.reindex(order, fill_value=0), horizontal=False)
    fig.update_xaxes(title_text="到期月份", type="category")
    fig.update_yaxes(title_text="事项数")
    return fig


def _due_takeaway(d: BriefData) -> str:
    due = [v for v in d.commitments["due_date"] if v is not None]
    none = len(d.commitments) - len(due)
    if not due:
        return "所选事项均未设定到期日。"
    passed = sum(1 for v in due if v < d.generated)
    span = cn_date(min(due)) if min(due) == max(due) else f"{cn_date(min(due))}至{cn_date(max(due))}"
    text = f"{len(due)}项有到期日（{span}），截至{cn_date(d.generated)}已到期{passed}项"
    return text + (f"；另有{none}项未设定到期日。" if none else "。")


def overdue_rows(d: BriefData) -> pd.DataFrame:
    c = d.commitments
    return c[c["overdue"] | (c["colour"] == "red")]


def _overdue_fig(d: BriefData) -> go.Figure:
    rows = overdue_rows(d).dropna(subset=["unit_name"])
    return charts.unit_status_bar(_status_counts(rows, "unit_name"), _ctitle(d, "overdue"), "zh")


def _overdue_takeaway(d: BriefData) -> str:
    rows = overdue_rows(d)
    if rows.empty:
        return f"截至{cn_date(d.generated)}，没有红色或逾期事项。"
    order = _unit_order(rows)
    text = f"截至{cn_date(d.generated)}，红色或逾期事项{len(rows)}项"
    if order:
        top = order[0]
        text += f"，{top}最多（{int((rows['unit_name'] == top).sum())}项）"
    unowned = int(rows["unit_name"].isna().sum())
    if unowned:
        text += f"；其中{unowned}项未落实到具体单位"
    return text + "。"


def _progress_fig(d: BriefData) -> go.Figure:
    title = _ctitle(d, "progress")
    com = d.commitments.dropna(subset=["unit_name"])
    com = com[com["percent"].notna()]
    if com.empty:
        return charts.empty_figure(title, "zh", "尚无进展填报，暂无完成率（不作任何估算）")
    avg = com.groupby("unit_name")["percent"].mean()
    order = sorted(avg.index, key=lambda n: (-avg[n], n))
    fig = _fig(title)
    fig.add_bar(
        y=order,
        x=[round(float(avg[n]), 1) for n in order],
        orientation="h",
        text=[f"{avg[n]:.0f}%" for n in order],
        textposition="outside",
        cliponaxis=False,
        marker_color=charts.STATUS_COLOURS["已完成"],
        showlegend=False,
    )
    fig.update_xaxes(title_text="平均完成进度（%，仅计已填报事项）", range=[0, 105])
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)))
    return fig


def _progress_takeaway(d: BriefData) -> str:
    com = d.commitments[d.commitments["percent"].notna()]
    if com.empty:
        return "尚无进展填报，暂无完成率。"
    return f"{len(com)}项事项已填报进展，平均完成{com['percent'].mean():.0f}%。"


def _figures_fig(d: BriefData) -> go.Figure:
    f = d.figures.sort_values(["value", "figure_id"], ascending=[False, True])
    f = f.assign(group=f["unit_name"].fillna("未落实到单位"))
    return charts.figures_chart(f, _ctitle(d, "figures"), "zh", group_col="group")


def _figures_takeaway(d: BriefData) -> str:
    f = d.figures
    if f.empty:
        return "所选会议的报道中没有数字指标。"
    top = f.sort_values(["value", "figure_id"], ascending=[False, True]).iloc[0]
    what = top["label"] or "指标"
    text = figure_text(top["number_text"], top["qualifier"], top["value"], top["measure"])
    return f"报道给出{len(f)}项数字指标，最大为{what}{text}。"


def _figures_rows(d: BriefData) -> pd.DataFrame:
    return d.figures


def _links_fig(d: BriefData) -> go.Figure:
    depts = sorted(d.links["department"].unique()) if len(d.links) else []
    return charts.dept_town_heatmap(d.links, depts, list(d.towns), _ctitle(d, "links"), "zh")


def _links_takeaway(d: BriefData) -> str:
    if d.links.empty:
        return "所选范围内没有同时涉及部门和乡镇（街道）的事项。"
    top = d.links.sort_values(["n", "department", "town"], ascending=[False, True, True]).iloc[0]
    towns = d.links["town"].nunique()
    return f"{towns}个乡镇（街道）与部门有共同事项，最多的是{top['department']}与{top['town']}（{int(top['n'])}项）。"


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("status", "事项状态分布", _status_fig, _status_takeaway, _com, "各状态的事项数"),
    ChartSpec(
        "units",
        "各单位承担事项",
        lambda d: _units_fig(d, None, "units"),
        lambda d: _units_takeaway(d, None, "单位"),
        _com,
        "每个责任单位的事项数，按状态分色",
    ),
    ChartSpec(
        "towns",
        "各乡镇（街道）承担事项",
        lambda d: _units_fig(d, "town", "towns"),
        lambda d: _units_takeaway(d, "town", "乡镇（街道）"),
        _com,
        "全部乡镇（街道），含暂无事项的",
    ),
    ChartSpec(
        "departments",
        "各部门承担事项",
        lambda d: _units_fig(d, "department", "departments"),
        lambda d: _units_takeaway(d, "department", "部门"),
        _com,
        "每个部门的事项数，按状态分色",
    ),
    ChartSpec("links", "部门与乡镇共同事项", _links_fig, _links_takeaway, _com, "部门 × 乡镇（街道）"),
    ChartSpec("meetings", "各会议提出事项", _meetings_fig, _meetings_takeaway, _com, "每次会议的事项数"),
    ChartSpec("kinds", "事项类型", _kinds_fig, _kinds_takeaway, _com, "领导要求、重点领域、项目、任务、诉求"),
    ChartSpec("due", "事项到期时间", _due_fig, _due_takeaway, _com, "按到期月份的事项数，按状态分色"),
    ChartSpec(
        "overdue",
        "红色及逾期事项分布",
        _overdue_fig,
        _overdue_takeaway,
        overdue_rows,
        "各单位的红色/逾期事项",
    ),
    ChartSpec(
        "progress", "各单位平均完成进度", _progress_fig, _progress_takeaway, _com, "只计已填报进展的事项"
    ),
    ChartSpec(
        "figures", "报道中的数字指标", _figures_fig, _figures_takeaway, _figures_rows, "报道给出的数字"
    ),
)
CHARTS_BY_NAME: dict[str, ChartSpec] = {c.name: c for c in CHARTS}
DEFAULT_CHARTS: tuple[str, ...] = tuple(c.name for c in CHARTS)


def chart_names(names: Sequence[str] | None) -> tuple[str, ...]:
    """Validate chart names (None = all, in registry order); UserError listing the valid names."""
    if names is None:
        return DEFAULT_CHARTS
    for n in names:
        if n not in CHARTS_BY_NAME:
            raise UserError(f"unknown chart '{n}'; choose from: {', '.join(DEFAULT_CHARTS)}")
    return tuple(dict.fromkeys(names))


def build_chart(data: BriefData, name: str) -> go.Figure:
    """One named chart for the selected data."""
    return CHARTS_BY_NAME[chart_names([name])[0]].build(data)
