"""The dashboard (Streamlit AppTest on dashboard.py): every page names skipped log lines and build warnings,
an unexpected error is a short message, data text is escaped for Markdown, imports are not repeated by accident."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import make_project
from tracker import app as ui
from tracker.app.plaintext import md
from tracker.build import run_build
from tracker.config import load_config
from tracker.progress.log import Update, append_updates, read_log
from tracker.store.db import connect_readonly

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("overview", "departments", "towns", "commitments", "meetings", "figures", "briefing")
# A synthetic report written for this test (not a real article): Markdown, LaTeX and colour syntax in a
# meeting title and in quotes.
MARKUP_REPORT = (
    "舞钢市召开**安全**生产工作会议\n\n2月26日，舞钢市召开$x$安全生产工作会议。会议提出三点要求：一要压实**安全**责任；"
    "二要开展:red[隐患]排查；三要强化=1+1应急值守。\n"
)


def make_app(config: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv(ui.CONFIG_ENV, str(config))
    monkeypatch.setenv(ui.TODAY_ENV, "2024-03-10")
    monkeypatch.setenv(ui.AUTO_REBUILD_ENV, "0")
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)


def goto(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"pages/{page}.py").run()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed plus an empty source and a report full of markup, built; a progress log with one bad line."""
    folder = tmp_path_factory.mktemp("safety-pages")
    config = make_project(folder)
    (folder / "data" / "sources" / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "data" / "sources" / "markup.txt").write_text(MARKUP_REPORT, encoding="utf-8")
    text = config.read_text(encoding="utf-8").replace(
        "\n# Town-level units",
        "\n  - path: data/sources/empty.txt\n  - {id: markup, path: data/sources/markup.txt, year: 2024}"
        "\n\n# Town-level units",
        1,
    )
    config.write_text(text, encoding="utf-8")
    cfg = load_config(config, must_exist=True)
    run_build(cfg)
    con = connect_readonly(cfg.database_path)
    try:
        cid = con.execute("SELECT min(commitment_id) FROM commitments").fetchone()[0]
    finally:
        con.close()
    append_updates(cfg.progress_log_path, [Update(cid, "推进中", 30, dt.date(2024, 3, 1))], source="form")
    with open(cfg.progress_log_path, "a", encoding="utf-8") as f:
        f.write(
            json.dumps({"v": 1, "entry_id": "x", "commitment_id": cid, "status": "推进中", "percent": "abc"})
            + "\n"
        )
    return config


def test_every_page_names_skipped_log_lines_and_empty_sources(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = load_config(project).progress_log_path
    (problem,) = read_log(log).problems
    expected_log = md(problem.text("zh"))
    expected_source = md("data/sources/empty.txt：来源文件是空的（或只有空白），没有提取到任何内容")
    at = make_app(project, monkeypatch).run()
    for page in PAGES:
        goto(at, page)
        assert not at.exception, (page, [e.value for e in at.exception])
        warnings = "\n".join(w.value for w in at.warning)
        assert expected_log in warnings, (page, warnings)
        assert expected_source in warnings, (page, warnings)
        assert "第 2 行" in problem.text("zh") and str(log) in problem.text("zh")


def test_warnings_follow_the_language_switch(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = make_app(project, monkeypatch).run()
    at.toggle(key=ui.KEY_LANG).set_value(True).run()
    warnings = "\n".join(w.value for w in at.warning)
    assert md("line 2: the field percent has a bad value") in warnings
    assert md("data/sources/empty.txt: the source file is empty") in warnings


def test_source_text_is_shown_verbatim_not_as_markdown(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = make_app(project, monkeypatch).run()
    goto(at, "meetings")
    at.selectbox(key=ui.MEETING_KEY).set_value(
        next(o for o in at.selectbox(key=ui.MEETING_KEY).options if "$x$" in o)
    ).run()
    assert not at.exception
    headings = [h.value for h in at.subheader]
    assert any(md("$x$安全生产工作会议") in h for h in headings), headings
    assert not any("$x$安全" in h for h in headings)  # never the raw, maths-rendering form


def _form(config_path: str, quote_part: str) -> None:
    import datetime as dt

    from tracker.app.progress import update_form
    from tracker.config import load_config
    from tracker.store.db import connect_readonly

    cfg = load_config(config_path)
    con = connect_readonly(cfg.database_path)
    cid = con.execute(
        "SELECT commitment_id FROM commitments WHERE quote LIKE ?", [f"%{quote_part}%"]
    ).fetchone()[0]
    update_form(con, cfg, cid, today=dt.date(2024, 3, 10))


def test_the_update_form_shows_the_quote_as_plain_text(project: Path) -> None:
    at = AppTest.from_function(_form, kwargs={"config_path": str(project), "quote_part": "**安全**"}).run()
    assert not at.exception
    bodies = "\n".join(h.proto.body for h in at.get("html"))
    assert "一要压实**安全**责任" in bodies  # verbatim, inside escaped HTML
    assert not any("**安全**" in m.value for m in at.markdown)


def test_an_unexpected_error_shows_a_short_message(
    project: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import importlib

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("/srv/secret/path/tracker.duckdb is on fire")

    import streamlit as st

    # the page calls the query through its home module (ctx.call finds it again by module and name)
    monkeypatch.setattr(importlib.import_module("tracker.store.queries.figures"), "figures", broken)
    st.cache_data.clear()  # earlier tests cached the real figures
    at = make_app(project, monkeypatch).run()
    goto(at, "figures")
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert error.startswith("页面出错了，请刷新重试；如果反复出现，请把错误编号 ")
    assert "secret" not in error and "RuntimeError" not in error
    incident = error.split("错误编号 ")[1].split(" ")[0]
    assert any(incident in r.getMessage() and r.exc_info for r in caplog.records)  # the details are logged


def test_a_log_in_the_way_is_a_message_on_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_project(tmp_path)
    cfg = load_config(config, must_exist=True)
    run_build(cfg)
    cfg.progress_log_path.mkdir(parents=True)  # a folder where the log should be
    at = make_app(config, monkeypatch).run()
    for page in ("overview", "commitments"):
        goto(at, page)
        assert not at.exception
        errors = [e.value for e in at.error]
        assert md(f"{cfg.progress_log_path}：这是一个文件夹，不是日志文件；请在配置中改正日志路径") in errors


# --- the import panel: the same file twice needs the 'again' box ------------------------------------------


def _import(config_path: str) -> None:
    from tracker.app.progress import import_panel
    from tracker.auth import User
    from tracker.config import load_config
    from tracker.store.db import connect_readonly

    cfg = load_config(config_path)
    admin = User("ducha", "督查室", "admin")  # signed in (tracker.app.auth); the log records this account
    import_panel(connect_readonly(cfg.database_path), cfg, user=admin)


def test_the_dashboard_refuses_a_second_import_of_the_same_file_unless_ticked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path)
    cfg = load_config(config, must_exist=True)
    run_build(cfg)
    con = connect_readonly(cfg.database_path)
    cid = con.execute("SELECT min(commitment_id) FROM commitments").fetchone()[0]
    con.close()
    monkeypatch.setenv(ui.TODAY_ENV, "2024-03-10")
    data = (
        f"commitment_id,status,percent,as_of,note,填报人\n{cid},推进中,60,2024-03-01,开工,市委书记\n".encode()
    )

    def session() -> AppTest:
        at = AppTest.from_function(_import, kwargs={"config_path": str(config)}).run()
        at.file_uploader[0].set_value(("p.csv", data, "text/csv")).run()
        return at

    first = session()
    first.button(key="progress_import_go").click().run()
    assert not first.exception and len(read_log(cfg.progress_log_path).entries) == 1

    second = session()  # another session, the same bytes
    assert any("已于" in w.value and "ducha" in w.value for w in second.warning)
    assert not [b for b in second.button if b.key == "progress_import_go"]  # no import button yet
    second.checkbox(key="progress_import_again").check().run()
    second.button(key="progress_import_go").click().run()
    entries = read_log(cfg.progress_log_path).entries
    assert len(entries) == 2 and {e["reported_by"] for e in entries} == {"市委书记"}
    assert {e["entered_by"] for e in entries} == {"ducha"}  # the signed-in account, not the file's 填报人


def test_streamlit_hides_error_details_and_its_unescaped_table_export() -> None:
    """The effective settings of `streamlit run` in the project folder (.streamlit/config.toml)."""
    import subprocess
    import sys

    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    settings = {line.split(" = ")[0]: line.split(" = ")[1] for line in shown.splitlines() if " = " in line}
    assert settings["showErrorDetails"] == '"none"'
    assert settings["disableDataExport"] == "true"
