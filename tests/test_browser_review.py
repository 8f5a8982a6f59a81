"""The 审核 page in a real browser: `streamlit run dashboard.py` on a built seed project, headless Chromium
signs in as an administrator, confirms one item and rejects another; both decisions are in the review log as
that account's and in the rebuilt database, and the page shows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.auth_fixtures import ACCOUNTS, write_accounts
from tests.browser_fixtures import TIMEOUT_MS, no_errors, settled, streamlit_server
from tests.review_fixtures import TASK_HONGSHAN, table
from tracker.config import load_config


@pytest.fixture
def project(built_project: Path) -> Path:
    """The seed project, built, with an administrator account."""
    write_accounts(load_config(built_project, must_exist=True).users_file_path, only=("admin",))
    return built_project


def test_review_page_confirm_and_reject_in_a_browser(project: Path, browser: Browser) -> None:
    cfg = load_config(project, must_exist=True)
    meeting = table(project, "SELECT meeting_id FROM commitments WHERE commitment_id = ?", [TASK_HONGSHAN])
    other = table(
        project,
        "SELECT commitment_id FROM commitments WHERE meeting_id = ? AND commitment_id <> ? "
        "ORDER BY char_start LIMIT 1",
        [meeting["meeting_id"][0], TASK_HONGSHAN],
    )["commitment_id"][0]
    with streamlit_server(project) as base:
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{base}/review")
        settled(page)
        expect(page.get_by_text("请先登录再审核提取结果。").first).to_be_visible()
        sidebar = page.locator("[data-testid=stSidebar]")
        sidebar.get_by_label("用户名").fill("admin")
        sidebar.get_by_label("密码").fill(ACCOUNTS["admin"][2])
        sidebar.get_by_role("button", name="登录").click()
        settled(page)
        expect(page.get_by_text("保存时记录为：admin").first).to_be_visible()

        box = page.locator(".st-key-review_meeting")  # the meeting holding both items
        box.click()
        title = table(project, "SELECT title FROM meetings WHERE meeting_id = ?", [meeting["meeting_id"][0]])
        page.get_by_role("option").filter(has_text=str(title["title"][0])[:12]).first.click()
        settled(page)

        page.locator(f".st-key-review-confirm-{TASK_HONGSHAN} button").click()
        settled(page)
        expect(page.get_by_text("已确认 1 项。")).to_be_visible()
        expect(page.locator(f".st-key-review-confirm-{TASK_HONGSHAN}")).to_have_count(0)  # left the list
        page.locator(f".st-key-review-reject-{other} button").click()
        expect(page.get_by_text("已驳回 1 项，不再计入统计。")).to_be_visible()
        expect(page.locator(f".st-key-review-reject-{other}")).to_have_count(0)
        no_errors(page)
        page.close()

    log = [json.loads(line) for line in cfg.review_log_path.read_text(encoding="utf-8").splitlines()]
    assert [(e["commitment_id"], e["action"], e["entered_by"], e["source"]) for e in log] == [
        (TASK_HONGSHAN, "confirm", "admin", "form"),
        (other, "reject", "admin", "form"),
    ]
    state = table(project, "SELECT commitment_id, review_state FROM review_items WHERE commitment_id IN (?, ?)",
                  [TASK_HONGSHAN, other])  # fmt: skip
    assert dict(zip(state["commitment_id"], state["review_state"], strict=True)) == {
        TASK_HONGSHAN: "confirmed",
        other: "rejected",
    }
