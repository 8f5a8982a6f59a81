"""佐证材料: `progress add --attach` checks each file by its content (not its name) and the config's limits, keeps
its bytes content-addressed in each store (a folder beside the JSONL logs; a table in PostgreSQL) and records it
in the entry; the bytes come back byte for byte, and bytes changed behind the tracker's back are refused."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from tests.test_signoff import make_project, run
from tracker.config import AttachmentSettings, load_config
from tracker.progress import attachments
from tracker.progress.log import open_progress_log, read_log
from tracker.store.blobs import FileBlobs, TamperedFile
from tracker.store.logs import open_blobs

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # a PNG signature and binary bytes (every byte value)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_types_are_told_by_content_not_by_name() -> None:
    s = AttachmentSettings()
    assert attachments.check("photo.jpg", PNG, s).mime == "image/png"  # a PNG named .jpg is a PNG
    assert attachments.check("x.bin", PDF, s).kind == "pdf"
    assert attachments.check("report.pdf", docx_bytes(), s).kind == "word"
    with pytest.raises(Exception) as e:
        attachments.check("evil.pdf", b"MZ\x90\x00 an executable", s)
    assert str(e.value).startswith("佐证材料 evil.pdf 不是可接受的文件：按内容识别")
    with pytest.raises(Exception) as e:
        attachments.check("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, s)
    assert "旧版 Office 文件" in str(e.value)
    small = AttachmentSettings(max_mb=0.001, types=("pdf",))
    with pytest.raises(Exception) as e:
        attachments.check("big.png", PNG + b"\0" * 2000, small)
    assert "超过上限 0.001 MB" in str(e.value)
    with pytest.raises(Exception) as e:
        attachments.check("p.png", PNG, small)
    assert str(e.value) == "佐证材料 p.png 是图片，本系统只接受PDF（config.yaml 的 attachments.types）"


def test_attachments_round_trip_in_each_store_and_tampering_is_refused(
    tmp_path: Path, store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    config = make_project(tmp_path, store)
    photo, scan = tmp_path / "现场照片.jpg", tmp_path / "验收单.pdf"
    photo.write_bytes(PNG)
    scan.write_bytes(PDF)
    bad = tmp_path / "fake.pdf"
    bad.write_bytes(b"not a pdf at all")
    add = ("progress", "add", "c-task1", "--status", "推进中", "--percent", "50", "--as-of", "2024-04-01")
    assert run(config, "hs", *add, "--attach", str(photo), str(bad), monkeypatch=monkeypatch) == 2
    assert "fake.pdf 不是可接受的文件" in capsys.readouterr().err
    cfg = load_config(config)
    assert read_log(open_progress_log(cfg)).entries == []  # nothing written when one file is bad
    assert run(config, "hs", *add, "--attach", str(photo), str(scan), monkeypatch=monkeypatch) == 0

    (entry,) = read_log(open_progress_log(cfg)).entries
    got = entry["attachments"]
    assert [(a["name"], a["kind"], a["size"]) for a in got] == [
        ("现场照片.jpg", "image", len(PNG)),
        ("验收单.pdf", "pdf", len(PDF)),
    ]
    blobs = open_blobs(cfg)
    assert isinstance(blobs, FileBlobs) == (store.kind == "jsonl")
    assert blobs.get(got[0]["sha256"]) == PNG  # byte for byte
    assert blobs.get(got[1]["sha256"]) == PDF
    assert got[0]["sha256"] == hashlib.sha256(PNG).hexdigest()

    # bytes changed behind the tracker's back: reported, not served
    sha = got[1]["sha256"]
    if store.kind == "jsonl":
        path = blobs.path(sha)  # type: ignore[attr-defined]
        assert path.is_relative_to(tmp_path / "data" / "attachments")
        path.write_bytes(PDF.replace(b"1 0 obj", b"2 0 obj"))
    else:
        import psycopg

        with psycopg.connect(store.url, autocommit=True) as conn:  # someone with the database owner's rights
            conn.execute(f'ALTER TABLE "{store.schema}".blobs DISABLE TRIGGER blobs_append_only')
            conn.execute(f'UPDATE "{store.schema}".blobs SET data = %s WHERE sha256 = %s', (PDF + b" ", sha))
    with pytest.raises(TamperedFile) as e:
        blobs.get(sha)
    assert str(e.value).startswith(f"佐证材料 {sha[:12]}… 的内容与记录的哈希不符")
    assert blobs.get(got[0]["sha256"]) == PNG  # the other file is untouched


def test_the_briefing_packs_annex_lists_the_evidence_files(seed_db: Path, tmp_path: Path) -> None:
    import datetime as dt
    import shutil

    from pptx import Presentation
    from pypdf import PdfReader

    from tracker.progress.log import Update, append_updates
    from tracker.reports import brief
    from tracker.store.db import connect_readonly, query_df

    shutil.copytree(seed_db.parent.parent, tmp_path / "p")
    config = load_config(tmp_path / "p" / "config.yaml", must_exist=True)
    con = connect_readonly(tmp_path / "p" / "data" / seed_db.name)
    try:
        cid = query_df(
            con, "SELECT commitment_id FROM commitments WHERE unit_id IS NOT NULL ORDER BY 1 LIMIT 1"
        )["commitment_id"].iloc[0]
        files = attachments.check_all([("验收单.pdf", PDF)], config.attachments)
        open_blobs(config).put(PDF)
        upd = Update(cid, "推进中", 60, dt.date(2024, 6, 1), attachments=tuple(files))
        append_updates(config.progress_log_path, [upd], source="cli", entered_by="admin")
        data = brief.gather(con, config, brief.BriefOptions(charts=(), as_of=dt.date(2024, 12, 31)))
        early = brief.gather(con, config, brief.BriefOptions(charts=(), as_of=dt.date(2024, 5, 31)))
    finally:
        con.close()
    pack = brief.assemble(data, images=[])
    assert pack.attachments_columns == ("事项", "单位", "文件", "填报截至", "SHA-256（前12位）")
    ((title, unit, name, as_of, sha),) = pack.attachments
    assert (name, as_of, sha) == (
        "验收单.pdf（pdf，0 KB）",
        "2024-06-01",
        hashlib.sha256(PDF).hexdigest()[:12],
    )
    assert brief.assemble(early, images=[]).attachments == ()  # a pack as of a day before the report: none
    slides = Presentation(io.BytesIO(brief.to_pptx(pack))).slides
    last = [sh.text_frame.text for sh in slides[-1].shapes if sh.has_text_frame]
    assert "附件：佐证材料清单" in last
    cells = [c.text for sh in slides[-1].shapes if sh.has_table for r in sh.table.rows for c in r.cells]
    assert "验收单.pdf（pdf，0 KB）" in cells
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(brief.to_pdf(pack))).pages)
    assert "佐证材料清单" in text and "验收单.pdf" in text
