"""`python -m tracker progress migrate`: a JSONL progress log copied into PostgreSQL and back keeps every record
byte for byte (ids, batches, order, records the reader skips); a target that already holds records is refused
unless --append, which skips batches already there; switching `logs.store` then shows the same entries."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import make_project
from tracker.cli import main as tracker_main
from tracker.config import load_config
from tracker.progress.log import ProgressEntry, Update, append_updates, read_log
from tracker.store.logs import postgres_log

GOOD = {
    "v": 1,
    "entry_id": "e-hand",
    "commitment_id": "c-aaa",
    "status": "推进中",
    "percent": 40.0,
    "as_of": "2024-05-01",
    "entered_by": "张三",
    "entered_at": "2024-05-02T09:00:00+08:00",
    "source": "form",
}


@pytest.fixture
def project(tmp_path: Path, postgres_url: str, pg_schema: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose logs are still in JSONL, with logs.postgres_url naming the test server's fresh schema."""
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    cfg = make_project(tmp_path)
    with open(cfg, "a", encoding="utf-8") as f:
        f.write(f"\nlogs:\n  store: jsonl\n  postgres_url: {postgres_url}\n  postgres_schema: {pg_schema}\n")
    return cfg


def migrate(cfg: Path, *args: str) -> int:
    return tracker_main(["progress", "--config", str(cfg), *args])


def a_log_with_everything(path: Path) -> bytes:
    """Batches written by the program, and lines written by hand: another key order with an unknown key, ASCII
    escapes, a bad value, a batch cut short, a Windows line end; what the copy must keep as it is."""
    t0 = dt.datetime(2024, 6, 1, 9, tzinfo=dt.UTC)
    append_updates(path, [Update("c-aaa", "推进中", 40, dt.date(2024, 5, 1), "开工")], source="form", now=t0)
    batch = [
        Update(c, "滞后", 10, dt.date(2024, 5, 20), "资金未到位\ud800") for c in ("c-bbb", "c-ccc", "c-ddd")
    ]
    append_updates(path, batch, source="import", entered_by="督查室", import_sha256="ab" * 32, now=t0)
    hand = [
        json.dumps({"zz_later_key": 1, **{k: GOOD[k] for k in reversed(GOOD)}}, ensure_ascii=False),
        json.dumps({**GOOD, "entry_id": "e-ascii", "note": "进展"}),  # \u8fdb\u5c55
        json.dumps({**GOOD, "entry_id": "e-bad", "percent": "abc"}),
        json.dumps({**GOOD, "entry_id": "e-cut", "batch": "b-cut", "batch_size": 2}, ensure_ascii=False),
        json.dumps({**GOOD, "entry_id": "e-crlf"}, ensure_ascii=False) + "\r",
    ]
    with open(path, "ab") as f:
        f.write("".join(line + "\n" for line in hand).encode("utf-8"))
    append_updates(path, [Update("c-aaa", "推进中", 60, dt.date(2024, 6, 1))], source="cli", now=t0)
    return path.read_bytes()


def test_a_round_trip_through_postgres_gives_the_same_bytes(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = load_config(project)
    original = a_log_with_everything(config.progress_log_path)
    before = read_log(config.progress_log_path)
    assert [p.code for p in before.problems] == ["bad_field", "partial_batch"]
    assert migrate(project, "migrate", "--to", "postgres") == 0
    out = capsys.readouterr().out
    pg = postgres_log(config, "progress", ProgressEntry)
    assert f"已从 {config.progress_log_path} 向 {pg} 复制 10 条记录（8 批）" in out
    assert "目标中可读的记录：8 条；跳过的记录或批次：2 个" in out
    assert "logs.store: postgres" in out  # what to do next
    # every record as stored, in order; read back: the same entries and the same problems at the same places
    assert [r.text + "\n" for r in pg.raw_records().records] == original.decode("utf-8").splitlines(
        keepends=True
    )
    after = read_log(pg)
    assert after.entries == before.entries
    assert [(p.line, p.code) for p in after.problems] == [(p.line, p.code) for p in before.problems]
    # and back into a new file: byte for byte
    back = tmp_path / "back.jsonl"
    assert migrate(project, "--log", str(back), "migrate", "--to", "jsonl") == 0
    assert back.read_bytes() == original


def test_switching_the_store_is_a_config_change(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = load_config(project)
    a_log_with_everything(config.progress_log_path)
    assert migrate(project, "list") == 0
    in_file = capsys.readouterr().out
    assert migrate(project, "migrate", "--to", "postgres") == 0
    project.write_text(
        project.read_text(encoding="utf-8").replace("store: jsonl", "store: postgres"), encoding="utf-8"
    )
    capsys.readouterr()
    assert migrate(project, "list") == 0
    got = capsys.readouterr()
    assert got.out == in_file and in_file.count("\n") == 8
    assert f"{postgres_log(config, 'progress', ProgressEntry)} 第 7 行：字段 percent" in got.err  # by its seq
    config.progress_log_path.unlink()  # the command lines and the dashboard no longer read the file
    assert migrate(project, "list") == 0 and capsys.readouterr().out == in_file


def test_a_target_with_records_is_refused_unless_append_which_skips_batches_already_there(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = load_config(project)
    a_log_with_everything(config.progress_log_path)
    assert migrate(project, "migrate", "--to", "postgres") == 0
    capsys.readouterr()
    pg = postgres_log(config, "progress", ProgressEntry)
    stored = [r.text for r in pg.raw_records().records]
    assert migrate(project, "migrate", "--to", "postgres") == 2
    assert capsys.readouterr().err.strip() == (
        f"错误：{pg} 中已有 10 条记录，未复制任何内容；确需合并请加 --append（已有的批次会跳过）"
    )
    assert [r.text for r in pg.raw_records().records] == stored
    assert migrate(project, "migrate", "--to", "postgres", "--append") == 0
    assert "复制 0 条记录（0 批）；跳过了目标中已有的 10 条" in capsys.readouterr().out
    append_updates(
        config.progress_log_path, [Update("c-new", "推进中", 5, dt.date(2024, 6, 2))], source="cli"
    )
    assert migrate(project, "migrate", "--to", "postgres", "--append") == 0
    assert "复制 1 条记录（1 批）；跳过了目标中已有的 10 条" in capsys.readouterr().out
    assert [e["commitment_id"] for e in read_log(pg).entries][-1] == "c-new"
    # and the same refusal the other way, into a file that has entries
    assert migrate(project, "migrate", "--to", "jsonl") == 2
    assert f"{config.progress_log_path} 中已有 11 条记录" in capsys.readouterr().err


def test_lines_that_are_not_records_stop_the_copy_unless_skipped(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = load_config(project)
    log = config.progress_log_path
    append_updates(log, [Update("c-aaa", "推进中", 40, dt.date(2024, 5, 1))], source="form")
    with open(log, "ab") as f:
        f.write(b'{"v": 1, "entry_id": "x", "commitment_id": "c-a')  # a crash mid-write
    assert migrate(project, "migrate", "--to", "postgres") == 2
    assert capsys.readouterr().err.strip() == (
        f"错误：{log} 中有 1 行不是 JSON 记录（{log} 第 2 行：最后一行不完整（写入被中断？），已忽略），"
        "未复制任何内容；请修正这些行，或加 --skip-bad 跳过它们"
    )
    pg = postgres_log(config, "progress", ProgressEntry)
    assert pg.raw_records().records == []
    assert migrate(project, "migrate", "--to", "postgres", "--skip-bad") == 0
    got = capsys.readouterr()
    assert "复制 1 条记录（1 批）；跳过了 1 行无法读取的行" in got.out
    assert f"警告：{log} 第 2 行：最后一行不完整" in got.err
    assert len(read_log(pg).entries) == 1


def test_the_review_log_moves_to_postgres_and_back_and_the_build_reads_it_there(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.review_fixtures import REVIEWER_PASSWORD, TASK_HONGSHAN, reviewer
    from tracker.build import run_build
    from tracker.review.log import ReviewEntry

    config = load_config(project)
    run_build(config)
    reviewer(project, "张三")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRACKER_PASSWORD", REVIEWER_PASSWORD)
        assert (
            tracker_main(["review", "--config", str(project), "confirm", TASK_HONGSHAN, "--user", "张三"])
            == 0
        )
    original = config.review_log_path.read_bytes()
    assert tracker_main(["review", "--config", str(project), "migrate", "--to", "postgres"]) == 0
    assert "已从" in capsys.readouterr().out
    pg = postgres_log(config, "review", ReviewEntry)
    assert [(e.commitment_id, e.action, e.entered_by) for e in pg.read().entries] == [
        (TASK_HONGSHAN, "confirm", "张三")
    ]
    # the store switched: the build applies the decision from PostgreSQL, the file no longer matters
    project.write_text(
        project.read_text(encoding="utf-8").replace("store: jsonl", "store: postgres"), "utf-8"
    )
    config.review_log_path.unlink()
    config = load_config(project)
    config.database_path.unlink()
    run_build(config)
    from tracker.store.db import connect_readonly

    con = connect_readonly(config.database_path)
    try:
        state = con.execute(
            "SELECT review_state FROM commitments WHERE commitment_id = ?", [TASK_HONGSHAN]
        ).fetchone()
    finally:
        con.close()
    assert state == ("confirmed",)
    back = tmp_path / "review-back.jsonl"
    assert (
        tracker_main(["review", "--config", str(project), "migrate", "--to", "jsonl", "--log", str(back)])
        == 0
    )
    assert back.read_bytes() == original
