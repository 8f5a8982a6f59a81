"""The status table kept current after an entry: the rows of the items a new progress, sign-off or extension entry
touches (their whole family, for the roll-up) are computed again and put in place of the old ones, instead of the
whole table being computed again.

The last table is kept per database version, log, as-of day and progress settings (`_Base`), with the records it
was computed from. The logs are read on from their last position, so a read after an entry gives the same record
objects as before followed by the new ones: those are what changed. Anything else (another database or settings, a
log rewritten or edited, many items touched) is a full recompute. RECOMPUTES counts both kinds and the items
computed, for tests.

A new database version made by a review apply of some items (tracker.store.derivation records which file it was
made from and which items' rows it wrote) starts from the last table of the file it was made from, with those
items' trees computed again. Each table carries a Lineage (the table it was made from and the items redone), so the
tables prepared from a status table are carried over too (tracker.store.queries.carry).
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tracker.config import Config
from tracker.progress import signoff, status_table
from tracker.progress.extension import ExtensionEntry, approved_dues, open_extension_log
from tracker.progress.log import ProgressEntry, entries_frame, entry_dict
from tracker.progress.signoff import SignoffEntry
from tracker.store import derivation, queries
from tracker.store.db import query_df
from tracker.store.kept import make_room, num_rows, trim
from tracker.store.logfile import RecordLog
from tracker.store.queries.carry import rows_at, swap_rows

RECOMPUTES = {"full": 0, "incremental": 0, "items": 0}  # "items": status rows computed
MAX_TOUCHED = 5000  # more items than this after one read: a full recompute is as quick and simpler


def _has_evidence(con: duckdb.DuckDBPyConnection) -> bool:
    found = query_df(con, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'evidence'")
    return bool(found["n"].iloc[0])


def compute_slim(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    as_of: dt.date,
    entries: pd.DataFrame,
    extensions: pd.DataFrame | None = None,
    cm: str = status_table.DB_COMMITMENTS,
) -> pa.Table:
    """status_table.compute over the database's items (or the part `cm` selects), as reviewed on `as_of`."""
    evidence = "SELECT commitment_id, kind, hint, date FROM evidence" if _has_evidence(con) else None
    overlay = queries.reviewed_as_of(con, as_of)  # a review made after `as_of` is not applied
    table = status_table.compute(
        con, config, entries, as_of, cm=cm, evidence=evidence, overlay=overlay, extensions=extensions
    )
    assert isinstance(table, pa.Table)
    return table


@dataclass
class _Base:
    """The last status table of one database version, log, day and settings, and what it was computed from."""

    progress: list[ProgressEntry]  # as the log read gave them (the same objects on a read on)
    decisions: list[SignoffEntry]
    extensions: list[ExtensionEntry]
    aliases: dict[str, str]  # old id -> the item its progress counts for (review merges, re-attachments)
    by_item: dict[str, list[int]]  # item (after aliases) -> the positions of its progress entries
    table: pa.Table
    lineage: queries.Lineage
    db_token: str | None  # the database's content token (tracker.store.derivation)


_BASES: OrderedDict[tuple, _Base] = OrderedDict()
_LOCK = threading.Lock()
_SERIALS = itertools.count(1)


def lineage(table: object) -> queries.Lineage | None:
    """What a table slim() returned was made from, while it is kept (None: not known)."""
    with _LOCK:
        for base in _BASES.values():
            if base.table is table:
                return base.lineage
    return None


def _frame(
    progress: Sequence[ProgressEntry],
    aliases: dict[str, str],
    decisions: Sequence[SignoffEntry],
    required: bool,
) -> pd.DataFrame:
    """The entries as they count (status.loop_entries): aliases followed, sign-off decisions applied."""
    frame = entries_frame([entry_dict(e) for e in progress])
    if aliases and not frame.empty:
        frame["commitment_id"] = frame["commitment_id"].map(lambda c: aliases.get(c, c))
    return signoff.apply(frame, decisions, required)


def _index(
    progress: Sequence[ProgressEntry], aliases: dict[str, str], start: int = 0
) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, e in enumerate(progress, start):
        out.setdefault(aliases.get(e.commitment_id, e.commitment_id), []).append(i)
    return out


def _read_on(old: list, new: list) -> list | None:
    """The records after `old` when `new` starts with the very same objects (a read on), else None."""
    if len(new) < len(old) or any(a is not b for a, b in zip(old, new, strict=False)):
        return None
    return new[len(old) :]


def slim(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    as_of: dt.date,
    log: RecordLog[ProgressEntry],
    db_key: Hashable,
) -> pa.Table:
    """The status table (status_table.SLIM_COLUMNS) of the database behind `db_key` as known on `as_of`: the last
    one with only the rows the new log records touch computed again, or the whole table when that cannot be."""
    logs = (str(log), str(signoff.open_signoff_log(config)), str(open_extension_log(config)))
    key = (db_key, logs, as_of, config.progress.model_dump_json())
    with _LOCK:  # one update at a time: two pages after the same entry compute it once
        base, moved = _BASES.get(key), frozenset[str]()
        info = derivation.info_of(con)
        if base is None and info is not None:  # a file a review apply made: from its source's table
            base, moved = _made_from(con, as_of, key, info)
        progress = list(log.read().entries)
        decisions = signoff.read_decisions(config)
        extensions = list(open_extension_log(config).read().entries)
        token = derivation.token(info) if info is not None else None
        new = (
            _incremental(con, config, as_of, base, (progress, decisions, extensions), moved, token)
            if base
            else None
        )
        if new is None:
            new = _full(con, config, as_of, progress, decisions, extensions, token)
        _BASES[key] = new
        _BASES.move_to_end(key)
        trim(_BASES, lambda b: num_rows(b.table), 4)
        return new.table


def _full(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    as_of: dt.date,
    progress: list[ProgressEntry],
    decisions: list[SignoffEntry],
    extensions: list[ExtensionEntry],
    db_token: str | None,
) -> _Base:
    RECOMPUTES["full"] += 1
    make_room(_BASES, lambda b: num_rows(b.table))  # the old tables are not held while this one is computed
    aliases = queries.review_aliases(con, as_of)
    frame = _frame(progress, aliases, decisions, config.progress.require_signoff)
    table = compute_slim(con, config, as_of, frame, approved_dues(extensions))
    RECOMPUTES["items"] += table.num_rows
    lin = queries.Lineage(next(_SERIALS))
    return _Base(progress, decisions, extensions, aliases, _index(progress, aliases), table, lin, db_token)


def _made_from(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, key: tuple, info: dict[str, str]
) -> tuple[_Base | None, frozenset[str]]:
    """The kept table of the file this database was made from (same logs, day and settings) and the items whose
    rows differ, when the database records one and review merges are the same in both."""
    found = derivation.made_from(info)
    if found is None:
        return None, frozenset()
    source, items = found
    for other, base in reversed(_BASES.items()):
        if other[1:] == key[1:] and base.db_token == source:
            if queries.review_aliases(con, as_of) != base.aliases:
                return None, frozenset()
            return base, items
    return None, frozenset()


def _touched(
    base: _Base,
    progress: list[ProgressEntry],
    new: tuple[list[ProgressEntry], list[SignoffEntry], list[ExtensionEntry]],
) -> set[str]:
    """The items whose own status the new records may change (as written and after aliases)."""
    added, decided, asked = new
    raw = {e.commitment_id for e in added} | {d.commitment_id for d in decided}
    raw |= {x.commitment_id for x in asked}
    if decided:  # a decision counts for the item of the entry it decides on, wherever that went
        wanted = {d.progress_entry_id for d in decided}
        raw |= {e.commitment_id for e in progress if e.entry_id in wanted}
    return raw | {base.aliases.get(c, c) for c in raw}


def _family(con: duckdb.DuckDBPyConnection, as_of: dt.date, touched: set[str]) -> list[str] | None:
    """Every item of the trees the touched items are in (their top ancestors and all below): what a roll-up of
    theirs can change. None when an item's ancestors loop (no top to start from)."""
    cur = con.cursor()
    try:
        for name, rows in queries.reviewed_as_of(con, as_of).items():
            cur.register(name, rows)
        cur.register("touched_ids", pd.DataFrame({"cid": pd.Series(sorted(touched), dtype=object)}))
        found: list[tuple[str, bool]] = cur.execute(
            f"""WITH RECURSIVE cm AS ({status_table.DB_COMMITMENTS}),
                up(cid) AS (SELECT t.cid FROM touched_ids t JOIN cm c ON c.commitment_id = t.cid
                            UNION SELECT c.parent_id FROM cm c JOIN up ON c.commitment_id = up.cid
                            WHERE c.parent_id IS NOT NULL AND c.parent_id <> ''),
                top AS (SELECT c.commitment_id AS cid FROM cm c JOIN up ON c.commitment_id = up.cid
                        WHERE c.parent_id IS NULL OR c.parent_id = ''
                           OR c.parent_id NOT IN (SELECT commitment_id FROM cm)),
                down(cid) AS (SELECT cid FROM top
                              UNION SELECT c.commitment_id FROM cm c JOIN down ON c.parent_id = down.cid)
            SELECT up.cid, up.cid IN (SELECT cid FROM down) AS reached FROM up
                JOIN cm ON cm.commitment_id = up.cid
            UNION SELECT cid, true FROM down"""
        ).fetchall()
    finally:
        cur.close()
    if not all(reached for _, reached in found):
        return None
    return sorted({str(cid) for cid, _ in found})


def _incremental(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    as_of: dt.date,
    base: _Base,
    logs: tuple[list[ProgressEntry], list[SignoffEntry], list[ExtensionEntry]],
    moved: frozenset[str],
    db_token: str | None,
) -> _Base | None:
    """The base with the rows of the items the new records touch (and of the `moved` items, whose rows in the
    database changed) computed again; None: recompute it all."""
    progress, decisions, extensions = logs
    added = _read_on(base.progress, progress)
    decided = _read_on(base.decisions, decisions)
    asked = _read_on(base.extensions, extensions)
    if added is None or decided is None or asked is None:
        return None
    touched = _touched(base, progress, (added, decided, asked)) | moved
    if len(touched) > MAX_TOUCHED:
        return None
    by_item = dict(base.by_item)  # a new index: the base stays as it was if this update fails
    for cid, pos in _index(added, base.aliases, len(base.progress)).items():
        by_item[cid] = by_item.get(cid, []) + pos
    table = base.table
    family = _family(con, as_of, touched) if touched else []
    if family is None:
        return None
    if family:
        mine = sorted(i for cid in family for i in by_item.get(cid, ()))
        frame = _frame([progress[i] for i in mine], base.aliases, decisions, config.progress.require_signoff)
        dues = approved_dues(extensions)
        dues = dues[dues["commitment_id"].isin(set(family))].reset_index(drop=True)
        ids = ", ".join("'" + c.replace("'", "''") + "'" for c in family)
        cm = f"SELECT * FROM ({status_table.DB_COMMITMENTS}) cm_all WHERE commitment_id IN ({ids})"
        part = compute_slim(con, config, as_of, frame, dues, cm)
        try:
            table = _put(table, part)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            return None  # the part's columns are not the table's types: compute it all
        RECOMPUTES["incremental"] += 1
        RECOMPUTES["items"] += part.num_rows
    lin = queries.Lineage(next(_SERIALS), base.lineage.serial, frozenset(family), moved)
    return _Base(progress, decisions, extensions, base.aliases, by_item, table, lin, db_token)


def _put(table: pa.Table, part: pa.Table) -> pa.Table:
    """`table` with the rows of `part` in place of the rows of the same items (the order of the rows kept; the
    columns whose values do not change there are kept as they are, not copied)."""
    part = part.select(table.column_names).cast(table.schema)
    ids = table.column("commitment_id")
    where = np.asarray(pc.indices_nonzero(pc.is_in(ids, value_set=part.column("commitment_id"))).to_numpy())
    part = part.take(pc.index_in(rows_at(ids, where), value_set=part.column("commitment_id")))
    out = swap_rows(table, where.astype(np.int64), part)
    if out is None:
        raise pa.ArrowInvalid("the part's columns are not the table's")
    return out
