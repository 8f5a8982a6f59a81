"""All read SQL of the dashboard: plain, parameterised functions taking a DuckDB connection and returning frames.

Filter values only ever travel as `?` parameters; the SQL text is assembled from constant fragments.
A query that shows status takes it as an argument, `status=StatusView` (made for the page's or pack's as-of day
by tracker.progress.status.status_view); without one it shows the database's own status (database_status).
One module per kind of read (filters, sql, status, options, commitments, meetings, figures, headline, review,
follow_up, ownership); every public name is importable from here, `from tracker.store.queries import name`.
"""

from __future__ import annotations

from tracker.store.queries.carry import prepare as prepare_status
from tracker.store.queries.commitments import (
    ROLES,
    commitments,
    count_commitments,
    count_unit_commitments,
    departments_in_data,
    dept_town_links,
    linked_commitments,
    meeting_commitments,
    overdue,
    status_counts,
    unit_commitments,
    unit_holdings,
    unit_status_counts,
)
from tracker.store.queries.figures import (
    FIGURE_GROUPS,
    count_figures,
    figure_groups,
    figures,
    figures_in_group,
    top_figures,
)
from tracker.store.queries.filters import PAGE_SIZE, UNIT_KINDS, Filters
from tracker.store.queries.follow_up import RANKING_SQL, count_follow_up, follow_up_rows, ranking_inputs
from tracker.store.queries.headline import (
    COUNTED_UNIT_KINDS,
    HEADLINE_KEYS,
    headline,
    headline_counts,
    meetings_of,
    overdue_rows,
    red_or_overdue_rows,
    status_counts_of,
)
from tracker.store.queries.meetings import (
    MAX_MEETING_BARS,
    commitments_by_meeting,
    count_meetings,
    meeting_dates,
    meetings,
    recent_meetings,
    source,
    source_findings,
    sources,
    spans,
)
from tracker.store.queries.options import (
    build_meta,
    meeting_choices,
    meeting_options,
    period_range,
    periods,
    unit_options,
)
from tracker.store.queries.ownership import assignment_items, commitment_owners, unit_ids
from tracker.store.queries.review import (
    review_aliases,
    review_counts,
    review_history,
    review_items,
    review_orphans,
    review_waiting,
    source_texts,
)
from tracker.store.queries.search import warm as prepare_search
from tracker.store.queries.sql import has_relation, reviewed_as_of
from tracker.store.queries.status import (
    Lineage,
    StatusView,
    commitment_status,
    database_status,
    no_report_status,
    status_columns,
)
from tracker.vocabulary import DONE, NO_REPORT, REVIEWED_STATES, STATUS_VIEW_COLUMNS

__all__ = [
    "COUNTED_UNIT_KINDS",
    "DONE",
    "FIGURE_GROUPS",
    "Filters",
    "HEADLINE_KEYS",
    "Lineage",
    "MAX_MEETING_BARS",
    "NO_REPORT",
    "PAGE_SIZE",
    "RANKING_SQL",
    "REVIEWED_STATES",
    "ROLES",
    "STATUS_VIEW_COLUMNS",
    "StatusView",
    "UNIT_KINDS",
    "assignment_items",
    "build_meta",
    "commitment_owners",
    "commitment_status",
    "commitments",
    "commitments_by_meeting",
    "count_commitments",
    "count_figures",
    "count_follow_up",
    "count_meetings",
    "count_unit_commitments",
    "database_status",
    "departments_in_data",
    "dept_town_links",
    "figure_groups",
    "figures",
    "figures_in_group",
    "follow_up_rows",
    "has_relation",
    "headline",
    "headline_counts",
    "linked_commitments",
    "meeting_choices",
    "meeting_commitments",
    "meeting_dates",
    "meeting_options",
    "meetings",
    "meetings_of",
    "no_report_status",
    "overdue",
    "overdue_rows",
    "period_range",
    "periods",
    "prepare_search",
    "prepare_status",
    "ranking_inputs",
    "recent_meetings",
    "red_or_overdue_rows",
    "review_aliases",
    "review_counts",
    "review_history",
    "review_items",
    "review_orphans",
    "review_waiting",
    "reviewed_as_of",
    "source",
    "source_findings",
    "source_texts",
    "sources",
    "spans",
    "status_columns",
    "status_counts",
    "status_counts_of",
    "top_figures",
    "unit_commitments",
    "unit_holdings",
    "unit_ids",
    "unit_options",
    "unit_status_counts",
]
