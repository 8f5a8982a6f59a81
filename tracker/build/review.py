"""The review in the build: apply the review log to the extracted rows, and bring the database up to date after a
review without extracting again.

A build reads the log through its RecordLog (JSONL file or a database store), records what re-attachment
decided (reattach / orphan entries, once), fingerprints the entries it applies (`review_sha256` in build_info:
the database is stale when the log holds other entries) and writes the review's tables. `refresh` is what a
review command calls afterwards: when only the review changed it re-applies the log to the tables of the
current database (`apply_in_place`, no extraction), else it runs the whole build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from tracker.build import review_update
from tracker.config import Config
from tracker.progress.log import open_progress_log, read_log
from tracker.review.apply import Applied, apply
from tracker.review.log import Anchor, ReviewEntry
from tracker.review.reattach import Extracted, anchor_of, plan
from tracker.store import db
from tracker.store.logfile import RecordLog
from tracker.store.logs import open_log

OFF = "off"  # review_sha256 of a build that applies no review (ad-hoc extraction of loose files)
REVIEW_TABLES = (
    "commitments",
    "commitment_units",
    "units",
    "commitments_history",
    "commitment_units_history",
    "review_items",
    "review_actions",
    "commitment_aliases",
    "review_orphans",
)
LogFor = Callable[[Config], RecordLog[ReviewEntry]]
# what anchor_of reads of an item: only these columns of the old database are read, not its whole tables
ANCHOR_COLUMNS = "commitment_id, source_id, quote, char_start, char_end, title, meeting_id"


def _configured_log(config: Config) -> RecordLog[ReviewEntry]:
    """The review log where the config keeps it: the JSONL file `review.log`, or PostgreSQL (`logs.store`)."""
    return open_log(config, "review", ReviewEntry)


_log_for: LogFor = _configured_log


def set_review_store(fn: LogFor | None) -> None:
    """Make `fn(config)` the review log's store (for tests); None: the one the config names."""
    global _log_for
    _log_for = fn or _configured_log


def review_store(config: Config) -> RecordLog[ReviewEntry]:
    """The review log of `config`, through its RecordLog."""
    return _log_for(config)


def fingerprint(entries: list[ReviewEntry]) -> str:
    """The content hash of the valid entries, in order: what a database records as the review it applied."""
    h = hashlib.sha256()
    for e in entries:
        h.update(e.model_dump_json().encode("utf-8") + b"\n")
    return h.hexdigest()


def current_fingerprint(config: Config) -> str:
    """The fingerprint of the review log as it is now."""
    return fingerprint(review_store(config).read().entries)


def _progress_counts(config: Config) -> Counter[str]:
    return Counter(str(e["commitment_id"]) for e in read_log(open_progress_log(config)).entries)


def old_anchors(db_path: Path | None) -> dict[str, Anchor]:
    """Where each item of the previous database stood (its source, quote and span): what an id that the new
    build no longer produces is matched by."""
    if db_path is None or not Path(db_path).is_file():
        return {}
    out: dict[str, Anchor] = {}
    try:
        con = db.connect_readonly(Path(db_path))
    except (duckdb.Error, OSError):
        return out
    try:
        for table in ("commitments_extracted", "review_items"):  # names from this tuple, never from input
            for row in db.query_rows(con, f"SELECT {ANCHOR_COLUMNS} FROM {table}"):
                out.setdefault(str(row["commitment_id"]), anchor_of(row))
    except (duckdb.Error, OSError, KeyError, ValueError):
        return out  # a database from before the review, or not readable: no anchors from it
    finally:
        con.close()
    return out


def review_rows(
    config: Config,
    rows: Mapping[str, list[dict[str, Any]]],
    *,
    old_db: Path | None,
    enabled: bool = True,
    now: dt.datetime | None = None,
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """The review's tables for extracted `rows` (commitments_extracted etc. included), and its build_info."""
    extracted = Extracted(
        commitments=list(rows["commitments"]),
        commitment_units=list(rows.get("commitment_units", [])),
        units=list(rows["units"]),
        meetings=list(rows["meetings"]),
        texts={str(s["source_id"]): str(s["text"]) for s in rows["sources"]},
    )
    entries: list[ReviewEntry] = []
    counts: Counter[str] = Counter()
    if enabled:
        log = review_store(config)
        counts = _progress_counts(config)
        anchors = old_anchors(old_db)
        when = now or dt.datetime.now(dt.UTC)
        first, _ = plan(extracted, log.read().entries, counts, anchors, when)
        if first:  # decided again under the log's lock, so two builds record a decision once
            log.append_batch(lambda current: plan(extracted, current, counts, anchors, when)[0])
        entries = log.read().entries
    applied = apply(extracted, entries, counts)
    out = _tables(applied)
    out["commitments_extracted"] = extracted.commitments
    out["commitment_units_extracted"] = extracted.commitment_units
    meta = {
        "review_sha256": fingerprint(entries) if enabled else OFF,
        "review_last_day": applied.last_review_day.isoformat() if applied.last_review_day else "",
        **(review_update.applied_count(entries) if enabled else {}),
    }
    return out, meta


def _tables(applied: Applied) -> dict[str, list[dict[str, Any]]]:
    return {t: list(getattr(applied, t)) for t in REVIEW_TABLES}


def apply_in_place(config: Config, db_path: Path | None = None) -> Path:
    """Re-apply the review log to the current database's extracted rows and swap in the result (no extraction)."""
    path = Path(db_path or config.database_path)
    # only the entries after those the database holds, when that gives what the whole replay gives
    if review_update.apply_new(
        path, review_store(config).read().entries, _progress_counts(config), fingerprint
    ):
        return path
    review_update.APPLIES["full"] += 1
    have = db.read_tables(
        path, ["commitments_extracted", "commitment_units_extracted", "units", "meetings", "sources"]
    )
    found = _units_found(path)
    rows = {
        "commitments": have["commitments_extracted"],
        "commitment_units": have["commitment_units_extracted"],
        "units": [u for u in have["units"] if u.get("in_gazetteer") or u["unit_id"] in found],
        "meetings": have["meetings"],
        "sources": have["sources"],
    }
    tables, meta = review_rows(config, rows, old_db=path)
    for table in ("commitments_extracted", "commitment_units_extracted"):
        tables.pop(table)
    db.replace_tables(path, tables, meta)
    return path


def _units_found(path: Path) -> set[str]:
    """The units the extraction itself found (units only a review named are added again by the review)."""
    sql = """
        SELECT unit_id FROM commitments_extracted UNION SELECT unit_id FROM commitment_units_extracted
        UNION SELECT unit_id FROM mentions UNION SELECT unit_id FROM figures
    """
    con = db.connect_readonly(path)
    try:
        return {str(v) for (v,) in con.execute(sql).fetchall() if v is not None}
    finally:
        con.close()


def apply_in_build(
    con: duckdb.DuckDBPyConnection, config: Config, *, old_db: Path | None, enabled: bool = True
) -> dict[str, str]:
    """Apply the review log to the extracted rows of a database being built (`con`), and return its
    build_info rows. With no review entries and no progress on an id the build no longer makes (nothing to
    apply, re-attach or record as an orphan), every item is simply unreviewed: that is written in SQL, in
    seconds at a million rows; otherwise the rows go through `review_rows` (tracker.review.apply)."""
    entries = review_store(config).read().entries if enabled else []
    counts = _progress_counts(config) if enabled else Counter()
    if not entries:
        ids = {str(r[0]) for r in con.execute("SELECT commitment_id FROM commitments").fetchall()}
        if set(counts) <= ids:
            _all_unreviewed(con, counts)
            applied = review_update.applied_count([]) if enabled else {}
            return {"review_sha256": fingerprint([]) if enabled else OFF, "review_last_day": "", **applied}
    rows = db.rows_of(con, ["commitments", "commitment_units", "units", "meetings", "sources"])
    tables, meta = review_rows(config, rows, old_db=old_db, enabled=enabled)
    db.replace_rows(con, tables)
    return meta


def _all_unreviewed(con: duckdb.DuckDBPyConnection, counts: Mapping[str, int]) -> None:
    """The review's tables when nothing has been reviewed: what review_rows gives for an empty log, in SQL."""
    # every identifier below comes from db.TABLES (db.columns); no value is put into the SQL text
    cm = ", ".join(db.columns("commitments_extracted"))
    cu = ", ".join(db.columns("commitment_units_extracted"))
    con.execute("UPDATE commitments SET review_state = 'unreviewed'")
    con.execute(f"INSERT INTO commitments_extracted SELECT {cm} FROM commitments ORDER BY rowid")
    con.execute(f"INSERT INTO commitment_units_extracted SELECT {cu} FROM commitment_units ORDER BY rowid")
    con.execute(
        f"INSERT INTO commitments_history SELECT {cm}, review_state, NULL, NULL FROM commitments ORDER BY rowid"
    )
    con.execute(
        f"INSERT INTO commitment_units_history SELECT {cu}, NULL, NULL FROM commitment_units ORDER BY rowid"
    )
    frame = pd.DataFrame(
        {
            "commitment_id": pd.Series(list(counts), dtype=object),
            "n": pd.Series(list(counts.values()), dtype="int64"),
        }
    )
    con.register("progress_counts", frame)
    try:
        con.execute(
            f"""INSERT INTO review_items
                SELECT {", ".join("c." + c for c in db.columns("commitments_extracted"))}, 'unreviewed', NULL, TRUE,
                       NULL, NULL, NULL, NULL, NULL, 0, coalesce(p.n, 0)
                FROM commitments c LEFT JOIN progress_counts p USING (commitment_id) ORDER BY c.rowid"""
        )
    finally:
        con.unregister("progress_counts")
