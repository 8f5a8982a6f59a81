"""One language per screen: with the default configuration every message a person can see is Chinese
— command-line help, output and errors, import errors (naming the column as the file's header named it), rebuild
errors, the dashboard's pages and the packs — and English when the config (or $TRACKER_LANG) says en. YAML errors
come with a plain hint. The check: no English word is left once file names, options, identifiers and quoted
values (what a person types or a file is called) are taken out."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.auth_fixtures import ACCOUNTS, write_accounts
from tests.conftest import make_project
from tracker.cli import main as tracker_main
from tracker.cli.extract import main as extract_main
from tracker.config import load_config
from tracker.errors import UserError
from tracker.i18n import localize
from tracker.progress.imports import preview_import
from tracker.progress.log import Update, append_updates
from tracker.reports import brief
from tracker.store.db import connect_readonly

ROOT = Path(__file__).resolve().parent.parent
CHART_NAMES = set(brief.DEFAULT_CHARTS)
# what a person types or reads as a name, not as English: commands, formats, tools, the language switch itself
ALLOWED = {
    "python", "m", "extract", "tracker", "brief", "chart", "progress", "import", "add", "template", "list",
    "pptx", "pdf", "png", "svg", "csv", "xlsx", "yaml", "utf", "gb", "excel", "chromium", "sudo", "apt",
    "fonts", "noto", "cjk", "id", "tab", "true", "false", "none", "english", "http", "https",
    "pages", "docs", "md", "readme", "yyyy", "mm", "dd", *CHART_NAMES,
    "migrate", "json", "jsonl", "postgresql", "postgres", "pgpassword",  # the logs' stores (JSONL or PostgreSQL)
    "serve", "users", "remove", "passwd", "admin", "editor", "viewer", "oidc", "sub", "streamlit",
    "review", "confirm", "reject", "edit", "merge", "reopen", "orphans", "reattach", "close", "export", "log",
    "signoff", "extension", "history", "sign", "return", "request", "approve", "refuse", "remind", "word", "assign",
    "docx", "gif", "jpeg", "jpg", "webp",  # file formats, as the upload box names them
}  # fmt: skip


def english(text: str) -> list[str]:
    """The English words in `text` once quoted values, paths, options, identifiers and templates are removed."""
    t = re.sub(r"%\{[^}]*\}|<[^>]*>|:[a-z]+\[", " ", text)  # plotly hover templates, tags, :red[…] colours
    t = re.sub(r"“[^”]*”|‘[^’]*’|'[^']*'|\"[^\"]*\"", " ", t)  # quoted: a value, a header, a key
    t = re.sub(r"https?://\S+", " ", t)
    t = re.sub(r"\S*/\S*", " ", t)  # paths
    t = re.sub(r"(?<![A-Za-z])--?[A-Za-z][\w-]*", " ", t)  # options
    t = re.sub(r"[A-Za-z0-9_.-]*[_.\-0-9][A-Za-z0-9_.-]*", " ", t)  # ids, file names, dates, year_end
    return [w for w in re.findall(r"[A-Za-z]+", t) if w.lower() not in ALLOWED]


def test_the_detector_finds_english_and_ignores_names() -> None:
    assert english("error: config file not found") == ["error", "config", "file", "not", "found"]
    assert (
        english("错误：config.yaml：设置“language”的值 'fr' 不对；见 --config 与 c-12ab 和 data/x.txt") == []
    )
    assert english("用法：python -m tracker brief [-h] --out 文件") == []
    assert english("Input should be 'zh' or 'en'") == ["Input", "should", "be", "or"]


@pytest.fixture
def zh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The default language, in a folder with no config.yaml (commands read the current folder's)."""
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def built(tmp_path: Path, zh: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A seed project built by `python -m extract`, the working directory; returns the config path."""
    config = make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert extract_main(["-q"]) == 0
    write_accounts(tmp_path / "data" / "users.yaml", only=("admin",))  # writes are a signed-in account's
    monkeypatch.setenv("TRACKER_PASSWORD", ACCOUNTS["admin"][2])
    return config


def run(capsys: pytest.CaptureFixture[str], main, argv: list[str]) -> tuple[int, str]:  # noqa: ANN001
    """Run a command line in-process; exit status and everything it printed."""
    try:
        code = main(argv)
    except SystemExit as e:  # --help
        code = int(e.code or 0)
    out = capsys.readouterr()
    return code, out.out + out.err


HELP = [
    (extract_main, ["--help"]),
    (tracker_main, ["--help"]),
    (tracker_main, ["brief", "--help"]),
    (tracker_main, ["chart", "--help"]),
    (tracker_main, ["chart", "--list"]),
    (tracker_main, ["progress", "--help"]),
    *[
        (tracker_main, ["progress", cmd, "--help"])
        for cmd in ("import", "add", "template", "list", "follow-up", "migrate")
    ],
    (tracker_main, ["users", "--help"]),
    *[(tracker_main, ["users", cmd, "--help"]) for cmd in ("add", "remove", "list", "passwd")],
    (tracker_main, ["serve", "--help"]),
    (tracker_main, ["signoff", "--help"]),
    *[(tracker_main, ["signoff", cmd, "--help"]) for cmd in ("list", "history", "sign", "return")],
    (tracker_main, ["remind", "--help"]),
    (tracker_main, ["assign", "--help"]),
    (tracker_main, ["extension", "--help"]),
    *[(tracker_main, ["extension", cmd, "--help"]) for cmd in ("list", "request", "approve", "refuse")],
]


@pytest.mark.parametrize(("main", "argv"), HELP, ids=[" ".join(a) for _, a in HELP])
def test_command_line_help_is_chinese(
    main,
    argv: list[str],
    zh: None,
    capsys: pytest.CaptureFixture[str],  # noqa: ANN001
) -> None:
    code, text = run(capsys, main, argv)
    assert code == 0 and text.strip()
    assert english(text) == [], text
    if "--help" in argv and main is not tracker_main or len(argv) > 1:
        assert "用法" in text or "status" in text


def test_command_line_output_and_errors_are_chinese(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = built.parent
    outputs = []
    for main, argv, want in [
        (extract_main, ["--progress", "--force"], 0),  # up to date: --force extracts again
        (tracker_main, ["brief", "--out", "b.pdf", "--chart", "status", "--as-of", "2026-11-26"], 0),
        (tracker_main, ["brief", "--out", "b.pdf", "--unit", "火星乡"], 2),
        (tracker_main, ["brief", "--out", "b.docx"], 2),
        (tracker_main, ["brief"], 2),
        (tracker_main, ["chart", "towns", "--out", "x.gif"], 2),
        (tracker_main, ["nope"], 2),
        (tracker_main, ["progress", "template", "--out", "t.xlsx"], 0),
        (tracker_main, ["progress", "follow-up", "--out", "f.csv"], 0),
        (tracker_main, ["progress", "follow-up", "--unit", "火星", "--out", "f.csv"], 2),
        (tracker_main, ["progress", "add", "c-nope", "--status", "差不多", "--user", "admin"], 2),
        (tracker_main, ["progress", "add", "c-nope", "--status", "推进中"], 2),  # no --user
        (tracker_main, ["progress", "import", "missing.csv", "--user", "admin"], 2),
        (extract_main, ["data/sources/000_41c53f3caae606d6.txt"], 2),
    ]:
        code, text = run(capsys, main, argv)
        assert code == want, (argv, text)
        outputs.append(text)
        assert english(text) == [], (argv, text)
    assert "正在提取 data/sources/000_41c53f3caae606d6.txt" in outputs[0]
    assert outputs[2].startswith("错误：--unit 的单位“火星乡”不存在")
    assert (folder / "b.pdf").exists() and (folder / "t.xlsx").exists()


def _import_file(folder: Path, ids: list[str]) -> Path:
    bad = folder / "填报.csv"
    bad.write_text(
        "事项编号,状态,完成进度,截至日期,进展说明\n"
        f"{ids[0]},推进中,50,2024-06-01,开工\n"
        f"c-不存在,推进中,50,2024-06-01,编号错\n"
        f"{ids[1]},差不多,50,2024-06-01,状态错\n",
        encoding="utf-8",
    )
    return bad


def test_import_errors_name_the_column_as_the_file_did_in_chinese(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = load_config(built, must_exist=True)
    con = connect_readonly(config.database_path)
    try:
        ids = [r[0] for r in con.execute("SELECT commitment_id FROM commitments ORDER BY 1").fetchall()]
    finally:
        con.close()
    bad = _import_file(built.parent, ids)
    code, text = run(capsys, tracker_main, ["progress", "import", str(bad.name), "--user", "admin"])
    assert code == 2 and english(text) == [], text
    assert "第 3 行，“事项编号”列 'c-不存在'：不是已知的事项" in text  # the file's header, not commitment_id
    assert "第 4 行，“状态”列 '差不多'：不是有效的状态" in text
    assert text.strip().splitlines()[-1].startswith("错误：")
    preview = preview_import(bad.read_bytes(), bad.name, set(ids))
    frame = preview.errors_frame("zh")
    assert list(frame.columns) == ["行号", "列", "填写的内容", "问题及改法"]
    assert list(frame["列"]) == ["事项编号", "状态"]
    assert all(english(str(v)) == [] for v in frame.to_numpy().ravel())


def test_dry_run_lists_the_rows_it_would_write(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = load_config(built, must_exist=True)
    con = connect_readonly(config.database_path)
    try:
        ids = [
            r[0] for r in con.execute("SELECT commitment_id FROM commitments ORDER BY 1 LIMIT 2").fetchall()
        ]
    finally:
        con.close()
    good = built.parent / "ok.csv"
    good.write_text(
        f"事项编号,状态,完成进度,截至日期,进展说明\n{ids[0]},推进中,40,2024-06-01,开工\n{ids[1]},已完成,,2024-06-02,\n",
        encoding="utf-8",
    )
    code, text = run(capsys, tracker_main, ["progress", "import", good.name, "--dry-run"])
    assert code == 0 and english(text) == [], text
    lines = text.splitlines()
    assert any(
        line.startswith(f"  第 2 行  {ids[0]}") and "推进中 40%  截至 2024-06-01  开工" in line
        for line in lines
    )
    assert any(line.startswith(f"  第 3 行  {ids[1]}") and "已完成 100%" in line for line in lines)
    assert "试运行：什么都没有写入。" in text
    assert not config.progress_log_path.exists()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("city: 舞钢市\n  language: zh\n", ["第 2 行", "缩进"]),
        (
            "city: 舞钢市\nsources:\n  - id: a\n    path data/x.txt\n  - id: b\n",
            ["第 4 行", "缺少冒号", "键: 值"],
        ),
        ("city: 舞钢市\nsources:\n\t- id: a\n", ["Tab", "空格"]),
        ("city: [舞钢市\nlanguage: zh\n", ["括号没有闭合"]),
    ],
)
def test_yaml_errors_say_where_and_give_a_plain_hint(
    tmp_path: Path, zh: None, text: str, words: list[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as got:
        load_config(config)
    message = localize(got.value, "zh")
    assert all(w in message for w in words), message
    assert english(message) == [], message
    assert "Hint:" in localize(got.value, "en")  # the English text keeps the parser's own words and a hint


def test_config_errors_are_chinese(tmp_path: Path, zh: None) -> None:
    config = tmp_path / "config.yaml"
    for text in (
        "language: fr\n",
        "sorces: []\n",
        "towns:\n  - {name: 尚店乡, kind: 镇}\n",
        "progress: {due_defaults: {task: end}}\n",
    ):
        config.write_text(text, encoding="utf-8")
        with pytest.raises(UserError) as got:
            load_config(config)
        assert english(str(got.value)) == [], str(got.value)
    assert str(got.value).endswith("请用 year_end, half_year_end, quarter_end, none 之一，或会后天数（整数）")


def test_english_when_the_config_says_so(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    built.write_text(
        built.read_text(encoding="utf-8").replace("language: zh", "language: en"), encoding="utf-8"
    )
    code, text = run(capsys, tracker_main, ["brief", "--help"])
    assert code == 0 and text.startswith("usage: python -m tracker brief") and "options:" in text
    code, text = run(capsys, tracker_main, ["brief", "--out", "b.pdf", "--unit", "火星乡"])
    assert code == 2 and text.splitlines()[0].startswith("building data/tracker.duckdb")  # the config changed
    assert text.splitlines()[-1].startswith("error: unknown unit '火星乡'")
    # a config that does not even load still speaks its language
    built.write_text(built.read_text(encoding="utf-8") + "\n  bad: [\n", encoding="utf-8")
    code, text = run(capsys, tracker_main, ["brief", "--out", "b.pdf"])
    assert code == 2 and text.startswith("error: config.yaml: line ") and "Hint:" in text


# ---------------------------------------------------------------- the dashboard


def _texts(at: AppTest) -> list[str]:
    """Every text a person sees in a run: headings, captions, alerts, labels, options, tables, charts."""
    out: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [f"{m.label} {m.value}" for m in at.metric]
    for kind in (
        "selectbox",
        "multiselect",
        "radio",
        "text_input",
        "date_input",
        "number_input",
        "text_area",
    ):
        for w in getattr(at, kind):
            out.append(str(w.label))
            out += [str(o) for o in getattr(w, "options", []) or []]
    out += [str(b.label) for b in at.button] + [str(e.proto.label) for e in at.get("download_button")]
    out += [str(e.label) for e in at.expander] + [str(e.label) for e in at.tabs]
    out += [str(e.proto.label) for e in at.get("file_uploader")]
    for df in at.dataframe:
        frame = df.value
        out += [str(c) for c in frame.columns]
        for col in frame.columns:
            if col in ("原文", "事项", "会议", "会议名称", "主办", "指标", "原文数字"):
                continue  # the sources' own words
            out += [str(v) for v in frame[col].tolist() if isinstance(v, str)]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        layout = spec.get("layout", {})
        title = layout.get("title", {})
        out += [str(title.get("text", "")), str(title.get("subtitle", {}).get("text", ""))]
        for axis in [v for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))]:
            out.append(str(axis.get("title", {}).get("text", "")))
        out += [str(a.get("text", "")) for a in layout.get("annotations", [])]
        out += [
            str(tr.get("name", "")) + " " + str(tr.get("hovertemplate", "")) for tr in spec.get("data", [])
        ]
    return [t for t in out if t]


def test_every_dashboard_page_is_chinese(tmp_path: Path, zh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_project(tmp_path)
    cfg = load_config(config, must_exist=True)
    from tracker.build import run_build

    run_build(cfg)
    con = connect_readonly(cfg.database_path)
    try:
        ids = [
            r[0]
            for r in con.execute(
                "SELECT commitment_id FROM commitments WHERE unit_id IS NOT NULL ORDER BY 1"
            ).fetchall()
        ]
    finally:
        con.close()
    # test progress (synthetic entries, labelled): a late item, a done one, one in progress
    updates = [
        Update(ids[0], "滞后", 10, dt.date(2024, 6, 1), "测试"),
        Update(ids[1], "已完成", 100, dt.date(2024, 6, 2)),
    ]
    append_updates(
        cfg.progress_log_path, [*updates, Update(ids[2], "推进中", 30, dt.date(2024, 6, 3))], source="import"
    )
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    monkeypatch.setenv("TRACKER_TODAY", "2024-07-01")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    seen: dict[str, list[str]] = {}
    for page in ("overview", "departments", "towns", "commitments", "meetings", "figures", "briefing"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        if page == "towns":
            at.selectbox(key="pick_town").select("红山街道").run()
        if page == "commitments":  # pick a row: its source, the update form, the timeline, the import panel
            at.session_state["commitments-table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
            at.run()
            assert "原文出处" in [h.value for h in at.subheader]
        texts = _texts(at)
        seen[page] = texts
        found = {t: english(t) for t in texts if english(t)}
        assert found == {}, (page, found)
    assert any("默认" in t for t in seen["overview"])  # the assumed-deadline note is on screen


def test_a_rebuild_error_is_shown_in_the_readers_language(
    tmp_path: Path, zh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from tracker import app as ui

    config = make_project(tmp_path)
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    monkeypatch.setenv("TRACKER_TODAY", "2024-03-01")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["sources"].append({"id": "missing", "path": "data/sources/missing.txt"})
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    at.run()
    builder = ui.builder_for(load_config(config))
    if builder.thread is not None:
        builder.thread.join(timeout=120)
    at.run()
    (zh_error,) = [e.value for e in at.error]
    assert zh_error.startswith("重建失败") and english(zh_error) == [], zh_error
    at.toggle(key=ui.KEY_LANG).set_value(
        True
    ).run()  # the same failure, read by someone who switched to English
    (en_error,) = [e.value for e in at.error]
    assert en_error.startswith("The rebuild failed") and "source file not found" in en_error
