"""Screenshots for the docs: the overview in the real dashboard and a page of a real briefing pack.

    .venv/bin/python scripts/screenshots.py [--out docs/img] [--today 2026-11-26]

Copies config.yaml and its sources to a temporary folder and builds the database there (the seed data, no
progress: nothing is invented), starts `streamlit run dashboard.py` on a free port and takes a full-page
screenshot of /overview in headless Chromium (Playwright, /usr/bin/chromium); then writes the briefing pack as a
PDF and renders its summary page and its first chart page to PNG (pypdfium2). Every process it starts is stopped
before it exits.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"


def _project(folder: Path) -> Path:
    import yaml

    from tracker.config import load_config

    cfg = load_config(ROOT / "config.yaml", must_exist=True)
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    for src in cfg.sources:
        (folder / src.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(cfg.resolve(src.path), folder / src.path)
    data["database"] = "data/tracker.duckdb"
    out = folder / "config.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def overview(config: Path, today: dt.date, out: Path) -> None:
    """A full-page screenshot of /overview from a real `streamlit run` server."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = {**os.environ, "TRACKER_CONFIG": str(config), "TRACKER_TODAY": today.isoformat()}
    env.pop("TRACKER_LANG", None)
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            # Streamlit scrolls inside its own container: a tall window shows the whole page at once
            page = browser.new_page(viewport={"width": 1500, "height": 2300}, locale="zh-CN")
            page.set_default_timeout(120_000)
            page.goto(f"http://127.0.0.1:{port}/overview")
            page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()
            page.locator(".js-plotly-plot .point").first.wait_for()
            page.wait_for_function("() => document.querySelectorAll('[data-testid=stSkeleton]').length === 0")
            page.locator("[data-testid=stTab]").nth(1).click()  # the overdue items whose due date was assumed
            page.locator("[data-testid=stTabPanel]:visible [data-testid=stDataFrame] canvas").first.wait_for()
            page.screenshot(path=str(out), full_page=True)
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def pack_pages(config: Path, today: dt.date, out_dir: Path) -> list[Path]:
    """The real pack as an A4 PDF; its summary page and first chart page as PNG."""
    import pypdfium2 as pdfium

    from tracker.build import run_build
    from tracker.config import load_config
    from tracker.reports import brief
    from tracker.store.db import connect_readonly

    cfg = load_config(config, must_exist=True)
    run_build(cfg)
    con = connect_readonly(cfg.database_path)
    try:
        data = brief.gather(con, cfg, brief.BriefOptions(as_of=today, lang="zh"))
    finally:
        con.close()
    pdf = pdfium.PdfDocument(brief.to_pdf(brief.assemble(data)))
    written = []
    for index, name in ((0, "pack-summary.png"), (1, "pack-charts.png")):
        path = out_dir / name
        pdf[index].render(scale=1.6).to_pil().save(path)
        written.append(path)
    return written


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    p.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 26))
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        config = _project(Path(tmp))
        written = pack_pages(config, args.today, args.out)
        overview(config, args.today, args.out / "overview.png")
    for path in [args.out / "overview.png", *written]:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
