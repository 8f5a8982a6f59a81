"""Shared fixtures: real config folders and real DuckDB files built from the seed, in temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sources" / "000_41c53f3caae606d6.txt"
CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


def make_project(folder: Path) -> Path:
    """Copy config.yaml and the seed source into `folder`; return the config path."""
    (folder / "data" / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, folder / "data" / "sources" / SEED.name)
    shutil.copy(ROOT / "config.yaml", folder / "config.yaml")
    return folder / "config.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh project folder (config.yaml + seed source) in a temporary folder; returns the config path."""
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real DuckDB file built from the seed with the project's config, shared by read-only tests."""
    from tracker.build import run_build
    from tracker.config import load_config

    folder = tmp_path_factory.mktemp("seed")
    cfg = load_config(make_project(folder), must_exist=True)
    return run_build(cfg)


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL server for the whole session (tests/pg_server.py); each test uses its own schema."""
    from tests.pg_server import running_postgres

    with running_postgres() as url:
        yield url
