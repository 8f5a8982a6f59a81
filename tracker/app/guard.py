"""Visitors never see a traceback: a page run that fails shows one short sentence; the details go to the log.

`.streamlit/config.toml` sets `client.showErrorDetails = "none"` for errors outside this guard (callbacks,
fragment reruns).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from tracker.app.plaintext import md
from tracker.errors import UserError
from tracker.i18n import current_language, error_text, message

log = logging.getLogger("tracker.app")


@contextmanager
def guard() -> Iterator[None]:
    """Run a page: a UserError shows its own sentence; any other error a short message with an incident id
    that the server log repeats next to the traceback. st.stop/st.rerun pass through (BaseException)."""
    try:
        yield
    except UserError as e:
        st.error(md(error_text(e, current_language())))
    except Exception:
        incident = uuid.uuid4().hex[:8]
        log.exception("page failed (incident %s)", incident)
        st.error(message("safe.page_failed", current_language(), incident=incident))
