"""Sign-in and permissions on the dashboard (AppTest on the synthetic database): the progress form, the import
panel and the upload page for nobody, a viewer, unit editors and an administrator; viewing behind a sign-in
when configured; a removed or changed account is signed out; wrong passwords and guessing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from tests.auth_fixtures import hashed, like_a_running_server, sidebar_text, sign_in, texts, write_accounts
from tests.conftest import SHIPPED_CONFIG
from tests.dashboard_fixtures import write_config, write_synthetic_db
from tracker import app as ui
from tracker.auth import Account, hash_password, load_accounts, save_accounts
from tracker.errors import AccessDenied
from tracker.store import queries as q
from tracker.store.db import connect_readonly

ROOT = Path(__file__).resolve().parent.parent
TABLE_KEY = "commitments-table"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A config on the synthetic database (no sources, never rebuilt) with the test accounts; returns it."""
    db = write_synthetic_db(tmp_path / "data" / "tracker.duckdb")
    config = write_config(tmp_path, db, SHIPPED_CONFIG)
    write_accounts(tmp_path / "data" / "users.yaml")
    return config


def app(config: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    like_a_running_server(monkeypatch)
    monkeypatch.setenv(ui.CONFIG_ENV, str(config))
    monkeypatch.setenv(ui.TODAY_ENV, "2024-05-01")  # after both synthetic meetings
    monkeypatch.setenv(ui.AUTO_REBUILD_ENV, "0")
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()


def log_entries(config: Path) -> list[dict]:
    log = config.parent / "data" / "progress.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


def open_commitment(at: AppTest, config: Path, commitment_id: str) -> AppTest:
    """The commitments page searched down to one commitment (by its quote), its row selected (the update
    form below)."""
    con = connect_readonly(config.parent / "data" / "tracker.duckdb")
    try:
        every = q.commitments(con)
    finally:
        con.close()
    quote = every.loc[every["commitment_id"] == commitment_id, "quote"].iloc[0]
    at = at.switch_page("pages/commitments.py").run()
    at.text_input(key="q").input(quote).run()
    assert at.caption[0].value == "共 1 条", at.caption[0].value
    at.session_state[TABLE_KEY] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def form_key(commitment_id: str) -> str:
    return f"pf-{commitment_id}"


def save(at: AppTest, commitment_id: str, note: str, percent: float = 40.0) -> AppTest:
    """Fill the update form and press its save button; a disabled button is pressed anyway, as a forged
    request from a modified browser would (Streamlit discards it; submit_update refuses it too, see
    test_submit_update_refuses_without_the_form)."""
    key = form_key(commitment_id)
    at.selectbox(key=f"{key}_status").set_value("推进中")
    at.number_input(key=f"{key}_percent").set_value(percent)
    at.date_input(key=f"{key}_as_of").set_value(dt.date(2024, 2, 28))
    at.text_area(key=f"{key}_note").input(note)
    button = save_button(at)
    button.proto.disabled = False  # what a modified browser could send
    return button.click().run()


def save_button(at: AppTest):
    return next(b for b in at.button if b.label == "保存")


# --- the progress form ------------------------------------------------------------------------------


def test_nobody_signed_in_sees_the_form_disabled_and_cannot_save(project: Path, monkeypatch) -> None:
    at = open_commitment(app(project, monkeypatch), project, "c-task1")
    assert "登录后可记录进度（左侧边栏）。" in texts(at.info)
    assert save_button(at).disabled
    assert not any(w.label == "填报人" for w in at.text_input)  # no free "entered by" field any more
    at = save(at, "c-task1", "无人登录")
    assert not at.success
    assert log_entries(project) == []


def test_a_viewer_cannot_save(project: Path, monkeypatch) -> None:
    at = sign_in(app(project, monkeypatch), "viewer")
    assert "已登录：viewer · 查看者" in sidebar_text(at)
    at = open_commitment(at, project, "c-task1")
    refusal = "账号 viewer 是查看者，不能记录进度；如需填报，请管理员把它改为单位填报员。"
    assert refusal in texts(at.info)
    assert save_button(at).disabled
    at = save(at, "c-task1", "查看者试图保存")
    assert not at.success
    assert log_entries(project) == []


def test_a_unit_editor_saves_its_own_commitment_as_itself_and_not_another_units(
    project: Path, monkeypatch
) -> None:
    at = sign_in(app(project, monkeypatch), "hs")
    assert "已登录：红山填报 (hs) · 单位填报员（红山街道）" in sidebar_text(at)
    at = open_commitment(at, project, "c-task1")  # 红山街道's task
    assert "保存时记录为：红山填报 (hs)" in texts(at.caption)
    assert not save_button(at).disabled
    at = save(at, "c-task1", "红山街道自报")
    assert not at.error, texts(at.error)
    assert at.success and "40" in at.success[0].value
    (entry,) = log_entries(project)
    assert (entry["commitment_id"], entry["entered_by"], entry["source"], entry["note"]) == (
        "c-task1",
        "hs",
        "form",
        "红山街道自报",
    )

    at = open_commitment(at, project, "c-task2")  # 教育体育局's task
    refusal = "账号 红山填报 (hs) 只能为 红山街道 的事项记录进度；事项 c-task2 属于 教育体育局，未保存。"
    assert refusal in texts(at.info)
    assert save_button(at).disabled
    at = save(at, "c-task2", "替别的单位填报")
    assert not at.success
    assert len(log_entries(project)) == 1

    at = open_commitment(at, project, "c-req1")  # a requirement with no unit: the administrator's
    assert save_button(at).disabled


def test_an_editor_of_two_units_writes_for_both(project: Path, monkeypatch) -> None:
    at = sign_in(app(project, monkeypatch), "two")
    for cid in ("c-task1", "c-req3"):  # 红山街道 and 尚店镇
        at = save(open_commitment(at, project, cid), cid, f"两个单位 {cid}")
        assert not at.error, texts(at.error)
    assert [(e["commitment_id"], e["entered_by"]) for e in log_entries(project)] == [
        ("c-task1", "two"),
        ("c-req3", "two"),
    ]


def test_an_administrator_saves_any_commitment(project: Path, monkeypatch) -> None:
    at = sign_in(app(project, monkeypatch), "admin")
    for cid in ("c-task2", "c-req1"):  # another unit's task, a requirement without a unit
        at = save(open_commitment(at, project, cid), cid, "管理员")
        assert not at.error, texts(at.error)
    assert [(e["commitment_id"], e["entered_by"]) for e in log_entries(project)] == [
        ("c-task2", "admin"),
        ("c-req1", "admin"),
    ]


def test_submit_update_refuses_without_the_form(project: Path) -> None:
    """The save itself checks the user (the form's disabled button is only the first line)."""
    from tracker.app.progress import submit_update
    from tracker.auth import User
    from tracker.config import load_config

    cfg = load_config(project)
    values = {"commitment_id": "c-task2", "status": "推进中", "percent": 30, "as_of": "2024-02-01"}
    owners = {"u-edu": "教育体育局"}
    ids = {"c-task2"}
    hs = User("hs", "hs", "editor", ("红山街道",), "local", frozenset({"u-hongshan"}))
    viewer = User("viewer", "viewer", "viewer")
    for user, message in (
        (None, "请先登录再记录进度。"),
        (viewer, "账号 viewer 是查看者，不能记录进度；如需填报，请管理员把它改为单位填报员。"),
        (hs, "账号 hs 只能为 红山街道 的事项记录进度；事项 c-task2 属于 教育体育局，未保存。"),
    ):
        with pytest.raises(AccessDenied) as e:
            submit_update(cfg, values, ids, user, owners, dt.date(2024, 3, 1))
        assert str(e.value) == message
    assert log_entries(project) == []
    edu = User("edu", "edu", "editor", ("教育体育局",), "local", frozenset({"u-edu"}))
    entry, probs = submit_update(cfg, values, ids, edu, owners, dt.date(2024, 3, 1))
    assert probs == [] and entry is not None and entry["entered_by"] == "edu"
    assert [e["entered_by"] for e in log_entries(project)] == ["edu"]


# --- imports ------------------------------------------------------------------------------------------


def upload(at: AppTest, name: str, text: str) -> AppTest:
    at.get("file_uploader")[0].set_value([(name, text.encode("utf-8"), "text/csv")])
    return at.run()


CSV_HEADER = "commitment_id,status,percent,as_of,note\n"
OWN_ROW = "c-task1,推进中,50,2024-02-20,红山导入\n"
OTHER_ROW = "c-task2,滞后,10,2024-02-21,别的单位\n"


def import_button(at: AppTest):
    return [b for b in at.button if b.key == "progress_import_go"]


def test_nobody_and_a_viewer_get_no_import_upload(project: Path, monkeypatch) -> None:
    at = app(project, monkeypatch).switch_page("pages/commitments.py").run()
    assert "请先登录再导入进度。" in texts(at.info)
    assert not at.get("file_uploader")
    at = sign_in(at, "viewer")
    at = at.switch_page("pages/commitments.py").run()
    assert "账号 viewer 是查看者，不能导入进度；如需填报，请管理员把它改为单位填报员。" in texts(at.info)
    assert not at.get("file_uploader")


def test_a_unit_editor_importing_another_units_rows_is_refused_and_nothing_is_written(
    project: Path, monkeypatch
) -> None:
    at = sign_in(app(project, monkeypatch), "hs").switch_page("pages/commitments.py").run()
    at = upload(at, "mixed.csv", CSV_HEADER + OWN_ROW + OTHER_ROW)
    assert texts(at.error) == [
        "账号 红山填报 (hs) 只能为 红山街道 的事项导入进度；文件第 3 行的事项属于 教育体育局，整个文件未导入。"
        "请删去这些行，或请该单位或管理员导入。"
    ]
    assert not import_button(at)
    assert log_entries(project) == []

    at = upload(at, "own.csv", CSV_HEADER + OWN_ROW)
    (go,) = import_button(at)
    at = go.click().run()
    assert not at.error, texts(at.error)
    assert [(e["commitment_id"], e["entered_by"], e["source"]) for e in log_entries(project)] == [
        ("c-task1", "hs", "import")
    ]


def test_an_administrator_imports_rows_of_every_unit(project: Path, monkeypatch) -> None:
    at = sign_in(app(project, monkeypatch), "admin").switch_page("pages/commitments.py").run()
    at = upload(at, "mixed.csv", CSV_HEADER + OWN_ROW + OTHER_ROW)
    (go,) = import_button(at)
    at = go.click().run()
    assert not at.error, texts(at.error)
    assert {(e["commitment_id"], e["entered_by"]) for e in log_entries(project)} == {
        ("c-task1", "admin"),
        ("c-task2", "admin"),
    }


def test_an_account_changed_between_preview_and_confirm_imports_nothing(project: Path, monkeypatch) -> None:
    at = sign_in(app(project, monkeypatch), "hs").switch_page("pages/commitments.py").run()
    at = upload(at, "own.csv", CSV_HEADER + OWN_ROW)
    (go,) = import_button(at)
    users = project.parent / "data" / "users.yaml"  # meanwhile the editor moves to 教育体育局
    accounts = [
        a.model_copy(update={"units": ("教育体育局",)}) if a.id == "hs" else a
        for a in load_accounts(users).accounts
    ]
    save_accounts(users, accounts)
    at = go.click().run()
    assert log_entries(project) == []  # signed out (the account changed): nothing imported
    assert "请先登录再导入进度。" in texts(at.info)


# --- the upload page (administrators only) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("account", "refusal"),
    [
        (None, "请先登录再添加报告。"),
        ("viewer", "只有管理员可以添加报告；账号 viewer 是查看者。"),
        ("hs", "只有管理员可以添加报告；账号 红山填报 (hs) 是单位填报员。"),
        ("two", "只有管理员可以添加报告；账号 two 是单位填报员。"),
    ],
)
def test_only_an_administrator_gets_the_upload_page(
    project: Path, monkeypatch, account: str | None, refusal: str
) -> None:
    """The page asks tracker.auth.require_admin: each role is told why it may not add reports."""
    at = app(project, monkeypatch)
    if account:
        at = sign_in(at, account)
    at = at.switch_page("pages/upload.py").run()
    assert not at.exception
    assert texts(at.warning) == [refusal]
    assert not at.get("file_uploader")


def test_an_administrator_gets_the_upload_form(project: Path, monkeypatch) -> None:
    at = sign_in(app(project, monkeypatch), "admin").switch_page("pages/upload.py").run()
    assert not at.warning
    assert len(at.get("file_uploader")) == 1


# --- viewing, sessions, passwords -------------------------------------------------------------------


def test_viewing_needs_a_sign_in_when_configured(project: Path, monkeypatch) -> None:
    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    data["auth"] = {"require_login_to_view": True}
    project.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    at = app(project, monkeypatch)
    assert texts(at.info) == ["请先登录后查看本看板（在左侧边栏登录）。"]
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    at = at.switch_page("pages/commitments.py").run()
    assert not at.dataframe  # a deep link is stopped too
    at = sign_in(at, "viewer")
    at = at.switch_page("pages/overview.py").run()
    assert at.metric and "请先登录后查看本看板（在左侧边栏登录）。" not in texts(at.info)


def test_viewing_is_open_by_default(project: Path, monkeypatch) -> None:
    at = app(project, monkeypatch)
    assert at.metric and not at.exception


def test_a_removed_or_changed_account_is_signed_out(project: Path, monkeypatch) -> None:
    users = project.parent / "data" / "users.yaml"
    at = sign_in(app(project, monkeypatch), "hs")
    assert "已登录：红山填报 (hs) · 单位填报员（红山街道）" in sidebar_text(at)
    accounts = load_accounts(users).accounts
    save_accounts(
        users,
        [
            a.model_copy(update={"password": hashed("a-new-password")}) if a.id == "hs" else a
            for a in accounts
        ],
    )
    at.run()
    assert not any(s.startswith("已登录") for s in sidebar_text(at))  # the password changed: signed out
    at = sign_in(at, "hs", "a-new-password")
    assert "已登录：红山填报 (hs) · 单位填报员（红山街道）" in sidebar_text(at)
    save_accounts(users, [a for a in load_accounts(users).accounts if a.id != "hs"])
    at.run()
    assert not any(s.startswith("已登录") for s in sidebar_text(at))


def test_sign_out(project: Path, monkeypatch) -> None:
    at = sign_in(app(project, monkeypatch), "admin")
    at = at.button(key="signout").click().run()
    assert not any(s.startswith("已登录") for s in sidebar_text(at))
    assert at.text_input(key="signin_user")  # the form is back


def test_a_wrong_password_does_not_sign_in(project: Path, monkeypatch) -> None:
    at = sign_in(app(project, monkeypatch), "hs", "not-the-password")
    assert "用户名或密码不正确。" in sidebar_text(at)
    assert not any(s.startswith("已登录") for s in sidebar_text(at))
    at = sign_in(at, "nobody-here", "whatever-pass")
    assert "用户名或密码不正确。" in sidebar_text(at)  # the same words for an unknown name


def test_guessing_locks_the_account_name_for_a_while(tmp_path: Path, monkeypatch) -> None:
    db = write_synthetic_db(tmp_path / "data" / "tracker.duckdb")
    config = write_config(tmp_path, db, SHIPPED_CONFIG)
    users = tmp_path / "data" / "users.yaml"
    save_accounts(users, [Account(id="guessed", role="viewer", password=hash_password("right-password"))])
    at = app(config, monkeypatch)
    for _ in range(5):
        at = sign_in(at, "guessed", "wrong-password")
        assert "用户名或密码不正确。" in sidebar_text(at)
    at = sign_in(at, "guessed", "right-password")
    assert "该账号登录失败次数过多，请 5 分钟后再试。" in sidebar_text(at)
    assert not any(s.startswith("已登录") for s in sidebar_text(at))


def test_no_accounts_and_a_broken_accounts_file_are_said_plainly(project: Path, monkeypatch) -> None:
    users = project.parent / "data" / "users.yaml"
    users.unlink()
    at = app(project, monkeypatch)
    assert any(s.startswith("尚未设置账号，暂时不能记录进度。") for s in sidebar_text(at))
    assert "signin_user" not in [w.key for w in at.text_input]  # no form when nobody could sign in
    users.write_text("users:\n  - id: x\n    role: admin\n    role: viewer\n", encoding="utf-8")
    at.run()
    assert texts(at.sidebar.error) == [
        f"账号文件有误，暂时无法登录：{users} 第 4 行：键 'role' 重复（第 3 行已有）；YAML 只会保留其中一个，请删除或合并"
    ]
    assert at.metric  # viewing still works


REPORT = "示例市召开测试会议（测试数据）\n\n3月5日，示例市召开测试会议。会议提出两点要求：一要测试甲；二要测试乙。\n"


def test_an_upload_is_checked_again_when_confirmed(project: Path, monkeypatch) -> None:
    """The confirm button's callback runs before the script: it re-reads the account, not the last run's."""
    at = sign_in(app(project, monkeypatch), "admin").switch_page("pages/upload.py").run()
    at.get("file_uploader")[0].set_value([("meeting.txt", REPORT.encode("utf-8"), "text/plain")])
    at.run()
    assert not at.error, texts(at.error)
    assert at.button(key="upload_confirm")
    before = project.read_bytes(), sorted(p.name for p in (project.parent / "data").rglob("*"))
    users = project.parent / "data" / "users.yaml"  # meanwhile the administrator becomes a viewer
    save_accounts(
        users,
        [
            a.model_copy(update={"role": "viewer"}) if a.id == "admin" else a
            for a in load_accounts(users).accounts
        ],
    )
    at = at.button(key="upload_confirm").click().run()
    assert (project.read_bytes(), sorted(p.name for p in (project.parent / "data").rglob("*"))) == before
    assert texts(at.warning) == ["请先登录再添加报告。"]  # the changed account was signed out


def test_an_incomplete_oidc_section_says_what_is_missing_and_keeps_the_local_form(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    like_a_running_server(monkeypatch)
    monkeypatch.setenv(ui.CONFIG_ENV, str(project))
    monkeypatch.setenv(ui.TODAY_ENV, "2024-05-01")
    monkeypatch.setenv(ui.AUTO_REBUILD_ENV, "0")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.secrets["auth"] = {"client_id": "tracker", "redirect_uri": "http://localhost:8501/oauth2callback"}
    at.run()
    assert not at.exception
    assert (
        "统一身份认证未启用：secrets.toml 的 [auth] 缺少 auth.cookie_secret、auth.client_secret、"
        "auth.server_metadata_url。暂用本地账号登录。"
    ) in sidebar_text(at)
    sign_in(at, "hs")
    assert any(s.startswith("已登录：红山填报 (hs)") for s in sidebar_text(at))


def test_the_lockout_follows_the_config(tmp_path: Path, monkeypatch) -> None:
    db = write_synthetic_db(tmp_path / "data" / "tracker.duckdb")
    config = write_config(tmp_path, db, SHIPPED_CONFIG)
    with open(config, "a", encoding="utf-8") as f:
        f.write("\nauth:\n  max_failed_sign_ins: 2\n  lockout_minutes: 30\n")
    users = tmp_path / "data" / "users.yaml"
    save_accounts(users, [Account(id="guessed2", role="viewer", password=hash_password("right-password"))])
    at = app(config, monkeypatch)
    for _ in range(2):
        at = sign_in(at, "guessed2", "wrong-password")
    at = sign_in(at, "guessed2", "right-password")
    assert "该账号登录失败次数过多，请 30 分钟后再试。" in sidebar_text(at)
