"""End to end on the real seed build: form, CLI and CSV import reach commitment_status; rebuilds keep them.
The tests taking `store` run with the logs in a JSONL file and in PostgreSQL (`logs.store` in config.yaml)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from tests.auth_fixtures import ACCOUNTS, write_accounts
from tests.conftest import SHIPPED_CONFIG, run_main
from tests.log_stores import Store
from tracker.build import run_build
from tracker.cli import main as tracker_main
from tracker.config import Config, load_config
from tracker.progress.log import open_progress_log, read_log
from tracker.progress.status import commitment_status
from tracker.store.db import connect_readonly, query_df

ROOT = Path(__file__).resolve().parent.parent
# A synthetic later report (sample text written for this test, not a real article) on two February commitments.
LATER_REPORT = """舞钢市召开上半年重点工作推进会

本报讯 6月28日，舞钢市召开2024年上半年重点工作推进会，通报各乡镇（街道）重点工作进展。

会上通报，红山街道楼宇沟民宿项目已建成运营，累计接待游客3万余人次。

朱兰街道邻里中心已完成主体建设，将于年底前投入使用。
"""


def _status(config: Config, today: dt.date | None = None) -> pd.DataFrame:
    con = connect_readonly(config.database_path)
    try:
        return commitment_status(con, config, as_of=today).set_index("commitment_id")
    finally:
        con.close()


def _task_of(status: pd.DataFrame, unit: str, kind: str = "task") -> str:
    rows = status[(status["unit_name"] == unit) & (status["kind"] == kind)]
    assert len(rows) >= 1, f"no {kind} for {unit} in the seed build"
    return str(rows.index[0])


def _form_app(config_path: str, commitment_id: str) -> None:
    import datetime as dt

    from tracker.app.progress import update_form
    from tracker.auth import User, resolve_unit_ids
    from tracker.config import load_config
    from tracker.store.db import connect_readonly

    cfg = load_config(config_path)
    con = connect_readonly(cfg.database_path)
    editor = User("hs", "红山街道办", "editor", ("红山街道",), "local", resolve_unit_ids(con, ["红山街道"]))
    update_form(con, cfg, commitment_id, today=dt.date(2024, 7, 1), user=editor)


@pytest.fixture
def project(built_project: Path) -> Path:
    """Every test here starts from the built seed project (a copy); the config path."""
    return built_project


@pytest.fixture
def built(project: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    cfg = load_config(project, must_exist=True)
    write_accounts(cfg.users_file_path, only=("admin",))  # the CLI writes as a signed-in account
    monkeypatch.setenv("TRACKER_PASSWORD", ACCOUNTS["admin"][2])
    return cfg


@pytest.fixture
def built_in(project: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> Config:
    """The built seed project with its logs in `store` (the `logs:` keys of config.yaml) and an admin account
    for the CLI."""
    with open(project, "a", encoding="utf-8") as f:
        f.write("\n" + store.config_lines())
    cfg = load_config(project, must_exist=True)
    assert cfg.logs.store == store.kind
    run_build(cfg)
    write_accounts(cfg.users_file_path, only=("admin",))  # the CLI writes as a signed-in account
    monkeypatch.setenv("TRACKER_PASSWORD", ACCOUNTS["admin"][2])
    return cfg


def test_form_cli_and_import_all_reach_status_and_survive_rebuilds(
    built_in: Config, project: Path, store: Store
) -> None:
    cfg = built_in
    before = _status(cfg)
    assert set(before["status"]) == {"未填报"}  # real data only: nothing invented before anyone reports
    hs, zl = _task_of(before, "红山街道"), _task_of(before, "朱兰街道")
    sd = _task_of(before, "尚店镇", "request")
    edu = _task_of(before, "教育体育局")

    # 1. the dashboard form
    at = AppTest.from_function(
        _form_app, kwargs={"config_path": str(project), "commitment_id": hs}, default_timeout=30
    )
    at.run()
    assert not at.exception
    assert any(
        "楼宇沟" in m.value or "集体智慧" in m.value for m in at.html
    )  # the quote is shown (plain HTML)
    at.selectbox(key="progress_form_status").set_value("推进中")
    at.number_input(key="progress_form_percent").set_value(40.0)
    at.date_input(key="progress_form_as_of").set_value(dt.date(2024, 6, 1))
    at.text_area(key="progress_form_note").input("民宿二期开工")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert at.success and "40" in at.success[0].value
    # 2. the CLI
    rc = tracker_main(
        ["progress", "--config", str(project), "add", edu, "--status", "推进中", "--percent", "20"]
        + ["--as-of", "2024-05-01", "--note", "遍访调研过半", "--user", "admin"]
    )
    assert rc == 0
    # 3. a CSV import through the CLI
    csv_file = project.parent / "updates.csv"
    csv_file.write_text(
        f"commitment_id,status,percent,as_of,note\n{sd},滞后,10,2024-06-15,资金未到位\n{zl},推进中,60,2024-06-20,\n",
        encoding="utf-8",
    )
    assert (
        tracker_main(["progress", "--config", str(project), "import", str(csv_file), "--user", "admin"]) == 0
    )

    expected = {
        hs: ("推进中", 40.0, "form"),
        edu: ("推进中", 20.0, "cli"),
        sd: ("滞后", 10.0, "import"),
        zl: ("推进中", 60.0, "import"),
    }

    def check(status: pd.DataFrame) -> None:
        for cid, (st_, pct, _src) in expected.items():
            assert (status.loc[cid, "status"], status.loc[cid, "percent"]) == (st_, pct), cid
        assert status.loc[sd, "colour"] == "red"  # 滞后

    check(_status(cfg))
    assert {e["commitment_id"]: e["source"] for e in read_log(open_progress_log(cfg)).entries} == {
        c: v[2] for c, v in expected.items()
    }
    assert cfg.progress_log_path.exists() == (store.kind == "jsonl")  # PostgreSQL: no file written
    assert store.kind == "jsonl" or len(store.stored()) == 4  # …but four rows in its table

    # rebuild after deleting the database: every update stays attached to the same commitment
    cfg.database_path.unlink()
    run_build(cfg)
    check(_status(cfg))

    # add a later meeting to the config: ids stay, updates stay, and the later report becomes evidence
    src = project.parent / "data" / "sources" / "later_2024-06-28.txt"
    src.write_text(LATER_REPORT, encoding="utf-8")
    data = yaml.safe_load(project.read_text(encoding="utf-8"))
    data["sources"].append({"id": "later-2024-06", "path": "data/sources/later_2024-06-28.txt", "year": 2024})
    project.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cfg2 = load_config(project, must_exist=True)
    run_build(cfg2)
    after = _status(cfg2)
    assert set(before.index) <= set(after.index)
    check(after)
    assert after.loc[hs, "evidence_count"] >= 1 and after.loc[zl, "evidence_count"] >= 1
    con = connect_readonly(cfg2.database_path)
    try:
        ev = query_df(con, "SELECT * FROM evidence WHERE commitment_id = ? AND kind <> 'hint'", [hs])
    finally:
        con.close()
    assert set(ev["source"]) == {"report"} and ev["date"].iloc[0].date() == dt.date(2024, 6, 28)
    assert "楼宇沟民宿" in ev["quote"].iloc[0] and ev["kind"].iloc[0] in ("figure", "completion")
    # the official status is untouched by report evidence
    assert after.loc[hs, "status"] == "推进中"


def test_cli_rejects_a_bad_file_with_exit_2_and_writes_nothing(built: Config, project: Path) -> None:
    ids = list(_status(built).index)
    bad = project.parent / "bad.csv"
    bad.write_text(
        f"commitment_id,status,percent,as_of,note\n{ids[0]},推进中,50,2024-06-01,ok\n"
        f"{ids[1]},差不多,50,2024-06-01,bad status\nc-nope,推进中,50,2024-06-01,bad id\n",
        encoding="utf-8",
    )
    run = run_main(
        tracker_main,
        "progress",
        "--config",
        str(project),
        "import",
        str(bad),
        "--user",
        "admin",
        cwd=project.parent,
    )
    assert run.returncode == 2
    assert "第 3 行，“status”列" in run.stderr and "第 4 行，“commitment_id”列" in run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith("错误：") and "整个文件都未写入" in run.stderr
    assert "Traceback" not in run.stderr
    assert not built.progress_log_path.exists()


def test_template_and_follow_up_from_the_cli(
    built: Config, project: Path, capsys: pytest.CaptureFixture
) -> None:
    out = project.parent / "t.xlsx"
    assert tracker_main(["progress", "--config", str(project), "template", "--out", str(out)]) == 0
    frame = pd.read_excel(out, sheet_name="进展填报")
    status = _status(built)
    assert len(frame) == len(status) and frame["状态"].isna().all()
    # each item carries its due date and where it comes from (the seed states none: all are the default rule)
    assert frame["完成时限"].notna().sum() == status["due_date"].notna().sum() > 0
    assert set(frame["时限来源"].dropna()) == {"默认：年底"}
    fu = project.parent / "f.csv"
    assert (
        tracker_main(
            ["progress", "--config", str(project), "follow-up", "--unit", "红山街道", "--out", str(fu)]
        )
        == 0
    )
    table = pd.read_csv(fu, encoding="utf-8-sig")
    assert set(table["责任单位"]) == {"红山街道"} and len(table) >= 1
    assert (
        tracker_main(["progress", "--config", str(project), "follow-up", "--unit", "火星", "--out", str(fu)])
        == 2
    )
    assert "这个单位没有事项" in capsys.readouterr().err


def _dashboard(project: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("TRACKER_CONFIG", str(project))
    monkeypatch.setenv("TRACKER_TODAY", "2024-07-01")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def _tables(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def test_dashboard_shows_logged_status_and_colour_without_a_rebuild(
    built_in: Config, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = built_in
    at = _dashboard(project, monkeypatch)
    at.switch_page("pages/commitments.py").run()
    (table,) = [t for t in _tables(at) if "状态" in t.columns]
    assert set(table["状态"]) == {"未填报"}  # the default dashboard invents no progress
    hs = _task_of(_status(built), "红山街道")
    from tracker.progress.log import Update, append_updates

    append_updates(open_progress_log(built), [Update(hs, "滞后", 10, dt.date(2024, 6, 1))], source="form")
    at.switch_page("pages/commitments.py").run()
    assert not at.exception
    (table,) = [t for t in _tables(at) if "状态" in t.columns]
    late = table[table["状态"] == "滞后"]
    assert (
        len(late) == 1 and late["预警"].iloc[0] == "● 红灯"
    )  # plain text, coloured by CSS: no emoji font needed
    at.switch_page("pages/towns.py").run()
    assert not at.exception
    (ranking,) = [t for t in _tables(at) if "名次" in t.columns]  # the unit ranking: only units that reported
    assert list(ranking["单位"]) == ["红山街道"] and list(ranking["名次"]) == ["1"]
    at.switch_page("pages/departments.py").run()
    assert not at.exception
    assert not any("名次" in t.columns for t in _tables(at))  # no department has reported: nobody is ranked
    assert any("尚未填报的单位" in m.value for m in at.markdown)
    at.switch_page("pages/overview.py").run()
    follow = [t for t in _tables(at) if "原因" in t.columns]
    assert follow and "红山街道" in set(follow[0]["单位"])


def test_the_dashboard_says_when_the_log_database_cannot_be_reached(
    built: Config, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.pg_server import _free_port

    url = f"postgresql://tracker@127.0.0.1:{_free_port()}/tracker"  # nothing listens there
    with open(project, "a", encoding="utf-8") as f:
        f.write(f"\nlogs:\n  store: postgres\n  postgres_url: {url}\n")
    at = _dashboard(project, monkeypatch)  # no exception, no traceback
    shown = [re.sub(r"\\(.)", r"\1", e.value).replace("\u2060", "") for e in at.error]  # Markdown escapes off
    assert shown == [
        f"{url} [tracker.records: progress]：无法连接日志数据库（服务器拒绝连接：没有运行，或主机、端口不对）；"
        "未读写任何记录。请检查 logs.postgres_url、服务器是否在运行，以及密码（环境变量 PGPASSWORD 或 ~/.pgpass 文件）"
    ]


def test_no_sample_progress_ships_with_the_repo() -> None:
    """The repository ships no progress log; an office's own (real) log may be committed, never sample data."""
    cfg = load_config(SHIPPED_CONFIG)
    assert cfg.progress.log == Path("data/progress.jsonl")
    tracked = subprocess.run(
        ["git", "ls-files", "data"], capture_output=True, text=True, cwd=ROOT
    ).stdout.split()
    for path in (p for p in tracked if p.endswith(".jsonl")):
        for e in read_log(ROOT / path).entries:
            words = f"{e.get('note')} {e.get('entered_by')}".lower()
            assert not any(w in words for w in ("sample", "样例", "示例", "测试")), (path, e["entry_id"])
