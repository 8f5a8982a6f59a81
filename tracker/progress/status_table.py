"""Every commitment's status in one DuckDB query: the due-date, expected-progress and colour rules applied to all
commitments at once, so that a database of a million commitments gets its status table in about a second instead of
a Python loop per row (tests/status_reference.py writes the same rules out per row; the tests compare the two).

Only the roll-up needs a tree walk; it runs in Python (rules.roll_up, rules.rolled_status) over the commitments
that have a progress report and their ancestors, which are few; every other commitment is 未填报 with no percent.
build_status (DataFrames in, for tests and small tables) and status_table (the dashboard, packs and CLIs) both
come here, so there is one definition of each number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Protocol

import duckdb
import pandas as pd

from tracker.cells import day_of
from tracker.config import Config, DueDefaults
from tracker.progress.log import latest_by_commitment
from tracker.progress.rules import known_entries, roll_up, rolled_status
from tracker.vocabulary import DONE, LATE, NO_REPORT

# The commitments relation the rules need: id, parent, kind, the due date stated in the text, the meeting's date.
DB_COMMITMENTS = """
    SELECT c.commitment_id, c.parent_id, c.kind, c.due_date, m.date AS meeting_date, c.due_source
    FROM commitments c LEFT JOIN meetings m ON m.meeting_id = c.meeting_id
"""
SLIM_COLUMNS = [
    "commitment_id",
    "due_date",
    "due_source",
    "status",
    "status_source",
    "percent",
    "rollup_percent",
    "expected_percent",
    "last_update",
    "days_since_update",
    "days_silent",
    "days_overdue",
    "n_updates",
    "note",
    "entered_by",
    "colour",
    "reasons",
    "evidence_count",
    "last_evidence_date",
    "text_hint",
]
SPARSE_COLUMNS = [
    "commitment_id",
    "status",
    "status_source",
    "percent",
    "rollup_percent",
    "last_update",
    "n_updates",
    "note",
    "entered_by",
]


class ArrowTable(Protocol):
    """What is used here of the Arrow table compute() gives (pyarrow has no type information)."""

    def to_pandas(self) -> pd.DataFrame:
        """The table as a DataFrame (a copy)."""
        ...


def _default_due_sql(defaults: DueDefaults) -> tuple[str, list[object]]:
    """default_due as SQL over `kind` and `meeting_date` (rules are per kind; an unknown kind: year end)."""
    y = "make_date(year(meeting_date), 12, 31)"
    forms = {
        "year_end": y,
        "half_year_end": f"CASE WHEN month(meeting_date) <= 6 THEN make_date(year(meeting_date), 6, 30) ELSE {y} END",
        "quarter_end": "last_day(make_date(year(meeting_date), ((month(meeting_date) - 1) // 3 + 1) * 3, 1))",
    }
    parts, params = [], []
    for kind in DueDefaults.model_fields:
        rule = getattr(defaults, kind)
        if isinstance(rule, int):
            parts.append("WHEN kind = ? THEN CAST(meeting_date + to_days(CAST(? AS INTEGER)) AS DATE)")
            params += [kind, rule]
        elif rule in forms:
            parts.append(f"WHEN kind = ? THEN {forms[rule]}")
            params.append(kind)
        else:  # 'none'
            parts.append("WHEN kind = ? THEN CAST(NULL AS DATE)")
            params.append(kind)
    return f"CASE WHEN meeting_date IS NULL THEN NULL {' '.join(parts)} ELSE {y} END", params


def _sparse(con: duckdb.DuckDBPyConnection, cm: str, latest: pd.DataFrame) -> pd.DataFrame:
    """Status, percent, roll-up and last update of the commitments with a report and of their ancestors."""
    if latest.empty:
        return pd.DataFrame(columns=SPARSE_COLUMNS)
    reported = list(latest["commitment_id"])
    tree = con.execute(
        f"""WITH RECURSIVE cm AS ({cm}),
            up(cid) AS (SELECT unnest(?::VARCHAR[]) UNION SELECT c.parent_id FROM cm c JOIN up ON c.commitment_id = up.cid
                        WHERE c.parent_id IS NOT NULL AND c.parent_id <> '')
            SELECT c.commitment_id, c.parent_id,
                   (SELECT count(*) FROM cm k WHERE k.parent_id = c.commitment_id) AS n_children
            FROM cm c JOIN up ON c.commitment_id = up.cid""",
        [reported],
    ).fetchall()
    parents = {cid: (p if isinstance(p, str) and p else None) for cid, p, _ in tree}
    n_children = {cid: int(n) for cid, _, n in tree}
    own = {r["commitment_id"]: r for r in latest.to_dict("records")}
    own_pct: dict[str, float | None] = {}
    own_status: dict[str, str] = {}
    own_last: dict[str, dt.date | None] = {}
    for cid in parents:
        if cid in own:
            own_pct[cid] = float(own[cid]["percent"])
            own_status[cid] = str(own[cid]["status"])
            own_last[cid] = day_of(own[cid]["as_of"])
        else:
            own_pct[cid], own_status[cid], own_last[cid] = None, NO_REPORT, None
    kids: dict[str, list[str]] = {}
    for cid, p in parents.items():
        if p is not None and p in parents:
            kids.setdefault(p, []).append(cid)
    pct = roll_up(parents, own_pct)
    child_only = roll_up(parents, {c: (None if n_children[c] else own_pct[c]) for c in parents})
    status: dict[str, str] = {}
    last: dict[str, dt.date | None] = {}

    def eff(cid: str, seen: frozenset[str] = frozenset()) -> tuple[str, dt.date | None]:
        if cid in status:
            return status[cid], last[cid]
        if own_status[cid] != NO_REPORT or not n_children[cid]:
            status[cid], last[cid] = own_status[cid], own_last[cid]
        else:  # children without a report (outside this tree) count as 未填报
            found = [eff(k, seen | {cid}) for k in kids.get(cid, ()) if k not in seen]
            status[cid] = rolled_status([s for s, _ in found], n_children[cid])
            dates = [d for _, d in found if d is not None]
            last[cid] = max(dates) if dates else None
        return status[cid], last[cid]

    rows = []
    for cid in parents:
        st, lu = eff(cid)
        mine = own.get(cid)
        rows.append(
            {
                "commitment_id": cid,
                "status": st,
                "status_source": "entry" if mine else ("children" if st != NO_REPORT else None),
                "percent": pct[cid],
                "rollup_percent": child_only[cid] if n_children[cid] else None,
                "last_update": lu,
                "n_updates": int(mine["n_updates"]) if mine else 0,
                "note": str(mine["note"] or "") if mine else "",
                "entered_by": str(mine["entered_by"] or "") if mine else "",
            }
        )
    out = pd.DataFrame(rows, columns=SPARSE_COLUMNS)
    for c in ("percent", "rollup_percent"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    out["last_update"] = pd.to_datetime(out["last_update"])
    return out


def status_sql(
    config: Config, as_of: dt.date, cm: str, evidence: str | None
) -> tuple[str, dict[str, object]]:
    """The status query over the relation `cm` (DB_COMMITMENTS columns), the relation `sparse` (SPARSE_COLUMNS)
    and, when given, the evidence relation: one row per commitment with SLIM_COLUMNS."""
    rules = config.progress.rules
    due_sql, due_params = _default_due_sql(config.progress.due_defaults)
    if evidence:
        ev = f"""SELECT commitment_id,
                   count(*) FILTER (WHERE kind <> 'hint') AS evidence_count,
                   max(date) FILTER (WHERE kind <> 'hint') AS last_evidence_date,
                   arg_min(hint, CASE hint WHEN 'planned' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END)
                       FILTER (WHERE kind = 'hint') AS text_hint
                 FROM ({evidence}) e WHERE date IS NULL OR date <= $as_of GROUP BY commitment_id"""
    else:
        ev = """SELECT CAST(NULL AS VARCHAR) AS commitment_id, CAST(0 AS BIGINT) AS evidence_count,
                   CAST(NULL AS DATE) AS last_evidence_date, CAST(NULL AS VARCHAR) AS text_hint WHERE false"""
    sql = f"""
    WITH cm AS ({cm}),
    ev AS ({ev}),
    base AS (
        SELECT cm.commitment_id, cm.kind, CAST(cm.meeting_date AS DATE) AS mdate,
               CAST(cm.due_date AS DATE) AS text_due, ({due_sql}) AS default_due,
               coalesce(CAST(cm.due_source AS VARCHAR) = 'review', false) AS reviewer_due,
               -- cast: the same types whether or not any commitment has a report (an empty `sparse` has none)
               coalesce(CAST(sp.status AS VARCHAR), $no_report) AS status,
               CAST(sp.status_source AS VARCHAR) AS status_source, CAST(sp.percent AS DOUBLE) AS percent,
               CAST(sp.rollup_percent AS DOUBLE) AS rollup_percent, CAST(sp.last_update AS DATE) AS last_update,
               coalesce(CAST(sp.n_updates AS BIGINT), 0) AS n_updates,
               coalesce(CAST(sp.note AS VARCHAR), '') AS note,
               coalesce(CAST(sp.entered_by AS VARCHAR), '') AS entered_by,
               coalesce(ev.evidence_count, 0) AS evidence_count, ev.last_evidence_date, ev.text_hint
        FROM cm LEFT JOIN sparse sp ON sp.commitment_id = cm.commitment_id
        LEFT JOIN ev ON ev.commitment_id = cm.commitment_id
    ),
    due AS (
        SELECT base.*, coalesce(CAST(x.new_due AS DATE), text_due, default_due) AS due,
               -- an approved 延期申请 moves the date; a date a reviewer set is a person's decision too
               CASE WHEN x.new_due IS NOT NULL THEN 'extended'
                    WHEN text_due IS NOT NULL THEN CASE WHEN reviewer_due THEN 'review' ELSE 'text' END
                    WHEN default_due IS NOT NULL THEN 'default' END AS due_source
        FROM base LEFT JOIN ext_due x ON x.commitment_id = base.commitment_id
    ),
    span AS (
        SELECT *, date_diff('day', mdate, $as_of) AS d, date_diff('day', mdate, due) AS dd,
               date_diff('day', last_update, $as_of) AS since
        FROM due
    ),
    exp AS (  -- expected_percent: Python's round(100 * frac, 1) on the same double, exactly
        SELECT *, CASE WHEN mdate IS NULL OR due IS NULL OR dd <= 0 THEN NULL
                       ELSE CAST(100.0 * least(greatest(d::DOUBLE / dd::DOUBLE, 0.0), 1.0) AS DECIMAL(38, 18)) * 10
                  END AS e10
        FROM span
    ),
    calc AS (
        SELECT *, CASE WHEN e10 IS NULL THEN NULL ELSE CAST(floor(e10) + CASE WHEN e10 - floor(e10) > 0.5
                       OR (e10 - floor(e10) = 0.5 AND floor(e10) % 2 = 1) THEN 1 ELSE 0 END AS DOUBLE) / 10 END
                   AS expected_percent,
               coalesce(since, date_diff('day', mdate, $as_of)) AS days_silent
        FROM exp
    ),
    flags AS (
        SELECT *,
            status <> $done AND due IS NOT NULL AND $as_of > due AS f_overdue,
            status <> $done AND status = $late AS f_late,
            status <> $done AND expected_percent IS NOT NULL AND percent IS NOT NULL AND NOT isnan(percent)
                AND expected_percent - percent > $red_pts AS f_behind_red,
            status <> $done AND expected_percent IS NOT NULL AND percent IS NOT NULL AND NOT isnan(percent)
                AND NOT (expected_percent - percent > $red_pts) AND expected_percent - percent > $yellow_pts
                AS f_behind_yellow,
            status <> $done AND days_silent IS NOT NULL AND days_silent >= $silent_days AS f_silent,
            status <> $done AND due IS NOT NULL AND $as_of <= due AND date_diff('day', $as_of, due) <= $soon_days
                AS f_soon
        FROM calc
    )
    SELECT commitment_id, due AS due_date, due_source, status, status_source, percent, rollup_percent,
           expected_percent, last_update, CAST(since AS BIGINT) AS days_since_update,
           CAST(days_silent AS BIGINT) AS days_silent,
           CASE WHEN due IS NOT NULL AND $as_of > due AND status <> $done THEN date_diff('day', due, $as_of)
                ELSE 0 END AS days_overdue,
           n_updates, note, entered_by,
           CASE WHEN status = $done THEN 'green'
                WHEN f_overdue OR f_late OR f_behind_red OR (f_silent AND $silent_colour = 'red') THEN 'red'
                WHEN f_behind_yellow OR f_silent OR f_soon THEN 'yellow'
                WHEN status = $no_report THEN 'grey' ELSE 'green' END AS colour,
           CASE WHEN status = $done THEN 'done'
                WHEN NOT (f_overdue OR f_late OR f_behind_red OR f_behind_yellow OR f_silent OR f_soon)
                    THEN CASE WHEN status = $no_report THEN 'no_report' ELSE 'on_track' END
                ELSE concat_ws(',', CASE WHEN f_overdue THEN 'overdue' END, CASE WHEN f_late THEN 'late' END,
                               CASE WHEN f_behind_red OR f_behind_yellow THEN 'behind' END,
                               CASE WHEN f_silent THEN 'silent' END, CASE WHEN f_soon THEN 'due_soon' END) END
               AS reasons,
           evidence_count, last_evidence_date, text_hint
    FROM flags
    """
    named: dict[str, object] = {
        "as_of": as_of,
        "no_report": NO_REPORT,
        "done": DONE,
        "late": LATE,
        "red_pts": float(rules.behind_red_points),
        "yellow_pts": float(rules.behind_yellow_points),
        "silent_days": int(rules.silent_days),
        "silent_colour": rules.silent_colour,
        "soon_days": int(rules.due_soon_days),
    }
    # DuckDB takes either named or positional parameters: number the default-due ones after the named ones
    for i, p in enumerate(due_params):
        named[f"p{i}"] = p
    for i in range(len(due_params)):
        sql = sql.replace("?", f"$p{i}", 1)
    return sql, named


def _extension_rows(extensions: pd.DataFrame | None) -> pd.DataFrame:
    """The approved extensions as (commitment_id, new_due) with types DuckDB can join, none when absent."""
    out = pd.DataFrame(
        {"commitment_id": pd.Series(dtype=object), "new_due": pd.Series(dtype="datetime64[us]")}
    )
    if extensions is None or extensions.empty:
        return out
    return pd.DataFrame(
        {
            "commitment_id": extensions["commitment_id"].astype(object),
            "new_due": pd.to_datetime(extensions["new_due"]).astype("datetime64[us]"),
        }
    )


def compute(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    entries: pd.DataFrame,
    as_of: dt.date,
    cm: str = DB_COMMITMENTS,
    evidence: str | None = "SELECT commitment_id, kind, hint, date FROM evidence",
    overlay: Mapping[str, pd.DataFrame] | None = None,
    extensions: pd.DataFrame | None = None,
) -> ArrowTable:
    """The status of every commitment in `cm` as known on `as_of` (entries dated later are left out), as an
    Arrow table with SLIM_COLUMNS; `extensions` (commitment_id, new_due: tracker.progress.extension.approved_dues)
    are the due dates moved by approved requests."""
    known = known_entries(entries, as_of)
    latest = latest_by_commitment(known) if not known.empty else known
    cur = con.cursor()
    try:
        for name, rows in (overlay or {}).items():  # e.g. the items as reviewed on `as_of`
            cur.register(name, rows)
        sparse = _sparse(cur, cm, latest)
        cur.register("sparse", sparse)
        cur.register("ext_due", _extension_rows(extensions))
        sql, params = status_sql(config, as_of, cm, evidence)
        return cur.sql(sql, params=params).to_arrow_table()
    finally:
        cur.close()


def frame(table: ArrowTable | pd.DataFrame) -> pd.DataFrame:
    """A status table as a DataFrame with the dtypes tracker.progress.status has always given."""
    # a new frame over a DataFrame's columns: the columns set below are not set on the caller's frame
    out = pd.DataFrame(table) if isinstance(table, pd.DataFrame) else table.to_pandas()
    for c in ("percent", "rollup_percent", "expected_percent"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    for c in ("days_since_update", "days_silent"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("Int64")
    for c in ("days_overdue", "n_updates", "evidence_count"):
        out[c] = pd.to_numeric(out[c], errors="coerce").fillna(0).astype(int)
    for c in ("due_date", "last_update", "last_evidence_date"):
        out[c] = out[c].map(day_of).astype(object)
    return out


def of_frames(
    commitments: pd.DataFrame,
    entries: pd.DataFrame,
    evidence: pd.DataFrame | None,
    config: Config,
    as_of: dt.date,
    extensions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """compute() on DataFrames (an in-memory database): commitments with commitment_id, parent_id, kind,
    due_date and meeting_date; evidence with commitment_id, kind, hint, date; approved extensions."""
    con = duckdb.connect()
    try:
        cm = commitments[["commitment_id", "parent_id", "kind", "due_date", "meeting_date"]].copy()
        due_source = commitments["due_source"] if "due_source" in commitments else None
        cm["due_source"] = (
            due_source.astype(object).where(due_source.notna(), None) if due_source is not None else None
        )
        cm["parent_id"] = cm["parent_id"].astype(object).where(cm["parent_id"].notna(), None)
        cm["due_date"] = pd.to_datetime(cm["due_date"], errors="coerce")
        cm["meeting_date"] = pd.to_datetime(cm["meeting_date"], errors="coerce")
        con.register("cm_frame", cm)
        con.execute("CREATE TABLE cm_in AS SELECT * FROM cm_frame")
        ev_sql = None
        if evidence is not None and not evidence.empty:
            ev = evidence[["commitment_id", "kind", "hint", "date"]].copy()
            ev["date"] = pd.to_datetime(ev["date"], errors="coerce")
            con.register("ev_frame", ev)
            con.execute("CREATE TABLE ev_in AS SELECT * FROM ev_frame")
            ev_sql = "SELECT commitment_id, kind, hint, CAST(date AS DATE) AS date FROM ev_in"
        return frame(
            compute(con, config, entries, as_of, "SELECT * FROM cm_in", ev_sql, extensions=extensions)
        )
    finally:
        con.close()
