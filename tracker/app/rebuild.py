"""Background rebuilds shared by all sessions: one build at a time, its progress and its last error."""

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
from tracker.i18n import Lang, error_text, t

log = logging.getLogger("tracker.app")


def _extractor() -> tuple[Callable[..., Path], Callable[..., bool]] | None:
    """(run_build, is_stale) from the extractor, or None when it is not installed."""
    try:
        from tracker.build import is_stale, run_build
    except ImportError:
        return None
    return run_build, is_stale


@dataclass
class Builder:
    """Process-wide build state shared by all sessions: one build at a time, progress, last error."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    thread: threading.Thread | None = None
    message: str = ""
    fraction: float = 0.0
    error: str | None = None
    error_exc: UserError | None = None  # the last build's user error, shown in each page's language
    error_inputs: tuple | None = None
    checked_inputs: tuple | None = None
    generation: int = 0

    @property
    def running(self) -> bool:
        """Whether a build is in progress."""
        return self.thread is not None and self.thread.is_alive()

    def _progress(self, message: str, fraction: float) -> None:
        self.message, self.fraction = message, max(0.0, min(1.0, float(fraction)))

    def _build(self, cfg: Config, inputs: tuple, run_build: Callable[..., Path]) -> None:
        try:
            run_build(cfg, progress=self._progress)
            self.error, self.error_exc, self.error_inputs = None, None, None
            self.generation += 1
        except UserError as e:
            self.error, self.error_exc, self.error_inputs = str(e), e, inputs
        except Exception as e:  # noqa: BLE001 - a bug in a build must not take the dashboard down
            log.exception("build failed")  # the details go to the server log, not to visitors
            self.error, self.error_exc, self.error_inputs = type(e).__name__, None, inputs
        finally:
            self.fraction = 1.0

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
            st.error(t("build_failed_no_data", lang, error=md(builder.error or "?")))
            st.stop()
        return builder
    if ext is None or os.environ.get(AUTO_REBUILD_ENV, "1") == "0":
        return builder
    inputs = input_fingerprint(cfg, cfg_path)
    if not builder.running and inputs != builder.checked_inputs:
        builder.checked_inputs = inputs
        try:
            stale = ext[1](cfg)
        except UserError as e:
            builder.error, builder.error_exc, builder.error_inputs, stale = str(e), e, inputs, False
        if stale:
            builder.start(cfg, inputs, ext[0])
    return builder


def show_build_state(builder: Builder | None, lang: Lang, cfg_error: str | None) -> None:
    """Show config errors, a failed rebuild, a running rebuild's live progress, and 'rebuilt' once."""
    if cfg_error:
        st.error(t("config_failed", lang, error=md(cfg_error)), icon=":material/error:")
    if builder is None:
        return
    if builder.error and not builder.running:
        shown = error_text(builder.error_exc, lang) if builder.error_exc else builder.error
        st.error(t("rebuild_failed", lang, error=md(shown)), icon=":material/error:")
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
        label = t("rebuilding", lang) + (f" {builder.message}" if builder.message else "")
        st.progress(builder.fraction, text=label)

    with st.sidebar:
        _poll()
