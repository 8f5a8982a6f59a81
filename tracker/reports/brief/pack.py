"""A pack laid out from selected data: chart slides, headline, tables, slide titles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import pandas as pd
import plotly.graph_objects as go

from tracker.config import Config
from tracker.reports import render as export
from tracker.reports.brief.model import (
    CHART_HEIGHT,
    CHART_WIDTH,
    KIND_LABELS,
    NO_REPORT,
    SLIDE_FONT_SIZE,
    TABLE_ROWS_PER_SLIDE,
    BriefData,
    BriefOptions,
    cn_date,
    period_label,
    sources_note,
)
from tracker.reports.brief.select import gather
from tracker.reports.brief.specs import CHARTS_BY_NAME, chart_names, overdue_rows

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
    rows = overdue_rows(data).copy()
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
    red = len(overdue_rows(data))
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
    red = len(overdue_rows(data))
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
