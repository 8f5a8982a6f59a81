"""Long tables a page at a time: which rows to ask for, and a page picker when there is more than one page."""

from __future__ import annotations

import streamlit as st

from tracker.app.context import PageContext
from tracker.store import queries


def page_of(ctx: PageContext, key: str, total: int) -> tuple[int, int]:
    """(limit, offset) of the page of a `total`-row table to show: a page picker and the rows shown when there
    is more than one page of queries.PAGE_SIZE rows."""
    size = queries.PAGE_SIZE
    pages = max(1, -(-int(total) // size))
    if pages == 1:
        return size, 0
    page = st.number_input(ctx.t("table_page", n=pages), 1, pages, 1, step=1, key=f"{key}-page")
    offset = (int(page) - 1) * size
    st.caption(ctx.t("table_rows", a=offset + 1, b=min(offset + size, int(total)), n=int(total)))
    return size, offset
