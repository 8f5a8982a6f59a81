"""The build cache: each source's extraction results in a DuckDB file beside the database, so that a build
extracts only the sources that changed and copies the rest with INSERT … SELECT.

The folder is `<database>.cache/` (`data/tracker.duckdb.cache/`): `results.duckdb` and a lock file. Everything in
it is derived and may be deleted at any time; the next build makes it again (and a file that cannot be opened,
or was written by another cache format, is replaced). An entry's key is the hash of everything its rows depend
on: the source's bytes, its id, year, date, encoding and file suffix, the extractor's code version, the schema
version and the gazetteer (tracker.build.cached.source_key); an entry is used only when its key matches, and
entries that the latest build did not use are removed at its end. One build writes the cache at a time (the
lock file); readers of the database never open it.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from tracker.store import db
from tracker.store.files import LONG_LOCK_TIMEOUT_S, locked

CACHE_FORMAT = "3"
RESULT_FILE = "results.duckdb"
CACHE_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "memory_limit": "1GB"
}  # a build's DuckDB working memory; more spills to the cache folder
ROW_TABLES = ("meetings", "commitments", "commitment_units", "figures", "mentions")
ENTRY_COLUMNS = (
    "key",
    "source_id",
    "sha256",
    "encoding",
    "reader",
    "text",
    "first_line",
    "text_bytes",
    "empty",
    "error",
    "error_step",
    "error_both",
)
FACT_COLUMNS = (
    "source_id",
    "paragraph",
    "start",
    "end",
    "text",
    "quote",
    "units",
    "meeting_id",
    "date",
    "figure_id",
)
MATCH_COLUMNS = ("commitment_id", "unit_id", "when", "source_id", "char_start", "char_end", "ctext")
UNIT_COLUMNS = ("name", "kind", "subkind", "in_gazetteer")


def cache_dir(database: Path) -> Path:
    """The cache folder of a database file: beside it, named after it."""
    database = Path(database)
    return database.with_name(database.name + ".cache")


def _typed(table: str) -> str:
    """Column definitions of a known table without its constraints (the cache holds several versions)."""
    out = []
    for line in db.TABLES[table].strip().splitlines():
        parts = line.strip().rstrip(",").split()
        if parts:
            out.append(f'"{parts[0]}" {parts[1]}')
    return ", ".join(out)


def _schema() -> list[str]:
    """The cache's tables: r_* rows per source entry (key, pos = order in the source), x_* evidence state."""
    ddl = [
        "CREATE TABLE meta (k VARCHAR PRIMARY KEY, v VARCHAR)",
        """CREATE TABLE entries (key VARCHAR PRIMARY KEY, source_id VARCHAR, sha256 VARCHAR, encoding VARCHAR,
            reader VARCHAR, text VARCHAR, first_line VARCHAR, text_bytes BIGINT, empty BOOLEAN, error VARCHAR,
            error_step VARCHAR, error_both VARCHAR)""",
        "CREATE TABLE r_units (key VARCHAR, pos INTEGER, name VARCHAR, kind VARCHAR, subkind VARCHAR, "
        "in_gazetteer BOOLEAN)",
        f"CREATE TABLE r_own (key VARCHAR, pos INTEGER, {_typed('evidence')})",
        """CREATE TABLE r_facts (key VARCHAR, pos INTEGER, source_id VARCHAR, paragraph INTEGER, "start" INTEGER,
            "end" INTEGER, text VARCHAR, quote VARCHAR, units VARCHAR[], meeting_id VARCHAR, date DATE,
            figure_id VARCHAR)""",
        """CREATE TABLE r_match (key VARCHAR, pos INTEGER, commitment_id VARCHAR, unit_id VARCHAR, "when" DATE,
            source_id VARCHAR, char_start INTEGER, char_end INTEGER, ctext VARCHAR)""",
        "CREATE TABLE x_state (k VARCHAR PRIMARY KEY, v VARCHAR)",
        "CREATE TABLE x_sview (key VARCHAR, pos INTEGER, view VARCHAR)",
        "CREATE TABLE x_cview (key VARCHAR, pos INTEGER, view VARCHAR)",
        "CREATE TABLE x_keys (key VARCHAR PRIMARY KEY)",
        f"""CREATE TABLE x_cross (key_c VARCHAR, pos_c INTEGER, key_s VARCHAR, pos_s INTEGER,
            {_typed("evidence")})""",
    ]
    ddl += [f"CREATE TABLE r_{t} (key VARCHAR, pos INTEGER, {_typed(t)})" for t in ROW_TABLES]
    return ddl


def _frame(rows: Sequence[Mapping[str, object]], cols: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([[r.get(c) for c in cols] for r in rows], columns=list(cols))


def _table_rows(result: Mapping[str, object], name: str) -> list[Mapping[str, object]]:
    """The row list a finished source holds under a table name (every result has one per table)."""
    rows = result[name]
    assert isinstance(rows, list), name
    return rows


def _keys(keys: Iterable[str]) -> pd.DataFrame:
    """A one-column frame of entry keys to join with (typed even when empty)."""
    return pd.DataFrame({"key": pd.Series(list(keys), dtype=object)})


def _unregister(con: duckdb.DuckDBPyConnection) -> None:
    for name in ("wanted", "words"):
        with contextlib.suppress(duckdb.Error):
            con.unregister(name)


def _q(cols: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


class ResultCache:
    """An open cache folder (lock held): what is in it, new entries, and the evidence state."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.file = self.folder / RESULT_FILE
        self.con: duckdb.DuckDBPyConnection = self._connect()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        try:
            con = duckdb.connect(str(self.file), config=CACHE_CONFIG)
            found = con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
            ).fetchall()
            if found and found[0][0]:
                rows = con.execute("SELECT v FROM meta WHERE k = 'format'").fetchall()
                if rows and rows[0][0] == CACHE_FORMAT + "/" + str(db.SCHEMA_VERSION):
                    return con
            con.close()
        except duckdb.Error:
            pass
        for f in (self.file, Path(str(self.file) + ".wal")):  # another format or a broken file: start again
            f.unlink(missing_ok=True)
        con = duckdb.connect(str(self.file), config=CACHE_CONFIG)
        for stmt in _schema():
            con.execute(stmt)
        con.execute("INSERT INTO meta VALUES ('format', ?)", [CACHE_FORMAT + "/" + str(db.SCHEMA_VERSION)])
        return con

    def close(self) -> None:
        """Write everything to the file and close it (it is attached read-only to the new database next)."""
        with contextlib.suppress(duckdb.Error):
            self.con.execute("CHECKPOINT")
        self.con.close()

    # --- entries -------------------------------------------------------------------------------------

    def present(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` have an entry."""
        wanted = _keys(list(dict.fromkeys(keys)))
        cur = self.con
        try:
            cur.register("wanted", wanted)
            return {k for (k,) in cur.execute("SELECT key FROM entries JOIN wanted USING (key)").fetchall()}
        finally:
            _unregister(cur)

    def put(self, results: Sequence[Mapping[str, object]]) -> None:
        """Store finished sources, all of them or none: each result has the ENTRY_COLUMNS and row lists under
        the table names of ROW_TABLES and 'units', 'own', 'facts', 'match' (each row with its `pos`)."""
        if not results:
            return
        tables: dict[str, tuple[str, Sequence[str]]] = {
            **{t: (f"r_{t}", db.columns(t)) for t in ROW_TABLES},
            "units": ("r_units", UNIT_COLUMNS),
            "own": ("r_own", db.columns("evidence")),
            "facts": ("r_facts", FACT_COLUMNS),
            "match": ("r_match", MATCH_COLUMNS),
        }
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            keys = [str(r["key"]) for r in results]
            self._delete(keys)
            con.register("frame", _frame(results, ENTRY_COLUMNS))
            con.execute(f"INSERT INTO entries SELECT {_q(ENTRY_COLUMNS)} FROM frame")
            for name, (table, cols) in tables.items():
                rows = [{**row, "key": r["key"]} for r in results for row in _table_rows(r, name)]
                if rows:
                    all_cols = ("key", "pos", *cols)
                    con.register("frame", _frame(rows, all_cols))
                    con.execute(f"INSERT INTO {table} SELECT {_q(all_cols)} FROM frame")
            con.unregister("frame")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _delete(self, keys: Sequence[str]) -> None:
        self.con.register("gone", _keys(list(keys)))
        for table in ("entries", "r_units", "r_own", "r_facts", "r_match", *(f"r_{t}" for t in ROW_TABLES)):
            self.con.execute(f"DELETE FROM {table} WHERE key IN (SELECT key FROM gone)")
        self.con.unregister("gone")

    def prune(self, keep: Iterable[str]) -> None:
        """Remove every entry and evidence row whose key is not in `keep` (what the latest build used)."""
        con = self.con
        con.register("keep", _keys(list(dict.fromkeys(keep))))
        try:
            gone = [
                k
                for (k,) in con.execute(
                    "SELECT key FROM entries WHERE key NOT IN (SELECT key FROM keep)"
                ).fetchall()
            ]
            con.execute("BEGIN TRANSACTION")
            if gone:
                self._delete(gone)
            for table in ("x_sview", "x_cview"):
                con.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM keep)")
            con.execute(
                "DELETE FROM x_cross WHERE key_c NOT IN (SELECT key FROM keep) OR key_s NOT IN (SELECT key FROM keep)"
            )
            con.execute("COMMIT")
        finally:
            con.unregister("keep")

    def entry_facts(self, keys: Sequence[str]) -> pd.DataFrame:
        """Per key: source id, sha256, reader, encoding, first line, size of the text and whether it is empty."""
        cur = self.con
        try:
            cur.register("wanted", _keys(list(keys)))
            return cur.execute(
                """SELECT key, source_id, sha256, encoding, reader, first_line, text_bytes, empty, error, error_step,
                          error_both
                   FROM entries JOIN wanted USING (key)"""
            ).df()
        finally:
            _unregister(cur)

    def units(self, keys: Sequence[str]) -> list[tuple[str, str, str, bool]]:
        """(name, kind, subkind, in_gazetteer) of each unit the entries `keys` found, as the first of them (in
        the order of `keys`) to find it has it; in that order."""
        cur = self.con
        order = pd.DataFrame({"key": pd.Series(list(keys), dtype=object), "ord": range(len(keys))})
        try:
            cur.register("wanted", order)
            return cur.execute(
                """SELECT name, kind, subkind, in_gazetteer FROM r_units JOIN wanted USING (key)
                   QUALIFY row_number() OVER (PARTITION BY name ORDER BY ord, pos) = 1 ORDER BY ord, pos"""
            ).fetchall()
        finally:
            _unregister(cur)

    def surfaces(self, keys: Sequence[str]) -> list[str]:
        """Every distinct surface a unit was named by in these entries."""
        cur = self.con
        try:
            cur.register("wanted", _keys(list(keys)))
            found = cur.execute("SELECT DISTINCT surface FROM r_mentions JOIN wanted USING (key)").fetchall()
            return [s for (s,) in found]
        finally:
            _unregister(cur)

    def text(self, key: str) -> str:
        """The text an entry was extracted from."""
        rows = self.con.execute("SELECT text FROM entries WHERE key = ?", [key]).fetchall()
        return str(rows[0][0]) if rows else ""

    # --- evidence state ------------------------------------------------------------------------------

    def state(self, name: str) -> str | None:
        """A value of the evidence state (what the stored matches were computed with)."""
        rows = self.con.execute("SELECT v FROM x_state WHERE k = ?", [name]).fetchall()
        return str(rows[0][0]) if rows else None

    def set_state(self, values: Mapping[str, str]) -> None:
        """Record what the stored matches were computed with."""
        for k, v in values.items():
            self.con.execute("INSERT OR REPLACE INTO x_state VALUES (?, ?)", [k, v])

    def matched_keys(self) -> set[str]:
        """The entries whose matches are complete in x_cross (as of the last build)."""
        return {k for (k,) in self.con.execute("SELECT key FROM x_keys").fetchall()}

    def set_matched_keys(self, keys: Iterable[str]) -> None:
        """Record the entries whose matches x_cross now holds completely."""
        self.con.execute("DELETE FROM x_keys")
        self.con.register("frame", _keys(list(dict.fromkeys(keys))))
        self.con.execute("INSERT INTO x_keys SELECT key FROM frame")
        self.con.unregister("frame")

    def facts(self, keys: Sequence[str], units: Sequence[str] | None = None) -> pd.DataFrame:
        """Sentences of these entries (all, or those about one of `units`) with their stored matter view."""
        cur = self.con
        try:
            cur.register("wanted", _keys(list(keys)))
            where = ""
            params: list[object] = []
            if units is not None:
                where = " WHERE len(list_intersect(f.units, ?::VARCHAR[])) > 0"
                params = [list(units)]
            return cur.execute(
                f"""SELECT f.key, f.pos, {_q(FACT_COLUMNS)}, v.view
                    FROM r_facts f JOIN wanted USING (key)
                    LEFT JOIN x_sview v ON v.key = f.key AND v.pos = f.pos{where}""",
                params,
            ).df()
        finally:
            _unregister(cur)

    def matches(self, keys: Sequence[str], units: Sequence[str] | None = None) -> pd.DataFrame:
        """Commitments of these entries that later sentences can match (all, or those of `units`), with their
        stored matter view."""
        cur = self.con
        try:
            cur.register("wanted", _keys(list(keys)))
            where = ""
            params: list[object] = []
            if units is not None:
                where = " WHERE list_contains(?::VARCHAR[], m.unit_id)"
                params = [list(units)]
            return cur.execute(
                f"""SELECT m.key, m.pos, {_q(MATCH_COLUMNS)}, v.view
                    FROM r_match m JOIN wanted USING (key)
                    LEFT JOIN x_cview v ON v.key = m.key AND v.pos = m.pos{where}""",
                params,
            ).df()
        finally:
            _unregister(cur)

    def texts_with(
        self, keys: Sequence[str], words: Sequence[str]
    ) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """(key, pos) of the sentences and of the commitment texts that contain any of `words`."""
        if not words:
            return [], []
        cur = self.con
        try:
            cur.register("wanted", _keys(list(keys)))
            cur.register("words", pd.DataFrame({"w": list(words)}))
            s = cur.execute(
                """SELECT DISTINCT f.key, f.pos FROM r_facts f JOIN wanted USING (key), words
                   WHERE contains(f.text, words.w)"""
            ).fetchall()
            c = cur.execute(
                """SELECT DISTINCT m.key, m.pos FROM r_match m JOIN wanted USING (key), words
                   WHERE contains(m.ctext, words.w)"""
            ).fetchall()
            return s, c
        finally:
            _unregister(cur)

    def put_views(self, table: str, rows: Sequence[tuple[str, int, str]]) -> None:
        """Store matter views (key, pos, view) of sentences (x_sview) or commitments (x_cview)."""
        if table not in ("x_sview", "x_cview") or not rows:
            return
        frame = pd.DataFrame(rows, columns=["key", "pos", "view"])
        self.con.register("frame", frame)
        self.con.execute(f"DELETE FROM {table} WHERE (key, pos) IN (SELECT (key, pos) FROM frame)")
        self.con.execute(f"INSERT INTO {table} SELECT key, pos, view FROM frame")
        self.con.unregister("frame")

    def drop_cross(
        self,
        keys: Iterable[str] = (),
        sentences: Iterable[tuple[str, int]] = (),
        commitments: Iterable[tuple[str, int]] = (),
    ) -> None:
        """Forget the matches that involve any of these entries, sentences or commitments."""
        con = self.con
        k = _keys(list(keys))
        s = pd.DataFrame(list(sentences), columns=["key", "pos"])
        c = pd.DataFrame(list(commitments), columns=["key", "pos"])
        con.register("k", k)
        con.register("s", s)
        con.register("c", c)
        con.execute(
            """DELETE FROM x_cross WHERE key_c IN (SELECT key FROM k) OR key_s IN (SELECT key FROM k)
               OR (key_s, pos_s) IN (SELECT (key, pos) FROM s) OR (key_c, pos_c) IN (SELECT (key, pos) FROM c)"""
        )
        for name in ("k", "s", "c"):
            con.unregister(name)

    def prune_cross(self, kept: Iterable[str]) -> None:
        """Forget every match whose commitment or sentence is not in one of the entries `kept`."""
        self.con.register("kept", pd.DataFrame({"key": pd.Series(list(kept), dtype=object)}))
        self.con.execute(
            "DELETE FROM x_cross WHERE key_c NOT IN (SELECT key FROM kept) OR key_s NOT IN (SELECT key FROM kept)"
        )
        self.con.unregister("kept")

    def losing(self, kept: Iterable[str], sentences: Iterable[tuple[str, int]] = ()) -> set[tuple[str, int]]:
        """(key, pos) of the commitments in the entries `kept` with a stored match whose sentence is not in
        them, or is one of `sentences`: the matches they will lose."""
        con = self.con
        con.register("kept", _keys(list(kept)))
        con.register("s", pd.DataFrame(list(sentences), columns=["key", "pos"]))
        try:
            found = con.execute(
                """SELECT DISTINCT key_c, pos_c FROM x_cross WHERE key_c IN (SELECT key FROM kept)
                   AND (key_s NOT IN (SELECT key FROM kept) OR (key_s, pos_s) IN (SELECT (key, pos) FROM s))"""
            ).fetchall()
        finally:
            con.unregister("kept")
            con.unregister("s")
        return {(str(k), int(p)) for k, p in found}

    def trim_cross(self, cap: int, keys: Iterable[str]) -> None:
        """Keep at most `cap` matches of each commitment that has one with a sentence of the entries `keys`:
        the first by extract.evidence.rank_key (latest date, then report id and position)."""
        con = self.con
        con.register("touched", _keys(list(keys)))
        try:
            con.execute(
                """DELETE FROM x_cross WHERE (key_c, pos_c, key_s, pos_s) IN (
                     SELECT (key_c, pos_c, key_s, pos_s) FROM x_cross
                     WHERE (key_c, pos_c) IN (SELECT (key_c, pos_c) FROM x_cross
                                              WHERE key_s IN (SELECT key FROM touched))
                     QUALIFY row_number() OVER (PARTITION BY key_c, pos_c
                                                ORDER BY date DESC, source_id, char_start) > ?)""",
                [cap],
            )
        finally:
            con.unregister("touched")

    def add_cross(self, rows: Sequence[Mapping[str, object]]) -> None:
        """Store new matches (evidence rows with key_c, pos_c, key_s, pos_s)."""
        if not rows:
            return
        cols = ("key_c", "pos_c", "key_s", "pos_s", *db.columns("evidence"))
        self.con.register("frame", _frame(rows, cols))
        self.con.execute(f"INSERT INTO x_cross SELECT {_q(cols)} FROM frame")
        self.con.unregister("frame")


@contextlib.contextmanager
def open_cache(folder: Path) -> Iterator[ResultCache]:
    """Open (or make) the cache folder with its lock held for the whole block (one build writes at a time)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder / "lock", timeout=LONG_LOCK_TIMEOUT_S, what=folder):
        try:
            cache = ResultCache(folder)
        except (OSError, duckdb.Error):  # unusable: the cache is derived, so start from nothing
            for p in folder.iterdir():
                if p.name != "lock":
                    shutil.rmtree(p) if p.is_dir() else p.unlink()
            cache = ResultCache(folder)
        try:
            yield cache
        finally:
            cache.close()


def fill_from_cache(
    con: duckdb.DuckDBPyConnection,
    cache_file: Path,
    order: pd.DataFrame,
    sources: pd.DataFrame,
    units: pd.DataFrame,
) -> None:
    """Fill a new database's tables from the cache: `order` (key, ord) says which entries and in which order,
    `sources` (key + the sources columns that come from the config) and `units` (the merged units table)."""
    con.execute("ATTACH ? AS cache (READ_ONLY)", [str(cache_file)])
    try:
        con.register("build_keys", order)
        con.register("config_sources", sources)
        con.register("unit_rows", units)
        cols = db.columns("sources")
        from_entry = {
            "sha256": "e.sha256",
            "encoding": "e.encoding",
            "text": "e.text",
            "reader": "e.reader",
            "error": "e.error",
            "error_step": "e.error_step",
        }
        select = ", ".join(from_entry.get(c, f's."{c}"') for c in cols)
        con.execute(
            f"""INSERT INTO sources SELECT {select} FROM config_sources s
                JOIN cache.entries e USING (key) JOIN build_keys k USING (key) ORDER BY k.ord"""
        )
        for table in ROW_TABLES:
            tc = _q(db.columns(table))
            con.execute(
                f"""INSERT INTO {table} SELECT {tc} FROM cache.r_{table} r JOIN build_keys k USING (key)
                    ORDER BY k.ord, r.pos"""
            )
        con.execute(f"INSERT INTO units SELECT {_q(db.columns('units'))} FROM unit_rows")
        ev = _q(db.columns("evidence"))
        con.execute(
            f"""INSERT INTO evidence SELECT {ev} FROM (
                  SELECT {ev}, CASE WHEN r.kind = 'bulletin' THEN 2 ELSE 0 END AS part, k.ord AS o1,
                         r.pos AS o2, 0 AS o3, 0 AS o4
                  FROM cache.r_own r JOIN build_keys k USING (key)
                  UNION ALL
                  SELECT {ev}, 1, kc.ord, x.pos_c, ks.ord, x.pos_s
                  FROM cache.x_cross x JOIN build_keys kc ON kc.key = x.key_c JOIN build_keys ks ON ks.key = x.key_s
                ) QUALIFY row_number() OVER (PARTITION BY evidence_id ORDER BY part, o1, o2, o3, o4) = 1
                ORDER BY part, o1, o2, o3, o4"""
        )
        for name in ("build_keys", "config_sources", "unit_rows"):
            con.unregister(name)
    finally:
        con.execute("DETACH cache")
