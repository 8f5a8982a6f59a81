"""A report that makes a step raise is recorded with its error and left out; every other report is built."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from extract.steps import tasks as figure_step
from tracker.build import failed_sources
from tracker.cli.extract import main

TEXTS = Path(__file__).parent / "texts"
GOOD = ("county_numbered.txt", "town_assignments.txt")
BAD = "city_own.txt"


@pytest.fixture(autouse=True)
def _away_from_the_working_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no config.yaml is (ad-hoc builds read one from the current folder), in English unless a test
    sets the language."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRACKER_LANG", "en")


def _reports(folder: Path) -> list[str]:
    for name in (*GOOD, BAD):
        shutil.copy(TEXTS / name, folder / name)
    return [str(folder / n) for n in (*GOOD, BAD)]


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _break_figures_in(monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
    """The figure step raises for any paragraph of the report holding `marker`, as a bug would."""
    real = figure_step.find_figures

    def broken(text: str):  # noqa: ANN202
        if marker in text:
            raise KeyError("不少于")
        return real(text)

    monkeypatch.setattr(figure_step, "find_figures", broken)


def _marker() -> str:
    """A line of the bad report that the good reports do not have."""
    bad = (TEXTS / BAD).read_text(encoding="utf-8")
    good = "".join((TEXTS / n).read_text(encoding="utf-8") for n in GOOD)
    return next(
        line.strip()[:12] for line in bad.splitlines() if line.strip() and line.strip()[:12] not in good
    )


def test_a_report_whose_step_raises_is_recorded_and_the_others_are_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _reports(tmp_path)
    db = tmp_path / "out.duckdb"
    assert main(["--db", str(db), *files]) == 0
    whole = _rows(db, "SELECT count(*) FROM commitments")[0][0]

    db2 = tmp_path / "broken.duckdb"
    _break_figures_in(monkeypatch, _marker())
    capsys.readouterr()
    assert main(["--db", str(db2), *files]) == 0
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if BAD in x)
    assert "extraction failed (step extract.steps.tasks.figures: KeyError: '不少于')" in line
    assert "this report was left out and every other report was built" in line
    (sid, error, step, text), *_ = _rows(
        db2, "SELECT source_id, error, error_step, text FROM sources WHERE error IS NOT NULL"
    )
    assert BAD.removesuffix(".txt") in sid and step == "extract.steps.tasks.figures" and "KeyError" in error
    assert text == (TEXTS / BAD).read_text(encoding="utf-8")  # the report can still be read on the dashboard
    assert _rows(db2, f"SELECT count(*) FROM commitments WHERE source_id = '{sid}'")[0][0] == 0
    good = _rows(db2, "SELECT count(*) FROM commitments")[0][0]
    assert 0 < good < whole
    assert _rows(db, f"SELECT count(*) FROM commitments WHERE source_id <> '{sid}'")[0][0] == good
    assert failed_sources(db2) == (1, 3)


def test_when_every_report_fails_the_build_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _reports(tmp_path)
    _break_figures_in(monkeypatch, "")  # every paragraph
    assert main(["--db", str(tmp_path / "x.duckdb"), *files]) == 3
    err = capsys.readouterr().err
    assert sum("extraction failed" in x for x in err.splitlines()) == 3
    assert "all 3 reports failed to extract" in err


def test_a_report_the_reader_refuses_is_recorded_in_the_language_of_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TRACKER_LANG", "zh")
    files = _reports(tmp_path)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 40)
    db = tmp_path / "x.duckdb"
    assert main(["--db", str(db), *files, str(bad)]) == 0
    (step, error), *_ = _rows(db, "SELECT error_step, error FROM sources WHERE error IS NOT NULL")
    assert step == "read" and error.startswith(str(bad))
    assert "broken.pdf：提取失败（步骤 read：" in capsys.readouterr().err
    assert _rows(db, "SELECT count(DISTINCT source_id) FROM commitments")[0][0] == len(GOOD) + 1


def test_a_missing_report_still_stops_the_build_with_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _reports(tmp_path)
    db = tmp_path / "x.duckdb"
    assert main(["--db", str(db), *files, str(tmp_path / "gone.txt")]) == 2
    assert "gone.txt" in capsys.readouterr().err
    assert not db.exists()


def test_every_dashboard_page_names_the_failed_report_and_the_step(project: Path) -> None:
    from tracker.app.notices import data_warnings
    from tracker.build import run_build
    from tracker.config import load_config
    from tracker.store import db

    (project.parent / "data" / "sources" / "000_41c53f3caae606d6.txt").write_bytes(
        b"\xe4\xb8\x80\x80\x80 \xff"
    )
    cfg = load_config(project, must_exist=True)
    path = run_build(cfg)
    shown = data_warnings(cfg, None, db.build_info(path), "zh")
    assert shown == [
        "data/sources/000_41c53f3caae606d6.txt：提取失败（步骤 read：data/sources/000_41c53f3caae606d6.txt：不是文本文件"
        "（按 UTF-8、GB18030、UTF-16 都读不出正常文字，可能是图片或其他二进制文件）；请另存为 UTF-8 文本，或在配置中为它设置 "
        "encoding），本报告未入库，其他报告照常生成；请检查文件，或把这行提示告知维护人员"
    ]


def test_a_report_that_runs_past_its_time_limit_is_stopped_and_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _reports(tmp_path)
    (tmp_path / "config.yaml").write_text("limits:\n  source_seconds: 0.5\n", encoding="utf-8")
    marker, real = _marker(), figure_step.find_figures

    def endless(text: str):  # noqa: ANN202
        n = 0
        while marker in text:  # a step that never ends on this report, as a quadratic one would seem to
            n += 1
        return real(text)

    monkeypatch.setattr(figure_step, "find_figures", endless)
    db = tmp_path / "x.duckdb"
    assert main(["--config", str(tmp_path / "config.yaml"), "--db", str(db), *files]) == 0
    line = next(x for x in capsys.readouterr().err.splitlines() if BAD in x)
    assert "took longer than the 0.5 s limit (limits.source_seconds in the config) and was stopped" in line
    assert "(step tests.test_build_failures.endless" not in line  # the step named is the extractor's
    assert "(step extract.steps.tasks.figures:" in line
    assert failed_sources(db) == (1, 3)
