"""The message catalogues (tracker/messages/*.yaml): every key used by the code, in both languages, with real
plural forms; a key the code names is in a catalogue; a broken catalogue is refused with its file and key."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from tracker import i18n
from tracker.i18n import LABELS, CatalogueError, load_catalogues, plural_categories, read_catalogue, t

ROOT = Path(__file__).resolve().parent.parent
CODE = [
    *sorted((ROOT / "tracker").rglob("*.py")),
    *sorted((ROOT / "extract").rglob("*.py")),
    *sorted((ROOT / "pages").rglob("*.py")),
    *sorted((ROOT / "scripts").rglob("*.py")),
    ROOT / "dashboard.py",
]
# a whole string literal; the start of a key made at run time: an f-string's text before its first field, or a
# string followed by +
LITERAL = re.compile(r"""(?<![A-Za-z0-9_])[rbuRBU]?(["'])([A-Za-z0-9_.:]+)\1""")
HEAD = re.compile(
    r"""(?<![A-Za-z0-9_])[rR]?[fF][rR]?(["'])([A-Za-z0-9_.:]*)\{|(["'])([A-Za-z0-9_.:]+)\3\s*\+"""
)


def _code() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in CODE}


def _literals(text: str) -> set[str]:
    return {m.group(2) for m in LITERAL.finditer(text)}


def _heads(text: str) -> set[str]:
    return {m.group(2) or m.group(4) for m in HEAD.finditer(text) if m.group(2) or m.group(4)}


def _declared(section: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted(i18n.CATALOGUE_DIR.glob("*.yaml")):
        for prefix, files in (read_catalogue(path).get(section) or {}).items():
            out[prefix] = list(files)
    return out


def unused_keys(labels: dict[str, tuple[str, str]], code: dict[str, str]) -> list[str]:
    """Keys the code never names: not as a whole string, not through a declared prefix (`built`: made at run time
    from the prefix, `prefixed`: the declared files name the rest of the key)."""
    everywhere = set().union(*(_literals(text) for text in code.values()))
    built, prefixed = _declared("built"), _declared("prefixed")
    named = {f: _literals(code[f]) for files in prefixed.values() for f in files}
    unused = []
    for key in labels:
        if key in everywhere or any(key.startswith(p) for p in built):
            continue
        if any(
            key.startswith(p) and key[len(p) :] in named[f] for p, files in prefixed.items() for f in files
        ):
            continue
        unused.append(key)
    return unused


def test_every_key_is_used_somewhere_in_the_code():
    assert unused_keys(LABELS, _code()) == []


def test_the_check_finds_a_key_nobody_uses():
    labels = {**LABELS, "filters_active": ("筛选", "Filters"), "review.ui_who": ("谁", "who")}
    assert unused_keys(labels, _code()) == ["filters_active", "review.ui_who"]


def test_declared_prefixes_are_built_in_the_files_named():
    """A `built` prefix names files that really make keys from it (an f-string starting with the prefix, or with
    its end when a helper adds the area); `prefixed` names existing files."""
    code = _code()
    for prefix, files in _declared("built").items():
        assert all(f in code for f in files), (prefix, files)
        assert any(prefix.endswith(h) for f in files for h in _heads(code[f])), (
            f"{prefix} is not built in {files}"
        )
    for prefix, files in _declared("prefixed").items():
        assert all(f in code for f in files), (prefix, files)


def test_every_key_the_code_names_is_in_a_catalogue():
    call = re.compile(
        r"""(?:\bt|\bmsg|\bmessage|\.t|\blabel)\(\s*["']([a-z][A-Za-z0-9_.]*)["'](?!\s*\+)"""
        r"""|code=["']([a-z][a-z0-9_.]*)["']"""
    )
    helpers = _declared("prefixed")  # label("x") is a helper adding its area's prefix
    examples = {("tracker/errors.py", "key"), ("tracker/errors.py", "safe.x")}  # in a docstring
    missing = []
    for f, text in _code().items():
        for m in call.finditer(text):
            key = m.group(1) or m.group(2)
            candidates = {key} | ({p + key for p in helpers} if "label(" in m.group(0) else set())
            if not candidates & LABELS.keys() and (f, key) not in examples:
                missing.append((f, key))
    assert missing == []


def test_every_message_has_both_languages():
    for key, (zh, en) in LABELS.items():
        assert zh.strip() and en.strip(), key


def _selectors(template: str) -> list[tuple[str, list[str]]]:
    return [
        (f, spec.split("|"))
        for _, f, spec, _ in string.Formatter().parse(template)
        if f and spec and "|" in spec
    ]


def test_plurals_are_real_forms_not_parentheses():
    assert [k for k, (_, en) in LABELS.items() if re.search(r"\w\((s|es)\)", en)] == []
    for key, pair in LABELS.items():
        for lang, template in zip(i18n.LANGS, pair, strict=True):
            for field, forms in _selectors(template):
                assert len(forms) == len(plural_categories(lang)), (key, lang, field, forms)


def test_plural_forms_follow_the_count():
    assert t("imp_summary_ready", "en", name="a.csv", n=1) == "a.csv: 1 update ready to import"
    assert t("imp_summary_ready", "en", name="a.csv", n=2) == "a.csv: 2 updates ready to import"
    assert t("imp_summary_ready", "en", name="a.csv", n=0) == "a.csv: 0 updates ready to import"
    assert t("imp_summary_ready", "zh", name="a.csv", n=1) == "a.csv：1 条进展可以导入"
    assert t("review.waiting_note", "en", n=1) == (
        "1 more item is still waiting for review and is not counted here (review.required)."
    )
    two = t("imp_summary_bad", "en", name="a.csv", bad=1, problems=3)
    assert two.startswith("a.csv: 1 bad row (3 problems);")
    assert t("loop.cli_assigned", "en", path="x.docx", units=2, n=1) == (
        "wrote x.docx: 2 units, 1 item; recorded as assigned"
    )
    assert i18n.msg("review.refused", n=1).text("en") == "review not saved: 1 problem"


def test_a_plural_with_the_wrong_number_of_forms_is_refused():
    with pytest.raises(CatalogueError, match="en needs 2 forms: one|other"):
        i18n.render("{n} {n:item|items|itemses}", "en", {"n": 3})


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            'messages:\n  a:\n    zh: "甲"\n    en: "A"\n  a:\n    zh: "乙"\n    en: "B"\n',
            "line 5: 'a' is given twice",
        ),
        ('messages:\n  a:\n    zh: "甲"\n', "a: give exactly zh: and en:"),
        ('messages:\n  a:\n    zh: "甲"\n    en: 3\n', "a: zh and en are strings"),
        ('labels:\n  a:\n    zh: "甲"\n    en: "A"\n', "a catalogue has messages:"),
        ('messages:\n  a: [zh, "甲"\n', "while parsing a flow sequence"),
    ],
)
def test_a_broken_catalogue_is_refused_with_its_file_and_key(tmp_path, text, problem):
    _write(tmp_path / "m", "area.yaml", text)
    with pytest.raises(CatalogueError) as e:
        load_catalogues(tmp_path / "m")
    assert str(e.value).startswith(str(tmp_path / "m" / "area.yaml") + ": ")
    assert problem in str(e.value)


def test_a_key_in_two_catalogues_is_refused(tmp_path):
    entry = 'messages:\n  a:\n    zh: "甲"\n    en: "A"\n'
    _write(tmp_path / "m", "one.yaml", entry)
    _write(tmp_path / "m", "two.yaml", entry)
    with pytest.raises(CatalogueError, match=r"two\.yaml: a is also in .*one\.yaml"):
        load_catalogues(tmp_path / "m")


def test_catalogues_are_read_from_the_package():
    assert i18n.CATALOGUE_DIR == ROOT / "tracker" / "messages"
    assert load_catalogues(i18n.CATALOGUE_DIR) == LABELS
