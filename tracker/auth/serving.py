"""Safe serving: the dashboard listens on this machine only, unless accounts or OIDC sign-in are set up.

`python -m tracker serve` (what scripts/start.sh runs) works out the address Streamlit would listen on,
from its command-line flag, environment variable and config files, and refuses a non-local one when nobody
could sign in; see docs/accounts.md, "Serving to an office network".
"""

from __future__ import annotations

import ipaddress
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

ADDRESS_FLAG = "--server.address"
ADDRESS_ENV = "STREAMLIT_SERVER_ADDRESS"
SECRETS_FLAG = "--secrets.files"


def flag_value(argv: Sequence[str], flag: str) -> str | None:
    """The last value given for `flag` as `--flag value` or `--flag=value`, or None."""
    found = None
    for i, arg in enumerate(argv):
        if arg == flag and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith(flag + "="):
            found = arg.split("=", 1)[1]
    return found


def _toml(path: Path) -> dict:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (FileNotFoundError, NotADirectoryError):
        return {}


def listen_address(
    argv: Sequence[str], env: Mapping[str, str], project: Path, home: Path | None = None
) -> str:
    """The address `streamlit run` would listen on, by Streamlit's precedence: flag, environment variable,
    the project's .streamlit/config.toml, the user's ~/.streamlit/config.toml; '' (every interface) when
    none sets it."""
    flag = flag_value(argv, ADDRESS_FLAG)
    if flag is not None:
        return flag
    if env.get(ADDRESS_ENV) is not None:
        return env[ADDRESS_ENV]
    home = home if home is not None else Path.home()
    for path in (project / ".streamlit" / "config.toml", home / ".streamlit" / "config.toml"):
        value = _toml(path).get("server", {}).get("address")
        if value is not None:
            return str(value)
    return ""


def is_local(address: str) -> bool:
    """Whether an address only this machine can reach (loopback: 127.0.0.0/8, ::1, localhost)."""
    host = address.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # '' (every interface), a host name, or an address of a network card


def secrets_files(argv: Sequence[str], project: Path, home: Path | None = None) -> list[Path]:
    """Where Streamlit reads secrets from: --secrets.files, else ~/.streamlit and the project's .streamlit."""
    given = flag_value(argv, SECRETS_FLAG)
    if given:
        return [Path(p) for p in given.split(",") if p]
    home = home if home is not None else Path.home()
    return [home / ".streamlit" / "secrets.toml", project / ".streamlit" / "secrets.toml"]


OIDC_TOP = ("redirect_uri", "cookie_secret")
OIDC_PROVIDER = ("client_id", "client_secret", "server_metadata_url")


def _as_dict(value: object) -> dict:
    items = getattr(value, "items", None)
    return {k: (_as_dict(v) if hasattr(v, "items") else v) for k, v in items()} if items else {}


def oidc_missing(section: Mapping[str, object]) -> list[str]:
    """The keys st.login needs that an [auth] section lacks (as `auth.key` or `auth.provider.key`): the
    redirect URI and cookie secret, and for the one provider in [auth] itself, or for each named provider
    ([auth.name]), its client id, client secret and metadata URL. [] when it is complete."""
    auth = _as_dict(section)
    missing = [f"auth.{k}" for k in OIDC_TOP if not auth.get(k)]
    named = {k: v for k, v in auth.items() if isinstance(v, dict)}
    if not named:
        return missing + [f"auth.{k}" for k in OIDC_PROVIDER if not auth.get(k)]
    for name, provider in sorted(named.items()):
        missing += [f"auth.{name}.{k}" for k in OIDC_PROVIDER if not provider.get(k)]
    return missing


def oidc_section(files: Sequence[Path]) -> dict:
    """The [auth] section Streamlit would read from these secrets files (a later file's keys win)."""
    merged: dict = {}
    for p in files:
        for k, v in _as_dict(_toml(p).get("auth")).items():
            merged[k] = {**merged[k], **v} if isinstance(v, dict) and isinstance(merged.get(k), dict) else v
    return merged


def oidc_configured(files: Sequence[Path]) -> bool:
    """Whether st.login is configured completely in these secrets files (an incomplete [auth] is not)."""
    section = oidc_section(files)
    return bool(section) and not oidc_missing(section)
