"""The compiled copy of the config (tracker.build.config_cache): used only for the same bytes, equal to a parsed
config, the file-system checks still made, and a copy that is not a config never runs anything."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from tracker.build import config_cache
from tracker.build.config_cache import compiled_path, keep_compiled, load_compiled
from tracker.config import ConfigError, load_config

CONFIG = """\
language: en
sources:
  - {id: a, path: data/a.txt, year: 2024, date: 2024-03-01}
  - {id: b, path: data/b.txt, year: 2024}
towns:
  - {name: 红山街道, kind: 街道}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.txt").write_text("红山街道召开会议。", encoding="utf-8")
    (tmp_path / "data" / "b.txt").write_text("红山街道推进项目。", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    return config


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every time the file is parsed (load_config called) instead of read from its copy."""
    calls: list[Path] = []

    def counting(path: Path, **kw: bool) -> object:
        calls.append(Path(path))
        return load_config(path, **kw)

    monkeypatch.setattr(config_cache, "load_config", counting)
    return calls


def test_the_same_bytes_are_read_from_the_copy_and_give_the_parsed_config(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = _parses(monkeypatch)
    first = load_compiled(project)
    assert not compiled_path(project).exists()  # written only once a build with it succeeded
    keep_compiled(first)
    assert compiled_path(project).is_file() and len(parses) == 1
    second = load_compiled(project)
    assert len(parses) == 1  # not parsed again
    assert second == first == load_config(project, must_exist=True)
    assert second.config_sha256 == first.config_sha256 and second.sources[0].date == first.sources[0].date


def test_an_edited_config_is_parsed_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keep_compiled(load_compiled(project))
    project.write_text(CONFIG.replace("language: en", "language: zh"), encoding="utf-8")
    again = load_compiled(project)
    assert again.language == "zh" and again == load_config(project, must_exist=True)
    parses = _parses(monkeypatch)
    keep_compiled(again)
    assert load_compiled(project).language == "zh" and not parses


def _add_entry(project: Path, entry: str) -> None:
    (project.parent / "data" / "c.txt").write_text("红山街道完成项目。", encoding="utf-8")
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("towns:\n", f"  - {entry}\ntowns:\n", 1), encoding="utf-8")


def test_an_added_source_reuses_the_entries_the_copy_knows_and_gives_the_parsed_config(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_compiled(load_compiled(project))
    known = config_cache._known_sources(compiled_path(project), project)
    assert set(known) == {
        "{id: a, path: data/a.txt, year: 2024, date: 2024-03-01}",
        "{id: b, path: data/b.txt, year: 2024}",
    }
    _add_entry(project, "{id: c, path: data/c.txt, year: 2025}")
    parses = _parses(monkeypatch)
    again = load_compiled(project)
    assert not parses  # the two known entries stood for their Sources; only the new one was read
    assert again == load_config(project, must_exist=True) and [s.source_id for s in again.sources] == [
        "a",
        "b",
        "c",
    ]


@pytest.mark.parametrize(
    "entry",
    [
        "{id: c, path: data/c.txt, year: twenty}",  # a field that does not validate
        "{id: a, path: data/c.txt}",  # the id of a known entry again
        "{id: c, path: data/a.txt}",  # the file of a known entry again
        "{id: c, path: data/c.txt, id: d}",  # a key twice
        "{id: c, path: [data/c.txt}",  # broken YAML
    ],
)
def test_an_added_source_that_is_wrong_gives_the_same_error_as_without_the_copy(
    project: Path, entry: str
) -> None:
    keep_compiled(load_compiled(project))
    _add_entry(project, entry)
    with pytest.raises(ConfigError) as plain:
        load_config(project, must_exist=True)
    with pytest.raises(ConfigError) as compiled:
        load_compiled(project)
    assert str(compiled.value) == str(plain.value)


def test_a_placeholder_like_line_elsewhere_is_not_taken_for_a_known_entry(project: Path) -> None:
    keep_compiled(load_compiled(project))
    text = project.read_text(encoding="utf-8")
    # a known entry's line under another key than sources: the file is read as it stands
    project.write_text(text + "extra_list:\n  - {id: b, path: data/b.txt, year: 2024}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as plain:
        load_config(project, must_exist=True)
    with pytest.raises(ConfigError) as compiled:
        load_compiled(project)
    assert str(compiled.value) == str(plain.value)


def test_a_broken_config_gives_the_same_error_as_without_the_copy(project: Path) -> None:
    keep_compiled(load_compiled(project))
    project.write_text(CONFIG.replace("year: 2024}", "year: twenty}", 1), encoding="utf-8")
    with pytest.raises(ConfigError) as plain:
        load_config(project, must_exist=True)
    with pytest.raises(ConfigError) as compiled:
        load_compiled(project)
    assert str(compiled.value) == str(plain.value)


def test_the_file_system_checks_are_made_even_from_the_copy(project: Path) -> None:
    keep_compiled(load_compiled(project))
    b = project.parent / "data" / "b.txt"
    b.unlink()
    os.link(project.parent / "data" / "a.txt", b)  # now two sources name one file
    with pytest.raises(ConfigError) as plain:
        load_config(project, must_exist=True)
    with pytest.raises(ConfigError) as compiled:
        load_compiled(project)
    assert compiled.value.code == plain.value.code == "safe.config_same_file"


class _Boom:
    def __reduce__(self) -> tuple:
        return (os.system, ("touch BOOM",))


def test_a_copy_that_is_not_a_config_is_never_run_and_is_made_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.parent)
    keep_compiled(load_compiled(project))
    copy = compiled_path(project)
    key = copy.read_bytes().split(b"\n", 1)[0] + b"\n"  # the right key, and something else inside
    copy.write_bytes(key + b"0" * 64 + b"\n" + pickle.dumps(_Boom()))
    parses = _parses(monkeypatch)
    config = load_compiled(project)
    assert config == load_config(project, must_exist=True)
    assert not (project.parent / "BOOM").exists() and len(parses) == 1
    keep_compiled(config)
    assert load_compiled(project) and len(parses) == 1  # the copy was made again


def test_python_m_extract_reads_the_copy_its_last_build_left(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.cli.extract import main

    parses = _parses(monkeypatch)
    assert main(["--config", str(project), "-q"]) == 0
    assert len(parses) == 1 and compiled_path(project).is_file()
    assert main(["--config", str(project), "-q"]) == 0
    assert len(parses) == 1  # nothing changed: not parsed again


def test_the_language_of_a_command_comes_from_the_copy_while_the_file_is_unchanged(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.cli import common

    assert config_cache.compiled_language(project) is None  # no copy yet
    keep_compiled(load_compiled(project))
    assert config_cache.compiled_language(project) == "en"

    def no_parsing(path: object) -> str:
        raise AssertionError("the whole file was parsed for its language")

    monkeypatch.setattr(common, "configured_language", no_parsing)
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    assert common.cli_language(["--config", str(project)]) == "en"
    project.write_text(CONFIG.replace("language: en", "language: zh"), encoding="utf-8")
    assert config_cache.compiled_language(project) is None  # other bytes: the copy says nothing
    monkeypatch.undo()
    assert common.cli_language(["--config", str(project)]) == "zh"


def test_a_config_read_from_a_current_copy_is_not_checked_or_written_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_compiled(load_compiled(project))
    stamp = compiled_path(project).stat().st_mtime_ns
    config = load_compiled(project)
    signed: list[object] = []
    real = config_cache.fs_signature
    monkeypatch.setattr(config_cache, "fs_signature", lambda c: signed.append(c) or real(c))
    keep_compiled(config)
    assert signed == [] and compiled_path(project).stat().st_mtime_ns == stamp
    keep_compiled(load_config(project, must_exist=True))  # a config parsed from the file is checked
    assert len(signed) == 1
    config = load_compiled(project)
    database = config.database_path
    database.parent.mkdir(parents=True, exist_ok=True)
    database.with_name("new").write_bytes(b"a build's new file")
    os.replace(database.with_name("new"), database)  # as a build swaps its database in
    signed.clear()
    keep_compiled(config)
    assert len(signed) == 1 and compiled_path(project).stat().st_mtime_ns != stamp  # signed and kept again
    assert config_cache.fs_signature(config) == compiled_path(project).read_bytes().split(b"\n")[1].decode()
