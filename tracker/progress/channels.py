"""Sending a reminder: e-mail through the configured SMTP server (starttls, tls or none; the password from the
environment) and the group robots' documented JSON text messages (企业微信: POST {"msgtype": "text", "text":
{"content": …}} to …/webhook/send?key=KEY; 钉钉: the same body to …/robot/send?access_token=TOKEN, with
timestamp and sign when the robot uses 加签). A failure is written on the message (result 'failed', error), never
raised: the run records it and the next run tries again."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import EmailMessage

from tracker.config import Config
from tracker.i18n import t
from tracker.progress.remind import Message

HTTP_TIMEOUT_S = 15


def send(config: Config, m: Message) -> None:
    """Send one message on its channel; set m.result ('sent'/'failed') and m.error."""
    try:
        if m.channel == "email":
            _mail(config, m)
        else:
            _robot(m)
        m.result, m.error = "sent", ""
    except (OSError, smtplib.SMTPException, ValueError, RuntimeError) as e:
        m.result, m.error = "failed", f"{type(e).__name__}: {e}"[:500]


def _mail(config: Config, m: Message) -> None:
    s = config.remind.smtp
    if not s.host or not config.remind.sender:
        raise RuntimeError(t("loop.remind_no_smtp"))
    mail = EmailMessage()
    mail["Subject"] = t("loop.remind_subject", unit=m.unit_name, n=len(m.items))
    mail["From"] = config.remind.sender
    mail["To"] = ", ".join(m.recipients)
    mail.set_content(m.text)
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if s.security == "tls":
        smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout_s, context=context)
    else:
        smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout_s)
    with smtp:
        if s.security == "starttls":
            smtp.starttls(context=context)
        if s.user:
            password = os.environ.get(s.password_env)
            if password is None:
                raise RuntimeError(t("loop.remind_no_env", name=s.password_env))
            smtp.login(s.user, password)
        smtp.send_message(mail)


def robot_url(m: Message) -> str:
    """The robot's address with its key (and, for 钉钉 加签, timestamp and sign) from the environment."""
    hook = m.webhook
    assert hook is not None
    secret = os.environ.get(hook.secret_env)
    if not secret:
        raise RuntimeError(t("loop.remind_no_env", name=hook.secret_env))
    params = {"key" if hook.kind == "wecom" else "access_token": secret}
    if hook.kind == "dingtalk" and hook.sign_env:
        sign_secret = os.environ.get(hook.sign_env)
        if not sign_secret:
            raise RuntimeError(t("loop.remind_no_env", name=hook.sign_env))
        stamp = str(round(time.time() * 1000))
        digest = hmac.new(sign_secret.encode(), f"{stamp}\n{sign_secret}".encode(), hashlib.sha256).digest()
        params.update(timestamp=stamp, sign=base64.b64encode(digest).decode())
    sep = "&" if "?" in hook.url else "?"
    return hook.url + sep + urllib.parse.urlencode(params)


def robot_body(m: Message) -> dict:
    """The text message both robots document."""
    return {"msgtype": "text", "text": {"content": m.text}}


def _robot(m: Message) -> None:
    data = json.dumps(robot_body(m), ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(
        robot_url(m), data=data, headers={"Content-Type": "application/json; charset=utf-8"}, method="POST"
    )
    try:
        with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT_S) as resp:  # noqa: S310 - a configured https URL
            answer = json.loads(resp.read().decode("utf-8") or "{}")
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"HTTP {e.code}") from None
    except json.JSONDecodeError:
        raise RuntimeError(t("loop.remind_bad_answer")) from None
    if answer.get("errcode", 0) != 0:
        raise RuntimeError(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}")
