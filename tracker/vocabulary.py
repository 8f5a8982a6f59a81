"""The status words and status columns every layer shares, defined once (the stored values are Chinese)."""

from __future__ import annotations

NO_REPORT = "未填报"  # nothing reported yet
NOT_STARTED = "未启动"
IN_PROGRESS = "推进中"
LATE = "滞后"
AWAITING_SIGNOFF = "待销号"  # a unit's 已完成 until an administrator signs it off
DONE = "已完成"
# Every status in the order charts, filters and legends show them.
STATUS_ORDER: tuple[str, ...] = (NO_REPORT, NOT_STARTED, IN_PROGRESS, LATE, AWAITING_SIGNOFF, DONE)
# The statuses a progress entry may state (the others are derived: 未填报 and 待销号).
ENTRY_STATUSES: tuple[str, ...] = (NOT_STARTED, IN_PROGRESS, DONE, LATE)

# The review states review.required counts: items a person has confirmed, edited or added.
REVIEWED_STATES: tuple[str, ...] = ("confirmed", "edited", "added")

# The columns of a status view (tracker.store.queries.StatusView): what the read queries join as `status_v`.
STATUS_VIEW_COLUMNS: tuple[str, ...] = (
    "commitment_id",
    "status",
    "percent",
    "due_date",
    "colour",
    "last_update",
    "days_since_update",
    "due_source",  # 'text' when the report states the due date, 'default' when the config's rule assumed it
    "reasons",  # why a commitment is red/yellow ('overdue,silent'), for rankings and follow-up
    "days_overdue",  # days past the due date, not done (0 otherwise)
    "days_silent",  # days since the last report (or since the meeting when none)
)
