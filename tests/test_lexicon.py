"""jieba's dictionary kept in the build cache (tracker.build.lexicon, extract.words.Lexicon): filled by first
character as texts need it, it segments, tags and counts exactly as jieba's whole dictionary does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jieba
import jieba.posseg
import pytest

from extract import words
from tracker.build import lexicon

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))[:12] + sorted(
    (ROOT / "tests" / "texts").glob("*.txt")
)


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder with the compact dictionary made in it."""
    folder = tmp_path_factory.mktemp("cache")
    lexicon.load(folder)
    return folder


def _jieba_tags(text: str) -> list[tuple[str, str]]:
    jieba.initialize()
    table = jieba.posseg.dt.word_tag_tab
    return [(w, table.get(w, "x")) for w in jieba.cut(text, HMM=False)]


def test_the_file_is_made_once_in_the_cache_folder(kept):
    made = lexicon.lexicon_file(kept)
    assert [p.name for p in kept.glob("jieba-*.lexicon")] == [made.name]
    before = made.stat().st_mtime_ns
    lexicon.load(kept)
    assert made.stat().st_mtime_ns == before


def test_a_report_fills_only_the_groups_of_its_characters(kept):
    lex = words.Lexicon.from_bytes(lexicon.lexicon_file(kept).read_bytes())
    assert lex.freq == {}
    lex.tag("会议要求，县住建局要加快进度。")
    assert 0 < len(lex.freq) < 100_000
    assert {w[0] for w in lex.freq} <= set("会议要求，县住建局要加快进度。")


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_words_tags_and_frequencies_are_jiebas(kept, path):
    lex = words.Lexicon.from_bytes(lexicon.lexicon_file(kept).read_bytes())
    jieba.initialize()
    text = path.read_text(encoding="utf-8")
    for para in [p for p in text.splitlines() if p.strip()][:60]:
        assert lex.tag(para) == _jieba_tags(para)
        for w, _ in lex.tag(para):
            assert lex.frequency(w) == (jieba.get_FREQ(w) or 0)


def test_filled_whole_it_is_jiebas_dictionary(kept):
    lex = words.Lexicon.from_bytes(lexicon.lexicon_file(kept).read_bytes())
    jieba.initialize()
    lex.fill("".join({w[0] for w in jieba.dt.FREQ}))
    assert lex.tokenizer.total == jieba.dt.total
    assert lex.freq == jieba.dt.FREQ
    assert lex.tags == jieba.posseg.dt.word_tag_tab


def test_an_unreadable_file_is_made_again(kept, tmp_path):
    jieba.initialize()
    made = lexicon.lexicon_file(tmp_path)
    made.write_bytes(b"not a lexicon")
    with pytest.raises(ValueError):
        words.Lexicon.from_bytes(lexicon.lexicon_file(kept).read_bytes()[:-1])  # cut short by one byte
    (tmp_path / "jieba-0000000000000000.lexicon").write_bytes(b"an older jieba's")
    lex = lexicon.load(tmp_path)
    assert lex.frequency("会议") == jieba.get_FREQ("会议")
    assert [p.name for p in tmp_path.glob("jieba-*.lexicon")] == [made.name]
    assert words.Lexicon.from_bytes(made.read_bytes()).frequency("会议") == jieba.get_FREQ("会议")


def test_a_build_process_takes_its_dictionary_from_the_cache_folder(kept):
    """In a new process, with the folder given, extraction never loads jieba's whole dictionary."""
    code = (
        "import sys; from pathlib import Path; from tracker.build import lexicon; from extract import words; "
        f"lexicon.keep_in(Path({str(kept)!r})); "
        "print(words.tag('县住建局要加快进度')); print(len(words._lexicon().freq)); "
        "print('jieba.posseg' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == str(_jieba_tags("县住建局要加快进度"))
    assert int(out[1]) < 50_000
    assert out[2] == "False"
