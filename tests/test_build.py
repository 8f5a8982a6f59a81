"""Builds are consistent: inputs are fingerprinted before extracting, the database records exactly
what was read, an edit saved during a build leaves the database stale, and the dashboard's "rebuild failed"
banner follows the database whoever built it."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

import tracker.build
from tests.conftest import make_project
from tracker import app as ui
from tracker.build import built_inputs, is_stale, run_build
from tracker.build import sources as build_sources
from tracker.cli.extract import main as extract_main
from tracker.config import load_config
from tracker.errors import ConfigError
from tracker.store import queries
from tracker.store.db import connect_readonly, table_counts

ROOT = Path(__file__).resolve().parent.parent
NEW_REPORT = (
    "舞钢市召开安全生产工作会议\n\n2月26日，舞钢市召开2024年安全生产工作会议。会议提出三点要求："
    "一要压实安全责任；二要开展隐患排查；三要强化应急值守。\n"
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Gate:
    """Holds the extractor inside a build until the test has edited the inputs."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()

    def wrap(self, real):  # noqa: ANN001, ANN201
        def slowed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            self.entered.set()
            assert self.release.wait(timeout=60)
            return real(*args, **kwargs)

        return slowed


def _build_in_thread(config_path: Path) -> tuple[threading.Thread, list[BaseException]]:
    cfg = load_config(config_path, must_exist=True)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            run_build(cfg)
        except BaseException as e:  # noqa: BLE001 - handed to the test
            errors.append(e)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_a_config_edit_saved_during_a_build_leaves_the_database_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path)
    original = sha(config)
    gate = Gate()
    monkeypatch.setattr(build_sources, "extract_text", gate.wrap(build_sources.extract_text))
    thread, errors = _build_in_thread(config)
    assert gate.entered.wait(timeout=60)
    config.write_text(
        config.read_text(encoding="utf-8").replace("city: 舞钢市", "city: 示例市"), encoding="utf-8"
    )
    gate.release.set()
    thread.join(timeout=120)
    assert not errors
    cfg_now = load_config(config, must_exist=True)
    assert built_inputs(cfg_now.database_path).config_sha256 == original  # the text the build read
    assert is_stale(cfg_now)  # ... so the edit is not taken as built
    run_build(cfg_now)
    assert not is_stale(load_config(config, must_exist=True))


def test_a_source_edit_during_a_build_records_the_bytes_that_were_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path)
    source = next((tmp_path / "data" / "sources").glob("*.txt"))
    read = sha(source)
    gate = Gate()
    monkeypatch.setattr(build_sources, "extract_text", gate.wrap(build_sources.extract_text))
    thread, errors = _build_in_thread(config)
    assert gate.entered.wait(timeout=60)  # the source has been read; the extractor has not finished
    source.write_text(source.read_text(encoding="utf-8") + "\n" + NEW_REPORT, encoding="utf-8")
    gate.release.set()
    thread.join(timeout=120)
    assert not errors
    cfg = load_config(config, must_exist=True)
    assert dict(built_inputs(cfg.database_path).sources) == {"wugang-2024-02": read}
    assert is_stale(cfg)


def test_a_build_from_the_last_good_config_does_not_record_a_broken_file(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    good = load_config(config, must_exist=True)
    good_sha = sha(config)
    config.write_text("city: [unclosed\n", encoding="utf-8")  # saved broken after the dashboard loaded it
    with pytest.raises(ConfigError):
        load_config(config, must_exist=True)
    run_build(good)
    assert built_inputs(good.database_path).config_sha256 == good_sha != sha(config)
    assert not is_stale(good)  # the database is what the last good config describes: no rebuild loop


# ---------------------------------------------------------------- the dashboard


def make_app(config: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv(ui.CONFIG_ENV, str(config))
    monkeypatch.setenv(ui.TODAY_ENV, "2024-03-01")
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def join_build(config: Path) -> ui.Builder:
    builder = ui.builder_for(load_config(config))
    if builder.thread is not None:
        builder.thread.join(timeout=120)
    return builder


def add_source(config: Path, source_id: str, path: str) -> None:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["sources"].append({"id": source_id, "path": path, "year": 2024})
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_failed_rebuild_banner_goes_once_a_cli_build_brings_the_database_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path)
    at = make_app(config, monkeypatch).run()
    assert metric(at, "会议与文件") == "4" and not at.error
    add_source(config, "extra", "data/sources/extra.txt")  # the file is not there yet
    at.run()
    join_build(config)
    at.run()
    assert [e.value for e in at.error][0].startswith("重建失败")
    assert "extra.txt" in at.error[0].value.replace("\\", "")  # shown escaped for Markdown

    # the user saves the file and builds from the command line; the dashboard itself does not rebuild
    (tmp_path / "data" / "sources" / "extra.txt").write_text(NEW_REPORT, encoding="utf-8")
    monkeypatch.setattr(tracker.build, "run_build", _must_not_build)
    assert extract_main(["--config", str(config), "-q"]) == 0
    at.run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert metric(at, "会议与文件") == "5"


def _must_not_build(*args: object, **kwargs: object) -> Path:
    raise AssertionError("the dashboard rebuilt a database that was already up to date")


def test_an_edit_saved_during_a_dashboard_rebuild_triggers_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path)
    at = make_app(config, monkeypatch).run()
    assert metric(at, "会议与文件") == "4"
    (tmp_path / "data" / "sources" / "extra.txt").write_text(NEW_REPORT, encoding="utf-8")
    add_source(config, "extra", "data/sources/extra.txt")
    gate = Gate()
    monkeypatch.setattr(build_sources, "extract_text", gate.wrap(build_sources.extract_text))
    at.run()  # starts the background rebuild, which waits inside the extractor
    assert gate.entered.wait(timeout=60)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["sources"][-1]["title"] = "安全生产工作会议（更正标题）"  # saved while the build runs
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    gate.release.set()
    join_build(config)
    at.run()  # the finished build read the older config: the database is stale, so it builds again
    join_build(config)
    at.run()
    assert not at.exception and not at.error
    assert metric(at, "会议与文件") == "5"
    cfg = load_config(config, must_exist=True)
    assert not is_stale(cfg)
    con = connect_readonly(cfg.database_path)
    try:
        assert queries.source(con, "extra")["title"] == "安全生产工作会议（更正标题）"
    finally:
        con.close()


def test_a_broken_config_shows_its_error_and_starts_no_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path)
    at = make_app(config, monkeypatch).run()
    db = load_config(config).database_path
    before = sha(db)
    config.write_text(config.read_text(encoding="utf-8").replace("towns:", "towns:\n\t"), encoding="utf-8")
    monkeypatch.setattr(tracker.build, "run_build", _must_not_build)
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "配置文件有误" in errors[0] and "Tab" in errors[0], errors
    assert sha(db) == before
    assert table_counts(db, ("meetings",)) == {"meetings": 4}
