"""The loop on the 事项 page (AppTest on the synthetic database, real accounts): a unit editor's 已完成 shows as
待销号 with no sign-off button for it; an administrator returns it with a reason (shown in its history) and signs
it off; a unit asks for an extension, the administrator approves it and the page shows the original date."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.auth_fixtures import hashed, shown, sign_in, write_accounts
from tests.conftest import SHIPPED_CONFIG
from tests.dashboard_fixtures import write_config, write_synthetic_db
from tests.test_auth_pages import app, form_key, open_commitment, save_button

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    db = write_synthetic_db(tmp_path / "data" / "tracker.duckdb")
    config = write_config(tmp_path, db, SHIPPED_CONFIG)
    write_accounts(tmp_path / "data" / "users.yaml")
    return config


def as_user(project: Path, monkeypatch: pytest.MonkeyPatch, account: str, cid: str) -> AppTest:
    return open_commitment(sign_in(app(project, monkeypatch), account), project, cid)


def captions(at: AppTest) -> str:
    return "\n".join(shown(c.value) for c in at.caption)


def report_done(at: AppTest, cid: str) -> AppTest:
    key = form_key(cid)
    at.selectbox(key=f"{key}_status").set_value("已完成")
    at.number_input(key=f"{key}_percent").set_value(100.0)
    at.date_input(key=f"{key}_as_of").set_value(dt.date(2024, 4, 20))
    return save_button(at).click().run()


def test_sign_off_and_return_on_the_item_page(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = report_done(as_user(project, monkeypatch, "hs", "c-task1"), "c-task1")
    assert not at.exception
    assert "当前状态：待销号，进度 100%" in captions(at)
    assert any(shown(i.value).startswith("待销号：hs 于 ") for i in at.info)
    assert "只有管理员可以销号或退回。" in captions(at)
    assert not [b for b in at.button if b.key == "so-c-task1-sign"]  # no button for the unit

    admin = as_user(project, monkeypatch, "admin", "c-task1")
    admin.text_input(key="so-c-task1-reason").input("照片不清楚")
    admin = admin.button(key="so-c-task1-return").click().run()
    assert not admin.exception
    assert "已退回，事项回到“推进中”。" in [s.value for s in admin.success]
    history = admin.dataframe[-1].value
    assert list(history["步骤"]) == ["报告已完成 · 已退回", "退回"]
    assert list(history["理由"]) == ["", "照片不清楚"]
    assert list(history["操作人"]) == ["hs", "admin"]
    assert "当前状态：推进中，进度 100%" in captions(admin)

    at = report_done(as_user(project, monkeypatch, "hs", "c-task1"), "c-task1")
    admin = as_user(project, monkeypatch, "admin", "c-task1")
    admin = admin.button(key="so-c-task1-sign").click().run()
    assert "已销号。" in [s.value for s in admin.success]
    assert "当前状态：已完成，进度 100%" in captions(admin)
    assert list(admin.dataframe[-1].value["步骤"])[-1] == "销号"


def test_extension_request_and_approval_on_the_item_page(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = as_user(project, monkeypatch, "edu", "c-task2")
    at.date_input(key="ext-c-task2-new").set_value(dt.date(2024, 6, 30))
    at.text_area(key="ext-c-task2-why").input("资金未到位")
    at = next(b for b in at.button if b.label == "提交申请").click().run()
    assert not at.exception
    assert "延期申请已提交，等待管理员审批。" in [s.value for s in at.success]
    assert any("申请改到 2024-06-30（edu，" in shown(w.value) for w in at.warning), [
        w.value for w in at.warning
    ]

    admin = as_user(project, monkeypatch, "admin", "c-task2")
    admin = admin.button(key="ext-c-task2-approve").click().run()
    assert "已批准，时限改为 2024-06-30。" in [s.value for s in admin.success]
    assert "时限已延期至 2024-06-30（原定 2024-03-31）" in captions(admin)
    assert "完成时限 2024-06-30（已批准延期）" in captions(admin)


def test_the_item_page_shows_evidence_files_and_refuses_a_changed_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    from tests.test_attachments import PDF

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, "PNG")
    png = buf.getvalue()

    from tracker.config import load_config
    from tracker.progress import attachments
    from tracker.progress.log import Update, append_updates, open_progress_log
    from tracker.store.logs import open_blobs

    cfg = load_config(project)
    files = [("现场.png", png), ("验收单.pdf", PDF)]
    checked = attachments.check_all(files, cfg.attachments)
    blobs = open_blobs(cfg)
    for _, data in files:
        blobs.put(data)
    upd = Update("c-task1", "推进中", 50, dt.date(2024, 4, 20), attachments=tuple(checked))
    append_updates(open_progress_log(cfg), [upd], source="cli", entered_by="hs")

    at = open_commitment(app(project, monkeypatch), project, "c-task1")  # nobody signed in: viewing is open
    assert not at.exception
    assert len(at.get("image")) == 1  # the photo's thumbnail
    downloads = [d for d in at.get("download_button") if d.proto.label.startswith("下载 ")]
    assert [d.proto.label for d in downloads] == ["下载 现场.png", "下载 验收单.pdf"]

    blobs.path(checked[1].sha256).write_bytes(PDF + b"x")  # type: ignore[attr-defined]
    at = open_commitment(app(project, monkeypatch), project, "c-task1")
    assert [d.proto.label for d in at.get("download_button") if d.proto.label.startswith("下载 ")] == [
        "下载 现场.png"
    ]
    assert any("的内容与记录的哈希不符" in shown(e.value) for e in at.error)


def test_the_overview_todo_box_and_the_remind_button(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from tests.test_remind import free_port
    from tracker.auth import Account, save_accounts
    from tracker.config import load_config
    from tracker.progress.remind import open_reminder_log

    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    data["remind"] = {
        "sender": "ducha@example.gov.cn",
        "smtp": {"host": "127.0.0.1", "port": free_port(), "security": "none"},
    }
    project.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    accounts = [
        Account(id="admin", role="admin", password=hashed("admin-pass-1")),
        Account(id="hs", role="editor", units=("红山街道",), password=hashed("hongshan-pass")),
        Account(id="edu", role="editor", units=("教育体育局",), password=hashed("education-pass"), email="edu@example.gov.cn"),
    ]  # fmt: skip
    save_accounts(project.parent / "data" / "users.yaml", accounts)
    report_done(as_user(project, monkeypatch, "hs", "c-task1"), "c-task1")

    viewer = app(project, monkeypatch)  # nobody signed in: no 待办, no 催办
    assert not [m for m in viewer.metric if m.label == "待销号"]
    admin = sign_in(app(project, monkeypatch), "admin")
    assert not admin.exception
    metrics = {m.label: m.value for m in admin.metric}
    assert (metrics["待销号"], metrics["延期申请待审批"], metrics["催办发送失败"]) == ("1", "0", "0")
    admin = admin.button(key="remind-all").click().run()  # the mail server is down
    warned = [shown(w.value) for w in admin.warning]
    assert any(
        w.startswith("2024-05-01：1 条提醒，其中 1 条失败") and "催办发送失败：教育体育局（email）" in w
        for w in warned
    ), warned
    entries = open_reminder_log(load_config(project)).read().entries
    assert [(e.unit_name, e.channel, e.result, e.entered_by) for e in entries] == [
        ("教育体育局", "email", "failed", "admin")
    ]
    admin = admin.run()
    assert {m.label: m.value for m in admin.metric}["催办发送失败"] == "1"
