"""Render plotly figures to PNG/SVG/PDF bytes with Kaleido 1.x and one shared, offline Chromium."""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import json
import os
import re
import shutil
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go

from tracker.errors import UserError
from tracker.i18n import InLanguage, msg, normalise_language
from tracker.store.files import write_atomic

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
MIME: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
DEFAULT_WIDTH = 1200
DEFAULT_HEIGHT = 675  # 16:9, the shape of a slide
RENDER_TIMEOUT_S = 90.0
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


class ExportError(UserError):
    """A chart could not be exported (no browser, bad format, render failure)."""


def install_hint(lang: str | None = None) -> str:
    """How to install what export needs, in the UI language (default: the current language)."""
    return str(msg("export_no_chromium").text(normalise_language(lang) if lang in ("zh", "en") else None))


def chromium_path() -> str | None:
    """The browser Kaleido will use: BROWSER_PATH if it names a file, else the first Chromium on PATH."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env if Path(env).is_file() and os.access(env, os.X_OK) else None
    for name in _BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_available() -> bool:
    """Whether a Chromium for server-side export is installed."""
    return chromium_path() is not None


def check_format(fmt: str) -> str:
    """Normalise an export format name or raise ExportError naming the choices."""
    norm = fmt.lower().lstrip(".")
    if norm not in FORMATS:
        raise ExportError(msg("export_bad_format", fmt=fmt, formats=", ".join(FORMATS)))
    return norm


def format_for_path(path: Path | str) -> str:
    """The export format implied by a file name's extension."""
    suffix = Path(path).suffix
    if not suffix:
        raise ExportError(msg("export_no_suffix", path=path))
    return check_format(suffix)


def _page_generator() -> Any:
    """Kaleido's page with the plotly.js shipped in the plotly package and MathJax off: nothing from a CDN."""
    from kaleido import PageGenerator

    return PageGenerator(plotly=_PLOTLY_JS.as_uri(), mathjax=False)


def page_html() -> str:
    """The HTML page Chromium renders figures in (for checking that it loads nothing remote)."""
    return _page_generator().generate_index()


def _fig_dict(fig: go.Figure | dict) -> dict[str, Any]:
    """A plain-JSON figure dict (plotly's encoder turns numpy/pandas values into lists)."""
    raw = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
    return json.loads(json.dumps(raw, cls=plotly.utils.PlotlyJSONEncoder))


def _size(spec: dict[str, Any], width: int | None, height: int | None) -> tuple[int, int]:
    """Width and height in CSS pixels: explicit, else the figure's layout, else 16:9 defaults."""
    layout = spec.get("layout", {})
    tmpl = layout.get("template", {}).get("layout", {}) if isinstance(layout.get("template"), dict) else {}
    w = width or layout.get("width") or tmpl.get("width") or DEFAULT_WIDTH
    h = height or layout.get("height") or tmpl.get("height") or DEFAULT_HEIGHT
    return int(w), int(h)


_SVG_ID = re.compile(rb"defs-([0-9a-f]{6})\b")
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)\d{14}")


def _stable(data: bytes, fmt: str, key: str) -> bytes:
    """Remove what changes between identical renders: SVG's random element ids and PDF timestamps."""
    if fmt == "svg":
        m = _SVG_ID.search(data)
        if m:  # plotly names clip paths and defs after a random 6-hex id per render
            data = re.sub(rb"(?<=[a-z-])" + m.group(1), key[:6].encode(), data)
    elif fmt == "pdf":
        # Same-length replacement keeps the PDF's cross-reference offsets valid.
        data = _PDF_DATE.sub(rb"\g<1>20000101000000", data)
    return data


class Renderer:
    """One headless Chromium (a Kaleido) on its own event-loop thread; render() is thread-safe."""

    def __init__(self, tabs: int = 1) -> None:
        if not chromium_available():
            raise ExportError(msg("export_no_chromium"))
        self._tabs = tabs
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido-renderer", daemon=True)
        self._thread.start()
        self._kaleido: Any = None
        self._call(self._open()).result(timeout=RENDER_TIMEOUT_S)

    def _call(self, coro: Any) -> Future:
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    async def _open(self) -> None:
        import kaleido

        k = kaleido.Kaleido(n=self._tabs, page_generator=_page_generator(), timeout=RENDER_TIMEOUT_S)
        await k.open()
        self._kaleido = k

    async def _render_all(self, specs: list[tuple[dict, dict]]) -> list[bytes]:
        return list(await asyncio.gather(*(self._kaleido.calc_fig(fig, opts=opts) for fig, opts in specs)))

    def render(self, specs: list[tuple[dict, dict]]) -> list[bytes]:
        """Render (figure dict, kaleido opts) pairs in this browser, in order."""
        timeout = RENDER_TIMEOUT_S * max(1, len(specs))
        return self._call(self._render_all(specs)).result(timeout=timeout)

    def close(self) -> None:
        """Close the browser and stop the loop thread."""
        if self._kaleido is not None:
            try:
                self._call(self._kaleido.close()).result(timeout=30)
            except Exception:  # noqa: BLE001 - closing a dead browser must not mask the real error
                pass
            self._kaleido = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)


_shared: Renderer | None = None
_shared_lock = threading.Lock()


def _renderer() -> Renderer:
    """The process-wide renderer, started on first use and kept for later exports."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Renderer()
        return _shared


def shutdown() -> None:
    """Close the shared browser (also runs at interpreter exit)."""
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.close()
            _shared = None


atexit.register(shutdown)


def render_many(
    figs: Sequence[go.Figure | dict],
    fmt: str | Sequence[str],
    *,
    scale: float = 2,
    width: int | None = None,
    height: int | None = None,
) -> list[bytes]:
    """Export many figures through one Chromium; fmt is one format for all or one per figure."""
    fmts = [check_format(fmt)] * len(figs) if isinstance(fmt, str) else [check_format(f) for f in fmt]
    if len(fmts) != len(figs):
        raise ValueError("give one format per figure")
    if not figs:
        return []
    specs, keys = [], []
    for fig, f in zip(figs, fmts, strict=True):
        spec = _fig_dict(fig)
        w, h = _size(spec, width, height)
        specs.append((spec, {"format": f, "width": w, "height": h, "scale": scale}))
        keys.append(hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest())
    try:
        out = _renderer().render(specs)
    except ExportError:
        raise
    except Exception:  # noqa: BLE001 - a crashed or hung browser: start a fresh one and retry once
        shutdown()
        try:
            out = _renderer().render(specs)
        except Exception as e:
            shutdown()
            raise ExportError(
                msg("export_failed", detail=InLanguage("en", f": {type(e).__name__}: {e}"))
            ) from e
    return [_stable(b, f, k) for b, f, k in zip(out, fmts, keys, strict=True)]


def figure_bytes(
    fig: go.Figure | dict, fmt: str, scale: float = 2, width: int | None = None, height: int | None = None
) -> bytes:
    """Export one figure as png/svg/pdf bytes (PNG at `scale`× its CSS size)."""
    return render_many([fig], fmt, scale=scale, width=width, height=height)[0]


def atomic_write(path: Path | str, data: bytes) -> Path:
    """Write bytes to `path` all or nothing, refusing a folder that does not exist (tracker.store.files)."""
    return write_atomic(path, data, make_folder=False)


def write_figure(fig: go.Figure | dict, path: Path | str, scale: float = 2) -> Path:
    """Export one figure to a file whose extension names the format, atomically."""
    fmt = format_for_path(path)
    return atomic_write(path, figure_bytes(fig, fmt, scale=scale))


def file_stem(title: str, fallback: str = "chart") -> str:
    """A safe file name stem from a chart title (Chinese kept, path characters dropped)."""
    stem = re.sub(r"[\\/:*?\"<>|\s]+", "_", title).strip("._")
    return stem[:80] or fallback
