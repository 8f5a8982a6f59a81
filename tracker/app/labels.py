"""How pages write a day from the data, a meeting in a picker, the due-date rule and a meetings chart: plain
functions (no Streamlit), so the pages stay layout and these are tested on their own."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from tracker.cells import as_date
from tracker.config import Config
from tracker.i18n import Lang, format_date, t
from tracker.progress.due import default_rules
from tracker.reports import charts


def day_text(value: object, lang: Lang, iso: bool = False) -> str:
    """A day from the data as 2024年2月20日 / 20 Feb 2024 (2024-02-20 with `iso`); 日期不详 when it has none."""
    d = as_date(value)
    if d is None:
        return t("date_unknown", lang)
    return d.isoformat() if iso else format_date(d, lang)


def meeting_labels(rows: pd.DataFrame, lang: Lang, iso: bool = False) -> dict[str, str]:
    """{meeting id: its day and title}, in the rows' order, for a meeting picker or list."""
    return {
        m: f"{day_text(d, lang, iso)} {title}"
        for m, d, title in zip(rows["meeting_id"], rows["date"], rows["title"], strict=True)
    }


def due_rules(config: Config, lang: Lang) -> str:
    """The config's rules for assuming a due date the text does not state, as one sentence."""
    return default_rules(config, lang)


def meetings_chart(per_meeting: pd.DataFrame, title: str, lang: Lang) -> tuple[go.Figure, int | None]:
    """Commitments per meeting (queries.commitments_by_meeting) as a chart: one bar per meeting, or per month
    when there are too many meetings (the query then leaves meeting_id empty); with the number of meetings
    counted when charted per month, None otherwise."""
    if len(per_meeting) and per_meeting["meeting_id"].isna().all():
        return charts.months_bar(per_meeting, title, lang), int(per_meeting["n_meetings"].sum())
    return charts.meetings_bar(per_meeting, title, lang), None


# the figures page's groupings: the column of a figure row each one reads
FIGURE_GROUP_COLUMNS = {
    "topic": "topic",
    "meeting": "meeting_title",
    "unit": "unit_name",
    "measure": "measure",
}


def figure_group_names(rows: pd.DataFrame, group_by: str, lang: Lang) -> list[str]:
    """Each figure's group under `group_by` (topic, meeting, unit, measure) as a person reads it: a missing topic
    is its report's title, a missing meeting says which report the figure is in, a missing unit or measure says
    so."""
    if group_by == "topic":
        return [
            tp if isinstance(tp, str) else (s or "—")
            for tp, s in zip(rows["topic"], rows["source_title"], strict=True)
        ]
    if group_by == "meeting":
        return [
            m if isinstance(m, str) else t("not_in_meeting", lang, source=s or "")
            for m, s in zip(rows["meeting_title"], rows["source_title"], strict=True)
        ]
    if group_by == "unit":
        return [u if isinstance(u, str) else t("no_unit", lang) for u in rows["unit_name"]]
    return [m if isinstance(m, str) else "—" for m in rows["measure"]]


def group_names(groups: pd.DataFrame, group_by: str, lang: Lang) -> list[str]:
    """The names of the groups queries.figure_groups found (grp, source_title), written as figure_group_names
    writes a figure's group."""
    rows = groups.rename(columns={"grp": FIGURE_GROUP_COLUMNS[group_by]})
    for col in FIGURE_GROUP_COLUMNS.values():
        if col not in rows:
            rows[col] = None
    return figure_group_names(rows, group_by, lang)
