"""A real browser on a real `streamlit run` (the project's .streamlit/config.toml applies): source text with
Markdown, LaTeX and colour syntax is shown verbatim, skipped log lines are named on the page, and an error is
a short message with no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser_fixtures import settled, streamlit_run, streamlit_server
from tests.conftest import copy_project
from tests.test_safety_pages import MARKUP_REPORT
from tracker.app.plaintext import WORD_JOINER
from tracker.build import run_build
from tracker.config import load_config
from tracker.store.db import connect_readonly


@pytest.fixture(scope="module")
def markup_project(built_seed: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seed plus a synthetic report full of markup (tests/test_safety_pages.py), built, and a log with a
    line whose note holds Markdown; returns the config and the markup meeting's id."""
    folder = tmp_path_factory.mktemp("browser-safety")
    config = copy_project(built_seed, folder)  # the seed's results come from its build cache
    (folder / "data" / "sources" / "markup.txt").write_text(MARKUP_REPORT, encoding="utf-8")
    text = config.read_text(encoding="utf-8").replace(
        "\n# Town-level units",
        "\n  - {id: markup, path: data/sources/markup.txt, year: 2024}\n\n# Town-level units",
        1,
    )
    config.write_text(text, encoding="utf-8")
    cfg = load_config(config, must_exist=True)
    run_build(cfg)
    con = connect_readonly(cfg.database_path)
    try:
        meeting = con.execute("SELECT meeting_id FROM meetings WHERE title LIKE '%$x$%'").fetchone()[0]
    finally:
        con.close()
    cfg.progress_log_path.write_text('{"note": "**粗体** $y$"}\n', encoding="utf-8")
    return config, meeting


def visible_text(page: Page) -> str:
    return page.locator("[data-testid=stMain]").inner_text().replace(WORD_JOINER, "")


def test_markup_in_sources_and_logs_is_shown_verbatim(markup_project: tuple[Path, str], page: Page) -> None:
    config, meeting = markup_project
    with streamlit_server(config) as url:
        page.goto(f"{url}/meetings?m={meeting}")
        expect(page.locator("h3").filter(has_text="安全生产工作会议").first).to_be_visible()
        settled(page)
        text = visible_text(page)
        assert "$x$安全生产工作会议" in text  # the heading, not maths
        assert (
            "一要压实**安全**责任" in text and "二要开展:red[隐患]排查" in text
        )  # the tree, not bold or red
        assert page.locator(".katex").count() == 0  # no LaTeX was rendered anywhere
        warning = (
            page.locator("[data-testid=stAlertContentWarning]").first.inner_text().replace(WORD_JOINER, "")
        )
        assert "progress.jsonl 第 1 行：缺少字段 entry_id，已跳过" in warning


_RAISES = """
import streamlit as st
st.title("before the error")
raise RuntimeError("/srv/secret/tracker.duckdb: database is on fire")
"""


def test_an_error_outside_the_page_guard_shows_no_details(tmp_path: Path, page: Page) -> None:
    script = tmp_path / "raises.py"
    script.write_text(_RAISES, encoding="utf-8")
    with streamlit_run(script) as url:
        page.goto(url)
        expect(page.locator("[data-testid=stException]")).to_be_visible()
        settled(page)
        shown = page.locator("[data-testid=stMain]").inner_text()
    assert "before the error" in shown
    assert "secret" not in shown and "Traceback" not in shown and "raises.py" not in shown
    assert "RuntimeError" not in shown
