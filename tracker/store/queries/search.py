"""Text search on the prepared tables: the rows whose texts contain every search word, found without lowering
and joining every title and quote of a million rows per query, with exactly the rows of the plain search.

The plain search (commitments._commitment_filter) keeps a row when lower(concat_ws(' ', title, quote, unit_name,
meeting_title, list_name, parent_title)) contains lower(word) for every word. A word has no space in it
(str.split), so it never spans the ' ' between two texts: a row matches a word when one of its texts does.
lower() maps each character on its own, so a text equal to its lowered form matches as it is: only the texts of
the few rows that change when lowered (`cased`, made once per connection) are searched lowered. Unit names and
meeting titles are few: they are matched in their own tables, and a parent's title by its row number.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tracker.store.queries.derived import Prepared, fast
from tracker.store.queries.status import StatusView

# The rows whose title, quote or list name change when lowered, with those texts lowered: per connection (one
# version of one database), made once.
_CASED_SQL = """
    SELECT rowid AS rid, lower(title) AS title, lower(quote) AS quote, lower(list_name) AS list_name
    FROM commitments
    WHERE lower(title) IS DISTINCT FROM title OR lower(quote) IS DISTINCT FROM quote
       OR lower(list_name) IS DISTINCT FROM list_name
"""
_CASED: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, Any] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def cased(con: duckdb.DuckDBPyConnection) -> Any:
    """The rows of the database as built whose texts lowering changes (rid and the lowered texts), as an Arrow
    table made once per connection."""
    with _LOCK:
        found = _CASED.get(con)
        if found is None:
            cur = con.cursor()
            try:
                found = cur.sql(_CASED_SQL).to_arrow_table()
            finally:
                cur.close()
            _CASED[con] = found
        return found


def _flags(words: int, title: str, quote: str, list_name: str) -> str:
    """Per word i: o{i}, whether one of the three texts contains it, and t{i}, whether the title does."""
    out = []
    for i in range(words):
        w = f"lower($w{i})"
        out.append(
            f"coalesce(contains({title}, {w}) OR contains({quote}, {w}) OR contains({list_name}, {w}), false)"
            f" AS o{i}, coalesce(contains({title}, {w}), false) AS t{i}"
        )
    return ", ".join(out)


_UNITS_SQL = "SELECT unit_id FROM units WHERE contains(lower(name), lower(?))"
_MEETINGS_SQL = "SELECT meeting_id FROM meetings WHERE contains(lower(title), lower(?))"


def _own_sql(words: int) -> str:
    """Every commitment one of whose own texts (title, quote, list name) contains a word, with o{i} and t{i}
    per word; the rows of cased_v searched in their lowered texts."""
    any_own = " OR ".join(f"o{i}" for i in range(words))
    return f"""
        SELECT * FROM (SELECT rowid AS rid, {_flags(words, "title", "quote", "list_name")} FROM commitments)
        WHERE ({any_own}) AND rid NOT IN (SELECT rid FROM cased_v)
        UNION ALL
        SELECT * FROM (SELECT rid, {_flags(words, "title", "quote", "list_name")} FROM cased_v)
        WHERE {any_own}
    """


def _marks(size: int, rids: Any) -> Any:
    """A boolean per row number: True at `rids`."""
    out = np.zeros(size, dtype=bool)
    out[rids] = True
    return out


@dataclass(frozen=True)
class _Rows:
    """A light table's row numbers, parents' row numbers (-1: none) and dictionary columns as numpy arrays,
    made once per table: a search reads them, not the Arrow columns, each time."""

    rid: Any
    parent: Any
    has_parent: Any
    columns: dict[str, tuple[Any, Any]]  # one dictionary for all chunks, the indices (len(dictionary): null)
    # the last searches' results (words -> a boolean per row): a page's count and its rows search alike
    found: OrderedDict[tuple[str, ...], Any] = field(default_factory=OrderedDict)


_ROWS: dict[int, tuple[weakref.ref[Any], _Rows]] = {}


def _rows(light: Any) -> _Rows:
    """_Rows of a light table, made once and dropped with the table."""
    with _LOCK:
        found = _ROWS.get(id(light))
        if found is not None and found[0]() is light:
            return found[1]
        parent = pc.fill_null(light.column("parent_rid"), -1).to_numpy()
        names = ["unit_id", "meeting_id"]
        encoded = {n: _encoded(light.column(n)) for n in names}
        one = pa.table(encoded).unify_dictionaries().combine_chunks()  # a dictionary per batch before
        columns = {}
        for name in names:
            whole = one.column(name).chunk(0) if one.num_rows else pa.array([], type=one.column(name).type)
            columns[name] = (whole.dictionary, pc.fill_null(whole.indices, len(whole.dictionary)).to_numpy())
        made = _Rows(light.column("rid").to_numpy(), parent, parent >= 0, columns)
        key = id(light)
        _ROWS[key] = (weakref.ref(light, lambda _ref: _ROWS.pop(key, None)), made)
        return made


def _encoded(column: Any) -> Any:
    """A column dictionary-encoded (as the prepared tables store it), whatever it came as."""
    return column if pa.types.is_dictionary(column.type) else pc.dictionary_encode(column)


def warm(con: duckdb.DuckDBPyConnection, view: StatusView) -> None:
    """Make what a search on the view's prepared tables reads (the cased rows, the light table's row numbers)
    now, with the view, rather than in the first search (nothing when a search would not read them)."""
    ready = fast(con, view, view.as_of)
    if ready is not None:
        cased(con)
        _rows(ready.light)


HIT = "hit"  # the column matching() adds; a query keeps the rows where it is true (`x.hit`)


def matching(con: duckdb.DuckDBPyConnection, ready: Prepared, words: Sequence[str]) -> Prepared:
    """The prepared tables with the light table's column HIT: whether the row's texts contain every word (the
    columns are shared, not copied; the other tables as they are)."""
    light: Any = ready.light
    rows = _rows(light)
    key = tuple(words)
    with _LOCK:
        keep = rows.found.get(key)
    if keep is None:
        keep = _search(con, rows, words)
        with _LOCK:
            rows.found[key] = keep
            while len(rows.found) > 4:
                rows.found.popitem(last=False)
    return replace(ready, light=light.append_column(HIT, pa.array(keep)))


def _search(con: duckdb.DuckDBPyConnection, rows: _Rows, words: Sequence[str]) -> Any:
    """A boolean per light row: whether its texts contain every word. One scan of the texts for all words, the
    rest marks by row number (a row, its parent's title) and by dictionary entry (its unit's name, its
    meeting's title)."""
    cur = con.cursor()
    try:
        cur.register("cased_v", cased(con))
        own = cur.sql(_own_sql(len(words)), params={f"w{i}": w for i, w in enumerate(words)}).to_arrow_table()
        size = int(rows.rid.max()) + 1 if len(rows.rid) else 1
        own_rid = own.column("rid").to_numpy()
        keep = np.ones(len(rows.rid), dtype=bool)
        for i, word in enumerate(words):
            found = _marks(size, own_rid[own.column(f"o{i}").to_numpy(zero_copy_only=False)])[rows.rid]
            if rows.has_parent.any():
                titled = _marks(size, own_rid[own.column(f"t{i}").to_numpy(zero_copy_only=False)])
                found |= rows.has_parent & titled[np.where(rows.has_parent, rows.parent, 0)]
            for column, sql in (("unit_id", _UNITS_SQL), ("meeting_id", _MEETINGS_SQL)):
                ids = [r[0] for r in cur.execute(sql, [word]).fetchall()]
                if ids:  # few match at all
                    found |= _in(rows.columns[column], ids)
            keep &= found
    finally:
        cur.close()
    return keep


def _in(column: tuple[Any, Any], values: list[str]) -> Any:
    """Whether each row of a dictionary-encoded column (_Rows.columns) is one of `values` (False for null)."""
    dictionary, indices = column
    lut = pc.is_in(dictionary, value_set=pa.array(values, type=dictionary.type)).to_numpy(
        zero_copy_only=False
    )
    return np.append(lut, False)[indices]
