"""`python -m tracker serve [streamlit options]`: start the dashboard (what scripts/start.sh runs), refusing
to listen beyond this machine while nobody could sign in (no accounts and no OIDC sign-in configured).

Options are passed to `streamlit run dashboard.py`; the address comes from --server.address, then
STREAMLIT_SERVER_ADDRESS, then .streamlit/config.toml (127.0.0.1 in this project). See docs/accounts.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tracker.auth import load_accounts
from tracker.auth.serving import is_local, listen_address, oidc_missing, oidc_section, secrets_files
from tracker.config import load_config
from tracker.errors import UserError
from tracker.i18n import current_language, t, use_language

ROOT = Path(__file__).resolve().parents[2]  # the project folder: dashboard.py, .streamlit/, config.yaml
CONFIG_ENV = "TRACKER_CONFIG"


def check_address(argv: list[str], env: dict[str, str] | os._Environ[str], root: Path = ROOT) -> str:
    """The address the dashboard will listen on; UserError when it is not local and nobody could sign in."""
    config_path = Path(env.get(CONFIG_ENV) or root / "config.yaml")
    config = load_config(config_path)
    use_language(config.language)
    lang = current_language()
    address = listen_address(argv, env, root)
    if is_local(address):
        return address
    section = oidc_section(secrets_files(argv, root))
    if section and oidc_missing(section):  # sign-in the operator meant to set up would not work
        raise UserError(t("auth.serve_oidc_incomplete", lang, keys="、".join(oidc_missing(section))))
    if section:
        return address
    if load_accounts(config.users_file_path, lang).accounts:  # a broken file is an error here too
        return address
    shown = address or t("auth.every_interface", lang)
    raise UserError(t("auth.serve_refused", lang, address=shown, path=config.users_file_path))


def main(argv: list[str]) -> int:
    """Check the address, then replace this process with `streamlit run dashboard.py --server.headless true`."""
    if any(a in ("-h", "--help") for a in argv):
        print(t("auth.cli_serve_usage"))
        return 0
    check_address(argv, os.environ)
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "dashboard.py"),
        "--server.headless",
        "true",
        *argv,
    ]
    os.chdir(ROOT)  # Streamlit reads .streamlit/config.toml and secrets.toml from the working folder
    os.execv(sys.executable, cmd)
    return 0  # not reached
