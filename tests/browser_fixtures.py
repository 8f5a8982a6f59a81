"""What the browser tests share: a real `streamlit run` on a free port, Debian's Chromium and how to tell that a
page has finished running. The pytest fixtures (`browser`, `page`) are in tests/conftest.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"  # screenshots (git-ignored)
CHROMIUM = Path(os.environ.get("TRACKER_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 60_000  # first loads build or import a lot on a busy 2-core machine
TODAY = "2024-03-01"  # the day every dashboard under test believes it is


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Output:
    """Drains the server's output on a thread (so its pipe never fills) and signals when it listens."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.listening = threading.Event()
        self.thread = threading.Thread(target=self._drain, args=(proc,), daemon=True)
        self.thread.start()

    def _drain(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.append(line)
            if "URL:" in line:
                self.listening.set()
        self.listening.set()  # the process ended: stop waiting

    def text(self) -> str:
        return "".join(self.lines[-200:])


def _wait_until_serving(
    proc: subprocess.Popen[str], port: int, out: _Output, deadline_s: float = 120
) -> None:
    """Wait for the server to say it listens, then require its health endpoint to answer ok."""
    if not out.listening.wait(timeout=deadline_s):
        raise AssertionError("streamlit did not start in time:\n" + out.text())
    if proc.poll() is not None:
        raise AssertionError(f"streamlit exited with {proc.returncode}:\n" + out.text())
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=30) as r:
        assert r.read().decode().strip() == "ok"


@contextmanager
def streamlit_run(script: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run script` from the project folder (so its .streamlit/config.toml applies) on a free port;
    yields its address once it answers, stops it when the block ends."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", "--server.runOnSave", "false",
        *extra,
    ]  # fmt: skip
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out = _Output(proc)
    try:
        _wait_until_serving(proc, port, out)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def streamlit_server(config: Path, *extra: str) -> Iterator[str]:
    """The dashboard (`streamlit run dashboard.py`) for `config` on TODAY; stopped when the block ends."""
    with streamlit_run(
        ROOT / "dashboard.py", *extra, env={"TRACKER_CONFIG": str(config), "TRACKER_TODAY": TODAY}
    ) as url:
        yield url


def settled(page) -> None:  # noqa: ANN001 - a playwright Page (imported only where Chromium exists)
    """Wait until the script run is over and nothing is still a loading skeleton."""
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stSkeleton]').length === 0")


def no_errors(page) -> None:  # noqa: ANN001
    """No exception box and no error alert on the page."""
    exceptions = page.locator("[data-testid=stException]")
    assert exceptions.count() == 0, exceptions.all_inner_texts()
    errors = page.locator("[data-testid=stAlertContentError]")
    assert errors.count() == 0, errors.all_inner_texts()


def new_page(browser, *, height: int = 2400, **options: object):  # noqa: ANN001, ANN201
    """A page in a new browser context (its own cookies): Chinese locale, a tall window, the tests' timeout."""
    context = browser.new_context(viewport={"width": 1400, "height": height}, locale="zh-CN", **options)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page
