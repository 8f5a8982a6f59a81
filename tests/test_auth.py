"""tracker.auth without Streamlit: what each role may do and the exact refusal in both languages, ownership
from commitments.unit_id or the commitment_units table, the guessing throttle, and where the server listens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from tests.dashboard_fixtures import write_synthetic_db
from tracker.auth import (
    ACTIONS,
    Account,
    Throttle,
    User,
    allowed,
    can_write_progress,
    hash_password,
    parse_accounts,
    require,
    require_admin,
    require_rows,
    verify_password,
)
from tracker.auth.serving import (
    is_local,
    listen_address,
    oidc_configured,
    oidc_missing,
    oidc_section,
    secrets_files,
)
from tracker.errors import AccessDenied, AccountsError
from tracker.store import queries
from tracker.store.db import connect_readonly

ROOT = Path(__file__).resolve().parent.parent
ADMIN = User("root", "管理员甲", "admin", via="local")
HS = User("hs", "红山填报", "editor", ("红山街道",), "local", frozenset({"u-hongshan"}))
TWO = User("two", "two", "editor", ("红山街道", "尚店镇"), "cli", frozenset({"u-hongshan", "u-shangdian"}))
VIEWER = User("viewer", "viewer", "viewer", via="oidc")
HONGSHAN = {"u-hongshan": "红山街道"}
EDU = {"u-edu": "教育体育局"}
NO_UNIT: dict[str, str] = {}


@pytest.mark.parametrize(
    ("user", "owners", "expected"),
    [
        (ADMIN, HONGSHAN, True), (ADMIN, EDU, True), (ADMIN, NO_UNIT, True),
        (HS, HONGSHAN, True), (HS, EDU, False), (HS, NO_UNIT, False),
        (HS, {**HONGSHAN, **EDU}, True),  # a co-owned commitment: any of its units may report
        (TWO, {"u-shangdian": "尚店镇"}, True), (TWO, EDU, False),
        (VIEWER, HONGSHAN, False), (None, HONGSHAN, False), (None, NO_UNIT, False),
    ],
)  # fmt: skip
def test_who_may_write_progress(user: User | None, owners: dict[str, str], expected: bool) -> None:
    assert can_write_progress(user, owners) is expected
    for action in ("progress", "import", "review"):
        assert allowed(user, action, owners) is expected


@pytest.mark.parametrize("action", ["upload", "config", "users"])
def test_only_an_administrator_changes_the_configuration(action: str) -> None:
    assert allowed(ADMIN, action)
    assert require_admin(ADMIN, action) is ADMIN
    for user in (HS, TWO, VIEWER, None):
        assert not allowed(user, action)
        with pytest.raises(AccessDenied):
            require_admin(user, action)


def test_refusals_say_who_what_and_how_in_both_languages() -> None:
    cases = [
        (None, "progress", HONGSHAN, "zh", "请先登录再记录进度。"),
        (None, "upload", NO_UNIT, "en", "Sign in to add reports."),
        (VIEWER, "review", HONGSHAN, "zh", "账号 viewer 是查看者，不能审核提取结果；如需填报，请管理员把它改为单位填报员。"),
        (VIEWER, "import", HONGSHAN, "en",
         "Account viewer is a viewer and cannot import progress; ask an administrator to make it a unit editor."),
        (HS, "config", NO_UNIT, "zh", "只有管理员可以更改配置；账号 红山填报 (hs) 是单位填报员。"),
        (HS, "users", NO_UNIT, "en", "Only an administrator can manage accounts; account 红山填报 (hs) is a unit editor."),
        (HS, "progress", EDU, "zh", "账号 红山填报 (hs) 只能为 红山街道 的事项记录进度；事项 c-9 属于 教育体育局，未保存。"),
        (TWO, "progress", NO_UNIT, "en",
         "Account two can record progress only for commitments of 红山街道, 尚店镇; c-9 belongs to (no unit). "
         "Nothing was saved."),
    ]  # fmt: skip
    for user, action, owners, lang, message in cases:
        with pytest.raises(AccessDenied) as e:
            require(user, action, owners, commitment="c-9", lang=lang)
        assert str(e.value) == message
    assert require(HS, "progress", HONGSHAN) is HS
    assert set(ACTIONS) == {
        "progress", "import", "review", "extension", "upload", "config", "users", "signoff", "extension_decide",
        "remind", "assign",
    }  # fmt: skip


def test_a_batch_is_refused_whole_naming_every_foreign_row() -> None:
    owners = {"c-1": HONGSHAN, "c-2": EDU, "c-3": {"u-shangdian": "尚店镇"}, "c-4": HONGSHAN}
    rows = [(2, "c-1"), (3, "c-2"), (4, "c-3"), (5, "c-4")]
    with pytest.raises(AccessDenied) as e:
        require_rows(HS, rows, owners, lang="en")
    assert str(e.value) == (
        "Account 红山填报 (hs) can import progress only for commitments of 红山街道; rows 3, 4 of the file belong "
        "to 尚店镇, 教育体育局, so nothing was imported. Remove those rows, or ask that unit or an administrator."
    )
    assert require_rows(TWO, rows[:1] + rows[2:], owners) is TWO
    assert require_rows(ADMIN, rows, owners) is ADMIN
    with pytest.raises(AccessDenied):
        require_rows(VIEWER, [], {})


def test_ownership_is_the_holders_the_unit_pages_count(tmp_path: Path) -> None:
    db = write_synthetic_db(tmp_path / "t.duckdb")
    con = connect_readonly(db)
    try:
        assert queries.commitment_owners(con, ["c-task1", "c-task2", "c-req1", "c-nope"]) == {
            "c-task1": {"u-hongshan": "红山街道"},
            "c-task2": {"u-edu": "教育体育局"},
            "c-req1": {},
            "c-nope": {},
        }
        assert queries.unit_ids(con, ["红山街道", "火星局"]) == {"红山街道": "u-hongshan"}
    finally:
        con.close()
    rw = duckdb.connect(str(db))
    rw.execute(
        "INSERT INTO commitment_units VALUES ('c-task1', 'u-hongshan', 'lead'), ('c-task1', 'u-police', 'support'),"
        " ('c-req1', 'u-edu', 'lead')"
    )
    rw.close()
    con = connect_readonly(db)
    try:
        owners = queries.commitment_owners(con, ["c-task1", "c-task2", "c-req1"])
    finally:
        con.close()
    assert owners == {
        "c-task1": {"u-hongshan": "红山街道", "u-police": "公安局"},
        "c-task2": {"u-edu": "教育体育局"},  # no holder rows: its own unit, as the unit pages count it
        "c-req1": {"u-edu": "教育体育局"},
    }
    police = User("p", "p", "editor", ("公安局",), "local", frozenset({"u-police"}))
    assert can_write_progress(police, owners["c-task1"]) and not can_write_progress(HS, owners["c-req1"])


def test_passwords_and_oidc_identities() -> None:
    hashed = hash_password("a-good-password")
    account = Account(id="a", role="viewer", password=hashed, oidc=("Person@Example.org", "sub-123"))
    assert verify_password(account, "a-good-password")
    assert not verify_password(account, "a-good-passwor")
    assert not verify_password(None, "a-good-password")
    assert not verify_password(Account(id="o", role="viewer", oidc=("x@y",)), "")  # OIDC only: no password
    with pytest.raises(AccountsError):
        hash_password("short")
    accounts = parse_accounts(
        f"users:\n  - {{id: a, role: viewer, password: '{hashed}', oidc: [Person@Example.org, sub-123]}}\n",
        Path("users.yaml"),
    )
    assert accounts.by_oidc("person@example.org", None, email_verified=True).id == "a"
    assert accounts.by_oidc("person@example.org", None, email_verified="true").id == "a"
    # an address the provider has not verified maps to nobody: anyone could have typed it in
    assert accounts.by_oidc("person@example.org", None) is None
    assert accounts.by_oidc("person@example.org", None, email_verified=False) is None
    assert accounts.by_oidc("person@example.org", "sub-999", email_verified="false") is None
    assert accounts.by_oidc(None, "sub-123").id == "a"
    assert accounts.by_oidc("someone@else.org", "sub-999") is None
    assert accounts.by_oidc(None, "SUB-123") is None  # a subject is exact


@pytest.mark.parametrize("verified", [None, False, "false", "", 0, "yes"])
def test_an_unverified_oidc_email_names_no_account(verified: object) -> None:
    """Anyone can type any e-mail at many providers: only a verified one may map to an account."""
    accounts = parse_accounts("users:\n  - {id: hs, role: viewer, oidc: [hs@example.org]}\n", Path("u.yaml"))
    assert accounts.by_oidc("HS@example.org", "stranger", verified) is None
    assert accounts.by_oidc("HS@example.org", "stranger", True).id == "hs"
    assert accounts.by_oidc("HS@example.org", "stranger", " TRUE ").id == "hs"


def test_guessing_is_throttled_per_name() -> None:
    t0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
    throttle = Throttle(max_failures=3, window=dt.timedelta(minutes=5))
    for i in range(3):
        assert throttle.locked_for("HS", t0) is None
        throttle.failed("hs", t0 + dt.timedelta(seconds=i))
    assert throttle.locked_for("hs", t0 + dt.timedelta(minutes=1)) == dt.timedelta(minutes=4)
    assert throttle.locked_for("other", t0) is None
    assert throttle.locked_for("hs", t0 + dt.timedelta(minutes=5, seconds=1)) is None  # the window passed
    throttle.failed("hs", t0)
    throttle.succeeded("hs")
    assert throttle.locked_for("hs", t0) is None


def test_where_the_server_listens(tmp_path: Path) -> None:
    home = tmp_path / "home"
    project = tmp_path / "project"
    (project / ".streamlit").mkdir(parents=True)
    assert listen_address([], {}, project, home) == ""  # Streamlit's own default: every interface
    (project / ".streamlit" / "config.toml").write_text('[server]\naddress = "10.0.0.5"\n', encoding="utf-8")
    assert listen_address([], {}, project, home) == "10.0.0.5"
    assert listen_address([], {"STREAMLIT_SERVER_ADDRESS": "0.0.0.0"}, project, home) == "0.0.0.0"
    argv = ["--server.port", "8600", "--server.address", "192.168.1.2"]
    assert listen_address(argv, {"STREAMLIT_SERVER_ADDRESS": "0.0.0.0"}, project, home) == "192.168.1.2"
    assert listen_address(["--server.address=::1"], {}, project, home) == "::1"
    # this project's own settings: this machine only
    assert listen_address([], {}, ROOT, home) == "127.0.0.1"
    assert [a for a in ("127.0.0.1", "127.0.0.2", "::1", "localhost", "[::1]") if is_local(a)] == [
        "127.0.0.1", "127.0.0.2", "::1", "localhost", "[::1]"
    ]  # fmt: skip
    assert not any(is_local(a) for a in ("", "0.0.0.0", "::", "192.168.1.2", "10.0.0.5", "office-pc"))


def test_oidc_is_configured_by_an_auth_section(tmp_path: Path) -> None:
    home, project = tmp_path / "home", tmp_path / "project"
    files = secrets_files([], project, home)
    assert files == [home / ".streamlit" / "secrets.toml", project / ".streamlit" / "secrets.toml"]
    assert not oidc_configured(files)
    (project / ".streamlit").mkdir(parents=True)
    (project / ".streamlit" / "secrets.toml").write_text("[other]\nx = 1\n", encoding="utf-8")
    assert not oidc_configured(files)
    (project / ".streamlit" / "secrets.toml").write_text('[auth]\nclient_id = "x"\n', encoding="utf-8")
    assert not oidc_configured(files)  # incomplete: st.login could not sign anyone in
    assert oidc_missing(oidc_section(files)) == [
        "auth.redirect_uri", "auth.cookie_secret", "auth.client_secret", "auth.server_metadata_url"
    ]  # fmt: skip
    (project / ".streamlit" / "secrets.toml").write_text(
        '[auth]\nredirect_uri = "http://x/oauth2callback"\ncookie_secret = "c"\n[auth.a]\nclient_id = "x"\n'
        '[auth.b]\nclient_id = "y"\nclient_secret = "s"\nserver_metadata_url = "http://id/.well-known"\n',
        encoding="utf-8",
    )
    assert oidc_missing(oidc_section(files)) == ["auth.a.client_secret", "auth.a.server_metadata_url"]
    # Streamlit merges secrets files shallowly: a later file's [auth] replaces the earlier one whole, so it
    # cannot complete it (the project's file below leaves st.login without redirect_uri and cookie_secret)
    (home / ".streamlit").mkdir(parents=True)
    (project / ".streamlit" / "secrets.toml").rename(home / ".streamlit" / "secrets.toml")
    (project / ".streamlit" / "secrets.toml").write_text(
        '[auth.a]\nclient_secret = "s2"\nserver_metadata_url = "http://id2/.well-known"\n', encoding="utf-8"
    )
    assert not oidc_configured(files)
    assert oidc_missing(oidc_section(files)) == [
        "auth.redirect_uri",
        "auth.cookie_secret",
        "auth.a.client_id",
    ]
    (project / ".streamlit" / "secrets.toml").write_text("[other]\nx = 1\n", encoding="utf-8")  # no [auth]
    (home / ".streamlit" / "secrets.toml").write_text(
        '[auth]\nredirect_uri = "http://x/oauth2callback"\ncookie_secret = "c"\n'
        '[auth.b]\nclient_id = "y"\nclient_secret = "s"\nserver_metadata_url = "http://id/.well-known"\n',
        encoding="utf-8",
    )
    assert oidc_configured(files)  # the earlier file's [auth] stands when no later file has one
    given = tmp_path / "s.toml"
    assert secrets_files([f"--secrets.files={given}"], project, home) == [given]
