"""Safe serving: scripts/start.sh (python -m tracker serve) listens on 127.0.0.1 by default and refuses an
address reachable from other machines while nobody could sign in (no accounts, no OIDC)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.auth_fixtures import write_accounts
from tests.conftest import SHIPPED_CONFIG
from tests.dashboard_fixtures import write_config, write_synthetic_db
from tracker.cli.serve import check_address
from tracker.errors import UserError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    db = write_synthetic_db(tmp_path / "data" / "tracker.duckdb")
    return write_config(tmp_path, db, SHIPPED_CONFIG)


COMPLETE_AUTH = (
    '[auth]\nredirect_uri = "https://tracker.example/oauth2callback"\ncookie_secret = "s3cret-s3cret"\n'
    '[auth.office]\nclient_id = "tracker"\nclient_secret = "x"\n'
    'server_metadata_url = "https://id.example/.well-known/openid-configuration"\n'
)


def _env(config: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    return {**env, "TRACKER_CONFIG": str(config), "TRACKER_VENV": sys.prefix, "TRACKER_AUTO_REBUILD": "0"}


@pytest.mark.slow  # runs scripts/start.sh in a shell of its own
def test_start_sh_refuses_an_open_address_without_accounts(project: Path, tmp_path: Path) -> None:
    env = {**_env(project), "HOME": str(tmp_path / "home")}  # no ~/.streamlit secrets of the machine's user
    # the port is held here, so that were the check gone Streamlit would stop at once (port in use, exit 1)
    # instead of serving on every interface until the timeout
    with socket.socket() as held:
        held.bind(("0.0.0.0", 0))
        held.listen()
        port = held.getsockname()[1]
        proc = subprocess.run(
            [
                "bash",
                str(ROOT / "scripts" / "start.sh"),
                "--server.address",
                "0.0.0.0",
                "--server.port",
                str(port),
            ],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=600,  # _setup.sh checks the installed packages first
        )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    users = project.parent / "data" / "users.yaml"
    assert proc.stderr.strip().splitlines()[-1] == (
        f"错误：拒绝在 0.0.0.0 上对外提供服务：{users} 中没有账号，也没有配置统一身份认证（secrets.toml 的 [auth]），"
        "任何能访问此端口的人都无法登录也无法被识别。请先按 docs/accounts.md“在办公网络上提供服务”设置账号；"
        "或去掉 --server.address，只在本机访问。"
    )


def test_an_open_address_is_allowed_once_someone_can_sign_in(project: Path, tmp_path: Path) -> None:
    env = {**_env(project), "HOME": str(tmp_path / "home")}
    project_root = tmp_path / "root"
    (project_root / ".streamlit").mkdir(parents=True)
    for argv in (["--server.address", "0.0.0.0"], ["--server.address", "192.168.7.7"]):
        with pytest.raises(UserError):
            check_address(argv, env, project_root)
    (project_root / ".streamlit" / "config.toml").write_text("[server]\n", encoding="utf-8")  # no address
    with pytest.raises(
        UserError, match="拒绝在 所有网络接口 上对外提供服务"
    ):  # Streamlit's default: every interface
        check_address([], env, project_root)
    assert check_address(["--server.address", "127.0.0.1"], env, project_root) == "127.0.0.1"
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nclient_id = "tracker"\n', encoding="utf-8")
    argv = ["--server.address", "0.0.0.0", "--secrets.files", str(secrets)]
    with pytest.raises(UserError) as e:  # an incomplete [auth]: nobody could sign in with it
        check_address(argv, env, project_root)
    assert str(e.value) == (
        "拒绝启动：secrets.toml 的 [auth] 不完整，缺少 auth.redirect_uri、auth.cookie_secret、auth.client_secret、"
        "auth.server_metadata_url，统一身份认证登录无法使用。请补全（见 docs/accounts.md“统一身份认证”），"
        "或删去 [auth] 改用本地账号。"
    )
    secrets.write_text(COMPLETE_AUTH, encoding="utf-8")
    assert check_address(argv, env, project_root) == "0.0.0.0"  # OIDC sign-in configured
    write_accounts(project.parent / "data" / "users.yaml", only=("admin",))
    assert check_address(["--server.address", "0.0.0.0"], env, project_root) == "0.0.0.0"  # accounts exist


def _listening(port: int) -> list[str]:
    """Local addresses with a listening TCP socket on `port` (from /proc/net/tcp and tcp6)."""
    found = []
    for table, size in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            host, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port and len(host) == size:
                raw = bytes.fromhex(host)
                if size == 8:
                    found.append(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:
                    words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                    found.append(socket.inet_ntop(socket.AF_INET6, words))
    return found


@pytest.mark.slow
def test_the_dashboard_listens_on_this_machine_only_by_default(project: Path, tmp_path: Path) -> None:
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs Linux /proc/net/tcp to see where a socket listens")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**_env(project), "HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        "-m",
        "tracker",
        "serve",
        "--server.port",
        str(port),
        "--server.fileWatcherType",
        "none",
    ]
    proc = subprocess.Popen(
        cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:  # until Streamlit says where it listens
            if "URL:" in line:
                break
        assert proc.poll() is None, "streamlit exited"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=60) as r:
            assert r.read().decode().strip() == "ok"
        assert _listening(port) == ["127.0.0.1"]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
