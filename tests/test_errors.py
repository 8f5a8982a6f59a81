"""Every bad input in docs/errors.md, run through the real command lines: the exact message of the table, exit
status 2, and nothing written (database, progress log and data folder unchanged). The warnings table is
checked the same way, with exit status 0."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import shutil
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.auth_fixtures import ACCOUNTS, write_accounts
from tests.conftest import copy_project
from tracker.cli import COMMANDS
from tracker.cli import main as tracker_main
from tracker.cli.extract import main as extract_main
from tracker.progress.imports import commit_import, preview_import
from tracker.progress.log import Update, append_updates

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "errors.md"
SEED = "data/sources/000_41c53f3caae606d6.txt"


# --- the table in docs/errors.md ---------------------------------------------------------------------

_ROW = re.compile(r"^\| `(?P<id>[a-z0-9-]+)` \| (?P<what>.+?) \| `(?P<message>.+)` \| (?P<test>.+) \|$")


def doc_rows(section: str) -> dict[str, str]:
    """id -> exact message of the table under the heading `section` of docs/errors.md."""
    text = DOC.read_text(encoding="utf-8")
    part = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in part.splitlines():
        m = _ROW.match(line)
        if m:
            assert m["id"] not in rows, f"{m['id']} appears twice in {DOC}"
            rows[m["id"]] = m["message"].replace("\\|", "|")
    return rows


# --- a built project per case --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_template(built_seed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built seed project with accounts: writes need one."""
    folder = tmp_path_factory.mktemp("errors-template")
    copy_project(built_seed, folder)
    write_accounts(folder / "data" / "users.yaml", only=("admin", "hs", "viewer"))
    return folder


@pytest.fixture
def project(built_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built seed project; the current folder while the case runs (paths stay relative)."""
    folder = tmp_path / "p"
    shutil.copytree(built_template, folder)
    monkeypatch.chdir(folder)
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    monkeypatch.setenv(
        "TRACKER_PASSWORD", ACCOUNTS["admin"][2]
    )  # `--user admin` unless a case says otherwise
    return folder


def edit(folder: Path, old: str, new: str) -> None:
    cfg = folder / "config.yaml"
    text = cfg.read_text(encoding="utf-8")
    assert old in text, old
    cfg.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_source(folder: Path, yaml_lines: str) -> None:
    edit(folder, "\n# Town-level units", f"\n{yaml_lines}\n\n# Town-level units")


def a_commitment(folder: Path) -> str:
    con = duckdb.connect(str(folder / "data" / "tracker.duckdb"), read_only=True)
    try:
        return con.execute("SELECT min(commitment_id) FROM commitments").fetchone()[0]
    finally:
        con.close()


def png(width: int = 30, height: int = 32, colour: tuple[int, int, int] = (250, 250, 250)) -> bytes:
    """A real PNG image (made here) of one colour: its bytes happen to decode as UTF-16 with CJK characters in
    them, so a check by decoding alone would accept a PNG as a text source."""
    raw = b"".join(b"\x00" + bytes(colour) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


def test_the_png_case_is_the_one_that_decodes_as_utf16() -> None:
    data = png()
    assert data.startswith(b"\x89PNG") and len(data) % 2 == 0
    assert any("\u4e00" <= c <= "\u9fff" for c in data.decode("utf-16-le"))  # "a few bytes happen to be CJK"


@dataclass(frozen=True)
class Case:
    setup: Callable[[Path], None]
    argv: tuple[str, ...] = ()  # `python -m tracker ARGV` for its commands, else `python -m extract -q ARGV`
    password: str | None = None  # TRACKER_PASSWORD for the case (default: admin's)


def _write(rel: str, data: bytes | str | Callable[[], bytes]) -> Callable[[Path], None]:
    """A setup step writing `data` (or what calling it gives, made only when a case runs) to `rel`."""

    def setup(folder: Path) -> None:
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        made = data() if callable(data) else data
        p.write_bytes(made if isinstance(made, bytes) else made.encode("utf-8"))

    return setup


def _config(text: str) -> Callable[[Path], None]:
    return _write("config.yaml", text)


def _edit(old: str, new: str) -> Callable[[Path], None]:
    return lambda folder: edit(folder, old, new)


def _both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        for s in steps:
            s(folder)

    return setup


def _append_config(text: str) -> Callable[[Path], None]:
    return lambda folder: (folder / "config.yaml").open("a", encoding="utf-8").write(text)


@functools.cache  # packing 300 MB takes seconds: once per run, and only when a case needs it
def zip_bomb(unpacked_mb: int = 300) -> bytes:
    """A .docx whose document.xml is one text run of `unpacked_mb` MB: about a thousandth of that packed."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">')
            f.write(b"<w:body><w:p><w:r><w:t>")
            chunk = b"x" * (1 << 20)
            for _ in range(unpacked_mb):
                f.write(chunk)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buf.getvalue()


def _many_entries(folder: Path) -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
        for i in range(30):
            z.writestr(f"word/media/{i}.bin", b"x")
    (folder / "many.docx").write_bytes(buf.getvalue())
    _append_config("limits:\n  max_zip_entries: 20\n")(folder)


def _pdf_pages(folder: Path) -> None:
    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(3):
        w.add_blank_page(width=300, height=400)
    w.write(folder / "long.pdf")
    _append_config("limits:\n  max_pdf_pages: 2\n")(folder)


REPORT = "舞钢市召开会议。会议要求，各乡镇要抓好安全生产。\n"


def _unreachable_server(folder: Path) -> None:
    from tests.pg_server import _free_port

    url = f"postgresql://tracker@127.0.0.1:{_free_port()}/tracker"  # a port nothing listens on
    _append_config(f"logs:\n  store: postgres\n  postgres_url: {url}\n")(folder)


def _csv_cut_short(folder: Path) -> None:
    cid = a_commitment(folder)
    text = f"commitment_id,status,percent,as_of,note\n{cid},推进中,60,2024-03-01,开工\n{cid},推进中"
    (folder / "cut.csv").write_text(text, encoding="utf-8")


def _imported_once(folder: Path) -> None:
    cid = a_commitment(folder)
    data = f"commitment_id,status,percent,as_of,note\n{cid},推进中,60,2024-03-01,开工\n".encode()
    (folder / "once.csv").write_bytes(data)
    pv = preview_import(data, "once.csv", {cid})
    commit_import(pv, folder / "data" / "progress.jsonl", entered_by="督查室")


IMPORT = ("progress", "import", "--user", "admin")
HONGSHAN_TASK, EDU_TASK = (
    "c-6390fd9525a7",
    "c-0973a684f1d8",
)  # seed commitments of 红山街道 and 教育体育局 (ids stay)
ADD = ("progress", "add", HONGSHAN_TASK, "--status", "推进中", "--percent", "30", "--as-of", "2024-03-01")


def _other_units_rows(folder: Path) -> None:
    (folder / "units.csv").write_text(
        f"commitment_id,status,percent,as_of,note\n{HONGSHAN_TASK},推进中,60,2024-03-01,开工\n"
        f"{EDU_TASK},推进中,30,2024-03-01,代填\n",
        encoding="utf-8",
    )


CASES: dict[str, Case] = {
    # config.yaml
    "yaml-syntax": Case(_config("city: [舞钢市\nlanguage: zh\n")),
    "duplicate-key": Case(_edit("language: zh", "language: zh\ncity: 舞钢")),
    "duplicate-sources": Case(
        lambda f: (f / "config.yaml").open("a", encoding="utf-8").write("sources: []\n")
    ),
    "bad-date": Case(_edit("    year: 2024", "    year: 2024\n    date: 2024-13-45")),
    "key-not-text": Case(_edit("city: 舞钢市", "city: 舞钢市\n2024: 舞钢")),
    "unknown-encoding": Case(_edit("    year: 2024", "    year: 2024\n    encoding: gbk2")),
    "not-text-encoding": Case(_edit("    year: 2024", "    year: 2024\n    encoding: base64")),
    "nul-in-path": Case(_edit(f"path: {SEED}", f'path: "{SEED}\\0.txt"')),
    "db-is-progress-log": Case(_edit("database: data/tracker.duckdb", "database: data/progress.jsonl")),
    "db-is-source": Case(_edit("database: data/tracker.duckdb", f"database: {SEED}")),
    "db-is-config": Case(_edit("database: data/tracker.duckdb", "database: config.yaml")),
    "review-log-is-progress-log": Case(
        lambda f: (
            (f / "config.yaml").open("a", encoding="utf-8").write("review:\n  log: data/progress.jsonl\n")
        )
    ),
    "source-twice": Case(lambda f: add_source(f, f"  - id: again\n    path: {SEED}")),
    "outside-project": Case(
        lambda f: add_source(f, "  - id: passwd\n    path: ../../../../../../etc/passwd")
    ),
    "unknown-setting": Case(_edit("sources:", "sorces:")),
    "bad-value": Case(_edit("language: zh", "language: fr")),
    "bad-town-kind": Case(_edit("{name: 尚店镇, kind: 镇}", "{name: 尚店镇, kind: 村}")),
    "not-a-mapping": Case(_config("- 舞钢市\n- zh\n")),
    "config-not-utf8": Case(_write("config.yaml", "city: 舞钢市\n".encode("gb18030"))),
    "config-missing": Case(lambda f: None, ("--config", "nope.yaml")),
    "db-is-folder": Case(_edit("database: data/tracker.duckdb", "database: data/sources")),
    "db-not-duckdb": Case(
        _both(
            _write("data/notes.txt", "会议记录\n"),
            _edit("database: data/tracker.duckdb", "database: data/notes.txt"),
        )
    ),
    # source files
    "source-missing": Case(lambda f: (f / SEED).unlink()),
    "source-is-folder": Case(lambda f: add_source(f, "  - id: folder\n    path: data")),
    # progress imports
    "import-file-type": Case(_write("p.pdf", b"%PDF-1.4"), (*IMPORT, "p.pdf")),
    "import-empty": Case(_write("empty.csv", b""), (*IMPORT, "empty.csv")),
    "import-undecodable": Case(_write("bin.csv", b"\xff\xfe\x00\xd8garbage\x81"), (*IMPORT, "bin.csv")),
    "import-not-xlsx": Case(_write("x.xlsx", b"not a zip"), (*IMPORT, "x.xlsx")),
    "import-missing-columns": Case(
        _write("short.csv", "commitment_id,status\nc-1,推进中\n"), (*IMPORT, "short.csv")
    ),
    "import-duplicate-columns": Case(
        _write("dup.csv", "commitment_id,status,percent,as_of,note,状态\n"), (*IMPORT, "dup.csv")
    ),
    "import-open-quote": Case(
        _write("quote.csv", 'commitment_id,status,percent,as_of,note\nc-1,推进中,60,2024-03-01,"开工'),
        (*IMPORT, "quote.csv"),
    ),
    "import-cut-short": Case(_csv_cut_short, (*IMPORT, "cut.csv")),
    "import-bad-row": Case(
        _write("bad.csv", "commitment_id,status,percent,as_of,note\nc-nope,差不多,60,2024-03-01,x\n"),
        (*IMPORT, "bad.csv"),
    ),
    "import-twice": Case(_imported_once, (*IMPORT, "once.csv")),
    # accounts (docs/accounts.md): every write is a signed-in account's, within its role and units
    "import-other-unit": Case(
        _other_units_rows, ("progress", "import", "units.csv", "--user", "hs"), ACCOUNTS["hs"][2]
    ),
    "add-other-unit": Case(
        lambda f: None,
        ("progress", "add", EDU_TASK, "--status", "推进中", "--percent", "30", "--user", "hs"),
        ACCOUNTS["hs"][2],
    ),
    "add-as-viewer": Case(lambda f: None, (*ADD, "--user", "viewer"), ACCOUNTS["viewer"][2]),
    "add-no-user": Case(lambda f: None, ADD),
    "add-wrong-password": Case(lambda f: None, (*ADD, "--user", "admin"), "not-the-password"),
    "add-by": Case(lambda f: None, (*ADD, "--user", "admin", "--by", "市委书记")),
    "password-on-command-line": Case(lambda f: None, (*ADD, "--user", "admin", "--password", "admin-pass-1")),
    "no-accounts": Case(lambda f: (f / "data" / "users.yaml").unlink(), (*ADD, "--user", "admin")),
    "accounts-file-broken": Case(
        _write("data/users.yaml", "users:\n  - id: admin\n    role: admin\n    role: viewer\n"),
        (*ADD, "--user", "admin"),
    ),
    "log-is-folder": Case(
        _both(
            lambda f: (f / "data" / "logs").mkdir(),
            lambda f: (f / "config.yaml").open("a", encoding="utf-8").write("progress:\n  log: data/logs\n"),
        ),
        ("progress", "list"),
    ),
    # the logs in PostgreSQL: config keys, a server that cannot be reached, migration
    "logs-postgres-no-url": Case(_append_config("logs:\n  store: postgres\n"), ("progress", "list")),
    "logs-url-password": Case(
        _append_config("logs:\n  store: postgres\n  postgres_url: postgresql://tracker:s3cret@db/tracker\n"),
        ("progress", "list"),
    ),
    "logs-bad-url": Case(
        _append_config("logs:\n  store: postgres\n  postgres_url: postgresql//tracker@db/tracker\n"),
        ("progress", "list"),
    ),
    "logs-unreachable": Case(_unreachable_server, ("progress", "list")),
    "migrate-no-url": Case(lambda f: None, ("progress", "migrate", "--to", "postgres")),
    # config values found by the reliability tests
    "config-empty": Case(_config("")),
    "config-only-comments": Case(_config("# 舞钢市\n# language: zh\n")),
    "due-days-too-many": Case(_append_config("progress:\n  due_defaults:\n    task: 999999999\n")),
    "date-out-of-range": Case(_edit("    year: 2024", "    year: 2024\n    date: 9999-12-31")),
    # python -m extract add: every refusal in the configured language (zh here)
    "add-missing-file": Case(lambda f: None, ("add", "nope.docx", "--user", "admin")),
    "add-empty-file": Case(_write("empty.txt", b""), ("add", "empty.txt", "--user", "admin")),
    "add-corrupt-pdf": Case(
        _write("broken.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n"), ("add", "broken.pdf", "--user", "admin")
    ),
    "add-html-no-text": Case(
        _write("blank.html", "<html><body><nav>首页</nav></body></html>"),
        ("add", "blank.html", "--user", "admin"),
    ),
    "add-bad-id": Case(_write("r.txt", REPORT), ("add", "r.txt", "--id", "bad id", "--user", "admin")),
    "add-already-added": Case(lambda f: None, ("add", SEED, "--user", "admin")),
    # limits on every reader (config `limits:`, docs/guarantees.md)
    "add-zip-bomb": Case(_write("bomb.docx", zip_bomb), ("add", "bomb.docx", "--user", "admin")),
    "add-zip-entries": Case(_many_entries, ("add", "many.docx", "--user", "admin")),
    "add-too-big": Case(
        _both(_write("big.txt", REPORT * 24000), _append_config("limits:\n  max_file_mb: 1\n")),
        ("add", "big.txt", "--user", "admin"),
    ),
    "add-pdf-pages": Case(_pdf_pages, ("add", "long.pdf", "--user", "admin")),
    "add-html-too-deep": Case(
        _write("deep.html", "<html><body>" + "<div>" * 300 + "舞钢" + "</div>" * 300 + "</body></html>"),
        ("add", "deep.html", "--user", "admin"),
    ),
    # the supervision loop: sign-off, extensions, evidence files, reminders, assignment sheets
    "signoff-as-editor": Case(
        lambda f: None, ("signoff", "sign", HONGSHAN_TASK, "--user", "hs"), ACCOUNTS["hs"][2]
    ),
    "signoff-nothing-waits": Case(lambda f: None, ("signoff", "sign", HONGSHAN_TASK, "--user", "admin")),
    "signoff-return-no-reason": Case(lambda f: None, ("signoff", "return", HONGSHAN_TASK, "--user", "admin")),
    "extension-not-later": Case(
        lambda f: None,
        (
            "extension",
            "request",
            HONGSHAN_TASK,
            "--to",
            "2024-01-01",
            "--reason",
            "资金未到位",
            "--user",
            "hs",
        ),
        ACCOUNTS["hs"][2],
    ),
    "extension-other-unit": Case(
        lambda f: None,
        ("extension", "request", EDU_TASK, "--to", "2025-06-30", "--reason", "资金未到位", "--user", "hs"),
        ACCOUNTS["hs"][2],
    ),
    "attach-not-a-pdf": Case(
        _write("fake.pdf", b"MZ\x90\x00 not a pdf"), (*ADD, "--user", "admin", "--attach", "fake.pdf")
    ),
    "remind-as-editor": Case(lambda f: None, ("remind", "--user", "hs"), ACCOUNTS["hs"][2]),
    "assign-bad-out": Case(
        lambda f: None, ("assign", "--unit", "红山街道", "--out", "交办单.txt", "--user", "admin")
    ),
}


def _state(folder: Path) -> dict[str, str]:
    """What must not change: every file under data/ (content hash) and config.yaml."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.name.endswith(".lock"):  # lock files hold nothing
            out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def run(argv: tuple[str, ...]) -> int:
    """`python -m tracker ARGV` for its commands, else `python -m extract -q ARGV`."""
    if argv and argv[0] == "add":
        return extract_main([*argv, "-q"])
    return tracker_main(list(argv)) if argv and argv[0] in COMMANDS else extract_main(["-q", *argv])


def normalise(line: str, folder: Path) -> str:
    line = line.replace(str(folder.resolve()), "<project>")
    line = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:<port>", line)
    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "<time>", line)


ERRORS = doc_rows("Bad input: a message, exit status 2, nothing written")
ERROR_PREFIX = {"zh": "错误：", "en": "error: "}  # tracker.i18n 'cli_error', in the configured language


def test_the_table_lists_at_least_30_cases_and_each_has_a_test() -> None:
    assert len(ERRORS) >= 30
    assert set(ERRORS) == set(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input(
    case: str, project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    c = CASES[case]
    if c.password is not None:
        monkeypatch.setenv("TRACKER_PASSWORD", c.password)
    c.setup(project)
    before = _state(project)
    code = run(c.argv)
    out = capsys.readouterr()
    lines = [normalise(x, project) for x in out.err.strip().splitlines()]
    assert code == 2, out
    assert "Traceback" not in out.err
    assert lines and lines[-1].startswith(ERROR_PREFIX["zh"]), out.err  # the cases use the default language
    assert ERRORS[case] in lines, f"{case}: expected\n  {ERRORS[case]}\ngot\n  " + "\n  ".join(lines)
    assert _state(project) == before  # nothing written: no database, log or temporary file changed


def test_messages_follow_the_configured_language(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project, "language: zh", "language: en")
    edit(project, "database: data/tracker.duckdb", "database: data/progress.jsonl")
    assert run(()) == 2
    assert capsys.readouterr().err.strip() == (
        "error: config.yaml: database and progress.log are the same file (data/progress.jsonl); the database, "
        "the progress log, the review log, the config and every source must be different files, or a build "
        "would overwrite one of them"
    )


# --- warnings: the command goes on (exit 0) and says what is wrong ------------------------------------

GOOD_LINE = (
    '{{"v": 1, "entry_id": "e-{n}", "commitment_id": "{cid}", "status": "推进中", "percent": 40.0, '
    '"as_of": "2024-03-01", "entered_by": "张三", "entered_at": "2024-03-02T09:00:00+08:00", "source": "form"'
)


def _log_line(body: str) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        cid = a_commitment(folder)
        log = folder / "data" / "progress.jsonl"
        append_updates(log, [Update(cid, "推进中", 10, dt.date(2024, 3, 1))], source="cli", entered_by="张三")
        with open(log, "a", encoding="utf-8") as f:
            f.write(body.replace("{cid}", cid))

    return setup


def _duplicate_line(folder: Path) -> None:
    line = GOOD_LINE.format(n=2, cid=a_commitment(folder)) + "}\n"
    # the same line twice: two copies of the file merged, or a line pasted again by hand
    (folder / "data" / "progress.jsonl").write_text(line + line, encoding="utf-8")


WARNING_CASES: dict[str, Case] = {
    # a report that cannot be read is recorded and left out; the other reports are built (exit 0)
    "source-png": Case(
        _both(
            _write("data/sources/pic.txt", png()), lambda f: add_source(f, "  - path: data/sources/pic.txt")
        )
    ),
    "source-binary": Case(
        _both(
            _write("data/sources/bin.txt", bytes(range(256)) * 8),
            lambda f: add_source(f, "  - path: data/sources/bin.txt"),
        )
    ),
    "source-wrong-encoding": Case(
        _both(
            _write("data/sources/gb.txt", "舞钢市召开会议。\n".encode("gb18030")),
            lambda f: add_source(f, "  - id: gb\n    path: data/sources/gb.txt\n    encoding: utf-8"),
        )
    ),
    "source-zip-bomb": Case(
        _both(
            _write("data/sources/bomb.docx", zip_bomb),
            lambda f: add_source(f, "  - path: data/sources/bomb.docx"),
        )
    ),
    "empty-source": Case(
        _both(
            _write("data/sources/empty.txt", b""), lambda f: add_source(f, "  - path: data/sources/empty.txt")
        )
    ),
    "blank-source": Case(
        _both(
            _write("data/sources/blank.txt", " \n\u3000\n\t\n"),
            lambda f: add_source(f, "  - path: data/sources/blank.txt"),
        )
    ),
    "log-missing-field": Case(
        _log_line(
            GOOD_LINE.replace(', "entered_at": "2024-03-02T09:00:00+08:00"', "").format(n=2, cid="{cid}")
            + "}\n"
        ),
        ("progress", "list"),
    ),
    "log-null-date": Case(
        _log_line(GOOD_LINE.replace('"2024-03-01"', "null").format(n=2, cid="{cid}") + "}\n"),
        ("progress", "list"),
    ),
    "log-bad-percent": Case(
        _log_line(GOOD_LINE.replace("40.0", '"abc"').format(n=2, cid="{cid}") + "}\n"), ("progress", "list")
    ),
    "log-not-object": Case(_log_line('"just a string"\n'), ("progress", "list")),
    "log-torn-line": Case(_log_line(GOOD_LINE.format(n=2, cid="{cid}")[:60]), ("progress", "list")),
    "log-partial-batch": Case(
        _log_line(GOOD_LINE.format(n=2, cid="{cid}") + ', "batch": "b-9", "batch_size": 2}\n'),
        ("progress", "list"),
    ),
    "log-in-follow-up": Case(
        _log_line('"just a string"\n'), ("progress", "follow-up", "--out", "follow_up.csv")
    ),
    "log-in-chart": Case(_log_line('"just a string"\n'), ("chart", "status", "--out", "status.svg")),
    "log-in-brief": Case(
        _log_line('"just a string"\n'), ("brief", "--chart", "status", "--out", "brief.pdf")
    ),
    "review-log-in-build": Case(_write("data/review.jsonl", '"just a string"\n')),
    "log-duplicate-line": Case(_duplicate_line, ("progress", "list")),
}
WARNINGS = doc_rows("Warnings: the command goes on and says what is wrong")


def test_every_warning_in_the_table_has_a_test() -> None:
    assert set(WARNINGS) == set(WARNING_CASES)


@pytest.mark.parametrize("case", sorted(WARNING_CASES))
def test_warning(case: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    WARNING_CASES[case].setup(project)
    code = run(WARNING_CASES[case].argv)
    out = capsys.readouterr()
    assert code == 0, out
    lines = [normalise(x, project) for x in out.err.strip().splitlines()]
    assert WARNINGS[case] in lines, f"{case}: expected\n  {WARNINGS[case]}\ngot\n  " + "\n  ".join(lines)
