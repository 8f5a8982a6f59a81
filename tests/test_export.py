"""Chart export through Kaleido and the system Chromium: formats, sizes, CJK fonts, offline page, CLI."""

from __future__ import annotations

import io
import struct
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import plotly.graph_objects as go
import pytest
from pypdf import PdfReader

from tracker.cli import main as tracker_main
from tracker.errors import UserError
from tracker.reports import charts
from tracker.reports import render as export

TITLE = "各乡镇（街道）承担事项：红山街道与垭口街道"


def _fig() -> go.Figure:
    """A small chart with Chinese title and labels in the dashboard's template (synthetic numbers)."""
    fig = go.Figure(go.Bar(x=["红山街道", "尚店镇", "垭口街道"], y=[3, 2, 1]))
    fig.update_layout(template=charts.TEMPLATE_NAME, title={"text": TITLE}, width=800, height=400)
    return fig


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def nfkc(text: str) -> str:
    """Fold compatibility forms: Chromium's PDFs map some CJK glyphs to Kangxi radicals (⼭ for 山)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="module")
def exported() -> dict[str, bytes]:
    """The test chart in every format, rendered in one batch through one Chromium."""
    fig = _fig()
    png, svg, pdf = export.render_many([fig, fig, fig], ["png", "svg", "pdf"], scale=2)
    return {"png": png, "svg": svg, "pdf": pdf}


def test_chromium_is_installed() -> None:
    assert export.chromium_available(), export.install_hint("en")
    assert Path(export.chromium_path() or "").is_file()


def test_cjk_font_installed_and_named_by_the_chart_template() -> None:
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    installed = {name.strip() for line in out.splitlines() for name in line.split(",")}
    assert installed, "no CJK font: apt-get install fonts-noto-cjk"
    family = charts.pio.templates[charts.TEMPLATE_NAME].layout.font.family
    named = [n.strip().strip('"') for n in family.split(",")]
    assert any(n in installed for n in named), f"none of {named} is installed ({sorted(installed)[:5]}…)"
    assert named[0] in installed, f"the template's first font {named[0]!r} should be the installed one"


def test_render_page_loads_nothing_from_the_network() -> None:
    html = export.page_html()
    assert "http://" not in html and "https://" not in html
    assert "mathjax" not in html.lower()
    assert "plotly.min.js" in html


def test_png_is_twice_the_css_size(exported: dict[str, bytes]) -> None:
    assert png_size(exported["png"]) == (1600, 800)


def test_png_scale_and_default_size() -> None:
    fig = go.Figure(go.Bar(x=["甲"], y=[1]))
    data = export.figure_bytes(fig, "png", scale=3)
    assert png_size(data) == (export.DEFAULT_WIDTH * 3, export.DEFAULT_HEIGHT * 3)


def test_svg_is_xml_with_the_chinese_title(exported: dict[str, bytes]) -> None:
    root = ET.fromstring(exported["svg"])
    assert root.tag.endswith("svg")
    texts = "".join(root.itertext())
    assert TITLE in texts
    assert "红山街道" in texts


def test_pdf_text_has_the_chinese_title(exported: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(exported["pdf"]))
    assert len(reader.pages) == 1
    text = nfkc(reader.pages[0].extract_text())
    assert nfkc(TITLE) in text
    assert "尚店镇" in text


def test_same_figure_gives_same_bytes(exported: dict[str, bytes]) -> None:
    again = export.render_many([_fig()] * 3, ["png", "svg", "pdf"], scale=2)
    assert again == [exported["png"], exported["svg"], exported["pdf"]]


def test_unknown_format_is_a_user_error() -> None:
    with pytest.raises(export.ExportError, match="png, svg, pdf"):
        export.figure_bytes(_fig(), "gif")
    with pytest.raises(export.ExportError, match="没有扩展名"):
        export.format_for_path("chart")


def test_missing_chromium_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert not export.chromium_available()
    with pytest.raises(export.ExportError, match="apt-get install chromium"):
        export.Renderer()
    assert "apt-get install chromium" in export.install_hint("zh")


def test_write_figure_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "chart.svg"
    out.write_text("old")

    def broken(*args: object, **kwargs: object) -> bytes:
        raise export.ExportError("render failed")

    monkeypatch.setattr(export, "figure_bytes", broken)
    with pytest.raises(export.ExportError):
        export.write_figure(_fig(), out)
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]


# --- python -m tracker chart -----------------------------------------------------------------------


def test_chart_cli_writes_png_svg_pdf(
    seed_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = seed_db.parent.parent / "config.yaml"
    for fmt in ("png", "svg", "pdf"):
        out = tmp_path / f"towns.{fmt}"
        assert tracker_main(["chart", "towns", "--out", str(out), "--config", str(config)]) == 0
        assert f"已写入 {out}" in capsys.readouterr().out
        data = out.read_bytes()
        if fmt == "png":
            assert png_size(data) == (2000, 1000)
        elif fmt == "svg":
            assert "垭口街道" in "".join(ET.fromstring(data).itertext())
        else:
            text = nfkc(PdfReader(io.BytesIO(data)).pages[0].extract_text())
            assert nfkc("各乡镇（街道）承担事项") in text


def test_chart_cli_lists_names_on_bad_name(
    seed_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = seed_db.parent.parent / "config.yaml"
    out = tmp_path / "x.png"
    assert tracker_main(["chart", "nope", "--out", str(out), "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith("错误：没有名为“nope”的图表；可选：status, units, towns")
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["towns", "--out", "x.gif"], "文件名应以 .png 或 .svg 或 .pdf 结尾"),
        (["towns", "--out", "no/such/dir/x.png"], "文件夹“no/such/dir”不存在"),
        (["towns"], "必须给出 --out 文件"),
        (["towns", "--out", "x.png", "--from", "2024-02-30"], "“2024-02-30”不是日期"),
        (["towns", "--out", "x.png", "--scale", "40"], "--scale 40.0 超出范围"),
    ],
)
def test_chart_cli_bad_arguments(
    args: list[str],
    message: str,
    seed_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    config = seed_db.parent.parent / "config.yaml"
    assert tracker_main(["chart", *args, "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and err.count("\n") == 0
    assert list(tmp_path.iterdir()) == []


def test_chart_cli_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.reports.brief import DEFAULT_CHARTS

    monkeypatch.chdir(tmp_path)  # the command reads the current folder's config.yaml for its language
    assert tracker_main(["chart", "--list"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == list(DEFAULT_CHARTS)


def test_user_error_type() -> None:
    assert issubclass(export.ExportError, UserError)
