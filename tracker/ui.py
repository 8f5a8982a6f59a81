"""Streamlit glue: config and database lifecycle, background rebuilds, cached queries, sidebar filters
synced to the URL, and the chart wrapper. Pages get everything through `page_context()`."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from tracker import charts, progress_ui, queries
from tracker.config import Config, load_config
from tracker.db import connect_version
from tracker.errors import UserError
from tracker.i18n import (
    STATUS_ORDER,
    Lang,
    chart_title,
    colour_label,
    period_label,
    status_label,
    t,
    unit_kind_label,
)

ROOT = Path(__file__).resolve().parent.parent
CONFIG_ENV = "TRACKER_CONFIG"  # path of config.yaml (default: the one beside dashboard.py)
AUTO_REBUILD_ENV = "TRACKER_AUTO_REBUILD"  # "0" turns off the staleness check (tests on fixed databases)
TODAY_ENV = "TRACKER_TODAY"  # ISO date standing in for today (reproducible screenshots and tests)
CTX_KEY = "_tracker_page_context"
PICK_PREFIX = "pick_"

# Widget keys double as URL query parameter names (bind="query-params").
KEY_LANG, KEY_PERIOD, KEY_MEETING, KEY_KIND, KEY_UNIT, KEY_STATUS = (
    "en",
    "period",
    "meeting",
    "kind",
    "unit",
    "status",
)
FILTER_KEYS = (KEY_PERIOD, KEY_MEETING, KEY_KIND, KEY_UNIT, KEY_STATUS)


# ---------------------------------------------------------------- paths and files


def config_path() -> Path:
    """The config file the dashboard reads: $TRACKER_CONFIG, else config.yaml in the project folder."""
    return Path(os.environ.get(CONFIG_ENV) or ROOT / "config.yaml")


def today() -> dt.date:
    """Today, or $TRACKER_TODAY when set."""
    raw = os.environ.get(TODAY_ENV)
    return dt.date.fromisoformat(raw) if raw else dt.date.today()


def file_key(path: Path) -> tuple[str, int, int, int] | None:
    """Identity of a file's current content: path, inode, mtime and size (None if missing)."""
    try:
        st_ = path.stat()
    except OSError:
        return None
    return (str(path), st_.st_ino, st_.st_mtime_ns, st_.st_size)


def input_fingerprint(cfg: Config, cfg_path: Path) -> tuple:
    """Cheap stat-based fingerprint of what a build reads (config, sources) and of the database itself."""
    files = [cfg_path, cfg.database_path, *(cfg.resolve(s.path) for s in cfg.sources)]
    return tuple(file_key(p) for p in files)


# ---------------------------------------------------------------- config (last good one kept)


@dataclass
class ConfigState:
    """The last config that loaded, the file identity it came from, and the current load error."""

    config: Config | None = None
    key: tuple | None = None
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


@st.cache_resource(show_spinner=False)
def _config_state(path: str) -> ConfigState:
    return ConfigState()


def current_config() -> tuple[Config | None, str | None]:
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
                state.error = str(e)
        return state.config, state.error


# ---------------------------------------------------------------- building and rebuilding


def _extractor() -> tuple[Callable[..., Path], Callable[..., bool]] | None:
    """(run_build, is_stale) from the extractor, or None when it is not installed."""
    try:
        from extract.build import is_stale, run_build
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
            self.error, self.error_inputs = None, None
            self.generation += 1
        except UserError as e:
            self.error, self.error_inputs = str(e), inputs
        except Exception as e:  # noqa: BLE001 - a bug in a build must not take the dashboard down
            self.error, self.error_inputs = f"{type(e).__name__}: {e}", inputs
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
            st.error(t("build_failed_no_data", lang, error=builder.error or "?"))
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
            builder.error, builder.error_inputs, stale = str(e), inputs, False
        if stale:
            builder.start(cfg, inputs, ext[0])
    return builder


def _show_build_state(builder: Builder | None, lang: Lang, cfg_error: str | None) -> None:
    """Show config errors, a failed rebuild, a running rebuild's live progress, and 'rebuilt' once."""
    if cfg_error:
        st.error(t("config_failed", lang, error=cfg_error), icon=":material/error:")
    if builder is None:
        return
    if builder.error and not builder.running:
        st.error(t("rebuild_failed", lang, error=builder.error), icon=":material/error:")
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


# ---------------------------------------------------------------- connection and cached queries


def _close(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.close()
    except duckdb.Error:
        pass


@st.cache_resource(max_entries=4, show_spinner=False, on_release=_close)
def _connection(db_key: tuple) -> duckdb.DuckDBPyConnection:
    """A cached read-only connection to one version of the database file (a new file means a new key)."""
    return connect_version(Path(db_key[0]), f"{db_key[1]}-{db_key[2]}")


@st.cache_data(max_entries=16, show_spinner=False)
def _status(db_key: tuple, status_key: tuple | None, day: str) -> pd.DataFrame:
    """The status table, computed once per database version, progress-log version and day."""
    return queries.commitment_status(_connection(db_key))


@st.cache_data(max_entries=1024, show_spinner=False)
def _cached(db_key: tuple, status_key: tuple | None, name: str, args: tuple, kwargs: tuple) -> Any:
    """Run queries.<name> once per database version, progress-log version and arguments."""
    with queries.using_status(_status(db_key, status_key, today().isoformat())):
        return getattr(queries, name)(_connection(db_key), *args, **dict(kwargs))


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_call(
    db_key: tuple, status_key: tuple | None, day: str, module: str, name: str, args: tuple, kwargs: tuple
) -> Any:
    """Run module.name(con, *args, **kwargs) once per database version, log version, day and arguments."""
    import importlib

    fn = importlib.import_module(module)
    for part in name.split("."):
        fn = getattr(fn, part)
    with queries.using_status(_status(db_key, status_key, day)):
        return fn(_connection(db_key), *args, **dict(kwargs))


# ---------------------------------------------------------------- the page context


@dataclass
class PageContext:
    """What every page needs for one script run: config, language, filters, today and cached queries."""

    config: Config
    lang: Lang
    filters: queries.Filters
    today: dt.date
    db_key: tuple
    status_key: tuple | None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The cached read-only connection to this run's database version (for widgets that query)."""
        return _connection(self.db_key)

    def q(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """A cached call of tracker.queries.<name>(con, *args, **kwargs)."""
        return _cached(self.db_key, self.status_key, name, args, tuple(sorted(kwargs.items())))

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A cached call of a module-level fn(con, *args, **kwargs), e.g. a progress or ranking computation;
        cached per database version, progress-log version, day and (hashable) arguments."""
        return _cached_call(
            self.db_key,
            self.status_key,
            today().isoformat(),
            fn.__module__,
            fn.__qualname__,
            args,
            tuple(sorted(kwargs.items())),
        )

    def t(self, key: str, **fields: object) -> str:
        """A label in the current language."""
        return t(key, self.lang, **fields)

    def title(self, what_key: str, f: queries.Filters | None = None, **fields: object) -> str:
        """A chart title saying what and when (meeting dates under the filters, and today)."""
        first, last = self.q("meeting_dates", f or self.filters)
        return chart_title(what_key, self.lang, first, last, self.today, **fields)

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


# ---------------------------------------------------------------- sidebar


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


def sidebar_filters(db_key: tuple, status_key: tuple | None, lang: Lang) -> queries.Filters:
    """Period, meeting, unit kind, unit and status filters, kept across pages and in the URL."""

    def q(name: str, *args: Any) -> Any:
        return _cached(db_key, status_key, name, args, ())

    sb = st.sidebar
    sb.subheader(t("filters", lang))
    period_codes: list[str] = q("periods")
    period = sb.selectbox(
        t("filter_period", lang),
        period_codes,
        index=None,
        key=KEY_PERIOD,
        format_func=lambda c: period_label(c, lang),
        placeholder=t("filter_period_all", lang),
        bind="query-params",
    )
    meetings: pd.DataFrame = q("meeting_options")
    m_label = {
        r.meeting_id: f"{'' if pd.isna(r.date) else pd.Timestamp(r.date).strftime('%Y-%m-%d')} {r.title}"
        for r in meetings.itertuples()
    }
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
    units: pd.DataFrame = q("unit_options", kind)
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
    filters = queries.Filters(date_from, date_to, tuple(meeting_ids), kind, tuple(unit_ids), tuple(statuses))
    if not filters.is_empty:
        sb.button(t("filter_reset", lang), on_click=_reset_filters, key="reset_filters")
    sb.caption(t("filter_link_hint", lang))
    return filters


def prepare(nav_position: str = "sidebar") -> PageContext:
    """Everything the entrypoint does before running a page: config, data, language, filters, context."""
    legacy_pages_guard()
    cfg_path = config_path()
    cfg, cfg_error = current_config()
    lang_default: Lang = cfg.language if cfg is not None else "zh"
    if cfg is None:
        st.error(t("config_failed", lang_default, error=cfg_error or "?"))
        st.stop()
    progress_ui.install_status_provider(cfg, today)  # issue 4: status from the progress log
    lang = language_toggle(cfg)
    builder = ensure_database(cfg, cfg_path, lang)
    _show_build_state(builder, lang, cfg_error)
    db_key = file_key(cfg.database_path)
    if db_key is None:  # deleted while running: the next run builds it again
        st.error(t("build_failed_no_data", lang, error=str(cfg.database_path)))
        st.stop()
    log_path = getattr(cfg, "progress_log_path", None)
    status_key = file_key(log_path) if isinstance(log_path, Path) else None
    filters = sidebar_filters(db_key, status_key, lang)
    ctx = PageContext(cfg, lang, filters, today(), db_key, status_key)
    st.session_state[CTX_KEY] = ctx
    return ctx


# ---------------------------------------------------------------- display helpers


def chart_downloads(fig: go.Figure, key: str, lang: Lang) -> None:
    """Hook for issue 5: PNG/SVG/PDF download buttons rendered on the server by tracker.export.figure_bytes.

    The bytes are made only when a button is pressed (a callable as download data). Without tracker.export
    or without Chromium this shows nothing beyond a hint; the modebar's camera button still works.
    """
    try:
        from tracker import export
    except ImportError:
        return
    figure_bytes = getattr(export, "figure_bytes", None)
    if figure_bytes is None:
        return
    available = getattr(export, "chromium_available", lambda: True)()
    stem = charts.file_name(chart_title_of(fig))
    row = st.container(horizontal=True, gap="small", key=f"dl-{key}")
    for fmt in ("png", "svg", "pdf"):
        row.download_button(
            fmt.upper(),
            data=lambda fmt=fmt: figure_bytes(fig, fmt),
            file_name=f"{stem}.{fmt}",
            mime={"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}[fmt],
            key=f"dl-{key}-{fmt}",
            on_click="ignore",
            type="tertiary",
            icon=":material/download:",
            disabled=not available,
            help=None if available else getattr(export, "install_hint", lambda _l: "")(lang),
        )


def chart_title_of(fig: go.Figure) -> str:
    """The title a chart was built with."""
    meta = fig.layout.meta
    if isinstance(meta, dict) and meta.get("title"):
        return str(meta["title"])
    return str(fig.layout.title.text or "chart")


def modebar_config(fig: go.Figure) -> dict[str, Any]:
    """Plotly config: image export named after the chart title, at 2× scale; no plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": charts.file_name(chart_title_of(fig)),
            "scale": 2,
        },
        "modeBarButtonsToRemove": ["lasso2d", "autoScale2d"],
    }


def show_chart(
    fig: go.Figure,
    key: str,
    lang: Lang,
    on_select: str | Callable[[], None] = "ignore",
    selection_mode: str | tuple[str, ...] = "points",
) -> Any:
    """Render a chart with the shared template (Streamlit's theme off) and the modebar export configured,
    then the download-button hook. Returns the selection state when on_select is set."""
    event = st.plotly_chart(
        fig,
        key=key,
        theme=None,
        config=modebar_config(fig),
        on_select=on_select,
        selection_mode=selection_mode,
    )
    chart_downloads(fig, key, lang)
    return event


def selected_points(key: str) -> list[dict[str, Any]]:
    """The points selected in the chart with `key` (empty when none)."""
    state = st.session_state.get(key)
    try:
        return list(state["selection"]["points"])  # type: ignore[index]
    except (KeyError, TypeError):
        return []


def pick_from_chart(chart_key: str, pick_key: str, field_name: str = "y") -> Callable[[], None]:
    """A chart on_select callback that copies the clicked category into the widget `pick_key`."""

    def _callback() -> None:
        points = selected_points(chart_key)
        if points:
            value = points[0].get("customdata") or points[0].get(field_name)
            if isinstance(value, list):
                value = value[0]
            if value:
                st.session_state[pick_key] = value

    return _callback


# ---------------------------------------------------------------- tables


def commitments_frame(df: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Commitment rows for display: translated headers, status and kind labels, the verbatim quote."""
    from tracker.i18n import kind_label

    out = pd.DataFrame(
        {
            t("col_date", lang): pd.to_datetime(df["meeting_date"]).dt.date,
            t("col_meeting", lang): df["meeting_title"].fillna(""),
            t("col_unit", lang): df["unit_name"].fillna(""),
            t("col_kind", lang): [kind_label(k, lang) for k in df["kind"]],
            t("col_status", lang): [status_label(s, lang) for s in df["status"]],
            t("col_title", lang): df["title"],
            t("col_quote", lang): df["quote"],
            t("col_due", lang): pd.to_datetime(df["due_date"]).dt.date,
        }
    )
    if "colour" in df and df["colour"].notna().any():
        out[progress_ui.label("col_colour", lang)] = [
            f"{progress_ui.colour_dot(c)} {colour_label(c, lang) if c != 'grey' else ''}".strip()
            for c in df["colour"]
        ]
    if df["percent"].notna().any():
        out[t("col_percent", lang)] = df["percent"]
    if df["last_update"].notna().any():
        out[t("col_last_update", lang)] = pd.to_datetime(df["last_update"]).dt.date
    return out


def show_commitments(df: pd.DataFrame, lang: Lang, key: str, selectable: bool = False) -> list[int]:
    """A commitments table; with selectable=True returns the positions of the selected rows."""
    frame = commitments_frame(df, lang)
    config = {
        t("col_quote", lang): st.column_config.TextColumn(width="large"),
        t("col_title", lang): st.column_config.TextColumn(width="medium"),
    }
    if not selectable:
        st.dataframe(frame, hide_index=True, column_config=config, key=key)
        return []
    event = st.dataframe(
        frame,
        hide_index=True,
        column_config=config,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        height=min(38 + 35 * len(frame), 640),
    )
    return list(event.selection.rows)  # type: ignore[union-attr]


def source_of(ctx: PageContext, source_id: str) -> dict[str, str] | None:
    """A source's text and metadata (cached)."""
    return ctx.q("source", source_id)


# ---------------------------------------------------------------- shared page bodies


def progress_note(ctx: PageContext, statuses: pd.Series) -> None:
    """Say plainly when no progress has been reported yet (every status is 未填报)."""
    if len(statuses) and (statuses == queries.NO_REPORT).all():
        st.caption(ctx.t("no_progress_yet"))


def render_unit_page(ctx: PageContext, kind: str) -> None:
    """The department or town page: per-unit status bars (every unit, blanks kept), heatmap, one unit's list."""
    lang, f = ctx.lang, ctx.filters
    kind_text = unit_kind_label(kind, lang)
    st.title(ctx.t("page_towns" if kind == "town" else "page_departments"))
    if f.unit_kind and f.unit_kind != kind:
        st.info(ctx.t("kind_filter_ignored", kind=kind_text))
    gazetteer = tuple(ctx.towns if kind == "town" else [d.name for d in ctx.config.departments])
    counts: pd.DataFrame = ctx.q("unit_status_counts", f, kind, gazetteer)
    if counts.empty:
        st.info(ctx.t("no_units_of_kind", kind=kind_text))
        return
    progress_note(ctx, counts["status"].dropna())
    totals = counts.groupby("unit_name", sort=False)["total"].first()
    chart_key, pick_key = f"units-{kind}", f"{PICK_PREFIX}{kind}"
    title = ctx.title("chart_units_title", kind=kind_text)
    show_chart(
        charts.unit_status_bar(counts, title, lang),
        chart_key,
        lang,
        on_select=pick_from_chart(chart_key, pick_key),
        selection_mode="points",
    )
    n_blank = int((totals == 0).sum())
    if n_blank:
        st.caption(ctx.t("units_none_assigned", n=n_blank))

    units = list(totals.index)
    if st.session_state.get(pick_key) not in units:
        st.session_state.pop(pick_key, None)
    picked = st.selectbox(
        ctx.t("pick_unit"),
        units,
        index=None,
        key=pick_key,
        help=ctx.t("pick_unit_help"),
        placeholder=ctx.t("pick_unit"),
    )
    if picked:
        st.subheader(ctx.t("unit_list_title", unit=picked))
        ids = counts.loc[counts["unit_name"] == picked, "unit_id"].dropna().unique()
        rows = (
            ctx.q(
                "commitments",
                queries.Filters(f.date_from, f.date_to, f.meeting_ids, None, tuple(ids), f.statuses),
            )
            if len(ids)
            else None
        )
        if rows is None or rows.empty:
            st.info(ctx.t("unit_no_commitments", unit=picked))
        else:
            show_commitments(rows, lang, key=f"list-{kind}")
            progress_ui.follow_up_panel(ctx.con, ctx.config, lang, ids[0], key=f"fu-{kind}")

    st.divider()
    render_heatmap(ctx, key=f"heat-{kind}")
    st.divider()
    progress_ui.rankings_view(ctx.con, ctx.config, lang, unit_kind=kind)


def render_heatmap(ctx: PageContext, key: str) -> None:
    """Department × town heatmap of commitments involving both; clicking a cell lists them."""
    lang, f = ctx.lang, ctx.filters
    links: pd.DataFrame = ctx.q("dept_town_links", f)
    towns = ctx.towns + [n for n in ctx.q("unit_options", "town")["name"] if n not in ctx.towns]
    departments = sorted(set(ctx.q("departments_in_data")) | set(links["department"]))
    fig = charts.dept_town_heatmap(links, departments, towns, ctx.title("chart_heatmap_title"), lang)
    show_chart(fig, key, lang, on_select="rerun", selection_mode="points")
    st.caption(ctx.t("heatmap_caption"))
    if links.empty:
        st.info(ctx.t("heatmap_empty"))
        return
    points = selected_points(key)
    if points and points[0].get("x") and points[0].get("y"):
        town, dept = str(points[0]["x"]), str(points[0]["y"])
        rows = ctx.q("linked_commitments", f, dept, town)
        st.subheader(f"{dept} × {town}")
        if rows.empty:
            st.info(ctx.t("no_rows"))
        else:
            show_commitments(rows, lang, key=f"{key}-list")


FOCUS_KEY = "focus_span"
MEETING_KEY = "m"


def open_meeting(meeting_id: str, span_id: str | None = None) -> None:
    """Go to the meetings page showing `meeting_id`, with `span_id` marked in its source text."""
    st.session_state[MEETING_KEY] = meeting_id
    st.session_state[FOCUS_KEY] = span_id
    st.switch_page("pages/meetings.py")


def tree_html(rows: pd.DataFrame, lang: Lang) -> str:
    """The meeting's commitments as a nested list (requirement → focus areas / items), each linked to its span."""
    import html as _html

    from tracker.highlight import anchor
    from tracker.i18n import kind_label

    ids = set(rows["commitment_id"])
    children: dict[str | None, list[Any]] = {}
    for r in rows.itertuples():
        parent = r.parent_id if isinstance(r.parent_id, str) and r.parent_id in ids else None
        children.setdefault(parent, []).append(r)

    def item(r: Any) -> str:
        ordinal = "" if pd.isna(r.ordinal) else f"{int(r.ordinal)}. "
        unit = f" · {_html.escape(r.unit_name)}" if isinstance(r.unit_name, str) else ""
        head = (
            f'<a href="#src-{anchor(r.commitment_id)}"><b>{ordinal}{_html.escape(str(r.title))}</b></a>'
            f' <span style="color:#6B7280">[{_html.escape(kind_label(r.kind, lang))}{unit} · '
            f"{_html.escape(status_label(r.status, lang))}]</span>"
            f'<div style="color:#374151;font-size:13px">“{_html.escape(str(r.quote))}”</div>'
        )
        kids = children.get(r.commitment_id, [])
        sub = "<ul>" + "".join(item(k) for k in kids) + "</ul>" if kids else ""
        return f'<li id="tree-{anchor(r.commitment_id)}">{head}{sub}</li>'

    return '<ul class="trk-tree">' + "".join(item(r) for r in children.get(None, [])) + "</ul>"
