"""Every dashboard page under streamlit.testing.v1.AppTest: seed data, language switch, filters and the URL,
empty data, HTML escaping, first-start build and background rebuilds (success and failure)."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from tests.conftest import SHIPPED_CONFIG
from tests.dashboard_fixtures import write_config, write_empty_db, write_synthetic_db
from tracker import app as ui
from tracker.config import load_config
from tracker.store import queries as q
from tracker.store.db import connect_readonly

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["overview", "departments", "towns", "commitments", "meetings", "figures"]
TOWNS = [t.name for t in load_config(SHIPPED_CONFIG).towns]
NEW_REPORT = "舞钢市召开安全生产工作会议\n\n2月26日，舞钢市召开2024年安全生产工作会议。会议提出三点要求：一要压实安全责任；二要开展隐患排查；三要强化应急值守。\n"


def make_app(config: Path, monkeypatch: pytest.MonkeyPatch, today: str = "2024-03-01") -> AppTest:
    monkeypatch.setenv(ui.CONFIG_ENV, str(config))
    monkeypatch.setenv(ui.TODAY_ENV, today)
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)


def fixed_app(folder: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app on a prepared database file that must not be rebuilt (its config lists no sources)."""
    monkeypatch.setenv(ui.AUTO_REBUILD_ENV, "0")
    # the synthetic meetings are of March and April 2024: on this day both are known
    return make_app(write_config(folder, db, SHIPPED_CONFIG), monkeypatch, today="2024-05-01")


def goto(at: AppTest, page: str) -> AppTest:
    """Run the app on one page."""
    return at.switch_page(f"pages/{page}.py").run()


def ok(at: AppTest) -> None:
    """No exception and no error box."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def charts(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def html_bodies(at: AppTest) -> str:
    return "\n".join(el.proto.body for el in at.get("html"))


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.fixture
def seed_config(seed_db: Path) -> Path:
    return seed_db.parents[1] / "config.yaml"


@pytest.fixture(scope="module")
def seed_counts(seed_db: Path) -> dict[str, int]:
    con = connect_readonly(seed_db)
    try:
        return {
            "commitments": len(q.commitments(con)),
            "figures": len(q.figures(con)),
            "meetings": len(q.meetings(con)),
            "spring": len(
                q.commitments(
                    con,
                    q.Filters(
                        meeting_ids=tuple(q.meetings(con).query("title == '春季开学工作会'")["meeting_id"])
                    ),
                )
            ),
        }
    finally:
        con.close()


# ---------------------------------------------------------------- seed data


def test_every_page_runs_and_shows_its_key_elements(
    seed_config: Path, seed_counts: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = make_app(seed_config, monkeypatch).run()
    ok(at)
    assert at.title[0].value == "舞钢市工作推进看板"
    assert metric(at, "事项") == str(seed_counts["commitments"])
    assert metric(at, "会议与文件") == str(seed_counts["meetings"])
    assert metric(at, "数据指标") == str(seed_counts["figures"])
    overview_titles = [c["layout"]["title"]["text"] for c in charts(at)]
    assert overview_titles == ["事项状态分布", "各次会议的事项数"]
    assert "截至2024年3月1日" in charts(at)[0]["layout"]["title"]["subtitle"]["text"]
    assert any("未填报" in c.value for c in at.caption)  # says plainly that nobody reported progress yet

    for page in PAGES[1:]:
        goto(at, page)
        ok(at)
        assert at.multiselect(key=ui.KEY_MEETING).options, page  # the shared sidebar is on every page
        assert at.toggle(key=ui.KEY_LANG) is not None

    goto(at, "towns")
    (bars, heat) = charts(at)
    assert sorted({y for tr in bars["data"] for y in tr["y"]}) == sorted(TOWNS)  # all 14, blanks included
    assert heat["data"][0]["type"] == "heatmap" and heat["data"][0]["x"][: len(TOWNS)] == TOWNS
    assert any("暂无事项" in c.value for c in at.caption)

    goto(at, "departments")
    bars = charts(at)[0]
    assert "教育体育局" in {y for tr in bars["data"] for y in tr["y"]}

    goto(at, "commitments")
    assert len(at.dataframe[0].value) == seed_counts["commitments"]
    assert "原文" in at.dataframe[0].value.columns

    goto(at, "meetings")
    assert len(at.selectbox(key=ui.MEETING_KEY).options) == seed_counts["meetings"]
    body = html_bodies(at)
    assert body.count('class="hl hl-commitment') > 0 and 'href="#row-' in body and 'id="row-' in body

    goto(at, "figures")
    panels = [a["text"] for a in charts(at)[0]["layout"]["annotations"]]
    assert panels and all(t.startswith("以“") for t in panels)  # one axis per measure word
    assert sum(len(df.value) for df in at.dataframe) == seed_counts["figures"]
    # grouped by theme by default: one table per article headline
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert any("线上线下齐发力 群众就业更稳定 (11)" in h for h in headings)


def test_language_switch_changes_labels_but_not_quotes(
    seed_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = make_app(seed_config, monkeypatch).run()
    assert at.selectbox(key=ui.KEY_PERIOD).label == "时间段"
    at.toggle(key=ui.KEY_LANG).set_value(True).run()
    ok(at)
    assert at.title[0].value == "舞钢市 work tracker"
    assert at.selectbox(key=ui.KEY_PERIOD).label == "Period"
    assert [m.label for m in at.metric][:2] == ["Meetings and documents", "Commitments"]
    assert charts(at)[0]["layout"]["title"]["text"] == "Commitments by status"
    goto(at, "commitments")
    table = at.dataframe[0].value
    assert "Quote (original)" in table.columns
    assert table["Quote (original)"].str.contains("[\u4e00-\u9fff]").all()  # quotes stay Chinese
    assert set(table["Status"]) == {"No report yet"}
    at.toggle(key=ui.KEY_LANG).set_value(False).run()
    assert at.title[0].value == "事项"


def test_english_from_the_config(seed_config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = yaml.safe_load(seed_config.read_text(encoding="utf-8"))
    data["language"] = "en"
    data["database"] = str(load_config(seed_config).database_path)
    data["sources"] = [{**s, "path": str(seed_config.parent / s["path"])} for s in data["sources"]]
    data["allowed_folders"] = [str(seed_config.parent)]  # the seed build lives in another temporary folder
    cfg = tmp_path / "config.yaml"
    cfg.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    at = make_app(cfg, monkeypatch).run()
    ok(at)
    assert at.title[0].value == "舞钢市 work tracker"


def test_filters_persist_across_pages_and_change_every_view(
    seed_config: Path, seed_counts: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = make_app(seed_config, monkeypatch).run()
    meeting = at.multiselect(key=ui.KEY_MEETING)
    spring = next(o for o in meeting.options if "春季开学工作会" in o)
    meeting.select(spring).run()
    ok(at)
    assert metric(at, "事项") == str(seed_counts["spring"])
    assert metric(at, "会议与文件") == "1"
    assert charts(at)[0]["data"][0]["y"] == [seed_counts["spring"]]
    assert "2024年2月21日会议" in charts(at)[0]["layout"]["title"]["subtitle"]["text"]
    chosen = at.multiselect(key=ui.KEY_MEETING).value
    assert len(chosen) == 1
    goto(at, "commitments")
    assert at.multiselect(key=ui.KEY_MEETING).value == chosen  # still selected on another page
    assert len(at.dataframe[0].value) == seed_counts["spring"]
    goto(at, "towns")
    bars = charts(at)[0]
    assert sum(x for tr in bars["data"] for x in tr["x"]) == 0  # 春季开学工作会 assigns nothing to towns
    assert sorted({y for tr in bars["data"] for y in tr["y"]}) == sorted(TOWNS)  # ... and all 14 still show
    goto(at, "figures")
    assert any("没有数据指标" in i.value for i in at.info)


def test_filters_come_from_the_url(seed_config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = make_app(seed_config, monkeypatch)
    at.query_params["status"] = "已完成"
    at.run()
    ok(at)
    assert at.multiselect(key=ui.KEY_STATUS).value == ["已完成"]
    assert metric(at, "事项") == "0"
    goto(at, "commitments")
    assert any(i.value == "没有符合条件的事项。" for i in at.info)

    # a link made in English carries the language and English option labels
    en = make_app(seed_config, monkeypatch)
    en.query_params["en"] = "true"
    en.query_params["status"] = "No report yet"
    en.query_params["period"] = "Feb 2024"
    en.run()
    ok(en)
    assert en.title[0].value == "舞钢市 work tracker"
    assert en.multiselect(key=ui.KEY_STATUS).value == ["未填报"]
    assert en.selectbox(key=ui.KEY_PERIOD).value == "2024-02"
    assert metric(en, "Commitments") != "0"


def test_picking_a_unit_lists_its_commitments(seed_config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = make_app(seed_config, monkeypatch).run()
    goto(at, "towns")
    at.selectbox(key="pick_town").select("红山街道").run()
    ok(at)
    assert at.subheader[0].value == "红山街道的事项"
    listed = at.dataframe[0].value
    assert len(listed) >= 1 and set(listed["单位"]) == {"红山街道"}
    at.selectbox(key="pick_town").select("八台镇").run()
    assert any("八台镇在当前筛选下没有事项" in i.value for i in at.info)


def test_chart_click_callback_picks_the_unit() -> None:
    state: dict[str, object] = {
        "units-town": {"selection": {"points": [{"y": "尚店镇", "customdata": "尚店镇"}]}}
    }
    at = AppTest.from_function(_pick_script, args=(state,), default_timeout=30).run()
    assert at.session_state["pick_town"] == "尚店镇"


def _pick_script(state: dict[str, object]) -> None:
    import streamlit as st

    from tracker import app as ui_

    for k, v in state.items():
        st.session_state[k] = v
    ui_.pick_from_chart("units-town", "pick_town")()


# ---------------------------------------------------------------- synthetic and empty data


def test_empty_database_shows_empty_states_on_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = fixed_app(tmp_path, write_empty_db(tmp_path / "empty.duckdb"), monkeypatch).run()
    ok(at)
    assert any("还没有任何会议或事项" in i.value for i in at.info)
    assert metric(at, "事项") == "0"
    goto(at, "towns")
    ok(at)
    bars = charts(at)[0]
    assert sorted({y for tr in bars["data"] for y in tr["y"]}) == sorted(TOWNS)
    for page, text in (
        ("commitments", "没有符合条件的事项"),
        ("meetings", "当前筛选下没有会议"),
        ("figures", "没有数据指标"),
    ):
        goto(at, page)
        ok(at)
        assert any(text in i.value for i in at.info), page
    goto(at, "departments")
    ok(at)


def test_meeting_page_escapes_source_html_and_marks_the_focus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = fixed_app(tmp_path, write_synthetic_db(tmp_path / "syn.duckdb"), monkeypatch).run()
    goto(at, "meetings")
    at.selectbox(key=ui.MEETING_KEY).select("m1").run()
    ok(at)
    body = html_bodies(at)
    assert "&lt;b&gt;不加粗&lt;/b&gt;&amp;amp;" in body and "<b>不加粗" not in body
    assert "测试要求乙&lt;b&gt;" in body  # the tree escapes titles too
    assert " focus" not in body
    goto(at, "commitments")
    at.session_state[ui.FOCUS_KEY] = "c-task1"
    at.session_state[ui.MEETING_KEY] = "m1"
    goto(at, "meetings")
    assert html_bodies(at).count(" focus") >= 1


# ---------------------------------------------------------------- building and rebuilding


def _project(folder: Path) -> Path:
    from tests.conftest import make_project

    return make_project(folder)


def _join_build(config: Path) -> ui.Builder:
    builder = ui.builder_for(load_config(config))
    if builder.thread is not None:
        builder.thread.join(timeout=120)
    return builder


def test_first_start_builds_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _project(tmp_path)
    db = load_config(config).database_path
    assert not db.exists()
    at = make_app(config, monkeypatch).run()
    ok(at)
    assert db.exists()
    assert metric(at, "会议与文件") == "4"


def test_config_change_rebuilds_in_background_and_a_failed_rebuild_keeps_the_old_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.build

    config = _project(tmp_path)
    at = make_app(config, monkeypatch).run()
    assert metric(at, "会议与文件") == "4"

    # adding a meeting is a config edit: a source file plus a few lines of YAML
    (tmp_path / "data" / "sources" / "extra.txt").write_text(NEW_REPORT, encoding="utf-8")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["sources"].append({"id": "extra", "path": "data/sources/extra.txt", "year": 2024})
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    gate = threading.Event()
    real_build: Callable[..., Path] = tracker.build.run_build

    def gated_build(*args: object, **kwargs: object) -> Path:
        assert gate.wait(timeout=60)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(tracker.build, "run_build", gated_build)
    at.run()  # notices the change, starts the rebuild, shows progress and the old data meanwhile
    ok(at)
    assert at.get("progress"), "a visible progress indicator while rebuilding"
    assert metric(at, "会议与文件") == "4"
    gate.set()
    builder = _join_build(config)
    assert builder.error is None
    at.run()
    ok(at)
    assert metric(at, "会议与文件") == "5"
    assert not at.get("progress")

    # a rebuild that fails shows why and keeps the previous data
    data["sources"].append({"id": "missing", "path": "data/sources/missing.txt"})
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    at.run()
    _join_build(config)
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert (
        len(errors) == 1 and "data\\/sources\\/missing\\.txt" in errors[0] and "仍显示上一版数据" in errors[0]
    )
    assert metric(at, "会议与文件") == "5"

    # a config that does not parse: the error names the file, the last good config and data stay
    config.write_text("city: [unclosed\n", encoding="utf-8")
    at.run()
    assert not at.exception
    assert any("config\\.yaml" in e.value and "配置文件有误" in e.value for e in at.error)
    assert metric(at, "会议与文件") == "5"


def test_a_replaced_database_file_is_reopened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = write_empty_db(tmp_path / "swap.duckdb")
    at = fixed_app(tmp_path, db, monkeypatch).run()
    assert metric(at, "事项") == "0"
    staged = write_synthetic_db(tmp_path / "staged.duckdb")
    shutil.move(staged, db)  # what an atomic build does: a new file under the same name
    at.run()
    ok(at)
    assert metric(at, "事项") == "7"


def _call_script(db: str) -> None:
    from pathlib import Path

    import streamlit as st

    from tests import dashboard_fixtures
    from tracker import app as ui_
    from tracker.config import Config
    from tracker.store import queries as q_

    ctx = ui_.PageContext(Config(), "zh", q_.Filters(), ui_.today(), ui_.file_key(Path(db)), None)
    st.write(
        ctx.call(dashboard_fixtures.count_rows, "commitments"),
        ctx.call(dashboard_fixtures.count_rows, "commitments"),
    )


def test_context_call_caches_other_modules_computations(tmp_path: Path) -> None:
    from tests import dashboard_fixtures

    db = write_synthetic_db(tmp_path / "call.duckdb")
    dashboard_fixtures.CALLS.clear()
    at = AppTest.from_function(_call_script, args=(str(db),), default_timeout=60).run()
    assert not at.exception
    at.run()
    assert at.markdown[0].value == "`7` `7`"
    assert dashboard_fixtures.CALLS == ["commitments"]  # once for two calls and two runs
