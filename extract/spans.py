"""Sorted spans for range look-ups in logarithmic time, so that a report on one long line stays linear to extract."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
# a tuple that starts with its span: (start, end, …), the items Spans reads without being told how
S = TypeVar("S", bound="tuple[int, int, *tuple[object, ...]]")


def _first(item: tuple[int, int, *tuple[object, ...]]) -> int:
    return item[0]


def _second(item: tuple[int, int, *tuple[object, ...]]) -> int:
    return item[1]


class Spans(Generic[T]):
    """Items with a [start, end) span, kept sorted by start; items may be added at any time."""

    @overload
    def __init__(self: Spans[S], items: Iterable[S] = ()) -> None: ...

    @overload
    def __init__(self, items: Iterable[T], start: Callable[[T], int], end: Callable[[T], int]) -> None: ...

    def __init__(
        self,
        items: Iterable[Any] = (),
        start: Callable[[Any], int] = _first,  # the overloads say which items each pair of readers fits
        end: Callable[[Any], int] = _second,
    ) -> None:
        self._start: Callable[[T], int] = start
        self._end: Callable[[T], int] = end
        self._keys: list[tuple[int, int]] = []
        self._items: list[T] = []
        self._longest = 0
        items = list(items)
        if all(start(x) <= start(y) for x, y in zip(items, items[1:], strict=False)):  # sorted: no inserts
            self._items = items
            self._keys = [(start(x), k) for k, x in enumerate(items)]
            self._longest = max((end(x) - start(x) for x in items), default=0)
        else:
            for it in items:
                self.add(it)

    def add(self, item: T) -> None:
        a, b = self._start(item), self._end(item)
        key = (a, len(self._keys))
        k = bisect_right(self._keys, key)
        self._keys.insert(k, key)
        self._items.insert(k, item)
        self._longest = max(self._longest, b - a)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def starting_in(self, a: int, b: int) -> list[T]:
        """Items whose start lies in [a, b), in order."""
        i = bisect_left(self._keys, (a, -1))
        j = bisect_left(self._keys, (b, -1))
        return self._items[i:j]

    def overlapping(self, a: int, b: int) -> list[T]:
        """Items whose span meets [a, b) (start < b and a < end), in order of start."""
        j = bisect_left(self._keys, (b, -1))
        i = bisect_left(self._keys, (a - self._longest, -1))
        return [it for it in self._items[i:j] if self._end(it) > a]

    def containing(self, a: int, b: int) -> list[T]:
        """Items whose span holds [a, b) (a non-empty range)."""
        return [it for it in self.overlapping(a, b) if self._start(it) <= a and b <= self._end(it)]

    def last_before(self, pos: int) -> T | None:
        """The item with the greatest start at or before `pos`."""
        j = bisect_right(self._keys, (pos, len(self._keys) + 1))
        return self._items[j - 1] if j else None
