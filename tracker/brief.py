"""Briefing packs (简报): pick a period, meetings and units, chart them, write PPTX (16:9) or A4 PDF."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go

from tracker import charts, export, queries
from tracker.config import Config
from tracker.db import query_df
from tracker.errors import UserError
from tracker.i18n import STATUS_ORDER

KIND_LABELS: dict[str, str] = {
    "requirement": "领导要求",
    "focus_area": "重点领域",
    "project": "项目清单",
    "task": "单位任务",
    "request": "单位诉求",
}
NO_REPORT = "未填报"
CHART_WIDTH, CHART_HEIGHT = 1000, 500  # CSS px of a chart on a slide or page (PNG at 2× this)
SLIDE_FONT_SIZE = 18
MAX_LISTED_MEETINGS = 3
TABLE_ROWS_PER_SLIDE = 10


# --- options and data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BriefOptions:
    """What goes into a pack: period, meetings, units and charts; `generated` is the as-of date."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    units: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()
    charts: tuple[str, ...] | None = None  # None = every chart in CHARTS order
    generated: dt.date | None = None


@dataclass(frozen=True)
class BriefData:
    """The rows a pack is made from, already filtered; every frame is sorted for a stable order."""

    city: str
    options: BriefOptions
    generated: dt.date
    meetings: pd.DataFrame  # meeting_id, date, title, organizer, source_id, path, source_title
    commitments: pd.DataFrame  # + unit_name, unit_kind, status, colour, overdue, percent, due_date
    figures: pd.DataFrame  # + unit_name
    units: pd.DataFrame  # every unit in the database (unit_id, name, kind)
    towns: tuple[str, ...]  # the configured towns, in config order (all are shown, assigned work or not)
    has_progress: bool  # whether any selected commitment has a progress report
    links: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["department", "town", "n"]))


def _dates(s: pd.Series) -> pd.Series:
    """A column of python dates (or None) from whatever DuckDB/pandas gives for DATE."""
    return pd.to_datetime(s, errors="coerce").map(lambda v: None if pd.isna(v) else v.date()).astype(object)


def load_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Read the tables a pack needs (all small) in a fixed order."""
    tables = {
        "sources": query_df(con, "SELECT source_id, path, title FROM sources ORDER BY source_id"),
        "meetings": query_df(
            con,
            "SELECT meeting_id, source_id, date, title, organizer FROM meetings ORDER BY date, meeting_id",
        ),
        "units": query_df(con, "SELECT unit_id, name, kind FROM units ORDER BY kind, name"),
        "commitments": query_df(
            con,
            "SELECT commitment_id, meeting_id, parent_id, kind, ordinal, list_name, title, quote, unit_id, "
            "addressee, issued_by, due_date, source_id, char_start FROM commitments ORDER BY commitment_id",
        ),
        "figures": query_df(
            con,
            "SELECT figure_id, source_id, meeting_id, unit_id, label, value, measure, qualifier, number_text, quote "
            "FROM figures ORDER BY figure_id",
        ),
    }
    for name in ("meetings",):
        tables[name]["date"] = _dates(tables[name]["date"])
    tables["commitments"]["due_date"] = _dates(tables["commitments"]["due_date"])
    return tables


def status_table(con: duckdb.DuckDBPyConnection, config: Config, today: dt.date) -> pd.DataFrame | None:
    """Per-commitment status from tracker.status when that module exists; None before it does."""
    try:
        from tracker.status import commitment_status
    except ModuleNotFoundError as e:
        if e.name != "tracker.status":
            raise
        return None
    return commitment_status(con, config, today=today)


def _with_status(commitments: pd.DataFrame, status: pd.DataFrame | None, today: dt.date) -> pd.DataFrame:
    """Attach status, colour, percent, overdue and the effective due date to each commitment."""
    out = commitments.copy()
    if status is None or status.empty:
        out["status"] = NO_REPORT
        out["percent"] = float("nan")
        out["colour"] = "grey"
        out["has_report"] = False
    else:
        st = status.drop_duplicates("commitment_id").set_index("commitment_id")
        ids = out["commitment_id"]
        out["status"] = ids.map(st["status"]).fillna(NO_REPORT) if "status" in st else NO_REPORT
        out["percent"] = ids.map(st["percent"]).astype(float) if "percent" in st else float("nan")
        colour_col = next((c for c in ("colour", "color") if c in st), None)
        out["colour"] = ids.map(st[colour_col]).fillna("grey") if colour_col else "grey"
        if "due_date" in st:
            due = _dates(ids.map(st["due_date"]))
            out["due_date"] = [d if d is not None else o for d, o in zip(due, out["due_date"], strict=True)]
        if "days_overdue" in st:
            out["overdue_from_status"] = ids.map(st["days_overdue"]).fillna(0).astype(float) > 0
        elif "overdue" in st:
            out["overdue_from_status"] = ids.map(st["overdue"]).fillna(False).astype(bool)
        out["has_report"] = out["status"] != NO_REPORT
    computed = [
        d is not None and d < today and s != "已完成"
        for d, s in zip(out["due_date"], out["status"], strict=True)
    ]
    out["overdue"] = out.pop("overdue_from_status") if "overdue_from_status" in out else computed
    out["overdue"] = out["overdue"].astype(bool)
    return out


def resolve_units(names: Sequence[str], units: pd.DataFrame, config: Config) -> tuple[str, ...]:
    """Unit ids for names or configured aliases; UserError naming the unknown one and the choices."""
    alias: dict[str, str] = {}
    for u in (*config.towns, *config.departments):
        for a in (u.name, *u.aliases):
            alias[a] = u.name
    by_name = dict(zip(units["name"], units["unit_id"], strict=True))
    out = []
    for n in names:
        uid = by_name.get(alias.get(n, n))
        if uid is None:
            known = "、".join(sorted(units["name"]))
            raise UserError(f"unknown unit '{n}' for --unit; use a unit name from the database: {known}")
        out.append(uid)
    return tuple(dict.fromkeys(out))


def select(
    tables: dict[str, pd.DataFrame], status: pd.DataFrame | None, config: Config, options: BriefOptions
) -> BriefData:
    """Filter the tables to the options (period, meetings, units) and attach status; pure."""
    generated = options.generated or dt.date.today()
    if options.date_from and options.date_to and options.date_from > options.date_to:
        raise UserError(
            f"--from {options.date_from} is after --to {options.date_to}; swap them or widen the period"
        )
    chart_names(options.charts)  # validates
    meetings = tables["meetings"].merge(
        tables["sources"].rename(columns={"title": "source_title"}), on="source_id", how="left"
    )
    known_ids = set(meetings["meeting_id"])
    for m in options.meetings:
        if m not in known_ids:
            listing = "; ".join(f"{r.meeting_id} ({r.date} {r.title})" for r in meetings.itertuples())
            raise UserError(f"unknown meeting id '{m}' for --meeting; known meetings: {listing or 'none'}")
    keep = pd.Series(True, index=meetings.index)
    if options.meetings:
        keep &= meetings["meeting_id"].isin(options.meetings)
    if options.date_from:
        keep &= meetings["date"].map(lambda d: d is not None and d >= options.date_from)
    if options.date_to:
        keep &= meetings["date"].map(lambda d: d is not None and d <= options.date_to)
    meetings = meetings[keep].reset_index(drop=True)
    if meetings.empty:
        raise UserError(
            "no meetings match the chosen period and meetings; widen --from/--to or check --meeting "
            f"(the database has {len(known_ids)} meeting(s){_span(tables['meetings'])})"
        )
    unit_ids = resolve_units(options.units, tables["units"], config) if options.units else ()
    units = tables["units"]
    names = dict(zip(units["unit_id"], units["name"], strict=True))
    kinds = dict(zip(units["unit_id"], units["kind"], strict=True))
    filtered = bool(options.meetings or options.date_from or options.date_to)

    com = tables["commitments"]
    com = com[com["meeting_id"].isin(meetings["meeting_id"]) | (~filtered & com["meeting_id"].isna())]
    if unit_ids:
        com = com[com["unit_id"].isin(unit_ids)]
    com = _with_status(com.reset_index(drop=True), status, generated)
    com["unit_name"] = com["unit_id"].map(names)
    com["unit_kind"] = com["unit_id"].map(kinds)
    com = com.sort_values(["commitment_id"], kind="stable").reset_index(drop=True)

    fig = tables["figures"]
    fig = fig[fig["meeting_id"].isin(meetings["meeting_id"]) | (~filtered & fig["meeting_id"].isna())]
    if unit_ids:
        fig = fig[fig["unit_id"].isin(unit_ids)]
    fig = fig.assign(unit_name=fig["unit_id"].map(names)).sort_values("figure_id").reset_index(drop=True)

    return BriefData(
        city=config.city,
        options=options,
        generated=generated,
        meetings=meetings,
        commitments=com,
        figures=fig,
        units=units,
        towns=tuple(t.name for t in config.towns),
        has_progress=bool(com["has_report"].any()) if len(com) else False,
    )


def _span(meetings: pd.DataFrame) -> str:
    """', dated 2024-02-20 to 2024-02-23' for an error message."""
    dates = [d for d in meetings["date"] if d is not None]
    return f", dated {min(dates)} to {max(dates)}" if dates else ""


def gather(con: duckdb.DuckDBPyConnection, config: Config, options: BriefOptions) -> BriefData:
    """Load, filter and attach status for a pack from an open (read-only) database."""
    generated = options.generated or dt.date.today()
    options = replace(options, generated=generated)
    data = select(load_tables(con), status_table(con, config, generated), config, options)
    unit_ids = resolve_units(options.units, data.units, config) if options.units else ()
    f = queries.Filters(
        date_from=options.date_from,
        date_to=options.date_to,
        meeting_ids=tuple(data.meetings["meeting_id"]) if options.meetings else (),
        unit_ids=unit_ids,
    )
    return replace(data, links=queries.dept_town_links(con, f))


# --- wording helpers -------------------------------------------------------------------------------


def cn_date(d: dt.date | None) -> str:
    """2024年2月20日, or 未定 for no date."""
    return f"{d.year}年{d.month}月{d.day}日" if d else "未定"


def period_label(data: BriefData) -> str:
    """The period a pack covers: the options' dates, else the span of its meetings."""
    dates = [d for d in data.meetings["date"] if d is not None]
    start = data.options.date_from or (min(dates) if dates else None)
    end = data.options.date_to or (max(dates) if dates else None)
    if start and end:
        return cn_date(start) if start == end else f"{cn_date(start)}至{cn_date(end)}"
    return "全部"


def _short_period(data: BriefData) -> str:
    """A compact period for chart titles (2024年2月20日—23日)."""
    dates = [d for d in data.meetings["date"] if d is not None]
    start = data.options.date_from or (min(dates) if dates else None)
    end = data.options.date_to or (max(dates) if dates else None)
    if not (start and end):
        return "全部时间"
    if start == end:
        return cn_date(start)
    if start.year == end.year and start.month == end.month:
        return f"{start.year}年{start.month}月{start.day}日—{end.day}日"
    if start.year == end.year:
        return f"{start.year}年{start.month}月{start.day}日—{end.month}月{end.day}日"
    return f"{cn_date(start)}—{cn_date(end)}"


def _num(v: float) -> str:
    """A figure value without a trailing .0."""
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def _figure_text(number_text: object, qualifier: object, value: float, measure: object) -> str:
    """A figure as the report wrote it (近40家次, 4万多人), else rebuilt from its parts."""
    if isinstance(number_text, str) and number_text.strip():
        return number_text.strip()
    q = qualifier if isinstance(qualifier, str) else ""
    m = measure if isinstance(measure, str) else ""
    return f"{_num(value)}{q}{m}" if q in ("余", "多") else f"{q}{_num(value)}{m}"


def sources_note(data: BriefData, meeting_ids: Sequence[str]) -> str:
    """One-line source footnote: the meetings (date, title) and source files the rows come from."""
    ids = list(dict.fromkeys(m for m in meeting_ids if isinstance(m, str)))
    rows = data.meetings[data.meetings["meeting_id"].isin(ids)] if ids else data.meetings
    listed = [f"{r.title}（{cn_date(r.date)}）" for r in rows.itertuples()]
    more = f"等{len(listed)}次会议" if len(listed) > MAX_LISTED_MEETINGS else ""
    files = sorted({Path(str(p)).name for p in rows["path"].dropna()})
    return (
        f"来源：{'；'.join(listed[:MAX_LISTED_MEETINGS])}{more}（报道原文：{'、'.join(files) or '—'}）。"
        f"统计截至{cn_date(data.generated)}。"
    )


# --- charts ----------------------------------------------------------------------------------------
# Charts come from tracker.charts (the dashboard's builders and template) where it has one; the rest are
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
        return f"{self.title}（{_short_period(data)}）"


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


def _overdue_rows(d: BriefData) -> pd.DataFrame:
    c = d.commitments
    return c[c["overdue"] | (c["colour"] == "red")]


def _overdue_fig(d: BriefData) -> go.Figure:
    rows = _overdue_rows(d).dropna(subset=["unit_name"])
    return charts.unit_status_bar(_status_counts(rows, "unit_name"), _ctitle(d, "overdue"), "zh")


def _overdue_takeaway(d: BriefData) -> str:
    rows = _overdue_rows(d)
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
    text = _figure_text(top["number_text"], top["qualifier"], top["value"], top["measure"])
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
        _overdue_rows,
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


# --- the pack --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartSlide:
    """One chart in a pack: its title, takeaway, source footnote and rendered PNG."""

    name: str
    title: str
    takeaway: str
    footnote: str
    png: bytes


@dataclass(frozen=True)
class Brief:
    """Everything a pack shows, in order; PPTX and PDF are two layouts of this."""

    city: str
    title: str
    period: str
    generated: dt.date
    scope: str
    headline: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    charts: tuple[ChartSlide, ...]
    overdue_columns: tuple[str, ...]
    overdue: tuple[tuple[str, ...], ...]
    sources_columns: tuple[str, ...]
    sources: tuple[tuple[str, ...], ...]
    chart_names: tuple[str, ...] = field(default=())


OVERDUE_COLUMNS = ("事项", "责任单位", "到期日", "状态", "会议")
SOURCES_COLUMNS = ("日期", "会议", "来源文件", "报道")


def _clip(text: str, n: int) -> str:
    """Shorten text to n characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def overdue_table(data: BriefData) -> pd.DataFrame:
    """The red and overdue commitments, by due date then unit then id, as the pack lists them."""
    rows = _overdue_rows(data).copy()
    rows["_due"] = rows["due_date"].map(lambda v: v or dt.date.max)
    rows["_unit"] = rows["unit_name"].fillna(rows["addressee"]).fillna("\uffff")  # no unit: last
    when = dict(zip(data.meetings["meeting_id"], data.meetings["date"], strict=True))
    rows["_met"] = rows["meeting_id"].map(lambda m: when.get(m) or dt.date.max)
    keys = ["_due", "_unit", "_met", "source_id", "char_start", "commitment_id"]
    return rows.sort_values(keys, kind="stable").drop(columns=["_due", "_unit", "_met"])


def overdue_cells(data: BriefData) -> tuple[tuple[str, ...], ...]:
    """The red/overdue table's cells (事项, 责任单位, 到期日, 状态, 会议), in overdue_table order."""
    titles = dict(zip(data.meetings["meeting_id"], data.meetings["title"], strict=True))
    out = []
    for r in overdue_table(data).itertuples():
        unit = (
            r.unit_name
            if isinstance(r.unit_name, str)
            else (r.addressee if isinstance(r.addressee, str) else "—")
        )
        status = r.status + ("·逾期" if r.overdue else "")
        out.append(
            (
                _clip(r.title, 40),
                unit,
                r.due_date.isoformat() if r.due_date else "未定",
                status,
                _clip(titles.get(r.meeting_id, "—"), 18),
            )
        )
    return tuple(out)


def sources_cells(data: BriefData) -> tuple[tuple[str, ...], ...]:
    """The sources table's cells (日期, 会议, 来源文件, 报道), one row per selected meeting."""
    return tuple(
        (
            r.date.isoformat() if r.date else "—",
            str(r.title),
            str(r.path) if isinstance(r.path, str) else "—",
            str(r.source_title) if isinstance(r.source_title, str) else "—",
        )
        for r in data.meetings.itertuples()
    )


def headline(data: BriefData) -> tuple[tuple[str, str], ...]:
    """The summary slide's headline figures, all counted from the selected rows."""
    com = data.commitments
    units = com["unit_id"].dropna().nunique()
    red = len(_overdue_rows(data))
    done = int((com["status"] == "已完成").sum())
    return (
        ("会议", f"{len(data.meetings)}次"),
        ("事项", f"{len(com)}项"),
        ("责任单位", f"{units}个"),
        ("已完成", f"{done}项" if data.has_progress else "未填报"),
        ("红色/逾期", f"{red}项"),
        ("报道指标", f"{len(data.figures)}项"),
    )


def summary_notes(data: BriefData) -> tuple[str, ...]:
    """Plain statements under the headline figures (including that there is no progress yet)."""
    com = data.commitments
    notes = []
    kinds = com["kind"].value_counts()
    if len(com):
        parts = [f"{KIND_LABELS.get(k, k)}{int(kinds[k])}项" for k in KIND_LABELS if k in kinds]
        notes.append(f"{len(data.meetings)}次会议共提出事项{len(com)}项（{'、'.join(parts)}）。")
    else:
        notes.append("所选范围内没有提取到事项。")
    if not data.has_progress:
        notes.append("尚无进展填报：各事项状态均为“未填报”，本简报不对完成情况作任何估计。")
    else:
        none = int((com["status"] == NO_REPORT).sum())
        notes.append(f"已填报进展{len(com) - none}项，未填报{none}项。")
    red = len(_overdue_rows(data))
    notes.append(
        f"截至{cn_date(data.generated)}，红色或逾期事项{red}项，详见“红色及逾期事项”表。"
        if red
        else f"截至{cn_date(data.generated)}，没有红色或逾期事项。"
    )
    return tuple(notes)


def scope_label(data: BriefData) -> str:
    """Which meetings and units the pack covers, in words."""
    parts = []
    if data.options.meetings:
        parts.append("会议：" + "、".join(data.meetings["title"]))
    if data.options.units:
        parts.append("单位：" + "、".join(data.options.units))
    return "；".join(parts) or "范围：全部会议、全部单位"


def for_slide(fig: go.Figure) -> go.Figure:
    """A copy of a chart without its own title (the slide or page heading carries it)."""
    out = go.Figure(fig)
    out.update_layout(
        title_text="", width=CHART_WIDTH, height=CHART_HEIGHT, font_size=SLIDE_FONT_SIZE, margin_t=40
    )
    return out


def assemble(data: BriefData, images: Sequence[bytes] | None = None) -> Brief:
    """Lay out a pack from selected data; `images` are the chart PNGs (rendered if not given)."""
    names = chart_names(data.options.charts)
    specs = [CHARTS_BY_NAME[n] for n in names]
    if images is None:
        figs = [for_slide(s.build(data)) for s in specs]
        images = export.render_many(figs, "png", scale=2) if figs else []
    slides = tuple(
        ChartSlide(
            name=s.name,
            title=s.full_title(data),
            takeaway=s.takeaway(data),
            footnote=sources_note(data, list(s.rows(data)["meeting_id"])),
            png=img,
        )
        for s, img in zip(specs, images, strict=True)
    )
    return Brief(
        city=data.city,
        title=f"{data.city}重点工作督查简报",
        period=period_label(data),
        generated=data.generated,
        scope=scope_label(data),
        headline=headline(data),
        notes=summary_notes(data),
        charts=slides,
        overdue_columns=OVERDUE_COLUMNS,
        overdue=overdue_cells(data),
        sources_columns=SOURCES_COLUMNS,
        sources=sources_cells(data),
        chart_names=names,
    )


def outline(data: BriefData) -> Brief:
    """The pack without chart pictures (nothing rendered), for previews."""
    return assemble(data, images=[b"" for _ in chart_names(data.options.charts)])


def build_brief(con: duckdb.DuckDBPyConnection, config: Config, options: BriefOptions) -> Brief:
    """Select, chart (one Chromium for all charts) and lay out a pack."""
    return assemble(gather(con, config, options))


def pages(
    rows: Sequence[tuple[str, ...]], per_page: int = TABLE_ROWS_PER_SLIDE
) -> list[Sequence[tuple[str, ...]]]:
    """Split table rows into slide-sized chunks; an empty table is one empty chunk."""
    if not rows:
        return [()]
    return [rows[i : i + per_page] for i in range(0, len(rows), per_page)]


def slide_titles(brief: Brief) -> list[str]:
    """The title of every slide, in order (the PPTX has exactly these slides)."""
    titles = [brief.title, "工作概况"]
    titles += [c.title for c in brief.charts]
    ov = pages(brief.overdue)
    titles += ["红色及逾期事项" + (f"（{i + 1}/{len(ov)}）" if len(ov) > 1 else "") for i in range(len(ov))]
    src = pages(brief.sources)
    titles += ["资料来源" + (f"（{i + 1}/{len(src)}）" if len(src) > 1 else "") for i in range(len(src))]
    return titles


# --- PPTX ------------------------------------------------------------------------------------------

PPTX_FONT = "Microsoft YaHei"  # the usual Chinese UI font in offices; other systems substitute a CJK sans
_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _normalise_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps and order so the same pack gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


_EMU_W, _EMU_H = 12192000, 6858000  # 13.333 × 7.5 in, 16:9
_ACCENT = (0xA6, 0x1B, 0x1B)
_GREY = (0x59, 0x59, 0x59)


def _rgb(c: tuple[int, int, int]) -> object:
    from pptx.dml.color import RGBColor

    return RGBColor(*c)


def _style_runs(
    frame: object, size: float, bold: bool = False, colour: tuple[int, int, int] | None = None
) -> None:
    """Set size, weight, colour and both Latin and East Asian typefaces on every run of a text frame."""
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    for para in frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            if colour:
                run.font.color.rgb = _rgb(colour)
            run.font.name = PPTX_FONT
            rpr = run._r.get_or_add_rPr()
            latin = rpr.find(qn("a:latin"))
            ea = rpr.find(qn("a:ea"))
            if ea is None:
                ea = latin.makeelement(qn("a:ea"), {})
                latin.addnext(ea)
            ea.set("typeface", PPTX_FONT)


def _text(
    slide: object, x: int, y: int, w: int, h: int, lines: Sequence[str], size: float, **style: object
) -> object:
    """A word-wrapped text box with one paragraph per line."""
    from pptx.util import Emu

    box = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h))
    tf = box.text_frame
    tf.word_wrap = True
    for i, line in enumerate(lines):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.text = line
    _style_runs(tf, size, **style)
    return box


def _title(slide: object, text: str) -> None:
    """Fill and place the slide's title placeholder across the 16:9 width, with an accent bar above."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Emu

    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Emu(_EMU_W), Emu(120000))
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(_ACCENT)
    bar.line.fill.background()
    t = slide.shapes.title
    t.left, t.top, t.width, t.height = Emu(457200), Emu(230000), Emu(_EMU_W - 914400), Emu(700000)
    t.text = text
    _style_runs(t.text_frame, 28, bold=True, colour=(0x1F, 0x1F, 0x1F))
    from pptx.enum.text import PP_ALIGN

    t.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT


def _table(
    slide: object, columns: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> None:
    """A table under the title; widths are fractions of the content width."""
    from pptx.util import Emu

    left, top, width = 457200, 1100000, _EMU_W - 914400
    shape = slide.shapes.add_table(len(rows) + 1, len(columns), Emu(left), Emu(top), Emu(width), Emu(400000))
    table = shape.table
    for j, frac in enumerate(widths):
        table.columns[j].width = Emu(int(width * frac))
    for j, name in enumerate(columns):
        cell = table.cell(0, j)
        cell.text = name
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(_ACCENT)
        _style_runs(cell.text_frame, 13, bold=True, colour=(0xFF, 0xFF, 0xFF))
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = value
            _style_runs(cell.text_frame, 12)


def to_pptx(brief: Brief) -> bytes:
    """The pack as a 16:9 PowerPoint file (same pack → same bytes)."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(_EMU_W), Emu(_EMU_H)
    fixed = dt.datetime(brief.generated.year, brief.generated.month, brief.generated.day)
    props = prs.core_properties
    props.title, props.author, props.last_modified_by = brief.title, brief.city, brief.city
    props.created = props.modified = fixed
    props.revision = 1
    title_layout, content_layout = prs.slide_layouts[0], prs.slide_layouts[5]
    titles = iter(slide_titles(brief))

    s = prs.slides.add_slide(title_layout)
    s.shapes.title.text = next(titles)
    t = s.shapes.title
    t.left, t.top, t.width, t.height = Emu(457200), Emu(2000000), Emu(_EMU_W - 914400), Emu(1300000)
    _style_runs(t.text_frame, 40, bold=True, colour=_ACCENT)
    sub = s.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = Emu(457200), Emu(3500000), Emu(_EMU_W - 914400), Emu(1800000)
    sub.text_frame.text = f"期间：{brief.period}"
    for line in (brief.scope, f"生成日期：{cn_date(brief.generated)}"):
        sub.text_frame.add_paragraph().text = line
    _style_runs(sub.text_frame, 20, colour=_GREY)

    s = prs.slides.add_slide(content_layout)
    _title(s, next(titles))
    tile_w, tile_h, gap = 3600000, 1150000, 250000
    for i, (label, value) in enumerate(brief.headline):
        x = 457200 + (i % 3) * (tile_w + gap)
        y = 1150000 + (i // 3) * (tile_h + gap)
        tile = s.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(x), Emu(y), Emu(tile_w), Emu(tile_h))
        tile.fill.solid()
        tile.fill.fore_color.rgb = _rgb((0xF4, 0xEC, 0xEC))
        tile.line.color.rgb = _rgb(_ACCENT)
        tf = tile.text_frame
        tf.text = value
        tf.add_paragraph().text = label
        _style_runs(tf, 30, bold=True, colour=_ACCENT)
        for run in tf.paragraphs[1].runs:
            from pptx.util import Pt

            run.font.size, run.font.bold = Pt(16), False
            run.font.color.rgb = _rgb(_GREY)
    _text(s, 457200, 4100000, _EMU_W - 914400, 2400000, [f"• {n}" for n in brief.notes], 18)

    for chart in brief.charts:
        s = prs.slides.add_slide(content_layout)
        _title(s, next(titles))
        _text(s, 457200, 900000, _EMU_W - 914400, 450000, [chart.takeaway], 18, bold=True, colour=_ACCENT)
        pic_h = 4700000
        pic_w = pic_h * CHART_WIDTH // CHART_HEIGHT
        s.shapes.add_picture(
            io.BytesIO(chart.png), Emu((_EMU_W - pic_w) // 2), Emu(1400000), Emu(pic_w), Emu(pic_h)
        )
        _text(s, 457200, 6200000, _EMU_W - 914400, 550000, [chart.footnote], 11, colour=_GREY)

    widths_o = (0.40, 0.17, 0.12, 0.12, 0.19)
    for chunk in pages(brief.overdue):
        s = prs.slides.add_slide(content_layout)
        _title(s, next(titles))
        if chunk:
            _table(s, brief.overdue_columns, chunk, widths_o)
        else:
            _text(
                s,
                457200,
                1300000,
                _EMU_W - 914400,
                800000,
                [f"截至{cn_date(brief.generated)}，没有红色或逾期事项。"],
                20,
            )
    for chunk in pages(brief.sources):
        s = prs.slides.add_slide(content_layout)
        _title(s, next(titles))
        _table(s, brief.sources_columns, chunk, (0.12, 0.30, 0.30, 0.28))
    out = io.BytesIO()
    prs.save(out)
    return _normalise_zip(out.getvalue())


# --- PDF (A4) --------------------------------------------------------------------------------------

_CID_FALLBACK = "STSong-Light"
_PDF_FONT_CACHE: list[str] = []


def pdf_font() -> str:
    """Register and return a CJK font for the PDF: an embeddable TrueType CJK font if one is installed, else
    reportlab's built-in STSong-Light CID font (text is exact, but viewers supply the glyphs)."""
    if _PDF_FONT_CACHE:
        return _PDF_FONT_CACHE[0]
    import subprocess

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    candidates = [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ]
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
        candidates += sorted(line.split(":")[0] for line in listed.splitlines() if line.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    for path in dict.fromkeys(candidates):
        if not Path(path).is_file() or not path.lower().endswith((".ttf", ".ttc")):
            continue
        try:
            pdfmetrics.registerFont(TTFont("BriefCJK", path, subfontIndex=0))
        except (TTFError, OSError, ValueError):
            continue
        _PDF_FONT_CACHE.append("BriefCJK")
        return "BriefCJK"
    pdfmetrics.registerFont(UnicodeCIDFont(_CID_FALLBACK))
    _PDF_FONT_CACHE.append(_CID_FALLBACK)
    return _CID_FALLBACK


def to_pdf(brief: Brief) -> bytes:
    """The pack as an A4 portrait PDF: cover with summary, two charts a page, then the tables."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        LongTable,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )

    font = pdf_font()
    accent = colors.Color(*(c / 255 for c in _ACCENT))

    def style(name: str, size: float, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.45, wordWrap="CJK", **kw)

    h_title = style("title", 24, textColor=accent, alignment=1, spaceAfter=6 * mm)
    h_sub = style("sub", 12, textColor=colors.Color(0.35, 0.35, 0.35), alignment=1)
    h2 = style("h2", 15, spaceBefore=3 * mm, spaceAfter=2 * mm)
    body = style("body", 11)
    take = style("take", 11, textColor=accent)
    foot = style("foot", 8, textColor=colors.Color(0.35, 0.35, 0.35))
    cell = style("cell", 9)
    head = style("head", 9, textColor=colors.white)
    width = A4[0] - 36 * mm

    def table(columns: Sequence[str], rows: Sequence[Sequence[str]], fracs: Sequence[float]) -> LongTable:
        data = [[Paragraph(c, head) for c in columns]] + [[Paragraph(v, cell) for v in r] for r in rows]
        t = LongTable(data, colWidths=[width * f for f in fracs], repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), accent),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.Color(0.7, 0.7, 0.7)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.Color(0.97, 0.95, 0.95)]),
                ]
            )
        )
        return t

    titles = slide_titles(brief)
    story: list[object] = [Spacer(1, 20 * mm), Paragraph(brief.title, h_title)]
    for line in (f"期间：{brief.period}", brief.scope, f"生成日期：{cn_date(brief.generated)}"):
        story.append(Paragraph(line, h_sub))
    story += [Spacer(1, 10 * mm), Paragraph(titles[1], h2)]
    tiles = [
        [
            Paragraph(f"<font size=20>{v}</font><br/>{k}", style(f"t{i}", 11, alignment=1, textColor=accent))
            for i, (k, v) in enumerate(brief.headline[j : j + 3], start=j)
        ]
        for j in range(0, len(brief.headline), 3)
    ]
    grid = LongTable(tiles, colWidths=[width / 3] * 3, rowHeights=[22 * mm] * len(tiles))
    grid.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, accent),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, accent),
                ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.96, 0.93, 0.93)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story += [grid, Spacer(1, 6 * mm)]
    story += [Paragraph(f"• {n}", body) for n in brief.notes]

    img_w = width
    img_h = img_w * CHART_HEIGHT / CHART_WIDTH
    for i, chart in enumerate(brief.charts):
        if i % 2 == 0:
            story.append(PageBreak())
        block = [
            Paragraph(chart.title, h2),
            Paragraph(chart.takeaway, take),
            Spacer(1, 2 * mm),
            Image(io.BytesIO(chart.png), width=img_w, height=img_h),
            Paragraph(chart.footnote, foot),
            Spacer(1, 6 * mm),
        ]
        story.append(KeepTogether(block))

    story += [PageBreak(), Paragraph("红色及逾期事项", h2)]
    if brief.overdue:
        story.append(table(brief.overdue_columns, brief.overdue, (0.40, 0.16, 0.13, 0.12, 0.19)))
    else:
        story.append(Paragraph(f"截至{cn_date(brief.generated)}，没有红色或逾期事项。", body))
    story += [
        PageBreak(),
        Paragraph("资料来源", h2),
        table(brief.sources_columns, brief.sources, (0.13, 0.29, 0.30, 0.28)),
    ]

    def footer(canvas: object, doc: object) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.Color(0.4, 0.4, 0.4))
        canvas.drawString(18 * mm, 10 * mm, f"{brief.title} · {brief.period}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"第{doc.page}页")
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=brief.title,
        author=brief.city,
        subject=brief.period,
        creator="tracker brief",
        invariant=1,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


WRITERS: dict[str, Callable[[Brief], bytes]] = {".pptx": to_pptx, ".pdf": to_pdf}


def write_brief(brief: Brief, path: Path | str) -> Path:
    """Write a pack to .pptx or .pdf atomically (temporary file, then rename)."""
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise UserError(f"--out '{path}' must end in .pptx or .pdf")
    return export.atomic_write(path, writer(brief))
