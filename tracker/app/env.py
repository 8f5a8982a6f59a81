"""Where the dashboard finds its inputs: the config path, today (overridable for tests), file identities."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from tracker.config import Config
from tracker.errors import UserError

ROOT = Path(__file__).resolve().parents[2]  # the project folder (dashboard.py, config.yaml)

# The page icon, served by this server: a ":material/…:" icon would make every browser fetch it from Google.
ICON = Path(__file__).with_name("icon.png")


CONFIG_ENV = "TRACKER_CONFIG"  # path of config.yaml (default: the one beside dashboard.py)


AUTO_REBUILD_ENV = "TRACKER_AUTO_REBUILD"  # "0" turns off the staleness check (tests on fixed databases)


TODAY_ENV = "TRACKER_TODAY"  # ISO date standing in for today (reproducible screenshots and tests)


def config_path() -> Path:
    """The config file the dashboard reads: $TRACKER_CONFIG, else config.yaml in the project folder."""
    return Path(os.environ.get(CONFIG_ENV) or ROOT / "config.yaml")


def today() -> dt.date:
    """Today, or $TRACKER_TODAY when set."""
    raw = os.environ.get(TODAY_ENV)
    return dt.date.fromisoformat(raw) if raw else dt.date.today()


def file_key(path: Path) -> tuple[str, int, int, int] | None:
    """Identity of a file's current content: path, inode, mtime and size (None if missing)."""
    try:
        st_ = path.stat()
    except OSError:
        return None
    return (str(path), st_.st_ino, st_.st_mtime_ns, st_.st_size)


def input_fingerprint(cfg: Config, cfg_path: Path) -> tuple:
    """Cheap stat-based fingerprint of what a build reads (config, sources, the review log) and of the database."""
    files = [cfg_path, cfg.database_path, cfg.review_log_path, *(cfg.resolve(s.path) for s in cfg.sources)]
    return (*(file_key(p) for p in files), _review_version(cfg))


def _review_version(cfg: Config) -> object:
    """The review log's version where it is not a file (PostgreSQL: a review made on another server)."""
    if cfg.logs.store != "postgres":
        return None
    from tracker.build.review import review_store

    try:
        return review_store(cfg).version()
    except UserError:  # the database is unreachable: the page says so (tracker.app.context.prepare)
        return None
