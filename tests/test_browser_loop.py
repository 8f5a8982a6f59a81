"""The supervision loop in a real browser (`streamlit run` + headless Chromium) on the synthetic database: an
administrator downloads a meeting's 交办单; a unit editor reports its item 已完成 with a photo; the administrator
sees the photo and 待销号 and signs the item off; the administrator presses 催办 on the overview and the unit's
group robot (a local HTTP server) receives the reminder."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from docx import Document
from playwright.sync_api import Browser, Page, expect

from tests.auth_fixtures import ACCOUNTS, write_accounts
from tests.browser_fixtures import new_page, no_errors, settled, streamlit_server
from tests.conftest import SHIPPED_CONFIG
from tests.dashboard_fixtures import write_config, write_synthetic_db
from tests.test_remind import Robot, robot  # noqa: F401 - the robot fixture


@pytest.fixture
def project(tmp_path: Path, robot: str) -> Path:  # noqa: F811
    db = write_synthetic_db(tmp_path / "data" / "tracker.duckdb")
    config = write_config(tmp_path, db, SHIPPED_CONFIG)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["remind"] = {  # on the browser tests' day (2024-03-01) 测试任务二 is due in 30 days
        "before_days": 60,
        "webhooks": [{"unit": "教育体育局", "kind": "wecom", "url": f"{robot}/cgi-bin/webhook/send", "secret_env": "T_WECOM_EDU"}],
    }  # fmt: skip
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    write_accounts(tmp_path / "data" / "users.yaml")
    return config


def signed_in(browser: Browser, base: str, account: str, path: str = "") -> Page:
    return visit(new_page(browser, height=2600, accept_downloads=True), base, account, path)


def visit(page: Page, base: str, account: str, path: str = "") -> Page:
    """Open `path` and sign in there (a page load starts a new session, signed out)."""
    page.goto(f"{base}/{path}")
    settled(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_label("用户名").fill(account)
    sidebar.get_by_label("密码").fill(ACCOUNTS[account][2])
    sidebar.get_by_role("button", name="登录").click()
    settled(page)
    return page


def open_item(page: Page) -> None:
    grid = page.locator("[data-testid=stDataFrame]").first
    expect(grid.locator("[role=grid]")).to_have_attribute("aria-rowcount", "2")
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # the row's selection checkbox
    settled(page)


def photo_png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


def test_the_loop_in_a_browser(
    project: Path, browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("T_WECOM_EDU", "edu-key")
    monkeypatch.setenv("TRACKER_AUTO_REBUILD", "0")
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(photo_png())
    with streamlit_server(project) as base:
        # 交办单 from the meeting page
        admin = signed_in(browser, base, "admin", "meetings")
        admin.get_by_role("button", name="交办单").click()
        settled(admin)
        with admin.expect_download() as got:
            admin.get_by_role("button", name="Word (.docx)").click()
        doc = Document(got.value.path())
        assert any("督查督办事项交办单" in p.text for p in doc.paragraphs)
        no_errors(admin)

        # a unit editor reports its item done, with a photo
        hs = signed_in(browser, base, "hs", "commitments?q=测试任务一")
        open_item(hs)
        hs.locator(".st-key-pf-c-task1_status").click()
        hs.get_by_role("option", name="已完成").click()
        hs.locator(".st-key-pf-c-task1_percent input").fill("100")
        hs.locator(".st-key-pf-c-task1_files input[type=file]").set_input_files(str(photo))
        settled(hs)
        hs.get_by_role("button", name="保存").click()
        expect(hs.get_by_text("已保存：已完成")).to_be_visible()
        expect(hs.get_by_text("待销号：hs 于").first).to_be_visible()
        no_errors(hs)

        # the administrator sees the photo and signs it off
        visit(admin, base, "admin", "commitments?q=测试任务一")
        open_item(admin)
        expect(admin.locator("[data-testid=stImage] img").first).to_be_visible()
        admin.locator(".st-key-so-c-task1-sign button").click()
        expect(admin.get_by_text("已销号。")).to_be_visible()
        expect(admin.get_by_text("当前状态：已完成，进度 100%")).to_be_visible()

        # 催办 from the overview's 待办 box
        visit(admin, base, "admin")
        admin.locator(".st-key-remind-all button").click()
        expect(admin.get_by_text("1 条提醒，其中 0 条失败")).to_be_visible()
        no_errors(admin)

    log = [
        json.loads(line)
        for line in (project.parent / "data" / "progress.jsonl").read_text("utf-8").splitlines()
    ]
    (entry,) = log
    assert (entry["status"], entry["needs_signoff"], entry["entered_by"]) == ("已完成", True, "hs")
    assert [a["name"] for a in entry["attachments"]] == ["现场照片.png"]
    ((path, query, body),) = Robot.received
    assert query == {"key": "edu-key"} and "测试任务二" in body["text"]["content"]
