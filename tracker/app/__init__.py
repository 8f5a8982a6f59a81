"""Streamlit-only code: the page context and caching, rebuilds, widgets, shared page bodies, progress widgets.

Pages import this package (`from tracker import app`) and its modules (`data`: the queries and chart builders
a page may use, `labels`, `briefing`, `loop`, `progress`, `highlight`), nothing else; nothing below
`tracker.app` imports Streamlit (import-linter contracts keep both so).
"""

from __future__ import annotations

from tracker.app.auth import signed_in_user
from tracker.app.context import (
    CTX_KEY,
    FILTER_KEYS,
    KEY_KIND,
    KEY_LANG,
    KEY_MEETING,
    KEY_PERIOD,
    KEY_STATUS,
    KEY_UNIT,
    PageContext,
    current_config,
    page_context,
    prepare,
)
from tracker.app.env import AUTO_REBUILD_ENV, CONFIG_ENV, ICON, ROOT, TODAY_ENV, config_path, file_key, today
from tracker.app.guard import guard
from tracker.app.plaintext import md, quote_html
from tracker.app.rebuild import Builder, builder_for
from tracker.app.review import review_page
from tracker.app.upload import (
    render_upload,
    source_caption,
    sources_table,
    upload_admin,
    upload_refusal,
)
from tracker.app.views import (
    FOCUS_KEY,
    MEETING_KEY,
    open_meeting,
    render_heatmap,
    render_unit_page,
    tree_html,
)
from tracker.app.widgets import (
    PICK_PREFIX,
    commitments_frame,
    page_of,
    pick_from_chart,
    progress_note,
    selected_points,
    show_chart,
    show_commitments,
    show_commitments_paged,
    source_of,
)
from tracker.errors import UserError

__all__ = [
    "AUTO_REBUILD_ENV",
    "CONFIG_ENV",
    "CTX_KEY",
    "FILTER_KEYS",
    "FOCUS_KEY",
    "ICON",
    "KEY_KIND",
    "KEY_LANG",
    "KEY_MEETING",
    "KEY_PERIOD",
    "KEY_STATUS",
    "KEY_UNIT",
    "MEETING_KEY",
    "PICK_PREFIX",
    "ROOT",
    "TODAY_ENV",
    "UserError",
    "Builder",
    "PageContext",
    "builder_for",
    "commitments_frame",
    "config_path",
    "current_config",
    "file_key",
    "guard",
    "md",
    "open_meeting",
    "page_context",
    "page_of",
    "pick_from_chart",
    "prepare",
    "render_upload",
    "progress_note",
    "quote_html",
    "render_heatmap",
    "review_page",
    "render_unit_page",
    "selected_points",
    "show_chart",
    "show_commitments",
    "show_commitments_paged",
    "signed_in_user",
    "source_caption",
    "source_of",
    "sources_table",
    "today",
    "tree_html",
    "upload_admin",
    "upload_refusal",
]
