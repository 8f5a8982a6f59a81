"""Background rebuilds shared by all sessions: one build at a time, its progress and its last error.

The "rebuild failed" banner follows the database, not the builder's memory: it shows only while the database
is still stale against the current inputs (compared by content with what the build recorded), so a build by
`python -m extract` or another server that brings the database up to date clears it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from tracker.app.env import AUTO_REBUILD_ENV, input_fingerprint
from tracker.app.plaintext import md
from tracker.config import Config
from tracker.errors import UserError
from tracker.i18n import Lang, Msg, localize, msg, t

log = logging.getLogger("tracker.app")


def _extractor() -> tuple[Callable[..., Path], Callable[..., bool]] | None:
    """(refresh, is_stale) from the build, or None when it is not installed; refresh runs the whole build, or
    only re-applies the review log when nothing else changed."""
    try:
        from tracker.build import is_stale, refresh
    except ImportError:
        return None
    return refresh, is_stale


@dataclass
class Builder:
    """Process-wide build state shared by all sessions: one build at a time, progress, last error."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    thread: threading.Thread | None = None
    message: Msg | str = ""
    fraction: float = 0.0
    error: Exception | Msg | None = None  # rendered in each reader's language
    error_inputs: tuple | None = None
    checked_inputs: tuple | None = None
    stale: bool = False  # whether the database was stale at the last check of the inputs
    generation: int = 0

    @property
    def running(self) -> bool:
        """Whether a build is in progress."""
        return self.thread is not None and self.thread.is_alive()

    def _progress(self, message: Msg | str, fraction: float) -> None:
        self.message, self.fraction = message, max(0.0, min(1.0, float(fraction)))

    def _build(self, cfg: Config, inputs: tuple, run_build: Callable[..., Path]) -> None:
        try:
            run_build(cfg, progress=self._progress)
            self.error, self.error_inputs = None, None
            self.generation += 1
        except UserError as e:
            self.error, self.error_inputs = e, inputs
        except Exception as e:  # noqa: BLE001 - a bug in a build must not take the dashboard down
            log.exception("build failed")  # the details go to the server log, not to visitors
            self.error, self.error_inputs = (
                msg("build_internal_error", kind=type(e).__name__, detail=""),
                inputs,
            )
        finally:
            self.fraction = 1.0
            self.checked_inputs = None  # the database changed (or not): look at the inputs again

    def start(self, cfg: Config, inputs: tuple, run_build: Callable[..., Path]) -> None:
        """Start a background build unless one is running."""
        with self.lock:
            if self.running:
                return
            self.message, self.fraction = "", 0.0
            self.thread = threading.Thread(
                target=self._build, args=(cfg, inputs, run_build), daemon=True, name="tracker-rebuild"
            )
            self.thread.start()

    def build_now(self, cfg: Config, inputs: tuple, run_build: Callable[..., Path]) -> None:
        """Build in the foreground (first start), or wait for the build already running."""
        self.start(cfg, inputs, run_build)
        thread = self.thread
        if thread is not None:
            thread.join()


@st.cache_resource(show_spinner=False)
def _builder(db_path: str) -> Builder:
    return Builder()


def builder_for(cfg: Config) -> Builder:
    """The shared Builder of this config's database."""
    return _builder(str(cfg.database_path.resolve()))


def ensure_database(cfg: Config, cfg_path: Path, lang: Lang) -> Builder | None:
    """Make sure there is data to show: build on first start (spinner, stops on failure); later, start a
    background rebuild when the config or a source changed. Returns the Builder, or None without extractor."""
    ext = _extractor()
    builder = builder_for(cfg)
    db = cfg.database_path
    if not db.exists():
        if ext is None:
            st.error(t("no_builder", lang))
            st.stop()
        with st.spinner(t("building_first", lang)):
            builder.build_now(cfg, input_fingerprint(cfg, cfg_path), ext[0])
        if not db.exists():
            st.error(
                t(
                    "build_failed_no_data",
                    lang,
                    error=md(localize(builder.error, lang) if builder.error is not None else "?"),
                )
            )
            st.stop()
        return builder
    if ext is None or os.environ.get(AUTO_REBUILD_ENV, "1") == "0":
        return builder
    inputs = input_fingerprint(cfg, cfg_path)
    if not builder.running and inputs != builder.checked_inputs:
        # `cfg` is the last config that loaded: while the file is broken the database built from the last
        # good one is not stale, so a broken file is never "built" and never rebuilt in a loop
        builder.checked_inputs = inputs
        try:
            builder.stale = ext[1](cfg)
        except UserError as e:
            builder.error, builder.error_inputs, builder.stale = e, inputs, False
        if builder.stale and builder.error_inputs != inputs:
            builder.start(cfg, inputs, ext[0])
    return builder


def rebuild_failed(builder: Builder) -> bool:
    """Whether to show 'rebuild failed': the last attempt failed and the database is still stale."""
    return builder.error is not None and not builder.running and builder.stale


def show_build_state(builder: Builder | None, lang: Lang, cfg_error: Exception | str | None) -> None:
    """Show config errors, a failed rebuild, a running rebuild's live progress, and 'rebuilt' once."""
    if cfg_error:
        st.error(t("config_failed", lang, error=md(localize(cfg_error, lang))), icon=":material/error:")
    if builder is None:
        return
    if rebuild_failed(builder):
        st.error(t("rebuild_failed", lang, error=md(localize(builder.error, lang))), icon=":material/error:")
    seen = st.session_state.setdefault("_seen_generation", builder.generation)
    if builder.generation != seen:
        st.session_state["_seen_generation"] = builder.generation
        st.toast(t("rebuild_done", lang), icon=":material/check_circle:")
    if builder.running:
        _rebuild_progress(builder, lang)


def _rebuild_progress(builder: Builder, lang: Lang) -> None:
    """A progress bar that refreshes itself every second and reloads the app when the build ends."""

    @st.fragment(run_every=1.0)
    def _poll() -> None:
        if not builder.running:
            st.rerun()
        label = t("rebuilding", lang) + (f" {localize(builder.message, lang)}" if builder.message else "")
        st.progress(builder.fraction, text=label)

    with st.sidebar:
        _poll()
