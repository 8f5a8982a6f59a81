"""Caches of whole tables (a row per commitment) bounded by their rows, so a million items keep one table."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

# Rows of whole tables one cache keeps: at a million items the newest table only (each costs hundreds of MB
# with its copies and the memory used to make it), at 100,000 up to the cache's own count.
ROW_BUDGET = 1_500_000


def trim(cache: OrderedDict[Any, Any], rows: Callable[[Any], int], most: int) -> None:
    """Drop the oldest entries of `cache` until at most `most` are left and their `rows` fit ROW_BUDGET; the
    newest entry is always kept."""
    while len(cache) > 1 and (len(cache) > most or sum(rows(v) for v in cache.values()) > ROW_BUDGET):
        cache.popitem(last=False)


def num_rows(table: Any) -> int:
    """The rows of an Arrow table or a DataFrame (0 for anything else)."""
    n = getattr(table, "num_rows", None)
    if isinstance(n, int):
        return n
    shape = getattr(table, "shape", None)
    return int(shape[0]) if isinstance(shape, tuple) and shape else 0


def make_room(cache: OrderedDict[Any, Any], rows: Callable[[Any], int], keep: object = None) -> None:
    """Before a new whole table is made: drop the oldest entries (but `keep`'s) until they and one more table
    as large as the largest kept fit ROW_BUDGET, so the old tables are not held while the new one is made."""
    coming = max((rows(v) for v in cache.values()), default=0)
    for key in list(cache):
        if sum(rows(v) for v in cache.values()) + coming <= ROW_BUDGET:
            return
        if key != keep:
            del cache[key]
