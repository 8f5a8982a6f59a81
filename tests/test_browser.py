"""A real browser: Playwright drives Debian's Chromium against `streamlit run dashboard.py` on the seed data.

Every page loads without an error box and draws its charts; a sidebar filter changes a table and a chart and
stays set on another page and in the URL; highlighted spans link to their rows. Screenshots of every page
go to test-artifacts/ (git-ignored)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser_fixtures import ARTIFACTS, TIMEOUT_MS, no_errors, settled, streamlit_server
from tests.conftest import make_project

# url path -> (Chinese page heading, number of charts on the page)
PAGES = {
    "": ("舞钢市工作推进看板", 2),
    "departments": ("部门", 2),
    "towns": ("乡镇", 2),
    "commitments": ("事项", 0),
    "meetings": ("会议与文件", 0),
    "figures": ("指标", 1),
}


@pytest.fixture(scope="module")
def server(seed_db: Path) -> Iterator[str]:
    """The dashboard on the seed build, through its own config."""
    with streamlit_server(seed_db.parents[1] / "config.yaml", "--client.toolbarMode", "minimal") as url:
        yield url


def open_page(page: Page, base: str, path: str, heading: str) -> None:
    page.goto(f"{base}/{path}")
    expect(page.locator("h1").first).to_have_text(heading)
    settled(page)


def sidebar_pick(page: Page, label: str, option: str) -> None:
    """Choose `option` in the sidebar select or multiselect labelled `label`."""
    box = page.locator("[data-testid=stSidebar]").get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=re.compile(re.escape(option))).first.click()
    page.keyboard.press("Escape")


def metric_value(page: Page, label: str) -> str:
    m = page.locator("[data-testid=stMetric]").filter(has=page.get_by_text(label, exact=True))
    return m.locator("[data-testid=stMetricValue]").inner_text().strip()


def test_a_deep_link_is_the_first_request_and_still_gets_the_sidebar(server: str, page: Page) -> None:
    # Runs first on a fresh server: Streamlit's legacy pages/ handling would run the page file on its own.
    open_page(page, server, "towns?en=true", "By town")
    no_errors(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    expect(sidebar.get_by_role("combobox", name="Period")).to_be_visible()
    ticks = page.locator(".js-plotly-plot").first.locator(".ytick text").all_text_contents()
    assert len(ticks) == 14 and "八台镇" in ticks  # every town, even with nothing assigned


def test_overview_answers_at_its_own_address(server: str, page: Page) -> None:
    open_page(page, server, "overview?status=未填报", PAGES[""][0])
    no_errors(page)
    assert page.get_by_text("Page not found").count() == 0 and page.get_by_text("找不到页面").count() == 0
    expect(page.locator("[data-testid=stMetric]").first).to_be_visible()
    # the filter in the address was kept, and the sidebar's 总览 link leads to /overview too
    expect(page.locator("[data-testid=stSidebar]").get_by_text("未填报").first).to_be_visible()
    link = page.locator("[data-testid=stSidebarNav]").get_by_role("link", name="总览")
    assert (link.get_attribute("href") or "").rstrip("/").endswith("/overview")


def test_every_page_loads_without_errors_and_draws_its_charts(server: str, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for path, (heading, n_charts) in PAGES.items():
        open_page(page, server, path, heading)
        no_errors(page)
        plots = page.locator(".js-plotly-plot .main-svg")
        if n_charts:
            expect(page.locator(".js-plotly-plot")).to_have_count(n_charts)
            assert plots.count() >= n_charts
            # drawn, not just mounted: bars or heatmap cells exist in the SVG
            expect(page.locator(".js-plotly-plot .point, .js-plotly-plot .hm").first).to_be_attached()
        page.screenshot(path=str(ARTIFACTS / f"{path or 'overview'}.png"), full_page=True)
    page.goto(f"{server}/meetings")
    expect(page.locator("a.hl").first).to_be_visible()


def test_a_filter_changes_table_and_chart_and_follows_to_other_pages(server: str, page: Page) -> None:
    open_page(page, server, "", PAGES[""][0])
    total = int(metric_value(page, "事项"))
    bar_text = page.locator(".js-plotly-plot").first.locator("text.bartext")
    expect(bar_text).to_have_text(str(total))
    recent = page.locator("[data-testid=stDataFrame]").first.locator("[role=grid]")
    expect(recent).to_have_attribute("aria-rowcount", "5")  # header + 4 meetings

    sidebar_pick(page, "会议与文件", "春季开学工作会")
    expect(bar_text).not_to_have_text(str(total))
    settled(page)
    spring = int(metric_value(page, "事项"))
    assert 0 < spring < total
    expect(bar_text).to_have_text(str(spring))  # the chart changed
    expect(recent).to_have_attribute("aria-rowcount", "2")  # the table changed
    assert "meeting=" in page.url
    page.screenshot(path=str(ARTIFACTS / "overview-filtered.png"), full_page=True)

    page.locator("[data-testid=stSidebarNav]").get_by_role("link", name="事项").click()
    expect(page.locator("h1").first).to_have_text("事项")
    settled(page)
    expect(page.get_by_text(f"共 {spring} 条")).to_be_visible()
    grid = page.locator("[data-testid=stDataFrame]").first.locator("[role=grid]")
    expect(grid).to_have_attribute("aria-rowcount", str(spring + 1))
    assert "meeting=" in page.url  # the filter is still in the URL, so the view can be shared
    chips = page.locator("[data-testid=stSidebar]").get_by_text("春季开学工作会")
    expect(chips.first).to_be_visible()

    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    expect(other.get_by_text(f"共 {spring} 条")).to_be_visible()
    other.close()


def test_highlighted_spans_link_to_their_rows_and_back(server: str, page: Page) -> None:
    open_page(page, server, "meetings", "会议与文件")
    first = page.locator("a.hl-commitment[href]").first
    href = first.get_attribute("href")
    assert href and href.startswith("#row-")
    row = page.locator(f"tr[id='{href[1:]}']")
    expect(row).to_have_count(1)
    first.click()
    assert page.url.endswith(href)
    back = row.locator("a").get_attribute("href")
    assert back == "#src-" + href[len("#row-") :]
    expect(page.locator(f"span[id='{back[1:]}']")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "meetings-linked.png"), full_page=True)


def test_selecting_a_commitment_shows_its_quote_in_the_source(server: str, page: Page) -> None:
    open_page(page, server, "commitments", "事项")
    grid = page.locator("[data-testid=stDataFrame]").first
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # the first row's selection checkbox
    expect(page.get_by_role("heading", name="原文出处")).to_be_visible()
    settled(page)
    no_errors(page)
    marked = page.locator(".trk-src a.hl-commitment").first
    expect(marked).to_be_visible()
    assert len(marked.inner_text()) > 0
    page.get_by_role("button", name="在会议原文中查看").click()
    expect(page.locator("h1").first).to_have_text("会议与文件")
    settled(page)
    expect(page.locator(".trk-src a.hl.focus").first).to_be_visible()  # the chosen commitment is marked
    page.screenshot(path=str(ARTIFACTS / "commitment-to-source.png"), full_page=True)


NEW_REPORT = (
    "舞钢市召开安全生产工作会议\n\n2月26日，舞钢市召开2024年安全生产工作会议。"
    "会议提出三点要求：一要压实安全责任；二要开展隐患排查；三要强化应急值守。\n"
)


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A server on a project of its own (config + seed source in tmp_path), for tests that edit the config."""
    config = make_project(tmp_path)
    with streamlit_server(config) as url:
        yield url, config


def test_first_start_builds_then_a_config_edit_rebuilds_with_progress(
    own_server: tuple[str, Path], page: Page
) -> None:
    import yaml

    base, config = own_server
    open_page(page, base, "", PAGES[""][0])  # no database yet: built on this first request
    no_errors(page)
    assert metric_value(page, "会议与文件") == "4"

    (config.parent / "data" / "sources" / "extra.txt").write_text(NEW_REPORT, encoding="utf-8")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["sources"].append({"id": "extra", "path": "data/sources/extra.txt", "year": 2024})
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    page.locator("[data-testid=stSidebarNav]").get_by_role("link", name="总览").click()  # any interaction
    expect(page.locator("[data-testid=stSidebar] [data-testid=stProgress]")).to_be_visible()
    # the old data stays on screen meanwhile; when the build ends the app reloads by itself
    expect(
        page.locator("[data-testid=stMetric]")
        .filter(has=page.get_by_text("会议与文件", exact=True))
        .locator("[data-testid=stMetricValue]")
    ).to_have_text("5", timeout=TIMEOUT_MS)
    expect(page.locator("[data-testid=stSidebar] [data-testid=stProgress]")).to_have_count(0)
    no_errors(page)

    data["sources"].append({"id": "gone", "path": "data/sources/gone.txt"})
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    page.locator("[data-testid=stSidebarNav]").get_by_role("link", name="事项").click()
    error = page.locator("[data-testid=stAlertContentError]")
    expect(error.first).to_contain_text("gone.txt")
    expect(page.locator("h1").first).to_have_text("事项")  # the page and its data are still there
    page.screenshot(path=str(ARTIFACTS / "rebuild-failed.png"), full_page=True)
