"""The page context: config (last good one kept), cached connection and queries, sidebar filters synced to
the URL. The entrypoint calls `prepare()`; pages get everything through `page_context()`."""

from __future__ import annotations

import datetime as dt
import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from tracker.app import auth as auth_ui
from tracker.app.env import config_path, file_key, today
from tracker.app.labels import meeting_labels
from tracker.app.notices import show_data_warnings
from tracker.app.plaintext import md
from tracker.app.rebuild import ensure_database, show_build_state
from tracker.auth import User
from tracker.config import Config, configured_language, load_config
from tracker.errors import UserError
from tracker.i18n import (
    STATUS_ORDER,
    Lang,
    chart_title,
    localize,
    period_label,
    set_language,
    status_label,
    t,
    unit_kind_label,
)
from tracker.progress.log import open_progress_log
from tracker.progress.status import loop_versions, status_view
from tracker.store import queries
from tracker.store.db import connect_version

CTX_KEY = "_tracker_page_context"


# Widget keys double as URL query parameter names (bind="query-params").
KEY_LANG, KEY_PERIOD, KEY_MEETING, KEY_KIND, KEY_UNIT, KEY_STATUS = (
    "en",
    "period",
    "meeting",
    "kind",
    "unit",
    "status",
)


MAX_MEETING_CHOICES = 1000  # the latest meetings offered in the sidebar (and any already chosen)

FILTER_KEYS = (KEY_PERIOD, KEY_MEETING, KEY_KIND, KEY_UNIT, KEY_STATUS)


@dataclass
class ConfigState:
    """The last config that loaded, the file identity it came from, and the current load error."""

    config: Config | None = None
    key: tuple | None = None
    error: UserError | None = None  # rendered in each reader's language
    lock: threading.Lock = field(default_factory=threading.Lock)


@st.cache_resource(show_spinner=False)
def _config_state(path: str) -> ConfigState:
    return ConfigState()


def current_config() -> tuple[Config | None, UserError | None]:
    """The config (reloaded when the file changes; the last good one kept on error) and any load error."""
    path = config_path()
    state = _config_state(str(path.resolve()))
    key = file_key(path)
    with state.lock:
        if key != state.key or state.config is None:
            state.key = key
            try:
                state.config = load_config(path, must_exist=True)
                state.error = None
            except UserError as e:
                state.error = e
        return state.config, state.error


def _close(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.close()
    except duckdb.Error:
        pass


@st.cache_resource(max_entries=4, show_spinner=False, on_release=_close)
def connection(db_key: tuple) -> duckdb.DuckDBPyConnection:
    """A cached read-only connection to one version of the database file (a new file means a new key)."""
    return connect_version(Path(db_key[0]), f"{db_key[1]}-{db_key[2]}")


@st.cache_resource(max_entries=4, show_spinner=False)
def _status(
    db_key: tuple, status_key: tuple | None, as_of: str, settings: str, _config: Config
) -> queries.StatusView:
    """The status view (an Arrow table, shared and never copied: a million rows), computed once per database
    version, log versions, as-of day and progress settings."""
    return status_view(connection(db_key), _config, dt.date.fromisoformat(as_of))


def _run(
    db_key: tuple,
    fn: Callable[..., Any],
    args: tuple,
    kwargs: tuple,
    status: Callable[[], queries.StatusView] | None,
) -> Any:
    """fn(con, *args, **kwargs), handing a query that shows status (a `status: StatusView` parameter) the page's
    view."""
    call = dict(kwargs)
    if status is not None and "status" not in call and _takes_status(fn):
        call["status"] = status()
    return fn(connection(db_key), *args, **call)


def _takes_status(fn: Callable[..., Any]) -> bool:
    """Whether fn is a query that shows status: it has a parameter `status` annotated as a StatusView."""
    param = inspect.signature(fn).parameters.get("status")
    return param is not None and "StatusView" in str(param.annotation)


@st.cache_data(max_entries=1024, show_spinner=False)
def _cached_call(
    db_key: tuple,
    status_key: tuple | None,
    as_of: str,
    module: str,
    name: str,
    args: tuple,
    kwargs: tuple,
    _status: Callable[[], queries.StatusView] | None = None,
) -> Any:
    """Run module.name(con, *args, **kwargs) once per database version, log versions, as-of day and arguments."""
    import importlib

    fn: object = importlib.import_module(module)
    for part in name.split("."):
        fn = getattr(fn, part)
    assert callable(fn), f"{module}.{name} is not a function"  # `cached` and PageContext.call pass functions
    return _run(db_key, fn, args, kwargs, _status)


def cached(db_key: tuple, status_key: tuple | None, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """fn(con, *args, **kwargs) on the connection of `db_key`, cached per database version, log version, today
    and (hashable) arguments; `fn` is a module-level function, found again by its module and name."""
    return _cached_call(
        db_key,
        status_key,
        today().isoformat(),
        fn.__module__,
        fn.__qualname__,
        args,
        tuple(sorted(kwargs.items())),
    )


@dataclass
class PageContext:
    """What every page needs for one script run: config, language, filters, the as-of day and cached queries."""

    config: Config
    lang: Lang
    filters: queries.Filters
    as_of: dt.date  # the day the numbers are as known on: today (filters.as_of is the same day)
    db_key: tuple
    status_key: tuple | None
    user: User | None = None  # who is signed in (tracker.app.auth); every write checks it

    @property
    def status(self) -> queries.StatusView:
        """The status view of this run's data and as-of day (computed once, shared): what the queries that show
        status are handed."""
        return _status(
            self.db_key, self.status_key, self.as_of.isoformat(), _settings(self.config), self.config
        )

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The cached read-only connection to this run's database version (for widgets that query)."""
        return connection(self.db_key)

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A cached call of a module-level fn(con, *args, **kwargs), e.g. a query, a progress or ranking
        computation (a query that shows status is handed this run's status view); cached per database version,
        log versions, as-of day and (hashable) arguments."""
        return _cached_call(
            self.db_key,
            self.status_key,
            self.as_of.isoformat(),
            fn.__module__,
            fn.__qualname__,
            args,
            tuple(sorted(kwargs.items())),
            lambda: self.status,
        )

    def t(self, key: str, **fields: object) -> str:
        """A label in the current language."""
        return t(key, self.lang, **fields)

    def title(self, what_key: str, f: queries.Filters | None = None, **fields: object) -> str:
        """A chart title saying what and when (meeting dates under the filters, and today)."""
        first, last = self.call(queries.meeting_dates, f or self.filters)
        return chart_title(what_key, self.lang, first, last, self.as_of, **fields)

    @property
    def towns(self) -> list[str]:
        """The towns of the gazetteer, in config order."""
        return [tw.name for tw in self.config.towns]


def page_context() -> PageContext:
    """The context the entrypoint prepared for this run (pages call this first)."""
    legacy_pages_guard()
    ctx = st.session_state.get(CTX_KEY)
    if ctx is None:
        raise RuntimeError(
            "pages/*.py are run by dashboard.py: start the app with `streamlit run dashboard.py`"
        )
    return ctx


def legacy_pages_guard() -> None:
    """Rerun through dashboard.py when Streamlit ran a pages/ file via its legacy discovery.

    Streamlit decides between legacy pages/ discovery and st.navigation before our entrypoint runs; until the
    first st.navigation call in the process (and in every AppTest run) it runs the requested page file
    directly, skipping the shared sidebar. Clearing the flag and rerunning makes every run go through
    dashboard.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def _reset_filters() -> None:
    for key in FILTER_KEYS:
        if key in st.session_state:
            st.session_state[key] = [] if key in (KEY_MEETING, KEY_UNIT, KEY_STATUS) else None


def language_toggle(cfg: Config) -> Lang:
    """The English switch (default from config.language), bound to ?en=…"""
    on = st.sidebar.toggle(
        t("language_toggle"), value=cfg.language == "en", key=KEY_LANG, bind="query-params"
    )
    return "en" if on else "zh"


def sidebar_filters(
    db_key: tuple, status_key: tuple | None, lang: Lang, reviewed_only: bool = False
) -> queries.Filters:
    """Period, meeting, unit kind, unit and status filters, kept across pages and in the URL."""

    def q(fn: Callable[..., Any], *args: Any) -> Any:
        return cached(db_key, status_key, fn, *args)

    sb = st.sidebar
    sb.subheader(t("filters", lang))
    period_codes: list[str] = q(queries.periods)
    period = sb.selectbox(
        t("filter_period", lang),
        period_codes,
        index=None,
        key=KEY_PERIOD,
        format_func=lambda c: period_label(c, lang),
        placeholder=t("filter_period_all", lang),
        bind="query-params",
    )
    chosen = tuple(
        m
        for m in [*(st.session_state.get(KEY_MEETING) or ()), *st.query_params.get_all(KEY_MEETING)]
        if isinstance(m, str)
    )
    meetings: pd.DataFrame = q(queries.meeting_choices, queries.Filters(), MAX_MEETING_CHOICES, chosen)
    m_label = meeting_labels(meetings, lang, iso=True)
    meeting_ids = sb.multiselect(
        t("filter_meeting", lang),
        list(m_label),
        key=KEY_MEETING,
        format_func=lambda m: m_label.get(m, m),
        placeholder=t("filter_meeting_all", lang),
        bind="query-params",
    )
    kind = sb.selectbox(
        t("filter_unit_kind", lang),
        list(queries.UNIT_KINDS),
        index=None,
        key=KEY_KIND,
        format_func=lambda k: unit_kind_label(k, lang),
        placeholder=t("filter_unit_kind_all", lang),
        bind="query-params",
    )
    units: pd.DataFrame = q(queries.unit_options, kind)
    u_label = dict(zip(units["unit_id"], units["name"], strict=True))
    unit_ids = sb.multiselect(
        t("filter_unit", lang),
        list(u_label),
        key=KEY_UNIT,
        format_func=lambda u: u_label.get(u, u),
        placeholder=t("filter_unit_all", lang),
        bind="query-params",
    )
    statuses = sb.multiselect(
        t("filter_status", lang),
        list(STATUS_ORDER),
        key=KEY_STATUS,
        format_func=lambda s: status_label(s, lang),
        placeholder=t("filter_status_all", lang),
        bind="query-params",
    )
    date_from, date_to = queries.period_range(period)
    filters = queries.Filters(
        date_from,
        date_to,
        tuple(meeting_ids),
        kind,
        tuple(unit_ids),
        tuple(statuses),
        as_of=today(),
        reviewed_only=reviewed_only,
    )
    if not filters.is_empty:
        sb.button(t("filter_reset", lang), on_click=_reset_filters, key="reset_filters")
    sb.caption(t("filter_link_hint", lang))
    return filters


def _settings(config: Config) -> str:
    """The settings a status view depends on besides the data and the day (part of its cache key)."""
    return config.progress.model_dump_json()


def prepare(nav_position: str = "sidebar") -> PageContext:
    """Everything the entrypoint does before running a page: config, data, language, filters, context."""
    legacy_pages_guard()
    cfg_path = config_path()
    cfg, cfg_error = current_config()
    lang_default: Lang = cfg.language if cfg is not None else configured_language(cfg_path)
    if cfg is None:
        set_language(lang_default)
        shown = localize(cfg_error, lang_default) if cfg_error is not None else "?"
        st.error(t("config_failed", lang_default, error=md(shown)))
        st.stop()
    lang = language_toggle(cfg)
    set_language(lang)  # messages made without an explicit language (errors, progress) follow the session
    user = auth_ui.account_box(cfg, lang)  # who is signed in; the sign-in form otherwise
    auth_ui.gate(cfg, user, lang)  # auth.require_login_to_view: nothing below runs for nobody
    builder = ensure_database(cfg, cfg_path, lang)
    show_build_state(builder, lang, cfg_error)
    db_key = file_key(cfg.database_path)
    if db_key is None:  # deleted while running: the next run builds it again
        st.error(t("build_failed_no_data", lang, error=md(cfg.database_path)))
        st.stop()
    try:  # the progress log's version (file or PostgreSQL): a new entry shows without a rebuild
        status_key = (open_progress_log(cfg).version(), *loop_versions(cfg))  # with 销号 and 延期 decisions
    except UserError as e:  # e.g. the log database cannot be reached: say so instead of the page
        st.error(md(localize(e, lang)))
        st.stop()
    user = auth_ui.resolve(user, lambda names: cached(db_key, status_key, queries.unit_ids, names).values())
    show_data_warnings(cfg, status_key, cached(db_key, status_key, queries.build_meta), lang)
    filters = sidebar_filters(db_key, status_key, lang, cfg.review.required)
    ctx = PageContext(cfg, lang, filters, filters.as_of or today(), db_key, status_key, user)
    st.session_state[CTX_KEY] = ctx
    return ctx
