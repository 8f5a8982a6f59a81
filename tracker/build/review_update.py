"""Applying only the new review entries to a database that holds the review up to entry N: the items they name
are replayed (with their ancestors, for the live parent) and their rows put in place of the old ones, instead of
the whole log being replayed over every item.

This path is taken when the database records how far the review log was applied (`review_applied` in
build_info, with `review_sha256` the fingerprint of those entries, still the log's first N) and the new entries
are confirmations or edits (not of the parent) of extracted items that are live, reached by no merge or
re-attachment, whose ancestors are not either, and every id with progress is an item. Anything else is the full
apply (tracker.build.review). APPLIES counts both kinds, for tests.

The new file records which file it was made from and the items whose rows it wrote (tracker.store.derivation), when
nothing else changed (the units are the same), so the dashboard's status table is carried over with only those
items computed again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from tracker.review.apply import Applied, apply
from tracker.review.log import LIVE_STATES, ReviewEntry
from tracker.review.reattach import Extracted
from tracker.store import db, derivation

APPLIES = {"full": 0, "incremental": 0}
APPLIED_KEY = "review_applied"  # build_info: how many entries of the review log the review tables hold
SIMPLE = ("confirm", "edit")
Fingerprint = Callable[[list[ReviewEntry]], str]
PER_ITEM = (
    "commitments",
    "commitment_units",
    "commitments_history",
    "commitment_units_history",
    "review_items",
)


def applied_count(entries: Sequence[ReviewEntry]) -> dict[str, str]:
    """The build_info row that says the review tables hold these entries."""
    return {APPLIED_KEY: str(len(entries))}


def _new_entries(
    info: Mapping[str, str], entries: Sequence[ReviewEntry], fingerprint_of: Fingerprint
) -> list[ReviewEntry] | None:
    """The entries after the ones the database holds, when those are still the log's first ones."""
    try:
        n = int(info.get(APPLIED_KEY, ""))
    except ValueError:
        return None
    if not 0 <= n < len(entries):
        return None
    if info.get("review_sha256") != fingerprint_of(list(entries[:n])):
        return None
    new = list(entries[n:])
    simple = all(
        e.action in SIMPLE and not (e.action == "edit" and "parent_id" in e.values.model_fields_set)
        for e in new
    )
    return new if simple else None


def _family(con: duckdb.DuckDBPyConnection, named: set[str]) -> list[str]:
    """The named items and all their ancestors (by the extracted parent), which the live parent depends on."""
    found = con.execute(
        """WITH RECURSIVE up(cid) AS (SELECT unnest(?::VARCHAR[])
               UNION SELECT c.parent_id FROM commitments_extracted c JOIN up ON c.commitment_id = up.cid
               WHERE c.parent_id IS NOT NULL AND c.parent_id <> '')
           SELECT cid FROM up""",
        [sorted(named)],
    ).fetchall()
    return sorted({str(c) for (c,) in found})


def _safe(
    con: duckdb.DuckDBPyConnection,
    entries: Sequence[ReviewEntry],
    named: set[str],
    family: list[str],
    counts: Mapping[str, int],
) -> bool:
    """Whether replaying the family alone gives the rows a full replay gives (see the module's docstring)."""
    fam = set(family)
    for e in entries:
        into = e.values.into
        if e.action in ("merge", "reattach", "add") and (e.commitment_id in fam or into in fam):
            return False
        if e.action == "edit" and "parent_id" in e.values.model_fields_set and e.commitment_id in fam:
            return False
    extracted = {str(c) for (c,) in con.execute("SELECT commitment_id FROM commitments_extracted").fetchall()}
    states = dict(con.execute("SELECT commitment_id, review_state FROM review_items").fetchall())
    if not named <= extracted or any(states.get(c) not in LIVE_STATES for c in named):
        return False
    return set(counts) <= set(states)


def apply_new(
    path: Path, entries: Sequence[ReviewEntry], counts: Mapping[str, int], fingerprint_of: Fingerprint
) -> dict[str, str] | None:
    """Apply only the entries the database at `path` does not hold yet, when that gives what the full apply gives;
    the build_info written, or None (nothing written) for the full apply."""
    info = db.build_info(path)
    new = _new_entries(info, entries, fingerprint_of)
    if not new:
        return None
    named = {e.commitment_id for e in new}
    con = db.connect_readonly(path)
    try:
        family = _family(con, named)
        if not _safe(con, entries, named, family, counts):
            return None
        cols = ", ".join(db.columns("commitments_extracted"))
        where = "WHERE commitment_id IN (SELECT unnest(?::VARCHAR[]))"
        ex = Extracted(
            commitments=db.query_rows(
                con, f"SELECT {cols} FROM commitments_extracted {where} ORDER BY rowid", [family]
            ),
            commitment_units=db.query_rows(
                con, f"SELECT * FROM commitment_units_extracted {where} ORDER BY rowid", [family]
            ),
            units=db.query_rows(
                con, f"SELECT {', '.join(db.columns('units'))} FROM units ORDER BY rowid", []
            ),
            meetings=[],
            texts={},
        )
    finally:
        con.close()
    fam = set(family)
    applied = apply(ex, [e for e in entries if e.commitment_id in fam], counts)
    # the day of the last entry that changed an item: one of the new ones (each changes the item it names)
    last_day = applied.last_review_day
    meta = {
        "review_sha256": fingerprint_of(list(entries)),
        "review_last_day": last_day.isoformat() if last_day else info.get("review_last_day", ""),
        **applied_count(entries),
    }
    db.change_copy(path, lambda c: _write(c, applied, named, {e.entry_id for e in new}, counts, meta), meta)
    APPLIES["incremental"] += 1
    return meta


def _write(
    con: duckdb.DuckDBPyConnection,
    applied: Applied,
    named: set[str],
    new_ids: set[str],
    counts: Mapping[str, int],
    meta: Mapping[str, str],
) -> None:
    """Put the named items' rows in place of theirs, add the new actions, refresh the progress counts; record
    which file this was made from when only those items' rows change (the `meta` rows are written after)."""
    before = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    con.execute("DELETE FROM build_info WHERE key = ?", [derivation.MADE_FROM])
    if _same_units(con, applied.units):
        made = derivation.record(before, {**before, **meta}, named)
        con.execute("INSERT INTO build_info VALUES (?, ?)", [derivation.MADE_FROM, made])
    ids = sorted(named)
    for table in PER_ITEM:  # identifiers from the fixed list above
        rows = [r for r in getattr(applied, table) if r["commitment_id"] in named]
        if table == "commitments" and _updated_in_place(con, rows, named):
            continue
        con.execute(f"DELETE FROM {table} WHERE commitment_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        db.insert_rows(con, table, rows)
    db.insert_rows(con, "review_actions", [r for r in applied.review_actions if r["entry_id"] in new_ids])
    con.execute("DELETE FROM units")
    db.insert_rows(con, "units", applied.units)
    frame = pd.DataFrame(
        {
            "commitment_id": pd.Series(list(counts), dtype=object),
            "n": pd.Series(list(counts.values()), dtype="int64"),
        }
    )
    con.register("progress_counts", frame)
    try:
        for table, only in (("review_items", ""), ("review_orphans", " AND reason = 'add_not_found'")):
            con.execute(
                f"""UPDATE {table} t SET n_progress = coalesce(
                        (SELECT p.n FROM progress_counts p WHERE p.commitment_id = t.commitment_id), 0)
                    WHERE true{only}"""
            )
    finally:
        con.unregister("progress_counts")


def _same_units(con: duckdb.DuckDBPyConnection, units: Sequence[Mapping[str, object]]) -> bool:
    """Whether the database's units are exactly `units` (then only the named items' rows change)."""
    cols = db.columns("units")
    have = db.query_rows(con, f"SELECT {', '.join(cols)} FROM units", [])
    return sorted(repr([r.get(c) for c in cols]) for r in have) == sorted(
        repr([r.get(c) for c in cols]) for r in units
    )


def _updated_in_place(
    con: duckdb.DuckDBPyConnection, rows: Sequence[Mapping[str, object]], named: set[str]
) -> bool:
    """Write the named items' commitment rows over theirs, when each has one row before and after: an update keeps
    every row's number (a delete and insert may move the rows after it), so tables kept by row number stay right."""
    have = con.execute(
        "SELECT count(*) FROM commitments WHERE commitment_id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(named)],
    ).fetchall()[0][0]
    if int(have) != len(named) or len(rows) != len(named) or {r["commitment_id"] for r in rows} != named:
        return False
    cols = db.columns("commitments")
    con.execute("CREATE TEMP TABLE review_staged AS SELECT * FROM commitments LIMIT 0")
    try:
        frame = pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols)
        con.register("review_rows", frame)
        con.execute(
            f"INSERT INTO review_staged SELECT {', '.join(cols)} FROM review_rows"
        )  # names from the schema
        sets = ", ".join(f"{c} = s.{c}" for c in cols if c != "commitment_id")
        con.execute(
            f"UPDATE commitments SET {sets} FROM review_staged s WHERE commitments.commitment_id = s.commitment_id"
        )
    finally:
        con.unregister("review_rows")
        con.execute("DROP TABLE review_staged")
    return True
