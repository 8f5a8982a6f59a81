"""Shared fixtures: real config folders and real DuckDB files built from the seed, in temporary folders."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hermetic import install_guard

ROOT = Path(__file__).resolve().parent.parent
# The project as shipped, copied into the tests: tests never read or write the working copy's config.yaml, data/
# or logs (a user's `extract add` there must not change what the tests see). tests/test_hermetic.py keeps this.
FIXTURE = ROOT / "tests" / "fixtures" / "seed"
SHIPPED_CONFIG = FIXTURE / "config.yaml"
SEED = FIXTURE / "000_41c53f3caae606d6.txt"
CORPUS = ROOT / "tests" / "corpus"
HERMETIC = install_guard(ROOT)


@pytest.fixture(autouse=True)
def _hermetic() -> Iterator[None]:
    """Fail the test that opened the working copy's files, even where the code under test caught the error."""
    HERMETIC.touched.clear()
    yield
    if HERMETIC.touched:
        found = sorted(set(HERMETIC.touched))
        HERMETIC.touched.clear()
        pytest.fail(f"the test opened the working copy's files: {found}")


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


def make_project(folder: Path) -> Path:
    """Copy the shipped config.yaml and the seed source into `folder`; return the config path."""
    (folder / "data" / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, folder / "data" / "sources" / SEED.name)
    shutil.copy(SHIPPED_CONFIG, folder / "config.yaml")
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


def fresh_schema(url: str) -> Iterator[str]:
    """A schema name no test has used; the schema (if a test created it) is dropped afterwards."""
    import psycopg
    from psycopg import sql

    name = f"t_{uuid.uuid4().hex[:12]}"
    yield name
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


@pytest.fixture
def pg_schema(postgres_url: str) -> Iterator[str]:
    """A fresh PostgreSQL schema for one test on the session's server."""
    yield from fresh_schema(postgres_url)


@pytest.fixture(params=["jsonl", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """Each record-log store in turn (tests/log_stores.py): a JSONL file in tmp_path, PostgreSQL in a fresh schema."""
    from tests.log_stores import Store

    if request.param == "jsonl":
        yield Store("jsonl", tmp_path)
        return
    url = request.getfixturevalue("postgres_url")
    for schema in fresh_schema(url):
        yield Store("postgres", tmp_path, url, schema)
