"""催办 against a real local SMTP server (aiosmtpd) and a real local HTTP server standing in for the 企业微信 and 钉钉
robots: one message per unit and channel naming exactly its overdue, due-soon and silent items; a second run the
same day sends nothing; with the SMTP server down the failures are recorded and reported, and a later run
delivers them."""

from __future__ import annotations

import base64
import email
import hashlib
import hmac
import json
import socket
import threading
import urllib.parse
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from aiosmtpd.controller import Controller

from tests.auth_fixtures import ACCOUNTS, hashed
from tests.log_stores import Store
from tests.test_signoff import make_project, run
from tracker.auth import Account, save_accounts
from tracker.config import load_config
from tracker.progress.remind import open_reminder_log

DAY = "2024-04-10"  # c-task2 (教育体育局) overdue since 03-31; c-req3 (尚店镇) due 04-12; c-task1 (红山街道) silent 40 days
EMAILS = {"hs": "hs@example.gov.cn", "two": "two@example.gov.cn", "edu": "edu@example.gov.cn", "admin": "ducha@example.gov.cn"}  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """An aiosmtpd handler keeping every message received (parsed)."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.rcpts: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))  # type: ignore[arg-type]
        self.rcpts.append(list(envelope.rcpt_tos))
        return "250 OK"


class Robot(BaseHTTPRequestHandler):
    """Stands in for the robots: records each POST (path, query, JSON body) and answers errcode 0."""

    received: list[tuple[str, dict, dict]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's hook name
        url = urllib.parse.urlsplit(self.path)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        Robot.received.append((url.path, dict(urllib.parse.parse_qsl(url.query)), body))
        out = b'{"errcode":0,"errmsg":"ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def robot():
    Robot.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def project(tmp_path: Path, smtp_port: int, robot: str) -> Path:
    config = make_project(tmp_path, Store("jsonl", tmp_path))
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["progress"]["due_defaults"] = {"request": 10}  # c-req3 (a request of 04-02) is due 04-12
    data["remind"] = {
        "before_days": 7,
        "silent_days": 30,
        "sender": "ducha@example.gov.cn",
        "smtp": {"host": "127.0.0.1", "port": smtp_port, "security": "none"},
        "webhooks": [
            {"unit": "红山街道", "kind": "wecom", "url": f"{robot}/cgi-bin/webhook/send", "secret_env": "T_WECOM_HS"},
            {"unit": "教育体育局", "kind": "dingtalk", "url": f"{robot}/robot/send", "secret_env": "T_DING_EDU",
             "sign_env": "T_DING_EDU_SIGN"},
        ],
    }  # fmt: skip
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    accounts = [
        Account(id=a, role=role, units=units, password=hashed(pw), email=EMAILS.get(a))
        for a, (role, units, pw) in ACCOUNTS.items()
    ]
    save_accounts(config.parent / "data" / "users.yaml", accounts)
    return config


def remind(config: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    return run(config, "admin", "remind", "--as-of", DAY, *extra, monkeypatch=monkeypatch)


def test_remind_by_mail_and_robots_once_a_day_and_retry_after_a_failure(
    tmp_path: Path, robot: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("T_WECOM_HS", "wecom-key-1")
    monkeypatch.setenv("T_DING_EDU", "ding-token-1")
    monkeypatch.setenv("T_DING_EDU_SIGN", "SECsign")
    port = free_port()
    config = project(tmp_path, port, robot)

    # the SMTP server is down: the mails fail, are recorded and reported; the robots deliver
    assert remind(config, monkeypatch) == 1
    err = capsys.readouterr().err
    assert err.count("催办发送失败：") == 3 and "下次运行时会重发" in err
    log = open_reminder_log(load_config(config)).read().entries
    assert sorted((e.unit_name, e.channel, e.result) for e in log) == [
        ("尚店镇", "email", "failed"),
        ("教育体育局", "dingtalk", "sent"),
        ("教育体育局", "email", "failed"),
        ("红山街道", "email", "failed"),
        ("红山街道", "wecom", "sent"),
    ]
    assert len(Robot.received) == 2
    by_path = {path: (query, body) for path, query, body in Robot.received}
    query, body = by_path["/cgi-bin/webhook/send"]
    assert query == {"key": "wecom-key-1"}  # the secret from the environment, never from the config
    assert body["msgtype"] == "text"
    assert body["text"]["content"].splitlines() == [
        f"【催办】示例市督查室提醒 红山街道：截至 {DAY}，以下 1 项事项需要关注：",
        "1. 【已 40 天未更新】完成测试任务一（完成时限 2024-12-31，默认推定）",
        "请及时推进，并在督查系统中填报进展。",
    ]
    query, body = by_path["/robot/send"]
    assert query["access_token"] == "ding-token-1"
    expected = base64.b64encode(
        hmac.new(b"SECsign", f"{query['timestamp']}\nSECsign".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == expected
    assert body["text"]["content"].splitlines()[1] == "1. 【已逾期 10 天】测试任务二（完成时限 2024-03-31）"

    # the same day again, server still down: the robots send nothing more; the mails are tried again
    assert remind(config, monkeypatch) == 1
    assert len(Robot.received) == 2
    capsys.readouterr()

    # the server is up: a later run delivers exactly the failed mails, one per unit to its accounts
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert remind(config, monkeypatch) == 0, capsys.readouterr().err
        assert len(inbox.messages) == 3
        got = {
            m["Subject"]: (sorted(r), m.get_content())
            for m, r in zip(inbox.messages, inbox.rcpts, strict=True)
        }
        assert sorted(got) == [
            "【催办】尚店镇：1 项事项需要关注",
            "【催办】教育体育局：1 项事项需要关注",
            "【催办】红山街道：1 项事项需要关注",
        ]
        assert got["【催办】红山街道：1 项事项需要关注"][0] == ["hs@example.gov.cn", "two@example.gov.cn"]
        assert got["【催办】教育体育局：1 项事项需要关注"][0] == ["edu@example.gov.cn"]
        shangdian = got["【催办】尚店镇：1 项事项需要关注"]
        assert shangdian[0] == ["two@example.gov.cn"]
        assert "1. 【2 天内到期】支持测试道路（完成时限 2024-04-12，默认推定）" in shangdian[1]
        assert all(m["From"] == "ducha@example.gov.cn" for m in inbox.messages)

        # a second run the same day sends nothing at all
        assert remind(config, monkeypatch) == 0
        assert len(inbox.messages) == 3 and len(Robot.received) == 2
        assert capsys.readouterr().out.strip().endswith(f"{DAY}：0 条提醒，其中 0 条失败")
    finally:
        controller.stop()
    log = open_reminder_log(load_config(config)).read().entries
    assert [e.result for e in log].count("sent") == 5


def test_dry_run_lists_and_records_nothing_and_sending_needs_an_admin(
    tmp_path: Path, robot: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    config = project(tmp_path, free_port(), robot)
    assert run(config, None, "remind", "--as-of", DAY, "--dry-run", monkeypatch=monkeypatch) == 0
    out = capsys.readouterr().out
    assert "红山街道  wecom" in out and "将发送" in out and "1. 【已逾期 10 天】测试任务二" in out
    assert open_reminder_log(load_config(config)).read().entries == []
    assert Robot.received == []
    assert run(config, "hs", "remind", "--as-of", DAY, monkeypatch=monkeypatch) == 2
    assert capsys.readouterr().err.startswith("错误：只有管理员可以催办")
