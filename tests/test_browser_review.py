"""The 审核 page in a real `streamlit run` server driven by Chromium: an administrator signs in through the
sidebar's form, confirms an item with one click, and the review log and the rebuilt database both show it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from auth_fixtures import ACCOUNTS, write_accounts
from conftest import make_project
from review_fixtures import build, commitment, table
from test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, no_errors, settled, streamlit_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

from playwright.sync_api import expect, sync_playwright  # noqa: E402


def test_confirming_an_item_on_the_review_page_is_recorded_as_the_signed_in_account(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    cfg = build(config)
    write_accounts(cfg.users_file_path, only=("admin",))
    # the page opens on the newest meeting; its first item awaiting review is the one confirmed below
    first = table(config, "SELECT meeting_id FROM meetings ORDER BY date DESC NULLS LAST, title")[
        "meeting_id"
    ][0]
    cid = table(
        config,
        "SELECT commitment_id FROM review_items WHERE meeting_id = ? AND review_state = 'unreviewed' "
        "ORDER BY source_id, char_start, commitment_id",
        [first],
    )["commitment_id"][0]
    with (
        streamlit_server(config) as base,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 2400}, locale="zh-CN").new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(base)
            settled(page)
            sidebar = page.locator("[data-testid=stSidebar]")
            sidebar.get_by_role("link", name="审核").click()
            expect(page.locator("h1").first).to_have_text("审核")
            settled(page)
            expect(page.get_by_text("登录后可审核（左侧边栏）")).to_be_visible()
            expect(page.locator(f".st-key-review-confirm-{cid} button")).to_be_disabled()
            sidebar.get_by_label("用户名").fill("admin")
            sidebar.get_by_label("密码").fill(ACCOUNTS["admin"][2])
            sidebar.get_by_role("button", name="登录").click()
            expect(page.get_by_text("审核记录为：admin")).to_be_visible()
            settled(page)
            page.locator(f".st-key-review-confirm-{cid} button").click()
            expect(page.get_by_text("已确认 1 项。")).to_be_visible()
            settled(page)
            expect(page.locator(f".st-key-review-confirm-{cid}")).to_have_count(0)  # it left the list
            no_errors(page)
        finally:
            browser.close()
    (entry,) = [json.loads(x) for x in cfg.review_log_path.read_text(encoding="utf-8").splitlines()]
    assert (entry["commitment_id"], entry["action"], entry["entered_by"], entry["source"]) == (
        cid,
        "confirm",
        "admin",
        "form",
    )
    assert commitment(config, cid)["review_state"] == "confirmed"
