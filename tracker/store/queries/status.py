"""The status view handed to each query that shows status, and the database's own status without one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import duckdb
import pandas as pd

from tracker.store.queries.sql import _run, has_relation
from tracker.vocabulary import NO_REPORT, STATUS_VIEW_COLUMNS


@dataclass(frozen=True)
class Lineage:
    """Where a status table came from, so tables made from an earlier one can be carried over instead of made
    again: `serial` names this table; it is the table `parent` names with the rows of the items in `changed`
    computed again, on a database whose rows differ from that table's database in the items of `moved` at most
    (their own and their holders' rows: a review entry; empty after a progress entry)."""

    serial: int
    parent: int | None = None
    changed: frozenset[str] = frozenset()
    moved: frozenset[str] = frozenset()


@dataclass(frozen=True)
class StatusView:
    """The status of every commitment as known on `as_of` (STATUS_VIEW_COLUMNS, a DataFrame or an Arrow table),
    which the queries that show status join as `status_v`. Made by tracker.progress.status.status_view (from the
    progress log) or by database_status (no progress); shared, never modified. `key` says what it was made from,
    so two views with equal keys hold the same table."""

    table: object = field(compare=False, repr=False)
    as_of: dt.date | None = None
    key: tuple = ()
    # tables made from this one for the page queries (tracker.store.queries.derived), kept while the view lives
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    lineage: Lineage | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", status_columns(self.table))


def no_report_status(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Status before anyone reports progress: every commitment '未填报', due date from the text."""
    sql = """
        SELECT commitment_id, ? AS status, CAST(NULL AS DOUBLE) AS percent, due_date,
               CAST(NULL AS VARCHAR) AS colour, CAST(NULL AS DATE) AS last_update,
               CAST(NULL AS INTEGER) AS days_since_update,
               CASE WHEN due_date IS NOT NULL THEN 'text' END AS due_source, CAST(NULL AS VARCHAR) AS reasons,
               CAST(0 AS BIGINT) AS days_overdue, CAST(NULL AS BIGINT) AS days_silent
        FROM commitments
    """
    return _run(con, sql, [NO_REPORT])


@runtime_checkable
class _ArrowTable(Protocol):
    """What status_columns uses of a pyarrow Table (without importing pyarrow where none is used)."""

    column_names: list[str]

    def select(self, columns: list[str]) -> object: ...


def status_columns(frame: object) -> object:
    """A status table with exactly STATUS_VIEW_COLUMNS (missing ones empty); an Arrow table is selected, not copied."""
    if isinstance(frame, _ArrowTable):  # an Arrow table (tracker.progress.status.slim_status): used as it is
        return frame.select(list(STATUS_VIEW_COLUMNS))
    assert isinstance(frame, pd.DataFrame)
    missing = [col for col in STATUS_VIEW_COLUMNS if col not in frame.columns]
    if missing:
        frame = frame.assign(**dict.fromkeys(missing))
    return frame[list(STATUS_VIEW_COLUMNS)]


def database_status(con: duckdb.DuckDBPyConnection) -> StatusView:
    """The status a database holds without the progress log: its `commitment_status` relation if it has one,
    else '未填报' for all. What a query shows when it is given no status view."""
    if has_relation(con, "commitment_status"):
        return StatusView(status_columns(_run(con, "SELECT * FROM commitment_status")), key=("database",))
    return StatusView(no_report_status(con), key=("no_report",))


def commitment_status(con: duckdb.DuckDBPyConnection, status: StatusView | None = None) -> object:
    """The status table a query joins (STATUS_VIEW_COLUMNS): `status`'s, else the database's own."""
    return _view(con, status).table


def _view(con: duckdb.DuckDBPyConnection, status: StatusView | None) -> StatusView:
    return status if status is not None else database_status(con)


def _status_table(con: duckdb.DuckDBPyConnection, status: StatusView | None) -> object:
    """The table a query joins as `status_v`: the given view's, else the database's own status."""
    return _view(con, status).table
