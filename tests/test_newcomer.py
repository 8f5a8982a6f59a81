"""A newcomer's rough edges, each checked where a new user meets it: summaries that repeat measure words, a build
that says nothing changed, a config slip named at its line, English left in the Chinese dashboard, charts whose
labels collide or go missing, a PDF pack counted in slides, files git should not see, the port, a duplicated item.
Every project here is a copy in a temporary folder."""

from __future__ import annotations

import ast
import datetime as dt
import io
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, make_project
from tests.extract_helpers import run
from tracker.build import add as add_mod
from tracker.build import run_build
from tracker.cli import main as tracker_main
from tracker.cli.extract import main as extract_main
from tracker.config import ConfigError, load_config
from tracker.i18n import localize
from tracker.progress.log import Update, append_updates, open_progress_log
from tracker.reports import brief, charts
from tracker.store.db import connect_readonly


def test_add_summaries_show_each_figure_as_the_report_wrote_it(seed_db: Path) -> None:
    found = add_mod.findings(seed_db, "wugang-2024-02")
    assert "14个" in found.figures and "近40家次" in found.figures and "4万多人" in found.figures
    assert not [f for f in found.figures if f.endswith(("个个", "人人", "家次家次", "亩亩"))]
    assert add_mod.figure_words("不少于10场", 10.0, "场") == "不少于10场"
    assert add_mod.figure_words(None, 12.0, "个") == "12个"


def test_bu_shao_yu_means_at_least() -> None:
    ex = run("示例县召开会议。会议要求，全年开展宣讲不少于10场，培训超过200人次。")
    got = {f["number_text"]: f["qualifier"] for f in ex.figures}
    assert got["不少于10场"] == "以上" and got["超过200人次"] == "超过"


def test_a_build_with_nothing_changed_says_the_database_is_up_to_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = make_project(tmp_path)
    assert extract_main(["--config", str(config)]) == 0
    first = capsys.readouterr().out
    assert first.startswith("已写入 ")
    assert extract_main(["--config", str(config)]) == 0
    again = capsys.readouterr().out
    db = tmp_path / "data" / "tracker.duckdb"
    assert again == f"{db} 已是最新（配置和报告都没有变化），未重建；要重新提取请加 --force\n"
    assert extract_main(["--config", str(config), "--force"]) == 0
    assert capsys.readouterr().out.startswith(f"已写入 {db}：")


def test_a_missing_colon_is_named_at_its_line(tmp_path: Path) -> None:
    path = make_project(tmp_path)  # a copy of the shipped config
    text = path.read_text(encoding="utf-8").splitlines()
    assert text[3] == "city: 舞钢市"  # line 4 of the shipped config
    text[3] = "city 舞钢市"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(path, must_exist=True)
    zh = localize(e.value.args[0] if e.value.args else e.value, "zh")
    assert zh.startswith(f"{path}：第 4 行第 1 列：YAML 格式错误（可能缺少冒号）。请检查第 4 行："), zh
    en = localize(e.value.args[0] if e.value.args else e.value, "en")
    assert "line 4, column 1" in en and "probably a missing colon" in en and "缺少" not in en


def _calls(folder: Path, names: set[str]) -> list[tuple[str, int, ast.Call]]:
    out = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in names
            ):
                out.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.lineno, node))
    return out


def test_every_picker_has_its_own_placeholder_and_uploads_go_through_ours() -> None:
    """Without placeholder=, Streamlit shows 'Choose an option' in the Chinese dashboard."""
    pickers = _calls(ROOT / "tracker" / "app", {"selectbox", "multiselect"}) + _calls(
        ROOT / "pages", {"selectbox", "multiselect"}
    )
    assert len(pickers) > 15
    missing = [where for where, _, call in pickers if not any(k.arg == "placeholder" for k in call.keywords)]
    assert missing == []
    uploads = [
        w
        for w, _, _ in _calls(ROOT / "tracker" / "app", {"file_uploader"})
        + _calls(ROOT / "pages", {"file_uploader"})
    ]
    assert uploads == [w for w in uploads if w.startswith("tracker/app/uploader.py")] and uploads


def test_the_upload_box_speaks_chinese() -> None:
    from tracker.app.uploader import uploader_css

    css = uploader_css("zh")
    assert '[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }' in css
    assert 'content: "选择文件"' in css and uploader_css("en") == ""
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        from tracker.app.uploader import file_uploader

        file_uploader("上传", ["docx", "pdf", "html", "htm", "txt"], "zh", key="f")

    at = AppTest.from_function(page).run()
    assert [c.value for c in at.caption] == [
        "可把文件拖到上面的框里，或点“选择文件”；每个文件不超过 200MB，格式：DOCX、HTML、PDF、TXT"
    ]


def test_progress_list_speaks_the_configured_language(
    seed_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = make_project(tmp_path)
    text = config.read_text(encoding="utf-8").replace("language: zh", "language: en", 1)
    config.write_text(text, encoding="utf-8")
    cfg = load_config(config, must_exist=True)
    con = connect_readonly(run_build(cfg))
    try:
        cid = con.execute("SELECT min(commitment_id) FROM commitments").fetchone()[0]
    finally:
        con.close()
    log = open_progress_log(cfg)
    append_updates(
        log, [Update(commitment_id=cid, status="推进中", percent=40, as_of=dt.date(2024, 3, 1))], source="cli"
    )
    assert tracker_main(["progress", "--config", str(config), "list"]) == 0
    out = capsys.readouterr().out
    assert "In progress 40%" in out and "推进中" not in out


def test_the_figures_chart_keeps_its_subtitle_clear_of_the_first_panel() -> None:
    frame = pd.DataFrame(
        {
            "figure_id": ["a", "b", "c"],
            "label": ["企业", "岗位", "群众"],
            "value": [8.0, 55.0, 40000.0],
            "measure": ["家", "个", "人"],
            "number_text": ["8家", "55个", "4万多人"],
            "quote": ["q"] * 3,
            "group": ["g"] * 3,
        }
    )
    fig = charts.figures_chart(frame, "报道中的数字指标 · 2024年2月20日—23日", "zh")
    height = fig.layout.height
    title_top = (1 - fig.layout.title.y) * height  # px from the top of the figure
    assert fig.layout.title.yref == "container" and fig.layout.title.yanchor == "top"
    # title (about 22 px) and subtitle (about 18 px) end above where the first panel's title starts
    assert fig.layout.margin.t - title_top - 22 - 18 >= 30


def test_a_unit_chart_names_every_bar_in_the_pack() -> None:
    units = [f"测试{i:02d}局" for i in range(21)]
    counts = pd.DataFrame({"unit_name": units, "status": ["未填报"] * 21, "n": list(range(21, 0, -1))})
    fig = charts.unit_status_bar(counts, "各单位承担事项 · 2024年", "zh")
    assert list(fig.layout.yaxis.tickvals) == sorted(
        units, key=lambda u: -int(counts.set_index("unit_name").n[u])
    )
    slide = brief.for_slide(fig)
    assert len(slide.layout.yaxis.tickvals) == 21 and slide.layout.yaxis.tickfont.size <= 14


def test_a_pdf_pack_reports_its_pages(
    seed_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(seed_db.parent.parent / "config.yaml")
    out = tmp_path / "x.pdf"
    args = ["brief", "--out", str(out), "--config", config, "--chart", "status", "--as-of", "2024-06-01"]
    assert tracker_main(args) == 0
    pages = len(PdfReader(io.BytesIO(out.read_bytes())).pages)
    said = capsys.readouterr().out
    assert said.startswith(f"已写入 {out}（{pages}页，1张图表，") and "幻灯片" not in said
    assert brief.pdf_page_count(out.read_bytes()) == pages


def test_files_written_beside_the_config_are_ignored_by_git() -> None:
    for name in (".config.yaml.lock", "config.yaml.bak"):
        got = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT, check=False)
        assert got.returncode == 0, name


def test_the_readme_says_how_to_choose_the_port() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "another port: `scripts/start.sh\n--server.port 8600`" in readme


def test_an_item_of_a_list_is_not_repeated_as_a_task_of_a_unit_it_does_not_name(seed_db: Path) -> None:
    con = connect_readonly(seed_db)
    try:
        rows = con.execute(
            "SELECT c.char_start, c.char_end, c.quote, u.name FROM commitments c "
            "LEFT JOIN units u ON u.unit_id = c.unit_id"
        ).fetchall()
    finally:
        con.close()
    spans: dict[tuple[int, int], list[tuple[str, str | None]]] = {}
    for a, b, quote, name in rows:
        spans.setdefault((a, b), []).append((quote, name))
    doubled = {k: v for k, v in spans.items() if len(v) > 1}
    assert not [k for k, v in doubled.items() if any(n and n not in q for q, n in v)], doubled
    assert sum(1 for _a, _b, q, _n in rows if q.startswith("要强化作风保障")) == 1
