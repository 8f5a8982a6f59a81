"""Which database file another was made from: a review apply that writes only some items' rows (tracker.build.
review_update) records in the new file's build_info the file it copied (a hash of that file's build_info) and those
items, so a status table of the old file can be carried over by computing only them again.

The record holds a hash of the other build_info rows as they were written: a later build or apply writes other
rows (a build time, the review's fingerprint), so a record it leaves behind no longer matches and is ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

import duckdb

# the build_info key: {"from": token of the file copied, "items": [...], "of": token of the other rows}
MADE_FROM = "made_from"


def token(info: Mapping[str, str]) -> str:
    """A database file's content token: a hash of its build_info rows (every build and apply changes one)."""
    return hashlib.sha256(json.dumps(sorted(info.items()), ensure_ascii=False).encode("utf-8")).hexdigest()


def record(before: Mapping[str, str], after: Mapping[str, str], items: Iterable[str]) -> str:
    """The MADE_FROM value saying the file whose other build_info rows are `after` was made from the file whose
    build_info is `before` by writing the rows of `items` only."""
    rest = {k: v for k, v in after.items() if k != MADE_FROM}
    return json.dumps(
        {"from": token(before), "items": sorted(set(items)), "of": token(rest)}, ensure_ascii=False
    )


def info_of(con: duckdb.DuckDBPyConnection) -> dict[str, str] | None:
    """The build_info rows of the database behind `con`; None for a database without the table."""
    cur = con.cursor()
    try:
        return {str(k): str(v) for k, v in cur.execute("SELECT key, value FROM build_info").fetchall()}
    except duckdb.CatalogException:
        return None
    finally:
        cur.close()


def made_from(info: Mapping[str, str]) -> tuple[str, frozenset[str]] | None:
    """(token of the file this one was made from, the items whose rows differ) when its record still holds."""
    raw = info.get(MADE_FROM)
    if not raw:
        return None
    try:
        found = json.loads(raw)
        source, items, of = str(found["from"]), frozenset(str(i) for i in found["items"]), str(found["of"])
    except (ValueError, KeyError, TypeError):
        return None
    if of != token({k: v for k, v in info.items() if k != MADE_FROM}):
        return None  # written again since: the record is about an older file
    return source, items
