"""`python -m tracker users …` and `progress add|import --user`: accounts file written atomically with argon2
hashes, passwords never on the command line, units checked; every role's allowed and refused writes from the
command line, refused ones writing nothing."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.auth_fixtures import ACCOUNTS, write_accounts
from tests.conftest import SHIPPED_CONFIG
from tests.dashboard_fixtures import write_config, write_synthetic_db
from tracker.auth import load_accounts, verify_password
from tracker.cli import main as tracker_main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A config on the synthetic database, no accounts yet; returns the config path."""
    db = write_synthetic_db(tmp_path / "data" / "tracker.duckdb")
    return write_config(tmp_path, db, SHIPPED_CONFIG)


def users_file(config: Path) -> Path:
    return config.parent / "data" / "users.yaml"


def leftovers(folder: Path) -> list[str]:
    """The files in a folder, lock files aside (no temporary file may be left)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


def users(config: Path, *args: str, stdin: str = "", monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return tracker_main(["users", "--config", str(config), *args])


def test_users_add_list_passwd_remove(project: Path, monkeypatch, capsys) -> None:
    assert users(project, "list", monkeypatch=monkeypatch) == 0
    assert "还没有账号" in capsys.readouterr().out
    assert (
        users(
            project,
            "add",
            "admin",
            "--role",
            "admin",
            "--password-stdin",
            stdin="first-password\n",
            monkeypatch=monkeypatch,
        )
        == 0
    )
    assert (
        users(project, "add", "jt", "--role", "editor", "--unit", "教体局", "--unit", "红山街道", "--name", "教体填报",
              "--password-stdin", stdin="second-password\n", monkeypatch=monkeypatch)
        == 0
    )  # fmt: skip
    path = users_file(project)
    text = path.read_text(encoding="utf-8")
    assert "first-password" not in text and "second-password" not in text and "$argon2id$" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    got = load_accounts(path)
    jt = got.get("jt")
    assert jt is not None and jt.units == ("教育体育局", "红山街道")  # an alias is stored as the unit's name
    assert verify_password(jt, "second-password") and not verify_password(jt, "first-password")
    capsys.readouterr()
    assert users(project, "list", monkeypatch=monkeypatch) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "admin\tadmin\t管理员\t-\tpassword",
        "jt\t教体填报\t单位填报员\t教育体育局、红山街道\tpassword",
    ]
    assert "$argon2" not in out
    assert (
        users(project, "passwd", "jt", "--password-stdin", stdin="third-password\n", monkeypatch=monkeypatch)
        == 0
    )
    assert verify_password(load_accounts(path).get("jt"), "third-password")
    assert users(project, "remove", "jt", monkeypatch=monkeypatch) == 0
    assert [a.id for a in load_accounts(path).accounts] == ["admin"]
    assert leftovers(path.parent) == ["tracker.duckdb", "users.yaml"]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add", "x", "--role", "editor", "--password-stdin"], "long-enough-pw\n",
         "单位填报员至少要有一个单位：加上 --unit 单位名（可多次）。"),
        (["add", "x", "--role", "viewer", "--unit", "红山街道", "--password-stdin"], "long-enough-pw\n",
         "只有单位填报员有单位；查看者不需要 --unit。"),
        (["add", "x", "--role", "editor", "--unit", "火星局", "--password-stdin"], "long-enough-pw\n",
         "单位 火星局 既不在配置的乡镇/部门名单中，也不在数据库中；可用的单位："),
        (["add", "x y", "--role", "viewer", "--password-stdin"], "long-enough-pw\n",
         "账号名 'x y' 不可用：只能用字母、数字、汉字和 . _ - @，1 到 64 个字符。"),
        (["add", "x", "--role", "viewer", "--password-stdin"], "short\n", "密码至少要 8 个字符；未更改。"),
        (["add", "x", "--role", "viewer"], "", "无法提示输入密码（标准输入不是终端）：用 --password-stdin 从标准输入读一行密码。"),
        (["add", "x", "--role", "viewer", "--no-password"], "",
         "--no-password 的账号只能通过统一身份认证登录：同时给出 --oidc 身份（邮箱或 sub）。"),
        (["add", "x", "--role", "boss", "--password-stdin"], "long-enough-pw\n", "users add：参数 --role：无效的选择 'boss'"),
        (["add", "x", "--role", "viewer", "--password", "on-the-command-line"], "",
         "密码不能写在命令行上（会留在命令历史和进程列表中）：用提示输入，或 --password-stdin 从标准输入读取。"),
        (["add", "x", "--role", "viewer", "--passw=on-the-command-line"], "", "密码不能写在命令行上"),
        (["remove", "nobody"], "", "没有账号 nobody；用 python -m tracker users list 查看现有账号。"),
        (["passwd", "nobody", "--password-stdin"], "long-enough-pw\n", "没有账号 nobody；"),
    ],
)  # fmt: skip
def test_users_refuses_bad_input_and_writes_nothing(
    project: Path, monkeypatch, capsys, args: list[str], stdin: str, message: str
) -> None:
    write_accounts(users_file(project), only=("admin",))
    before = users_file(project).read_bytes()
    assert users(project, *args, stdin=stdin, monkeypatch=monkeypatch) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"错误：{message}"), err
    assert len(err.strip().splitlines()) == 1
    assert users_file(project).read_bytes() == before


def test_users_add_twice_and_removing_the_last_admin_are_refused(project: Path, monkeypatch, capsys) -> None:
    write_accounts(users_file(project), only=("admin", "viewer"))
    before = users_file(project).read_bytes()
    assert (
        users(
            project,
            "add",
            "viewer",
            "--role",
            "viewer",
            "--password-stdin",
            stdin="long-enough-pw\n",
            monkeypatch=monkeypatch,
        )
        == 2
    )
    assert capsys.readouterr().err.startswith("错误：账号 viewer 已存在；")
    assert users(project, "remove", "admin", monkeypatch=monkeypatch) == 2
    assert capsys.readouterr().err == "错误：admin 是最后一个管理员，不能删除；先添加另一个管理员。\n"
    assert users_file(project).read_bytes() == before


def test_a_broken_accounts_file_is_a_clear_error(project: Path, monkeypatch, capsys) -> None:
    path = users_file(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    cases = {
        "users:\n  - id: a\n    role: admin\n   password: x\n": "第 4 行第 4 列：YAML 格式错误（缩进不对）",
        "users:\n  - {id: a, role: admin, password: plain-text}\n": (
            "users[0].password 有误：不是 argon2 密码散列；密码只能用 python -m tracker users passwd 设置，不能直接写进文件"
        ),
        "users:\n  - {id: a, role: editor, password: $argon2id$x}\n": (
            "users[0] 有误：单位填报员至少要在 units 下写一个单位"
        ),
        "users:\n  - {id: a, role: admin, pasword: $argon2id$x}\n": (
            "users[0].pasword 有误：不是账号的字段（可用 id、name、role、units、password、oidc）"
        ),
        "- a\n- b\n": "文件应只有 users: 一项，下面是账号列表（见 docs/accounts.md）。",
        "users:\n  - {id: a, role: admin, oidc: [x@y.org]}\n  - {id: b, role: viewer, oidc: [X@y.org]}\n": (
            "身份 X@y.org 同时属于账号 a 和 b；一个身份只能对应一个账号。"
        ),
    }
    for text, message in cases.items():
        path.write_text(text, encoding="utf-8")
        assert users(project, "list", monkeypatch=monkeypatch) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"错误：{path}") and message in err, err
        assert (
            users(
                project,
                "add",
                "new",
                "--role",
                "viewer",
                "--password-stdin",
                stdin="long-enough-pw\n",
                monkeypatch=monkeypatch,
            )
            == 2
        )
        capsys.readouterr()
        assert path.read_text(encoding="utf-8") == text  # never overwritten


def test_the_accounts_file_is_written_atomically(project: Path, monkeypatch) -> None:
    path = write_accounts(users_file(project), only=("admin",))
    before = path.read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)  # the one atomic write, tracker.store.files, renames with it
    with pytest.raises(OSError):
        users(
            project,
            "add",
            "v",
            "--role",
            "viewer",
            "--password-stdin",
            stdin="long-enough-pw\n",
            monkeypatch=monkeypatch,
        )
    assert path.read_bytes() == before
    assert leftovers(path.parent) == ["tracker.duckdb", "users.yaml"]


# --- progress add|import as a user ------------------------------------------------------------------


@pytest.fixture
def with_accounts(project: Path) -> Path:
    write_accounts(users_file(project))
    return project


def log_entries(config: Path) -> list[dict]:
    log = config.parent / "data" / "progress.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


def add(
    config: Path, account: str | None, cid: str, monkeypatch, password: str | None = None, *extra: str
) -> int:
    if account is not None:
        monkeypatch.setenv("TRACKER_PASSWORD", ACCOUNTS[account][2] if password is None else password)
    args = ["progress", "--config", str(config), "add", cid, "--status", "推进中", "--percent", "30"]
    args += ["--as-of", "2024-02-01", "--note", f"{account} 填报"]
    if account is not None:
        args += ["--user", account]
    return tracker_main(args + list(extra))


def test_progress_add_for_each_role(with_accounts: Path, monkeypatch, capsys) -> None:
    config = with_accounts
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: no prompt
    refused = {
        (None, "c-task1"): "记录进度需要账号：加上 --user 账号名（密码在提示时输入，脚本中放在环境变量 TRACKER_PASSWORD）。",
        ("viewer", "c-task1"): "账号 viewer 是查看者，不能记录进度；如需填报，请管理员把它改为单位填报员。",
        ("hs", "c-task2"): "账号 红山填报 (hs) 只能为 红山街道 的事项记录进度；事项 c-task2 属于 教育体育局，未保存。",
        ("hs", "c-req1"): "账号 红山填报 (hs) 只能为 红山街道 的事项记录进度；事项 c-req1 属于 （无责任单位），未保存。",
    }  # fmt: skip
    for (account, cid), message in refused.items():
        monkeypatch.delenv("TRACKER_PASSWORD", raising=False)
        assert add(config, account, cid, monkeypatch) == 2
        assert capsys.readouterr().err == f"错误：{message}\n"
    assert add(config, "hs", "c-task1", monkeypatch, "wrong-password") == 2
    assert capsys.readouterr().err == "错误：账号 hs 不存在或密码不正确；未写入任何内容。\n"
    assert add(config, "hs", "c-task1", monkeypatch, None, "--password", "hongshan-pass") == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：密码不能写在命令行上") and "hongshan-pass" not in err
    assert add(config, "hs", "c-task1", monkeypatch, None, "--by", "市委书记") == 2
    assert capsys.readouterr().err == "错误：--by 已取消：进度记录为登录的账号，请用 --user 账号名。\n"
    assert log_entries(config) == []

    for account, cid in (("hs", "c-task1"), ("two", "c-req3"), ("edu", "c-task2"), ("admin", "c-req1")):
        assert add(config, account, cid, monkeypatch) == 0, capsys.readouterr().err
    assert [(e["commitment_id"], e["entered_by"], e["source"]) for e in log_entries(config)] == [
        ("c-task1", "hs", "cli"),
        ("c-req3", "two", "cli"),
        ("c-task2", "edu", "cli"),
        ("c-req1", "admin", "cli"),
    ]


def test_progress_add_without_accounts_says_how_to_create_one(project: Path, monkeypatch, capsys) -> None:
    assert add(project, "admin", "c-task1", monkeypatch) == 2
    assert capsys.readouterr().err == (
        f"错误：{users_file(project)} 中还没有账号，不能记录进度：先用 python -m tracker users add 名称 --role admin 创建。\n"
    )


CSV = "commitment_id,status,percent,as_of,note\nc-task1,推进中,50,2024-02-20,红山\nc-task2,滞后,10,2024-02-21,教体\n"


def test_progress_import_for_each_role(with_accounts: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    config = with_accounts
    sheet = tmp_path / "updates.csv"
    sheet.write_text(CSV, encoding="utf-8")

    def run(account: str) -> int:
        monkeypatch.setenv("TRACKER_PASSWORD", ACCOUNTS[account][2])
        return tracker_main(["progress", "--config", str(config), "import", str(sheet), "--user", account])

    assert run("viewer") == 2
    assert (
        capsys.readouterr().err
        == "错误：账号 viewer 是查看者，不能导入进度；如需填报，请管理员把它改为单位填报员。\n"
    )
    assert run("hs") == 2  # a unit editor importing another unit's row: the whole file is refused
    assert capsys.readouterr().err == (
        "错误：账号 红山填报 (hs) 只能为 红山街道 的事项导入进度；文件第 3 行的事项属于 教育体育局，整个文件未导入。"
        "请删去这些行，或请该单位或管理员导入。\n"
    )
    assert log_entries(config) == []
    assert run("admin") == 0
    assert [(e["commitment_id"], e["entered_by"], e["source"]) for e in log_entries(config)] == [
        ("c-task1", "admin", "import"),
        ("c-task2", "admin", "import"),
    ]
    sheet.write_text(CSV.splitlines()[0] + "\n" + CSV.splitlines()[1] + "\n", encoding="utf-8")
    assert run("hs") == 0  # only its own row
    assert log_entries(config)[-1]["entered_by"] == "hs"


def test_a_script_signs_in_with_the_environment_and_a_person_at_a_prompt(with_accounts: Path) -> None:
    """Real processes: TRACKER_PASSWORD for scripts; without it and without a terminal, a clear refusal."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRACKER_PASSWORD": ACCOUNTS["hs"][2]}
    cmd = [sys.executable, "-m", "tracker", "progress", "--config", str(with_accounts), "add", "c-task1"]
    cmd += ["--status", "推进中", "--percent", "20", "--as-of", "2024-02-02", "--user", "hs"]
    ok = subprocess.run(cmd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert ok.returncode == 0, ok.stderr
    del env["TRACKER_PASSWORD"]
    no = subprocess.run(cmd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert no.returncode == 2
    assert (
        no.stderr == "错误：没有密码：在终端中运行以便输入密码，或在脚本中设置环境变量 TRACKER_PASSWORD。\n"
    )
    assert [e["entered_by"] for e in log_entries(with_accounts)] == ["hs"]
