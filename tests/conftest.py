"""Shared fixtures: real config folders and real DuckDB files built from the seed, in temporary folders (the seed
project is built once per run and copied); commands run in this process; Chromium for the browser tests."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

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
def _no_main_file_for_pool_children() -> None:
    """Under pytest-xdist a worker's __main__ is execnet's bootstrap script, which runs only with the arguments
    execnet gives it: a process pool's child (the build extracts in one) that ran it again would fail before its
    work. Without a main file, multiprocessing starts the child without re-running __main__, as for an interactive
    one. Checked before every test, since execnet may set the name again."""
    main = sys.modules["__main__"]
    if os.environ.get("PYTEST_XDIST_WORKER") and getattr(main, "__spec__", None) is None:
        vars(main).pop("__file__", None)


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
def built_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project built once per run (config.yaml, the source, the database and its build cache); the folder.
    Never changed: tests take a copy (`built_project`, `copy_project`)."""
    from tracker.build import run_build
    from tracker.config import load_config

    folder = tmp_path_factory.mktemp("built-seed")
    run_build(load_config(make_project(folder), must_exist=True))
    return folder


def copy_project(template: Path, folder: Path) -> Path:
    """Copy a project folder (a built one stays up to date: times are kept); return the copy's config path."""
    shutil.copytree(template, folder, dirs_exist_ok=True)
    return folder / "config.yaml"


@pytest.fixture
def built_project(built_seed: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built seed project in tmp_path/project (what `python -m extract` leaves); the config."""
    return copy_project(built_seed, tmp_path / "project")


@dataclass
class Ran:
    """What a command run in this process returned and printed (as subprocess.CompletedProcess has it)."""

    returncode: int
    stdout: str
    stderr: str


def run_main(
    main: Callable[[list[str]], int | None],
    *argv: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    stdin: str = "",
) -> Ran:
    """`main(argv)` as its `python -m` entry point runs it, in this process: in `cwd`, with `env` added to the
    environment and `stdin` as its input; an argparse exit counts as the exit status."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        stack.enter_context(mock.patch.dict(os.environ, env or {}))
        stack.enter_context(mock.patch.object(sys, "stdin", io.StringIO(stdin)))
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        try:
            code = main(list(argv))
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    return Ran(int(code or 0), out.getvalue(), err.getvalue())


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


# --- the browser tests: one Chromium for the whole run, a new context (cookies, storage) per page --------------


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that drives Chromium is a browser test and a slow one, whichever file it is in."""
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201 - a playwright Browser (playwright is imported only when a browser test runs)
    """Debian's Chromium, headless, through Playwright; skipped where it is not installed."""
    from tests.browser_fixtures import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS

    if not CHROMIUM.exists():  # scripts/_setup.sh installs it; say so instead of failing obscurely
        pytest.skip(f"{CHROMIUM} not found: run scripts/test.sh (it installs chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):  # noqa: ANN001, ANN201 - a playwright Page
    """A page in a browser context of its own, closed after the test."""
    from tests.browser_fixtures import new_page

    pg = new_page(browser)
    yield pg
    pg.context.close()
