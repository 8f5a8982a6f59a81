"""What a page may read, named in the app layer: the store's read queries a page runs with `ctx.call(fn, …)`
(cached per database and log version), the filter type, the no-report status and the pure chart builders.

Pages import only `tracker.app` (an import-linter contract keeps it so); they reach these as `app.data.<name>`,
so the store and the chart builders can be reorganised by editing this list, never a page.
"""

from __future__ import annotations

from tracker.reports import charts
from tracker.store.queries import (
    NO_REPORT,
    Filters,
    build_meta,
    commitments,
    commitments_by_meeting,
    count_commitments,
    count_figures,
    count_meetings,
    figure_groups,
    figures,
    figures_in_group,
    headline,
    meeting_choices,
    meeting_commitments,
    meeting_dates,
    meetings,
    overdue,
    recent_meetings,
    review_counts,
    review_waiting,
    spans,
    status_counts,
    top_figures,
    unit_options,
)

__all__ = [
    "NO_REPORT",
    "Filters",
    "build_meta",
    "charts",
    "commitments",
    "commitments_by_meeting",
    "count_commitments",
    "count_figures",
    "count_meetings",
    "figure_groups",
    "figures",
    "figures_in_group",
    "headline",
    "meeting_choices",
    "meeting_commitments",
    "meeting_dates",
    "meetings",
    "overdue",
    "recent_meetings",
    "review_counts",
    "review_waiting",
    "spans",
    "status_counts",
    "top_figures",
    "unit_options",
]
