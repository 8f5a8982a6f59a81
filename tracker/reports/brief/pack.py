"""A pack laid out from selected data: chart slides, headline, tables, slide titles (in the pack's language)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import pandas as pd
import plotly.graph_objects as go

from tracker.config import Config
from tracker.i18n import Lang, status_label, t
from tracker.reports import render as export
from tracker.reports.brief.model import (
    CHART_HEIGHT,
    CHART_WIDTH,
    KIND_ORDER,
    SLIDE_FONT_SIZE,
    TABLE_ROWS_PER_SLIDE,
    BriefData,
    BriefOptions,
    cn_date,
    due_text,
    kind_name,
    listing,
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
    as_of: dt.date
    scope: str
    headline: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    charts: tuple[ChartSlide, ...]
    overdue_columns: tuple[str, ...]
    overdue: tuple[tuple[str, ...], ...]
    sources_columns: tuple[str, ...]
    sources: tuple[tuple[str, ...], ...]
    chart_names: tuple[str, ...] = field(default=())
    lang: Lang = "zh"
    overdue_footnote: str = ""  # how assumed due dates (marked *) were set, when the table has any
    # the annex of 佐证材料: one row per file of the selected items' reports (none: no annex slide)
    attachments_columns: tuple[str, ...] = ()
    attachments: tuple[tuple[str, ...], ...] = ()

    def t(self, key: str, **fields: object) -> str:
        """A label in the pack's language."""
        return t(key, self.lang, **fields)


OVERDUE_KEYS = ("title", "unit", "due", "status", "meeting")
SOURCES_KEYS = ("date", "meeting", "file", "report")


def overdue_columns(lang: Lang) -> tuple[str, ...]:
    """The red/overdue table's headers in `lang`."""
    return tuple(t(f"pack_col_{k}", lang) for k in OVERDUE_KEYS)


def sources_columns(lang: Lang) -> tuple[str, ...]:
    """The sources table's headers in `lang`."""
    return tuple(t(f"pack_col_{k}", lang) for k in SOURCES_KEYS)


OVERDUE_COLUMNS = overdue_columns("zh")
SOURCES_COLUMNS = sources_columns("zh")


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
    """The red/overdue table's cells (commitment, unit, due, status, meeting), in overdue_table order; a due
    date the text does not state is marked with * (see overdue_footnote)."""
    titles = dict(zip(data.meetings["meeting_id"], data.meetings["title"], strict=True))
    table = overdue_table(data)
    out = []
    for r in table.head(MAX_TABLE_ROWS).to_dict("records"):
        unit = (
            r["unit_name"]
            if isinstance(r["unit_name"], str)
            else (r["addressee"] if isinstance(r["addressee"], str) else "—")
        )
        status = status_label(r["status"], data.lang) + (data.t("pack_overdue_tag") if r["overdue"] else "")
        out.append(
            (
                _clip(r["title"], 40),
                unit,
                due_text(r["due_date"], r["due_source"], data.lang),
                status,
                _clip(titles.get(r["meeting_id"], "—"), 18),
            )
        )
    return tuple(out) + _more(data, len(table), "pack_more_overdue", 5)


MAX_TABLE_ROWS = 100  # rows a pack's table lists (ten slides); a last row says how many more there are


def _more(data: BriefData, n: int, key: str, width: int) -> tuple[tuple[str, ...], ...]:
    """The row that ends a capped table: how many rows are not listed."""
    if n <= MAX_TABLE_ROWS:
        return ()
    return ((data.t(key, n=n - MAX_TABLE_ROWS), *([""] * (width - 1))),)


def overdue_footnote(data: BriefData) -> str:
    """What the * after a due date means, with the rule that set it; empty when no listed date is assumed."""
    if not (overdue_table(data).head(MAX_TABLE_ROWS)["due_source"] == "default").any():
        return ""
    return data.t("pack_assumed_footnote", rules=data.default_rules)


def sources_cells(data: BriefData) -> tuple[tuple[str, ...], ...]:
    """The sources table's cells (date, meeting, source file, report), one row per selected meeting."""
    return tuple(
        (
            r["date"].isoformat() if r["date"] else data.t("date_unknown"),
            str(r["title"]),
            str(r["path"]) if isinstance(r["path"], str) else "—",
            str(r["source_title"]) if isinstance(r["source_title"], str) else "—",
        )
        for r in data.meetings.head(MAX_TABLE_ROWS).to_dict("records")
    ) + _more(data, len(data.meetings), "pack_more_sources", 4)


ATTACHMENT_KEYS = (
    "attach_col_item",
    "attach_col_unit",
    "attach_col_file",
    "attach_col_date",
    "attach_col_hash",
)


def attachments_columns(lang: Lang) -> tuple[str, ...]:
    """The evidence-files annex's headers in `lang`."""
    return tuple(t(f"loop.{k}", lang) for k in ATTACHMENT_KEYS)


def attachments_cells(data: BriefData) -> tuple[tuple[str, ...], ...]:
    """The annex's cells: item, unit, file (name, type, size), report date, the first 12 hex of its sha256."""
    rows = data.attachments
    if rows is None or rows.empty:
        return ()
    return tuple(
        (
            _clip(str(r["title"] or ""), 40),
            str(r["unit_name"]) if isinstance(r["unit_name"], str) else "—",
            f"{r['name']}（{r['kind']}，{int(r['size']) / 1024:.0f} KB）",
            str(r["as_of"]),
            str(r["sha256"])[:12],
        )
        for r in rows.head(MAX_TABLE_ROWS).to_dict("records")
    ) + _more(data, len(rows), "loop.attach_more", 5)


def headline(data: BriefData) -> tuple[tuple[str, str], ...]:
    """The summary slide's headline figures: queries.headline for the selection, as the overview."""
    c = data.counts
    return (
        (data.t("pack_h_meetings"), data.t("pack_n_meetings", n=c["meetings"])),
        (data.t("pack_h_commitments"), data.t("pack_n_items", n=c["commitments"])),
        (data.t("pack_h_units"), data.t("pack_n_units", n=c["units"])),
        (
            data.t("pack_h_done"),
            data.t("pack_n_items", n=c["done"]) if data.has_progress else data.t("pack_no_report"),
        ),
        (data.t("pack_h_overdue"), data.t("pack_n_items", n=c["overdue"])),
        (data.t("pack_h_figures"), data.t("pack_n_items", n=c["figures"])),
    )


def skipped_charts(data: BriefData) -> tuple[str, ...]:
    """The chosen charts that have nothing to show for this selection (left out of the pack)."""
    return tuple(n for n in chart_names(data.options.charts) if not CHARTS_BY_NAME[n].has_data(data))


def included_charts(data: BriefData) -> tuple[str, ...]:
    """The chosen charts that have something to show, in order."""
    skipped = set(skipped_charts(data))
    return tuple(n for n in chart_names(data.options.charts) if n not in skipped)


def summary_notes(data: BriefData) -> tuple[str, ...]:
    """Plain statements under the headline figures (no progress yet, assumed deadlines, left-out charts)."""
    com, c, date = data.commitments, data.counts, cn_date(data.as_of, data.lang)
    notes = []
    if len(com):
        kinds = com["kind"].value_counts()
        order = [k for k in KIND_ORDER if k in kinds] + sorted(k for k in kinds.index if k not in KIND_ORDER)
        parts = [data.t("pack_kind_count", kind=kind_name(k, data.lang), n=int(kinds[k])) for k in order]
        met = com["meeting_id"].dropna()
        # N次会议 counts the meetings the selected items come from, and only their items
        text = data.t("pack_note_items", m=met.nunique(), n=len(met))
        unmet = len(com) - len(met)
        text += data.t("pack_note_unmet", n=unmet) if unmet else ""
        notes.append(text + data.t("pack_note_kinds", total=len(com), parts=listing(parts, data.lang)))
    else:
        notes.append(data.t("pack_note_none"))
    if not data.has_progress:
        notes.append(data.t("pack_note_no_progress"))
    else:
        notes.append(data.t("pack_note_reported", r=c["commitments"] - c["no_report"], n=c["no_report"]))
    if c["due_assumed"]:
        notes.append(data.t("pack_note_assumed", n=c["due_assumed"], rules=data.default_rules))
    if data.waiting:
        notes.append(data.t("review.waiting_note", n=data.waiting))
    red = len(overdue_rows(data))
    if red:
        notes.append(data.t("pack_note_overdue", date=date, n=c["overdue"], k=c["overdue_assumed"], red=red))
    else:
        notes.append(data.t("pack_note_no_red", date=date))
    skipped = skipped_charts(data)
    if skipped:
        names = listing([CHARTS_BY_NAME[n].label(data.lang) for n in skipped], data.lang)
        notes.append(data.t("pack_note_skipped", names=names))
    return tuple(notes)


def scope_label(data: BriefData) -> str:
    """Which meetings and units the pack covers, in words."""
    parts = []
    if data.options.meetings:
        parts.append(data.t("pack_scope_meetings", names=listing(list(data.meetings["title"]), data.lang)))
    if data.options.units:
        parts.append(data.t("pack_scope_units", names=listing(list(data.options.units), data.lang)))
    return ("；" if data.lang == "zh" else "; ").join(parts) or data.t("pack_scope_all")


def for_slide(fig: go.Figure) -> go.Figure:
    """A copy of a chart without its own title (the slide or page heading carries it)."""
    out = go.Figure(fig)
    out.update_layout(
        title_text="", width=CHART_WIDTH, height=CHART_HEIGHT, font_size=SLIDE_FONT_SIZE, margin_t=40
    )
    rows = len(out.layout.yaxis.tickvals or ())
    if rows:  # a unit chart names every bar: with many units, a smaller font keeps the names apart
        out.update_yaxes(tickfont_size=min(SLIDE_FONT_SIZE, int((CHART_HEIGHT - 120) / rows * 0.8)))
    return out


def assemble(data: BriefData, images: Sequence[bytes] | None = None) -> Brief:
    """Lay out a pack from selected data; `images` are the PNGs of the included charts (rendered if not given).
    Charts with nothing to show for the selection are left out (and named in the notes)."""
    names = included_charts(data)
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
        title=data.t("pack_title", city=data.city),
        period=period_label(data),
        as_of=data.as_of,
        scope=scope_label(data),
        headline=headline(data),
        notes=summary_notes(data),
        charts=slides,
        overdue_columns=overdue_columns(data.lang),
        overdue=overdue_cells(data),
        sources_columns=sources_columns(data.lang),
        sources=sources_cells(data),
        chart_names=names,
        lang=data.lang,
        overdue_footnote=overdue_footnote(data),
        attachments_columns=attachments_columns(data.lang),
        attachments=attachments_cells(data),
    )


def outline(data: BriefData) -> Brief:
    """The pack without chart pictures (nothing rendered), for previews."""
    return assemble(data, images=[b"" for _ in included_charts(data)])


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
    titles = [brief.title, brief.t("pack_overview")]
    titles += [c.title for c in brief.charts]
    ov = pages(brief.overdue)
    red, src = brief.t("pack_red_title"), brief.t("pack_sources_title")
    titles += [
        red + (brief.t("pack_page_of", i=i + 1, n=len(ov)) if len(ov) > 1 else "") for i in range(len(ov))
    ]
    sp = pages(brief.sources)
    titles += [
        src + (brief.t("pack_page_of", i=i + 1, n=len(sp)) if len(sp) > 1 else "") for i in range(len(sp))
    ]
    if brief.attachments:
        ap, annex = pages(brief.attachments), brief.t("loop.attach_annex")
        titles += [
            annex + (brief.t("pack_page_of", i=i + 1, n=len(ap)) if len(ap) > 1 else "")
            for i in range(len(ap))
        ]
    return titles
