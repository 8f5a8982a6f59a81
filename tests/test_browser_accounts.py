"""Sign-in through Streamlit's own st.login against a real OpenID Connect provider (oidc-provider-mock, run
here on a free port), in a real `streamlit run` server driven by Chromium: the identity maps to an account
of the users file, the signed-in unit editor saves progress and the log records them; an identity with no
account only views. Every request the dashboard's pages make stays on this machine (the page icon is local)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import Browser, Page, Request, expect

from tests.auth_fixtures import write_accounts
from tests.browser_fixtures import new_page, no_errors, settled, streamlit_server
from tests.conftest import SHIPPED_CONFIG
from tests.dashboard_fixtures import write_config, write_synthetic_db
from tracker.auth import Account, load_accounts, save_accounts


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A real OIDC provider on a free local port (it signs in whatever subject the form is given)."""
    users = [  # the same e-mail twice: verified for hs's own identity, unverified for an impostor
        ProviderUser(sub="u-hs-1", claims={"email": "hs@example.org", "email_verified": True}),
        ProviderUser(sub="impostor", claims={"email": "hs@example.org", "email_verified": False}),
        ProviderUser(sub="u-stranger", claims={"email": "stranger@example.org", "email_verified": True}),
    ]
    with run_server_in_thread(port=0, user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The synthetic database, an editor of 红山街道 who signs in as hs@example.org, and an admin."""
    db = write_synthetic_db(tmp_path / "data" / "tracker.duckdb")
    config = write_config(tmp_path, db, SHIPPED_CONFIG)
    users = write_accounts(tmp_path / "data" / "users.yaml", only=("admin",))
    hs = Account(id="hs", name="红山填报", role="editor", units=("红山街道",), oidc=("hs@example.org",))
    save_accounts(users, [*load_accounts(users).accounts, hs])
    return config


@pytest.fixture
def oidc_server(
    project: Path, provider: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """`streamlit run dashboard.py` with [auth] secrets pointing at the provider."""
    monkeypatch.setenv("TRACKER_AUTO_REBUILD", "0")
    secrets_file = tmp_path / "secrets.toml"
    # the port is only known once the server starts: Streamlit fills {port} into redirect_uri
    secrets_file.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "work-tracker"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with streamlit_server(project, "--secrets.files", str(secrets_file)) as url:
        yield url


def sign_in_at_provider(page: Page, base: str, provider: str, subject: str) -> None:
    page.goto(base)
    settled(page)
    page.locator("[data-testid=stSidebar]").get_by_role("button", name="通过统一身份认证登录").click()
    page.wait_for_url(f"{provider}/oauth2/authorize**")
    page.fill("input[name=sub]", subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{base}/**")
    settled(page)


def test_st_login_with_a_real_oidc_provider_and_saving_as_the_signed_in_editor(
    oidc_server: str, provider: str, project: Path, browser: Browser
) -> None:
    base = oidc_server
    page = new_page(browser)
    app_requests: list[str] = []

    def seen(request: Request) -> None:
        if request.frame.url.startswith(base):  # the dashboard's own pages, not the provider's
            app_requests.append(request.url)

    page.on("request", seen)
    sign_in_at_provider(page, base, provider, "u-hs-1")  # mapped by its verified e-mail
    sidebar = page.locator("[data-testid=stSidebar]")
    expect(sidebar.get_by_text("已登录：红山填报 (hs) · 单位填报员（红山街道）")).to_be_visible()
    no_errors(page)

    page.goto(f"{base}/commitments?q=测试任务一")  # the search leaves 红山街道's task alone in the table
    expect(page.locator("h1").first).to_have_text("事项")
    settled(page)
    grid = page.locator("[data-testid=stDataFrame]").first
    expect(grid.locator("[role=grid]")).to_have_attribute("aria-rowcount", "2")
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # the row's selection checkbox
    expect(page.get_by_text("保存时记录为：红山填报 (hs)")).to_be_visible()
    settled(page)
    page.get_by_label("进展说明").fill("通过统一身份认证登录后填报")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存：推进中")).to_be_visible()
    no_errors(page)

    log = project.parent / "data" / "progress.jsonl"
    (entry,) = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert (entry["commitment_id"], entry["entered_by"], entry["source"], entry["note"]) == (
        "c-task1",
        "hs",
        "form",
        "通过统一身份认证登录后填报",
    )

    icon = page.locator("link[rel~='icon']").first.get_attribute("href") or ""
    assert urlparse(icon).netloc in ("", urlparse(base).netloc), icon  # served by the dashboard itself
    assert len(app_requests) > 20
    outside = sorted(
        {u for u in app_requests if urlparse(u).hostname not in ("127.0.0.1", "localhost", None)}
    )
    assert outside == []  # no request leaves the machine (fonts, icons, scripts all local)
    page.context.close()


def test_an_oidc_identity_without_an_account_only_views(
    oidc_server: str, provider: str, project: Path, browser: Browser
) -> None:
    base = oidc_server
    page = new_page(browser)
    sign_in_at_provider(page, base, provider, "u-stranger")
    sidebar = page.locator("[data-testid=stSidebar]")
    expect(
        sidebar.get_by_text("已通过身份认证登录为 stranger@example.org，但没有对应的账号，只能查看。")
    ).to_be_visible()
    page.goto(f"{base}/commitments")
    settled(page)
    expect(page.locator("h1").first).to_have_text("事项")
    expect(page.get_by_text("请先登录再导入进度。")).to_be_attached()
    assert not (project.parent / "data" / "progress.jsonl").exists()
    page.context.close()


def test_an_unverified_oidc_email_does_not_sign_in_as_its_account(
    oidc_server: str, provider: str, project: Path, browser: Browser
) -> None:
    base = oidc_server
    page = new_page(browser)
    sign_in_at_provider(page, base, provider, "impostor")  # claims hs@example.org, not verified
    sidebar = page.locator("[data-testid=stSidebar]")
    expect(sidebar.get_by_text("但身份提供方没有确认这个邮箱", exact=False)).to_be_visible()
    expect(sidebar.get_by_text("已登录：", exact=False)).to_have_count(0)
    page.goto(f"{base}/commitments")
    settled(page)
    expect(page.get_by_text("请先登录再导入进度。")).to_be_attached()
    page.context.close()
