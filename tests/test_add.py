"""`python -m extract add` and the upload page on real reports: Word, PDF and web-page files made from corpus
pages are copied, entered in config.yaml (comments and layout kept, old file backed up), built and shown on the
dashboard; --dry-run and every failure leave the project exactly as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.auth_fixtures import ACCOUNTS, sign_in, write_accounts
from tests.conftest import ROOT, Ran, run_main
from tests.report_formats import make_docx, make_html, make_pdf, strip_header
from tracker import app as ui
from tracker.build import add as add_mod
from tracker.cli.extract import main as extract_main
from tracker.errors import UserError

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
TABLE = "13_dazhu_minsheng_shishi_fenjie.txt"
PLAN = "15_lishan_zhongdian_renwu_fengong.txt"
MEETING = "26_youxi_chuangjian_wenming_xiancheng_tuijin.txt"


def plain(name: str) -> str:
    return strip_header((FIXTURES / name).read_text(encoding="utf-8"))


def extract(*args: str, cwd: Path, lang: str | None = None, password: str = ACCOUNTS["admin"][2]) -> Ran:
    """`python -m extract ARGS` in `cwd`, in this process; `add` (not a dry run) signs in as the admin unless
    --user is given."""
    if args and args[0] == "add" and "--dry-run" not in args and "--user" not in args:
        args = (*args, "--user", "admin")
    env = {"TRACKER_PASSWORD": password, **({"TRACKER_LANG": lang} if lang else {})}
    return run_main(extract_main, *args, cwd=cwd, env=env)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under the project folder with the hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A Word task list, a PDF work plan and a saved web page, made from three corpus reports (read, never
    changed, by the tests)."""
    inbox = tmp_path_factory.mktemp("inbox")
    return {
        "docx": make_docx(plain(TABLE), inbox / "2016年民生实事目标任务分解表.docx"),
        "pdf": make_pdf(plain(PLAN), inbox / "lishan-2023-plan.pdf"),
        "html": make_html(plain(MEETING), inbox / "youxi.html"),
    }


@pytest.fixture
def built(built_project: Path) -> Path:
    """A project folder (config.yaml + seed) whose database is built; returns the folder."""
    write_accounts(
        built_project.parent / "data" / "users.yaml"
    )  # adding a report changes the config: an admin does it
    return built_project.parent


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_add_word_pdf_and_web_page_one_command_each(built: Path, files: dict[str, Path]):
    old_config = (built / "config.yaml").read_text(encoding="utf-8")
    r = extract("add", str(files["docx"]), "--id", "dazhu-2016-tasks", "--date", "2016-02-26", cwd=built)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == (
        "已添加 dazhu-2016-tasks：2016年民生实事目标任务分解表.docx（Word 文档）→ data/sources/dazhu-2016-tasks.docx"
    )
    assert lines[-1] == "已更新 config.yaml（原配置备份为 config.yaml.bak），数据库已重建。"
    r = extract(
        "add", str(files["pdf"]), "--title", "立山区2023年重点工作任务分解", "--year", "2023", cwd=built
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("已添加 lishan-2023-plan：lishan-2023-plan.pdf（PDF 文件）")
    r = extract("add", str(files["html"]), "--date", "2022-08-08", cwd=built)
    assert r.returncode == 0, r.stderr
    assert "  会议 1 个：" in r.stdout and "省级文明县城创建工作现场推进会" in r.stdout

    # the config keeps every line the user wrote (comments, layout) and gains three entries; the old one is kept
    new_config = (built / "config.yaml").read_text(encoding="utf-8")
    assert new_config.startswith(old_config.split("\n# Town-level")[0])
    assert new_config.endswith(old_config[old_config.index("\n# Town-level") :])
    assert (
        "  - id: dazhu-2016-tasks\n    path: data/sources/dazhu-2016-tasks.docx\n    date: 2016-02-26\n"
        in new_config
    )
    assert "    original_name: 2016年民生实事目标任务分解表.docx\n" in new_config
    assert (built / "config.yaml.bak").read_text(encoding="utf-8") == new_config.replace(
        "  - id: youxi\n    path: data/sources/youxi.html\n    date: 2022-08-08\n    added_by: admin\n", ""
    )

    db = built / "data" / "tracker.duckdb"
    got = {
        r[0]: r[1:]
        for r in rows(
            db, "SELECT source_id, reader, original_name, sha256, path, text_path, text FROM sources"
        )
    }
    assert set(got) == {"wugang-2024-02", "dazhu-2016-tasks", "lishan-2023-plan", "youxi"}
    assert got["wugang-2024-02"][:2] == ("txt", "000_41c53f3caae606d6.txt")
    for sid, (fmt, name, report) in {
        "dazhu-2016-tasks": ("docx", files["docx"].name, TABLE),
        "lishan-2023-plan": ("pdf", files["pdf"].name, PLAN),
        "youxi": ("html", files["html"].name, MEETING),
    }.items():
        reader, original, sha, path, text_path, text = got[sid]
        assert (reader, original) == (fmt, name)
        assert text == plain(report)  # so the same rows as the plain text (tests/test_readers.py)
        assert (built / path).read_bytes() == files[fmt].read_bytes()  # the original, kept
        assert sha == hashlib.sha256(files[fmt].read_bytes()).hexdigest()
        assert text_path == f"{path}.txt" and (built / text_path).read_text(encoding="utf-8") == text
    # every quote is an exact span of the stored text
    tasks = rows(
        db,
        "SELECT c.quote, c.char_start, c.char_end, s.text, u.name, c.due_date FROM commitments c "
        "JOIN sources s USING (source_id) LEFT JOIN units u ON u.unit_id = c.unit_id "
        "WHERE c.source_id IN ('dazhu-2016-tasks', 'lishan-2023-plan', 'youxi')",
    )
    assert tasks and all(text[a:b] == quote for quote, a, b, text, _, _ in tasks)
    figures = rows(db, "SELECT value, measure FROM figures WHERE source_id = 'dazhu-2016-tasks'")
    assert (2836.0, "户") in figures


def test_dry_run_changes_nothing(built: Path, files: dict[str, Path]):
    before = snapshot(built)
    r = extract("add", *map(str, files.values()), "--dry-run", cwd=built)
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert out[0].startswith("将添加 report-")  # a Chinese file name gives a hash id
    assert sum(line.startswith("将添加 ") for line in out) == 3
    assert out[-1] == "试运行：以上为预览，未更改任何文件。"
    assert snapshot(built) == before


def test_several_files_at_once(built: Path, files: dict[str, Path]):
    r = extract("add", str(files["pdf"]), str(files["html"]), cwd=built)
    assert r.returncode == 0, r.stderr
    ids = {r[0] for r in rows(built / "data" / "tracker.duckdb", "SELECT source_id FROM sources")}
    assert {"lishan-2023-plan", "youxi"} <= ids


NEED_USER = (
    "Adding reports changes the config, so it needs an administrator's account: add --user NAME (the password "
    "is prompted for, or read from the environment variable TRACKER_PASSWORD in scripts)."
)
EDITOR_REFUSED = "Only an administrator can add reports; account 红山填报 (hs) is a unit editor."
BAD_LOGIN = "No account admin, or a wrong password; nothing was written."


def refused(folder: Path, *args: str) -> str:
    before = snapshot(folder)
    r = extract("add", *args, cwd=folder, lang="en")  # the English wording of the errors
    assert r.returncode == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in r.stderr
    assert snapshot(folder) == before  # nothing half-written
    return lines[0]


def test_errors_are_one_line_and_change_nothing(built: Path, files: dict[str, Path], tmp_path: Path):
    assert refused(built, str(tmp_path / "missing.docx")) == (
        f"error: {tmp_path / 'missing.docx'}: file not found; check the name and the folder"
    )
    assert refused(built, str(files["pdf"]), str(files["html"]), "--id", "x") == (
        "error: --id and --title name one source; add files one at a time to give each its own"
    )
    assert refused(built, str(files["pdf"]), "--id", "wugang-2024-02") == (
        "error: --id 'wugang-2024-02' is already used by another source in the config; choose another id"
    )
    assert refused(built, str(files["pdf"]), "--id", "bad id") == (
        "error: --id 'bad id' may only use letters, digits and - _ . (e.g. 2024-03-changwei)"
    )
    seed = built / "data" / "sources" / "000_41c53f3caae606d6.txt"
    assert refused(built, str(seed)) == (
        "error: 000_41c53f3caae606d6.txt: this file was already added as source 'wugang-2024-02'; "
        "nothing was changed"
    )
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf", encoding="utf-8")
    assert refused(built, str(fake)).startswith(
        "error: fake.pdf: the name says PDF but the content is not a PDF"
    )


def test_adding_needs_a_signed_in_administrator_who_is_recorded(built: Path, files: dict[str, Path]):
    pdf = str(files["pdf"])
    assert refused(built, pdf, "--user", "") == "error: " + NEED_USER
    r = extract("add", pdf, "--user", "hs", cwd=built, lang="en", password=ACCOUNTS["hs"][2])
    assert r.returncode == 2 and r.stderr.strip() == "error: " + EDITOR_REFUSED
    r = extract("add", pdf, "--user", "admin", cwd=built, lang="en", password="wrong-password")
    assert r.returncode == 2 and r.stderr.strip() == "error: " + BAD_LOGIN
    assert "added_by" not in (built / "config.yaml").read_text(encoding="utf-8")
    r = extract("add", pdf, "--user", "admin", cwd=built)
    assert r.returncode == 0, r.stderr
    assert "    added_by: admin\n" in (built / "config.yaml").read_text(encoding="utf-8")


def test_a_failed_build_puts_everything_back(built: Path, files: dict[str, Path]):
    before = snapshot(built)

    def broken_build(*args, **kwargs):
        raise UserError("disk full (test)")

    with pytest.raises(UserError, match="disk full"):
        add_mod.add_files(built / "config.yaml", add_mod.read_uploads([files["docx"]]), build=broken_build)
    assert snapshot(built) == before
    assert not (built / "config.yaml.bak").exists()


def test_config_without_sources_gets_a_list(tmp_path: Path, files: dict[str, Path]):
    (tmp_path / "config.yaml").write_text("# my city\ncity: 示例市   # keep me\n", encoding="utf-8")
    result = add_mod.add_files(
        tmp_path / "config.yaml", add_mod.read_uploads([files["html"]]), date=dt.date(2022, 8, 8)
    )
    assert result.found[0].meetings
    assert (tmp_path / "config.yaml").read_text(encoding="utf-8") == (
        "# my city\ncity: 示例市   # keep me\nsources:\n  - id: youxi\n    path: data/sources/youxi.html\n"
        "    date: 2022-08-08\n"
    )


def app_for(folder: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv(ui.CONFIG_ENV, str(folder / "config.yaml"))
    monkeypatch.setenv(ui.TODAY_ENV, "2024-03-01")
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)


def test_added_reports_show_on_the_dashboard(
    built: Path, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
):
    for fmt, extra in (
        ("docx", ["--date", "2016-02-26"]),
        ("pdf", ["--year", "2023"]),
        ("html", ["--date", "2022-08-08"]),
    ):
        r = extract("add", str(files[fmt]), *extra, cwd=built)
        assert r.returncode == 0, r.stderr
    at = app_for(built, monkeypatch).run()
    at = at.switch_page("pages/meetings.py").run()
    assert not at.exception and not at.error
    assert any("文明县城" in o for o in at.selectbox(key=ui.MEETING_KEY).options)
    sources = at.dataframe[-1].value
    assert set(sources.iloc[:, 0]) == {
        "wugang-2024-02",
        "report-" + hashlib.sha256(files["docx"].read_bytes()).hexdigest()[:10],
        "lishan-2023-plan",
        "youxi",
    }
    readers_shown = dict(zip(sources.iloc[:, 0], sources.iloc[:, 2], strict=True))
    assert readers_shown["lishan-2023-plan"] == "PDF 文件" and readers_shown["youxi"] == "网页"
    originals = set(sources.iloc[:, 3])
    assert {files["docx"].name, "lishan-2023-plan.pdf", "youxi.html"} <= originals


def test_upload_page_is_for_administrators_only(built: Path, monkeypatch: pytest.MonkeyPatch):
    at = app_for(built, monkeypatch).run()
    at = at.switch_page("pages/upload.py").run()
    assert not at.exception
    assert [w.value for w in at.warning] == ["请先登录再添加报告。"]
    assert not at.get("file_uploader")


def test_upload_preview_then_confirm(built: Path, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch):
    write_accounts(built / "data" / "users.yaml", only=("admin",))
    at = sign_in(app_for(built, monkeypatch).run(), "admin")  # an administrator, signed in on the sidebar
    at = at.switch_page("pages/upload.py").run()
    assert not at.exception and not at.warning
    data = files["docx"].read_bytes()
    uploader = at.get("file_uploader")[0]
    uploader.set_value(
        [
            (
                files["docx"].name,
                data,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
        ]
    )
    before = snapshot(built)
    at.run()
    at.text_input(key="upload_id").input("dazhu-upload")
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    preview = at.code[0].value
    assert preview.startswith("将添加 dazhu-upload：2016年民生实事目标任务分解表.docx（Word 文档）")
    assert snapshot(built) == before  # a preview writes nothing
    at.button(key="upload_confirm").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == "已添加 1 份报告，数据库已重建。"
    assert at.code[0].value.startswith("已添加 dazhu-upload：")
    assert (built / "data" / "sources" / "dazhu-upload.docx").read_bytes() == data
    ids = {r[0] for r in rows(built / "data" / "tracker.duckdb", "SELECT source_id FROM sources")}
    assert "dazhu-upload" in ids
    config_text = (built / "config.yaml").read_text(encoding="utf-8")
    assert "  - id: dazhu-upload\n" in config_text and "    added_by: admin\n" in config_text
