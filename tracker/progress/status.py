"""The status model: due dates, red/yellow/green rules, roll-up, unit rankings, follow-up lists and timelines."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb
import pandas as pd

from tracker.config import Config, DueDefaults, RankingScoring, StatusRules
from tracker.i18n import LABELS, Lang, colour_label, current_language, join, kind_label, status_label, t
from tracker.progress import sheets, signoff, status_table
from tracker.progress.extension import approved_dues, open_extension_log, read_extensions
from tracker.progress.log import (
    NO_REPORT,
    LogTarget,
    entries_frame,
    open_progress_log,
    progress_log,
    read_log,
)
from tracker.store import queries
from tracker.store.db import query_df

COLOURS = ("red", "yellow", "green", "grey")  # grey: nothing reported yet and no rule triggered
_SEVERITY = {"red": 0, "yellow": 1, "grey": 2, "green": 3}
HINT_PRIORITY = ("planned", "in_progress", "done")  # the forward-looking part is what was committed
STATUS_COLUMNS = [
    "commitment_id",
    "meeting_id",
    "meeting_date",
    "meeting_title",
    "parent_id",
    "kind",
    "ordinal",
    "title",
    "quote",
    "unit_id",
    "unit_name",
    "unit_kind",
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
    "review_state",  # issue 10: unreviewed, confirmed, edited or added
]


# --- due dates --------------------------------------------------------------------------------------


def due_rule_label(kind: str, defaults: DueDefaults, lang: Lang | None = None) -> str:
    """The default due-date rule of a commitment kind in words (年底, 会后180天 …), for notes beside dates."""
    rule = getattr(defaults, kind, "year_end")
    if isinstance(rule, int):
        return t("due_rule_days", lang, n=rule)
    return t(f"due_rule_{rule}", lang)


def due_note(due_source: object, kind: str, defaults: DueDefaults, lang: Lang | None = None) -> str:
    """Where a due date comes from, for people: 原文写明, 默认：年底, or nothing for no date."""
    if due_source == "text":
        return t("due_src_text", lang)
    if due_source == "review":
        return t("due_src_review", lang)
    if due_source == "extended":
        return t("loop.due_src_extended", lang)
    if due_source == "default":
        return t("due_src_default", lang, rule=due_rule_label(kind, defaults, lang))
    return ""


def with_due_note(rows: pd.DataFrame, config: Config, lang: Lang | None = None) -> pd.DataFrame:
    """Rows with a `due_note` column saying whether each due date is stated in the text or assumed by default."""
    defaults = config.progress.due_defaults
    notes = [
        due_note(src, str(kind), defaults, lang)
        for src, kind in zip(rows.get("due_source", [None] * len(rows)), rows["kind"], strict=True)
    ]
    return rows.assign(due_note=notes)


def default_rules(config: Config, lang: Lang | None = None) -> str:
    """The default due-date rules in one line (领导要求：年底；单位任务：会后180天 …), shown where they apply."""
    defaults = config.progress.due_defaults
    parts = [
        t("due_rule_part", lang, kind=kind_label(k, lang), rule=due_rule_label(k, defaults, lang))
        for k in DueDefaults.model_fields
    ]
    return ("；" if (lang or current_language()) == "zh" else "; ").join(parts)


def default_due(kind: str, meeting_date: dt.date | None, defaults: DueDefaults) -> dt.date | None:
    """The default due date for a commitment kind, counted from its meeting's date."""
    if meeting_date is None or pd.isna(meeting_date):
        return None
    rule = getattr(defaults, kind, "year_end")
    y, m = meeting_date.year, meeting_date.month
    if isinstance(rule, int):
        return meeting_date + dt.timedelta(days=rule)
    if rule == "year_end":
        return dt.date(y, 12, 31)
    if rule == "half_year_end":
        return dt.date(y, 6, 30) if m <= 6 else dt.date(y, 12, 31)
    if rule == "quarter_end":
        q_end = ((m - 1) // 3 + 1) * 3
        return dt.date(y, q_end + 1, 1) - dt.timedelta(days=1) if q_end < 12 else dt.date(y, 12, 31)
    return None


def effective_due(
    text_due: dt.date | None,
    extended_due: dt.date | None,
    kind: str,
    meeting_date: dt.date | None,
    defaults: DueDefaults,
) -> tuple[dt.date | None, str | None]:
    """An item's due date and its source: an approved extension's date ('extended'), else the date the text
    states ('text'), else the default for its kind ('default'); what status_table's SQL computes per row."""
    if extended_due is not None:
        return extended_due, "extended"
    if text_due is not None:
        return text_due, "text"
    d = default_due(kind, meeting_date, defaults)
    return d, ("default" if d is not None else None)


# --- roll-up ----------------------------------------------------------------------------------------


def roll_up(parent_of: Mapping[str, str | None], own: Mapping[str, float | None]) -> dict[str, float | None]:
    """Each item's value: its own if reported, else the mean of its children that have a value."""
    children: dict[str, list[str]] = {}
    for cid, parent in parent_of.items():
        if parent is not None and parent in parent_of:
            children.setdefault(parent, []).append(cid)
    out: dict[str, float | None] = {}

    def value(cid: str, path: frozenset[str]) -> float | None:
        if cid in out:
            return out[cid]
        mine = own.get(cid)
        if mine is not None:
            out[cid] = float(mine)
            return out[cid]
        vals = [
            v for k in children.get(cid, ()) if k not in path and (v := value(k, path | {cid})) is not None
        ]
        out[cid] = sum(vals) / len(vals) if vals else None
        return out[cid]

    for cid in parent_of:
        value(cid, frozenset())
    return out


def rolled_status(child_statuses: Iterable[str], n_children: int) -> str:
    """A parent's status from its children's: done only when every child is done; any 滞后 makes it 滞后."""
    reported = [s for s in child_statuses if s != NO_REPORT]
    if not reported:
        return NO_REPORT
    if "滞后" in reported:
        return "滞后"
    if len(reported) == n_children and all(s == "已完成" for s in reported):
        return "已完成"
    if len(reported) == n_children and all(s in ("已完成", "待销号") for s in reported):
        return "待销号"  # every child reported done, some still wait for the office's sign-off
    if all(s == "未启动" for s in reported):
        return "未启动"
    return "推进中"


# --- colour -----------------------------------------------------------------------------------------


def expected_percent(start: dt.date | None, due: dt.date | None, today: dt.date) -> float | None:
    """Linear expected progress between the meeting and the due date, 0-100."""
    if start is None or due is None or pd.isna(start) or pd.isna(due) or due <= start:
        return None
    frac = (today - start).days / (due - start).days
    return round(100 * min(max(frac, 0.0), 1.0), 1)


def colour_for(
    status: str,
    percent: float | None,
    expected: float | None,
    due: dt.date | None,
    days_silent: int | None,
    today: dt.date,
    rules: StatusRules,
) -> tuple[str, list[str]]:
    """The warning colour and every reason for it (overdue, late, behind, silent, due_soon, done, …)."""
    if status == "已完成":
        return "green", ["done"]
    found: list[tuple[str, str]] = []
    if due is not None and not pd.isna(due) and today > due:
        found.append(("red", "overdue"))
    if status == "滞后":
        found.append(("red", "late"))
    if expected is not None and percent is not None and not pd.isna(percent):
        gap = expected - percent
        if gap > rules.behind_red_points:
            found.append(("red", "behind"))
        elif gap > rules.behind_yellow_points:
            found.append(("yellow", "behind"))
    if days_silent is not None and days_silent >= rules.silent_days:
        found.append((rules.silent_colour, "silent"))
    if due is not None and not pd.isna(due) and today <= due and (due - today).days <= rules.due_soon_days:
        found.append(("yellow", "due_soon"))
    if not found:
        return ("grey", ["no_report"]) if status == NO_REPORT else ("green", ["on_track"])
    colour = min((c for c, _ in found), key=_SEVERITY.__getitem__)
    return colour, [r for _, r in found]


# --- the commitment_status view ---------------------------------------------------------------------


def _date(v: object) -> dt.date | None:
    if v is None or v is pd.NaT or (not isinstance(v, dt.date) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    if isinstance(v, dt.datetime):
        return v.date()
    return v if isinstance(v, dt.date) else None


def known_entries(entries: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The progress entries that describe `day` or earlier (as_of ≤ day): an entry dated later is ignored, so a
    pack "as of" a past day does not count work reported for after it. An entry back-filled later about an
    earlier date counts from its own date (entered_at says when it was added)."""
    if entries.empty:
        return entries
    as_of = pd.to_datetime(entries["as_of"], errors="coerce")
    return entries[(as_of <= pd.Timestamp(day)).to_numpy()].reset_index(drop=True)


def known_evidence(evidence: pd.DataFrame | None, day: dt.date) -> pd.DataFrame | None:
    """Report evidence known on `day`: rows dated that day or earlier (undated hints from the text itself stay)."""
    if evidence is None or evidence.empty:
        return evidence
    dates = pd.to_datetime(evidence["date"], errors="coerce")
    return evidence[(dates.isna() | (dates <= pd.Timestamp(day))).to_numpy()].reset_index(drop=True)


def build_status(
    commitments: pd.DataFrame,
    entries: pd.DataFrame,
    evidence: pd.DataFrame | None,
    config: Config,
    today: dt.date | None = None,
    extensions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Join commitments with their latest progress entry and report evidence as known on `today` (later entries
    and evidence are left out); compute due date (and whether the text states it) and colour.

    The rules run in DuckDB (tracker.progress.status_table), as for the dashboard's status table."""
    today = today or dt.date.today()
    cm = commitments.reset_index(drop=True)
    slim = status_table.of_frames(cm, entries, evidence, config, today, extensions)
    return _with_commitments(cm, slim)


def _with_commitments(cm: pd.DataFrame, slim: pd.DataFrame) -> pd.DataFrame:
    """STATUS_COLUMNS: the commitments' own columns (in their order) with the status columns joined."""
    own = [c for c in STATUS_COLUMNS if c in cm.columns and c not in slim.columns or c == "commitment_id"]
    out = cm[own].merge(slim, on="commitment_id", how="left", sort=False)
    for c in STATUS_COLUMNS:
        if c not in out.columns:
            out[c] = None
    return out[STATUS_COLUMNS]


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = query_df(con, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?", [name])
    return bool(found["n"].iloc[0])


COMMITMENTS_SQL = """
    SELECT c.commitment_id, c.meeting_id, m.date AS meeting_date, m.title AS meeting_title, c.parent_id,
           c.kind, c.ordinal, c.title, c.quote, c.unit_id, u.name AS unit_name, u.kind AS unit_kind, c.due_date,
           c.due_source, c.review_state
    FROM commitments c
    LEFT JOIN meetings m USING (meeting_id)
    LEFT JOIN units u USING (unit_id)
    ORDER BY m.date NULLS LAST, c.source_id, c.char_start, c.commitment_id
"""


def load_commitments(con: duckdb.DuckDBPyConnection, day: dt.date | None = None) -> pd.DataFrame:
    """Commitments with their meeting's date and title and their unit's name and kind, as reviewed on `day`
    (a review made after it is not applied; None: as built)."""
    overlay = queries.reviewed_as_of(con, day)
    if not overlay:
        return query_df(con, COMMITMENTS_SQL)
    cur = con.cursor()
    try:
        for name, frame in overlay.items():
            cur.register(name, frame)
        return cur.execute(COMMITMENTS_SQL).df()
    finally:
        cur.close()


def load_evidence(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    """The evidence table of a build, or None for a database built before it existed."""
    if not _has_table(con, "evidence"):
        return None
    return query_df(con, "SELECT * FROM evidence ORDER BY date NULLS LAST, evidence_id")


def load_entries(
    log: LogTarget, con: duckdb.DuckDBPyConnection | None = None, day: dt.date | None = None
) -> pd.DataFrame:
    """The progress log as a DataFrame (read now, so a new entry shows without a rebuild). With a database, the
    entries of a merged duplicate or of an id re-attached after a source changed count for the item they moved
    to (issue 10; merges made after `day` are not applied)."""
    frame = entries_frame(read_log(log).entries)
    if con is not None and not frame.empty:
        moved = queries.review_aliases(con, day)
        if moved:
            frame["commitment_id"] = frame["commitment_id"].map(lambda c: moved.get(c, c))
    return frame


def _file_key(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _db_key(con: duckdb.DuckDBPyConnection) -> tuple | None:
    """The database file behind a connection and its version; None for in-memory databases."""
    found = query_df(con, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
    path = found["path"].iloc[0] if len(found) else None
    if not isinstance(path, str) or not path:
        return None
    key = _file_key(Path(path))
    if (
        key is None and ".ro-" in Path(path).name
    ):  # a version link (store.db.connect_version): its name is the key
        return (path, id(con))
    return (path, key) if key else None


_CACHE: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def commitment_status(
    con: duckdb.DuckDBPyConnection, config: Config, today: dt.date | None = None, log: LogTarget | None = None
) -> pd.DataFrame:
    """Every commitment's latest status, percent, due date, colour, last update and report evidence count.

    The progress log is read at call time (a new entry shows without a rebuild); results are memoised
    per database file version, log version (file or PostgreSQL), day and settings.
    """
    today = today or dt.date.today()
    log = progress_log(log if log is not None else open_progress_log(config))
    db_key = _db_key(con)
    key = (
        (db_key, str(log), log.version(), loop_versions(config), today, config.progress.model_dump_json())
        if db_key
        else None
    )
    if key is not None:
        with _CACHE_LOCK:
            if key in _CACHE:
                _CACHE.move_to_end(key)
                return _CACHE[key].copy()
    slim = status_table.frame(slim_status(con, config, today, log))
    frame = _with_commitments(load_commitments(con, today), slim)
    if key is not None:
        with _CACHE_LOCK:
            _CACHE[key] = frame.copy()
            while len(_CACHE) > 2:  # whole tables: a million rows each at scale
                _CACHE.popitem(last=False)
    return frame


def _slim(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    today: dt.date,
    entries: pd.DataFrame,
    extensions: pd.DataFrame | None = None,
) -> object:
    evidence = "SELECT commitment_id, kind, hint, date FROM evidence" if _has_table(con, "evidence") else None
    overlay = queries.reviewed_as_of(con, today)  # a review made after `today` is not applied
    return status_table.compute(
        con, config, entries, today, evidence=evidence, overlay=overlay, extensions=extensions
    )


def loop_entries(
    config: Config, log: LogTarget, con: duckdb.DuckDBPyConnection | None = None, day: dt.date | None = None
) -> pd.DataFrame:
    """The progress entries as they count: load_entries with the sign-off decisions applied (a unit's 已完成
    waiting for 销号 is 待销号, a returned one 推进中), with the `signoff` column."""
    return signoff.apply(
        load_entries(log, con, day), signoff.read_decisions(config), config.progress.require_signoff
    )


def loop_versions(config: Config) -> tuple:
    """The versions of the sign-off and extension logs (part of every status cache key)."""
    return (signoff.open_signoff_log(config).version(), open_extension_log(config).version())


_SLIM: OrderedDict[tuple, object] = OrderedDict()


def slim_status(
    con: duckdb.DuckDBPyConnection, config: Config, today: dt.date | None = None, log: LogTarget | None = None
) -> object:
    """The status columns of every commitment (status_table.SLIM_COLUMNS) as an Arrow table, for queries that
    join it in DuckDB: computed once per database file version, log version, day and settings and shared
    (never modify it)."""
    today = today or dt.date.today()
    log = progress_log(log if log is not None else open_progress_log(config))
    db_key = _db_key(con)
    key = (
        (db_key, str(log), log.version(), loop_versions(config), today, config.progress.model_dump_json())
        if db_key
        else None
    )
    if key is not None:
        with _CACHE_LOCK:
            if key in _SLIM:
                _SLIM.move_to_end(key)
                return _SLIM[key]
    table = _slim(
        con, config, today, loop_entries(config, log, con, today), approved_dues(read_extensions(config))
    )
    if key is not None:
        with _CACHE_LOCK:
            _SLIM[key] = table
            while len(_SLIM) > 4:
                _SLIM.popitem(last=False)
    return table


def status_rows(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    ids: list[str],
    today: dt.date | None = None,
    log: LogTarget | None = None,
) -> pd.DataFrame:
    """commitment_status() of some commitments only (STATUS_COLUMNS), from the shared status table."""
    slim = slim_status(con, config, today, log)
    cur = con.cursor()
    try:
        cur.register("slim", slim)
        cur.register("wanted", pd.DataFrame({"commitment_id": pd.Series(list(ids), dtype=object)}))
        cm = COMMITMENTS_SQL.replace(
            "ORDER BY", "WHERE c.commitment_id IN (SELECT commitment_id FROM wanted)\n ORDER BY"
        )
        rows = cur.execute(f"SELECT * FROM ({cm}) cm").df()
        part = cur.execute(
            "SELECT * FROM slim WHERE commitment_id IN (SELECT commitment_id FROM wanted)"
        ).df()
    finally:
        cur.close()
    return _with_commitments(rows, status_table.frame(part))


# --- rankings and follow-up -------------------------------------------------------------------------

RANKING_COLUMNS = [
    "rank",
    "tied",
    "group",
    "unit_id",
    "unit_name",
    "unit_kind",
    "score",
    "n_items",
    "n_reported",
    "n_done",
    "n_overdue",
    "n_red",
    "n_yellow",
    "completion",
    "reported_percent",
    "timeliness",
    "reporting",
]
RANKED, NOT_REPORTING, NO_ITEMS = "ranked", "not_reporting", "no_items"


def unit_rankings(rows: pd.DataFrame, units: pd.DataFrame, scoring: RankingScoring) -> pd.DataFrame:
    """Units scored by completion, timeliness and reporting (weights from the config), fairly:

    only units that have reported on at least one of their items are ranked (ties share a rank and are marked
    `tied`); units with items but no report at all are listed apart (`group` not_reporting, no rank), and units
    with no items under the filters are not ranked (`group` no_items). `rows` are commitment rows with unit_id,
    status, percent and reasons (the filtered rows a page or pack shows), so the ranking counts what they count.
    """
    return rank_units(ranking_inputs_of(rows), units, scoring)


def ranking_inputs_of(rows: pd.DataFrame) -> pd.DataFrame:
    """queries.RANKING_SQL over commitment rows (what queries.ranking_inputs gives for the database)."""
    cols = ("unit_id", "status", "percent", "reasons", "colour")
    x = pd.DataFrame(
        {c: (rows[c] if c in rows else pd.Series(None, index=rows.index, dtype=object)) for c in cols}
    )
    x["percent"] = pd.to_numeric(x["percent"], errors="coerce").astype("float64")
    for c in ("unit_id", "status", "reasons", "colour"):
        x[c] = x[c].astype(object).where(x[c].notna(), None)
    con = duckdb.connect()
    try:
        con.register("x", x)
        return con.execute(queries.RANKING_SQL, {"no_report": NO_REPORT, "done": "已完成"}).df()
    finally:
        con.close()


def rank_units(inputs: pd.DataFrame, units: pd.DataFrame, scoring: RankingScoring) -> pd.DataFrame:
    """The ranking (see unit_rankings) from per-unit counts and sums (queries.RANKING_SQL)."""
    rows_out = []
    wsum = scoring.completion + scoring.timeliness + scoring.reporting
    by = inputs.set_index("unit_id") if len(inputs) else None
    for u in units.to_dict("records"):
        n = int(by.at[u["unit_id"], "n_items"]) if by is not None and u["unit_id"] in by.index else 0
        rec: dict[str, object] = {
            "unit_id": u["unit_id"],
            "unit_name": u["name"],
            "unit_kind": u.get("kind"),
            "n_items": n,
            "group": NO_ITEMS,
        }
        if n:
            a = by.loc[u["unit_id"]]  # type: ignore[union-attr]
            n_reported, n_overdue = int(a["n_reported"]), int(a["n_overdue"])
            completion = float(a["sum_percent"]) / n / 100
            timeliness = int(a["n_timely"]) / n
            reporting = n_reported / n
            score = (
                100
                * (
                    scoring.completion * completion
                    + scoring.timeliness * timeliness
                    + scoring.reporting * reporting
                )
                / wsum
                - scoring.overdue_penalty * n_overdue
            )
            own = a["reported_percent"]
            rec.update(
                group=RANKED if n_reported else NOT_REPORTING,
                n_reported=n_reported,
                n_done=int(a["n_done"]),
                n_overdue=n_overdue,
                n_red=int(a["n_red"]),
                n_yellow=int(a["n_yellow"]),
                completion=round(completion, 4),
                reported_percent=None if own is None or pd.isna(own) else round(float(own), 1),
                timeliness=round(timeliness, 4),
                reporting=round(reporting, 4),
                score=round(score, 2) if n_reported else None,
            )
        rows_out.append(rec)
    out = pd.DataFrame(rows_out, columns=RANKING_COLUMNS)
    for c in ("n_reported", "n_done", "n_overdue", "n_red", "n_yellow"):
        out[c] = out[c].fillna(0).astype(int)
    for c in ("score", "completion", "reported_percent", "timeliness", "reporting"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    order = out["group"].map({RANKED: 0, NOT_REPORTING: 1, NO_ITEMS: 2})
    out = out.assign(_o=order, _s=-out["score"].fillna(0), _n=-out["n_items"])
    out = out.sort_values(["_o", "_s", "_n", "unit_name"], kind="stable").drop(columns=["_o", "_s", "_n"])
    ranked = out["group"] == RANKED
    out["rank"] = out["score"].where(ranked).rank(method="min", ascending=False).astype("Int64")
    out["tied"] = (ranked & out["rank"].duplicated(keep=False) & out["rank"].notna()).astype(bool)
    return out.reset_index(drop=True)


def rank_label(rank: object, tied: bool, lang: Lang | None = None) -> str:
    """A rank for display: 3, 并列3 / tied 3, or — for units that are not ranked."""
    if rank is None or pd.isna(rank):
        return "—"
    return t("rank_tied", lang, rank=int(rank)) if tied else str(int(rank))


def coverage_label(mean: object, n_reported: int, n_items: int, lang: Lang | None = None) -> str:
    """An average with the items it covers: 100%（10项中2项已填报）/ 100% (2 of 10 reported)."""
    if mean is None or pd.isna(mean):
        return t("avg_none", lang, reported=n_reported, items=n_items)
    return t("avg_of_reported", lang, mean=f"{float(mean):.0f}", reported=n_reported, items=n_items)


FOLLOW_UP_COLUMNS = (
    "unit_name",
    "title",
    "meeting_title",
    "meeting_date",
    "due_date",
    "due_note",
    "status",
    "percent",
    "colour",
    "reasons",
    "last_update",
    "days_silent",
    "days_overdue",
    "quote",
    "commitment_id",
)


def follow_up(status: pd.DataFrame, unit_id: str | None = None, reviewed_only: bool = False) -> pd.DataFrame:
    """Open items that are red or yellow, per unit, worst first: the list to raise at the next meeting
    (with `reviewed_only`, the review.required setting, only items a person has confirmed, edited or added)."""
    open_ = status[(status["status"] != "已完成") & status["colour"].isin(["red", "yellow"])]
    if reviewed_only:
        open_ = open_[open_["review_state"].isin(queries.REVIEWED_STATES)]
    open_ = open_[open_["unit_id"].notna()]
    if unit_id is not None:
        open_ = open_[open_["unit_id"] == unit_id]
    sev = open_["colour"].map(_SEVERITY)
    return (
        open_.assign(_sev=sev)
        .sort_values(["unit_name", "_sev", "days_overdue", "due_date"], ascending=[True, True, False, True])
        .drop(columns="_sev")
        .reset_index(drop=True)
    )


def follow_up_table(items: pd.DataFrame, lang: Lang | None = None) -> pd.DataFrame:
    """The follow-up list for a spreadsheet: headers, statuses, colours and reasons in `lang`."""
    lang = lang or current_language()
    table = items[[c for c in FOLLOW_UP_COLUMNS if c in items]].copy()
    if "status" in table:
        table["status"] = table["status"].map(lambda v: status_label(v, lang))
    if "colour" in table:
        table["colour"] = table["colour"].map(lambda v: colour_label(v, lang))
    if "reasons" in table:
        table["reasons"] = table["reasons"].map(lambda v: reasons_text(v, lang))
    return table.rename(columns=lambda c: t(f"fu_col_{c}", lang))


def reasons_text(reasons: object, lang: Lang | None = None) -> str:
    """Reason codes ('overdue,silent') in words (逾期、长期未更新)."""
    codes = [r for r in str(reasons or "").split(",") if f"progress.reason_{r}" in LABELS]
    return join((t(f"progress.reason_{r}", lang) for r in codes), lang)


def follow_up_bytes(items: pd.DataFrame, fmt: str = "csv", lang: Lang | None = None) -> bytes:
    """The follow-up list as CSV (UTF-8 with BOM) or XLSX, in `lang` (default: the current language)."""
    table = follow_up_table(items, lang)
    if fmt == "csv":
        return sheets.csv_bytes(table)
    if fmt != "xlsx":
        raise ValueError(f"fmt must be 'csv' or 'xlsx', not {fmt!r}")
    return sheets.xlsx_bytes(table, t("fu_sheet", lang))


# --- timeline ---------------------------------------------------------------------------------------

TIMELINE_COLUMNS = [
    "date",
    "event",
    "text",
    "status",
    "percent",
    "old_status",
    "old_percent",
    "who",
    "reported_by",
    "source",
    "link",
]


def timeline(
    commitment: Mapping[str, object], entries: pd.DataFrame, evidence: pd.DataFrame | None
) -> pd.DataFrame:
    """One commitment's history: created at its meeting, each update (old → new, who), report evidence."""
    cid = commitment["commitment_id"]
    rows = [
        {
            "date": _date(commitment.get("meeting_date")),
            "event": "created",
            "text": str(commitment.get("quote") or ""),
            "who": str(commitment.get("meeting_title") or ""),
            "source": "report",
        }
    ]
    mine = entries[entries["commitment_id"] == cid] if not entries.empty else entries
    for e in mine.to_dict("records"):
        rows.append(
            {
                "date": _date(e["as_of"]),
                "event": "update",
                "text": e.get("note") or "",
                "status": e["status"],
                "percent": e["percent"],
                "old_status": e.get("old_status"),
                "old_percent": e.get("old_percent"),
                "who": f"{e.get('entered_by') or ''} {str(e.get('entered_at') or '')[:16]}".strip(),
                "reported_by": e.get("reported_by") or "",
                "source": e.get("source"),
                "link": e.get("evidence") or "",
            }
        )
    if evidence is not None and not evidence.empty:
        for ev in evidence[evidence["commitment_id"] == cid].to_dict("records"):
            rows.append(
                {
                    "date": _date(ev.get("date")),
                    "event": "hint" if ev["kind"] == "hint" else f"evidence:{ev['kind']}",
                    "text": ev["quote"],
                    "status": ev.get("hint"),
                    "who": str(ev.get("meeting_title") or ev.get("meeting_id") or ""),
                    "source": "report",
                }
            )
    out = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    order = out["event"].map(lambda e: 0 if e == "created" else (1 if e == "hint" else 2))
    out = out.assign(_d=pd.to_datetime(out["date"]), _o=order).sort_values(["_d", "_o"], kind="stable")
    return out.drop(columns=["_d", "_o"]).reset_index(drop=True)
