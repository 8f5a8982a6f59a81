"""Write only what changed: a build whose database file was written from this cache by the same code copies
that file and applies the difference, instead of filling every table again from the cache.

The difference is known by key: the file records each source's cache entry key (SOURCE_KEYS) and a digest of
the cache's cross-report matches it holds (CROSS_DIGEST). A source whose key changed, that left or that joined
has its rows deleted and its new rows inserted; a commitment whose matches changed in the cache (compared per
commitment before and after tracker.build.crossref.update_cross) has its evidence rows written again; the units
table is written whole (it is small), the config's part of every sources row (path, title, names) is updated
where it differs. An evidence id is a hash of its commitment and its source, so the rows with one id are all
in the part written again or all outside it, and removing duplicates inside that part gives what the full
query gives. The review's tables follow the rows only while the review log is empty (`unreviewed`); otherwise,
and whenever the file was not written by this code from this cache as it now stands (another schema, extractor,
gazetteer or review, a cache that moved on without the file, more than MAX_SHARE of the sources changed), the
build writes the whole file (`Fallback`). Either way the new file is a copy written beside the database and
swapped in (tracker.store.db.update_database_with): nothing is half-written when the build is killed.

Rows keep the content a build from scratch writes; their physical order differs (new rows come last), and every
reader orders what it shows.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from tracker.build.review import OFF, fingerprint, review_store
from tracker.config import Config
from tracker.progress.log import open_progress_log, read_log
from tracker.store import db
from tracker.store.cache import ROW_TABLES

SOURCE_KEYS = "source_keys"  # build_info: {source_id: cache entry key} of the sources the file holds
CROSS_DIGEST = "cross_digest"  # build_info: digest of the cache's cross-report matches the file holds
GAZETTEER = "gazetteer"  # build_info: the gazetteer's fingerprint (tracker.build.incremental)
MATCHED = ("schema_version", "extractor_version", GAZETTEER, "review_sha256")  # as the file records them
MAX_SHARE = 0.2  # more changed sources than this share (and MIN_WHOLE) and the whole file is written
MIN_WHOLE = 50
ReviewDelta = Callable[[duckdb.DuckDBPyConnection, dict[str, str]], bool]


class Fallback(Exception):
    """The difference cannot be applied to the file: the build writes the whole file."""


@dataclass(frozen=True)
class Changes:
    """What differs from the file: the sources whose rows are replaced, the commitments whose matches changed."""

    sources: list[str]
    commitments: list[str]


_COLS = ", ".join(f'"{c}"' for c in ("key_c", "pos_c", "key_s", "pos_s", *db.columns("evidence")))
_DIGEST = f"""SELECT commitment_id, count(*) AS n, bit_xor(hash({_COLS})) AS h FROM x_cross GROUP BY commitment_id"""


def prior_info(path: Path) -> dict[str, str] | None:
    """The build_info of the database file now at `path` when it records what a difference needs, else None."""
    if not Path(path).is_file():
        return None
    try:
        info = db.build_info(Path(path))
    except (duckdb.Error, OSError):
        return None
    return info if SOURCE_KEYS in info and CROSS_DIGEST in info else None


def keep_cross(con: duckdb.DuckDBPyConnection) -> None:
    """Remember the cache's matches per commitment (before they are brought up to date)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE cross_before AS {_DIGEST}")


_DIGEST_TABLES = ("cross_before", "cross_after")  # the only tables _total may name


def _total(con: duckdb.DuckDBPyConnection, table: str) -> str:
    # fetchall, not fetchone: a result left open blocks the connection's next statement
    if table not in _DIGEST_TABLES:
        raise ValueError(f"not a digest table: {table}")
    row = con.execute(f"SELECT count(*), sum(n), bit_xor(h) FROM {table}").fetchall()[0]
    return f"{row[0]}:{row[1] or 0}:{row[2] or 0}"


def cross_digest(con: duckdb.DuckDBPyConnection) -> str:
    """The digest of the cache's matches now (what a file written from it records as CROSS_DIGEST)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE cross_after AS {_DIGEST}")
    return _total(con, "cross_after")


def changes(
    con: duckdb.DuckDBPyConnection,
    prior: Mapping[str, str] | None,
    keys: Mapping[str, str],
    info: Mapping[str, str],
) -> Changes | None:
    """What differs between the file that recorded `prior` and this build (`keys`: each source's entry key,
    `info`: the build_info it writes), once the cache's matches are up to date (after cross_digest); None when
    the whole file must be written."""
    if prior is None or any(prior.get(k) != info.get(k) for k in MATCHED):
        return None
    try:
        old = json.loads(prior[SOURCE_KEYS])
    except (KeyError, ValueError):
        return None
    has_before = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'cross_before' AND temporary"
    ).fetchall()[0]
    if not isinstance(old, dict) or not has_before[0]:
        return None
    if _total(con, "cross_before") != prior[CROSS_DIGEST]:
        return None  # the cache moved on without this file (a build that failed after matching)
    sources = sorted({s for s, k in keys.items() if old.get(s) != k} | (set(old) - set(keys)))
    if len(sources) > max(MIN_WHOLE, MAX_SHARE * len(keys)):
        return None
    found = con.execute(
        """SELECT coalesce(a.commitment_id, b.commitment_id) FROM cross_before a
           FULL OUTER JOIN cross_after b ON a.commitment_id = b.commitment_id
           WHERE a.n IS DISTINCT FROM b.n OR a.h IS DISTINCT FROM b.h"""
    ).fetchall()
    return Changes(sources, sorted(str(c) for (c,) in found if c is not None))


def _frame(name: str, values: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(list(values), dtype=object)})


def _q(cols: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


def apply(
    con: duckdb.DuckDBPyConnection,
    cache_file: Path,
    found: Changes,
    prior: Mapping[str, str],
    order: pd.DataFrame,
    sources: pd.DataFrame,
    units: pd.DataFrame,
    review: ReviewDelta | None,
    info: dict[str, str],
) -> None:
    """Apply `found` to a copy of the file (`con`): `order` (key, ord), `sources` (key + the config's columns)
    and `units` as tracker.store.cache.fill_from_cache takes them; `review(con, info)` brings the review's
    tables along (False: it cannot). Raises Fallback when the copy is not the file `prior` was read from."""
    have = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    if any(have.get(k) != prior.get(k) for k in (*MATCHED, SOURCE_KEYS, CROSS_DIGEST)):
        raise Fallback  # replaced since it was looked at
    con.execute("ATTACH ? AS cache (READ_ONLY)", [str(cache_file)])
    try:
        con.register("build_keys", order)
        con.register("config_sources", sources)
        con.register("unit_rows", units)
        con.register("changed_s", _frame("source_id", found.sources))
        con.register("changed_c", _frame("commitment_id", found.commitments))
        _rows(con)
        _evidence(con)
        if review is not None and not review(con, info):
            raise Fallback
    finally:
        for name in ("build_keys", "config_sources", "unit_rows", "changed_s", "changed_c"):
            con.unregister(name)
        con.execute("DETACH cache")


def _rows(con: duckdb.DuckDBPyConnection) -> None:
    """The changed sources' rows replaced, the config's columns of every source, and the units table."""
    con.execute(
        """CREATE TEMP TABLE new_keys AS SELECT k.key, k.ord FROM build_keys k JOIN config_sources s USING (key)
           WHERE s.source_id IN (SELECT source_id FROM changed_s)"""
    )
    con.execute(
        """CREATE TEMP TABLE gone_c AS SELECT commitment_id FROM commitments
           WHERE source_id IN (SELECT source_id FROM changed_s)"""
    )
    con.execute("DELETE FROM commitment_units WHERE commitment_id IN (SELECT commitment_id FROM gone_c)")
    for table in ("sources", "meetings", "commitments", "figures", "mentions"):
        con.execute(
            f"DELETE FROM {table} WHERE source_id IN (SELECT source_id FROM changed_s)"
        )  # names fixed
    from_entry = {c: f"e.{c}" for c in ("sha256", "encoding", "text", "reader", "error", "error_step")}
    select = ", ".join(from_entry.get(c, f's."{c}"') for c in db.columns("sources"))
    con.execute(
        f"""INSERT INTO sources SELECT {select} FROM config_sources s JOIN cache.entries e USING (key)
            JOIN new_keys k USING (key) ORDER BY k.ord"""
    )
    for table in ROW_TABLES:
        con.execute(
            f"""INSERT INTO {table} SELECT {_q(db.columns(table))} FROM cache.r_{table} r
                JOIN new_keys k USING (key) ORDER BY k.ord, r.pos"""
        )
    config_cols = ("path", "title", "original_name", "text_path")
    differs = " OR ".join(f'sources."{c}" IS DISTINCT FROM c."{c}"' for c in config_cols)
    con.execute(
        f"""UPDATE sources SET {", ".join(f'"{c}" = c."{c}"' for c in config_cols)} FROM config_sources c
            WHERE sources.source_id = c.source_id AND ({differs})"""
    )
    con.execute("DELETE FROM units")
    con.execute(f"INSERT INTO units SELECT {_q(db.columns('units'))} FROM unit_rows")


def _evidence(con: duckdb.DuckDBPyConnection) -> None:
    """The evidence rows of the changed sources and of the commitments whose matches changed, written again."""
    scope = "source_id IN (SELECT source_id FROM changed_s) OR commitment_id IN (SELECT commitment_id FROM changed_c)"
    con.execute(f"DELETE FROM evidence WHERE {scope}")
    ev = _q(db.columns("evidence"))
    con.execute(
        f"""INSERT INTO evidence SELECT {ev} FROM (
              SELECT {ev}, CASE WHEN r.kind = 'bulletin' THEN 2 ELSE 0 END AS part, k.ord AS o1,
                     r.pos AS o2, 0 AS o3, 0 AS o4
              FROM cache.r_own r JOIN build_keys k USING (key) WHERE {scope}
              UNION ALL
              SELECT {ev}, 1, kc.ord, x.pos_c, ks.ord, x.pos_s
              FROM cache.x_cross x JOIN build_keys kc ON kc.key = x.key_c JOIN build_keys ks ON ks.key = x.key_s
              WHERE {scope.replace("source_id IN", "x.source_id IN").replace("commitment_id IN", "x.commitment_id IN")}
            ) QUALIFY row_number() OVER (PARTITION BY evidence_id ORDER BY part, o1, o2, o3, o4) = 1"""
    )


def unreviewed(con: duckdb.DuckDBPyConnection, config: Config, *, enabled: bool) -> dict[str, str] | None:
    """The review's tables brought along with the changed sources' rows while the review log is empty (what
    tracker.build.review writes then: every item unreviewed, its progress counted), and the build_info rows;
    None when the log has entries, or progress names an item the build no longer makes."""
    if enabled and review_store(config).read().entries:
        return None
    counts: Counter[str] = Counter()
    if enabled:
        counts = Counter(str(e["commitment_id"]) for e in read_log(open_progress_log(config)).entries)
    con.register(
        "progress_counts",
        pd.DataFrame(
            {
                "commitment_id": pd.Series(list(counts), dtype=object),
                "n": pd.Series(list(counts.values()), dtype="int64"),
            }
        ),
    )
    try:
        row = con.execute(
            """SELECT count(*) FROM progress_counts
               WHERE commitment_id NOT IN (SELECT commitment_id FROM commitments)"""
        ).fetchall()[0]
        if row[0]:
            return None  # an orphan to record: the review's own code writes the file
        _unreviewed_rows(con)
    finally:
        con.unregister("progress_counts")
    return {"review_sha256": fingerprint([]) if enabled else OFF, "review_last_day": ""}


def _unreviewed_rows(con: duckdb.DuckDBPyConnection) -> None:
    cm = ", ".join(db.columns("commitments_extracted"))
    cu = ", ".join(db.columns("commitment_units_extracted"))
    mine = "source_id IN (SELECT source_id FROM changed_s)"
    units_gone = "commitment_id IN (SELECT commitment_id FROM gone_c)"
    units_new = f"commitment_id IN (SELECT commitment_id FROM commitments WHERE {mine})"
    for table in ("commitments_extracted", "commitments_history", "review_items"):
        con.execute(f"DELETE FROM {table} WHERE {mine}")
    for table in ("commitment_units_extracted", "commitment_units_history"):
        con.execute(f"DELETE FROM {table} WHERE {units_gone}")
    con.execute(f"UPDATE commitments SET review_state = 'unreviewed' WHERE {mine}")
    con.execute(f"INSERT INTO commitments_extracted SELECT {cm} FROM commitments WHERE {mine} ORDER BY rowid")
    con.execute(
        f"INSERT INTO commitment_units_extracted SELECT {cu} FROM commitment_units WHERE {units_new} ORDER BY rowid"
    )
    con.execute(
        f"""INSERT INTO commitments_history SELECT {cm}, review_state, NULL, NULL FROM commitments
            WHERE {mine} ORDER BY rowid"""
    )
    con.execute(
        f"""INSERT INTO commitment_units_history SELECT {cu}, NULL, NULL FROM commitment_units
            WHERE {units_new} ORDER BY rowid"""
    )
    con.execute(
        f"""INSERT INTO review_items
            SELECT {", ".join("c." + c for c in db.columns("commitments_extracted"))}, 'unreviewed', NULL, TRUE,
                   NULL, NULL, NULL, NULL, NULL, 0, 0
            FROM commitments c WHERE c.{mine} ORDER BY c.rowid"""
    )
    # progress may have been recorded on any item since the file was written
    n = "coalesce((SELECT p.n FROM progress_counts p WHERE p.commitment_id = review_items.commitment_id), 0)"
    con.execute(f"UPDATE review_items SET n_progress = {n} WHERE n_progress IS DISTINCT FROM {n}")
