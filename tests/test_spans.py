"""Sorted spans (extract/spans.py): the range look-ups that keep extraction linear agree with a plain scan."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extract.spans import Spans

spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 40)).map(lambda t: (t[0], t[0] + t[1])), max_size=40
)


@given(spans, st.integers(0, 240), st.integers(1, 60), st.booleans())
def test_look_ups_agree_with_a_plain_scan(items, a, width, presorted):
    b = a + width
    source = sorted(items) if presorted else items
    idx = Spans(source)
    assert sorted(idx.starting_in(a, b)) == sorted(x for x in items if a <= x[0] < b)
    assert sorted(idx.overlapping(a, b)) == sorted(x for x in items if x[0] < b and a < x[1])
    assert sorted(idx.containing(a, b)) == sorted(x for x in items if x[0] <= a and b <= x[1])
    before = [x for x in items if x[0] <= a]
    assert (idx.last_before(a) or (None,))[0] == (max(before)[0] if before else None)


@given(spans, spans)
def test_items_added_later_are_found_like_those_given_first(first, later):
    idx = Spans(first)
    for x in later:
        idx.add(x)
    assert sorted(idx) == sorted(first + later)
    assert [x[0] for x in idx] == sorted(x[0] for x in first + later)
