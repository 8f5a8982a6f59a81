"""The build cache: a build from cached per-source results writes exactly what a build from scratch
writes, after any change; only what changed is extracted again; the invalidation rule; a broken cache is made
again; the process pool gives the same rows; cross-report evidence stays right when the matter words change."""

from __future__ import annotations

import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from extract.evidence import find_evidence
from tracker.build import incremental, run_build
from tracker.build.crossref import update_cross
from tracker.build.review import review_rows
from tracker.build.runner import extract_sources
from tracker.config import load_config
from tracker.store import db
from tracker.store.cache import cache_dir, open_cache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import synthetic  # noqa: E402


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: a build that writes only what changed keeps the rows, not their order."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in db.TABLES}
    finally:
        con.close()


def reference(config_path: Path, tmp: Path) -> dict[str, list[tuple]]:
    """What a build without any cache writes (every source extracted, evidence over everything)."""
    cfg = load_config(config_path, must_exist=True)
    out = tmp / "reference.duckdb"
    out.unlink(missing_ok=True)
    rows = extract_sources(cfg)
    rows.update(
        review_rows(cfg, rows, old_db=None)[0]
    )  # the review log (empty here) applied, as a build does
    db.write_database(out, rows, {})
    return dump(out)


def build(config_path: Path) -> tuple[dict[str, list[tuple]], int]:
    """Build with the cache; the tables and how many sources were extracted."""
    incremental.LAST.clear()
    cfg = load_config(config_path, must_exist=True)
    run_build(cfg)
    extracted = incremental.LAST[0].extracted if incremental.LAST else 0
    return dump(cfg.database_path), extracted


def only_changes() -> bool:
    """Whether the last build wrote only the difference to a copy of the file (tracker.build.delta)."""
    return bool(incremental.LAST and incremental.LAST[0].only_changes)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A SYNTHETIC project of 40 reports (scripts/synthetic.py) with plenty of evidence across reports."""
    return synthetic.write_corpus(tmp_path / "p", 40, seed=5, towns=8, departments=6)


def add_source(config: Path, name: str, text: str, extra: str = "") -> None:
    (config.parent / "data" / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
    entry = f"  - {{id: {name}, path: data/sources/{name}.txt, year: 2025{extra}}}\n"
    config.write_text(config.read_text(encoding="utf-8").replace("towns:\n", entry + "towns:\n", 1), "utf-8")


def test_a_cached_build_writes_what_a_build_from_scratch_writes_after_every_change(
    corpus: Path, tmp_path: Path
) -> None:
    tables, n = build(corpus)
    assert n == 40 and tables == reference(corpus, tmp_path)
    assert not only_changes()  # another gazetteer: the whole file is written
    assert any(r[4] != "hint" for r in tables["evidence"])  # evidence across reports is part of it

    sources = corpus.parent / "data" / "sources"
    first = sorted(sources.glob("*meeting.txt"))[0]
    later = first.read_text(encoding="utf-8").replace("推进会", "调度会")
    add_source(corpus, "added", later)
    tables, n = build(corpus)
    assert n == 1 and tables == reference(corpus, tmp_path)
    assert only_changes()  # a copy of the file with the difference applied, not every table written again

    edited = sorted(sources.glob("*activity.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "下一步将继续推进。\n", encoding="utf-8")
    tables, n = build(corpus)
    assert n == 1 and tables == reference(corpus, tmp_path) and only_changes()

    text = corpus.read_text(encoding="utf-8")
    corpus.write_text(text.replace("{id: added,", "{title: 改过的标题, id: added,"), encoding="utf-8")
    tables, n = build(corpus)
    assert n == 0 and tables == reference(corpus, tmp_path) and only_changes()
    assert ("改过的标题",) in {(r[3],) for r in tables["sources"]}

    corpus.write_text(
        text.replace("  - {id: added, path: data/sources/added.txt, year: 2025}\n", ""), "utf-8"
    )
    tables, n = build(corpus)
    assert n == 0 and tables == reference(corpus, tmp_path) and only_changes()
    assert "added" not in {r[0] for r in tables["sources"]}


def test_a_build_that_failed_after_matching_makes_the_next_one_write_the_whole_file(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache's matches moved on without the file: its difference is not known, so all of it is written."""
    build(corpus)
    sources = corpus.parent / "data" / "sources"
    later = sorted(sources.glob("*meeting.txt"))[0].read_text(encoding="utf-8").replace("推进会", "调度会")
    add_source(corpus, "added", later, ", date: 2030-01-01")

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(db, "update_database_with", killed)
        m.setattr(db, "write_database_with", killed)
        with pytest.raises(KeyboardInterrupt):
            build(corpus)
    tables, n = build(corpus)
    assert n == 0 and not only_changes() and tables == reference(corpus, tmp_path)
    text = corpus.read_text(encoding="utf-8")
    corpus.write_text(
        text.replace("  - {id: added, path: data/sources/added.txt, year: 2025, date: 2030-01-01}\n", ""),
        "utf-8",
    )
    tables, n = build(corpus)
    assert n == 0 and only_changes() and tables == reference(corpus, tmp_path)


def test_the_gazetteer_or_a_source_setting_invalidates_what_depends_on_it(
    corpus: Path, tmp_path: Path
) -> None:
    build(corpus)
    text = corpus.read_text(encoding="utf-8")
    corpus.write_text(
        re.sub(r"(syn-000003-activity.*date: )[0-9-]+", r"\g<1>2025-06-30", text),
        "utf-8",
    )
    tables, n = build(corpus)
    assert n == 1 and tables == reference(corpus, tmp_path)
    town = load_config(corpus, must_exist=True).towns[0].name
    text = corpus.read_text(encoding="utf-8")
    corpus.write_text(
        text.replace(f"{{name: {town},", f"{{name: {town}, aliases: [{town[:2]}片区],"), "utf-8"
    )
    tables, n = build(corpus)
    assert n == 40 and tables == reference(corpus, tmp_path)
    assert not only_changes()  # another gazetteer: the whole file is written


def test_a_broken_or_deleted_cache_is_made_again(corpus: Path, tmp_path: Path) -> None:
    build(corpus)
    folder = cache_dir(load_config(corpus, must_exist=True).database_path)
    (folder / "results.duckdb").write_bytes(b"not a database at all")
    add_source(corpus, "one-more", "# synthetic\n示例市召开会议\n")
    tables, n = build(corpus)
    assert n == 41 and tables == reference(corpus, tmp_path)
    shutil.rmtree(folder)
    corpus.write_text(corpus.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    tables, n = build(corpus)
    assert n == 41 and tables == reference(corpus, tmp_path)


def test_extraction_in_a_process_pool_gives_the_same_rows(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools = []
    real = incremental.concurrent.futures.ProcessPoolExecutor

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        pools.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(incremental, "MIN_FOR_POOL", (2, 0))
    monkeypatch.setattr(incremental.concurrent.futures, "ProcessPoolExecutor", counted)
    corpus.write_text(corpus.read_text(encoding="utf-8") + "build_workers: 2\n", encoding="utf-8")
    tables, n = build(corpus)
    assert pools and pools[0][0] == 2
    assert n == 40 and tables == reference(corpus, tmp_path)


def test_a_source_that_fails_in_a_worker_fails_the_build_with_its_own_message(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.errors import SourceError

    monkeypatch.setattr(incremental, "MIN_FOR_POOL", (2, 0))
    corpus.write_text(corpus.read_text(encoding="utf-8") + "build_workers: 2\n", encoding="utf-8")
    sorted((corpus.parent / "data" / "sources").glob("*-meeting.txt"))[3].unlink()
    with pytest.raises(SourceError) as got:
        run_build(load_config(corpus, must_exist=True))
    assert got.value.code == "safe.source_not_found"
    assert not load_config(corpus, must_exist=True).database_path.exists()


def _evidence_of_cache(folder: Path, order: list[str]) -> set[tuple]:
    con = duckdb.connect(str(folder / "results.duckdb"), read_only=True)
    try:
        cols = ", ".join(f'"{c}"' for c in db.columns("evidence"))
        rows = con.execute(f"SELECT {cols} FROM r_own UNION ALL SELECT {cols} FROM x_cross").fetchall()
        return {tuple(str(v) for v in r) for r in rows}
    finally:
        con.close()


def test_matches_are_made_again_for_texts_with_a_word_that_joined_the_unit_names(corpus: Path) -> None:
    build(corpus)
    cfg = load_config(corpus, must_exist=True)
    rows = extract_sources(cfg)
    names = [str(u["name"]) for u in rows["units"]] + [str(m["surface"]) for m in rows["mentions"]]
    runs = Counter(r[8] for r in dump(cfg.database_path)["evidence"] if r[4] != "hint")
    word = runs.most_common(1)[0][0].split("、")[0]  # the words most matches share
    folder = cache_dir(cfg.database_path)
    with open_cache(folder) as cache:
        order = list(cache.con.execute("SELECT key FROM x_keys").fetchall())
        keys = [k for (k,) in order]
        # a word in many texts joins the list: matches of the texts with it change, the others are kept
        update_cross(cache, keys, [*names, word])
    expected = find_evidence(
        rows["sources"],
        rows["meetings"],
        rows["commitments"],
        rows["figures"],
        [*rows["units"], {"name": word}],
        rows["mentions"],
        source_dates={s.source_id: s.date for s in cfg.sources if s.date},
    )
    expected += [r for r in rows["evidence"] if r["kind"] == "bulletin"]  # per source, never matched again
    got = _evidence_of_cache(folder, keys)
    assert got == {tuple(str(r[c]) for c in db.columns("evidence")) for r in expected}
    plain = {tuple(str(v) for v in r) for r in dump(cfg.database_path)["evidence"]}
    assert got != plain  # the word changed what matches


def test_with_a_tight_cap_per_commitment_adding_and_removing_reports_keeps_a_cached_build_exact(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Most commitments have more matches than the cap here: a later report displaces the oldest kept, and a
    report that leaves gives its commitments their next ones back (they are matched again)."""
    import extract.evidence
    from tracker.build import crossref

    for module in (extract.evidence, crossref):
        monkeypatch.setattr(module, "MATCHES_PER_ITEM", 1)
    tables, _n = build(corpus)
    assert tables == reference(corpus, tmp_path)
    per_item = Counter(r[1] for r in tables["evidence"] if r[4] in ("restatement", "figure", "completion"))
    assert per_item and max(per_item.values()) == 1

    sources = corpus.parent / "data" / "sources"
    first = sorted(sources.glob("*meeting.txt"))[0]
    later = first.read_text(encoding="utf-8").replace("推进会", "调度会")
    add_source(corpus, "added", later, ", date: 2030-01-01")
    tables, n = build(corpus)
    assert n == 1 and tables == reference(corpus, tmp_path)
    assert "added" in {r[10] for r in tables["evidence"] if r[4] != "hint"}  # it displaced older matches

    text = corpus.read_text(encoding="utf-8")
    corpus.write_text(
        text.replace("  - {id: added, path: data/sources/added.txt, year: 2025, date: 2030-01-01}\n", ""),
        "utf-8",
    )
    tables, n = build(corpus)
    assert n == 0 and tables == reference(corpus, tmp_path)
    assert "added" not in {r[10] for r in tables["evidence"]}


def test_the_index_by_term_finds_every_match_a_scan_of_every_later_report_finds(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extract.evidence

    cfg = load_config(corpus, must_exist=True)
    indexed = extract_sources(cfg)["evidence"]
    monkeypatch.setattr(extract.evidence, "match_terms", lambda mine: None)  # every report of the unit
    scanned = extract_sources(cfg)["evidence"]
    assert indexed == scanned
    assert sum(r["kind"] in ("restatement", "figure", "completion") for r in indexed) > 100


def test_progress_recorded_since_the_last_build_is_counted_when_only_the_difference_is_written(
    corpus: Path, tmp_path: Path
) -> None:
    """The review's tables follow the rows: an item's progress count is brought up to date, and progress on an
    item the build no longer makes (an orphan for the review to record) makes it write the whole file."""
    import datetime as dt

    from tracker.progress.log import Update, append_updates

    tables, _n = build(corpus)
    config = load_config(corpus, must_exist=True)
    at = db.columns("commitments").index("source_id")
    kept = tables["commitments"][0]
    gone = next(r for r in reversed(tables["commitments"]) if r[at] != kept[at])  # another report's item
    for cid in (kept[0], gone[0]):
        append_updates(
            config.progress_log_path,
            [Update(cid, "推进中", 50, dt.date(2025, 6, 1))],
            source="cli",
            entered_by="admin",
        )
    sources = corpus.parent / "data" / "sources"
    later = sorted(sources.glob("*meeting.txt"))[0].read_text(encoding="utf-8").replace("推进会", "调度会")
    add_source(corpus, "added", later)
    tables, n = build(corpus)
    assert n == 1 and only_changes() and tables == reference(corpus, tmp_path)
    counts = {r[0]: r[-1] for r in tables["review_items"]}
    assert counts[kept[0]] == counts[gone[0]] == 1

    source_of_gone = gone[db.columns("commitments").index("source_id")]
    text = corpus.read_text(encoding="utf-8")
    entry = next(line for line in text.splitlines() if f"id: {source_of_gone}," in line)
    corpus.write_text(text.replace(entry + "\n", ""), "utf-8")
    tables, n = build(corpus)
    assert n == 0 and not only_changes() and tables == reference(corpus, tmp_path)
    assert gone[0] in {r[0] for r in tables["review_orphans"]}


def test_a_report_that_fails_joins_and_leaves_a_file_written_as_a_difference(
    corpus: Path, tmp_path: Path
) -> None:
    """A report the reader refuses has a sources row with its error and no other rows, in a copy as in a build
    from scratch; the build records the same warnings."""
    from tracker.build import build_warnings

    build(corpus)
    bad = corpus.parent / "data" / "sources" / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 40)
    text = corpus.read_text(encoding="utf-8")
    entry = "  - {id: broken, path: data/sources/broken.pdf, year: 2025}\n"
    corpus.write_text(text.replace("towns:\n", entry + "towns:\n", 1), "utf-8")
    tables, n = build(corpus)
    assert n == 1 and only_changes() and tables == reference(corpus, tmp_path)
    errors = [r for r in tables["sources"] if r[0] == "broken"]
    assert len(errors) == 1 and errors[0][db.columns("sources").index("error_step")] == "read"
    config = load_config(corpus, must_exist=True)
    assert [w["file"] for w in build_warnings(db.build_info(config.database_path)) if "file" in w] == [
        "data/sources/broken.pdf"
    ]
    corpus.write_text(text, "utf-8")
    tables, n = build(corpus)
    assert n == 0 and only_changes() and tables == reference(corpus, tmp_path)
