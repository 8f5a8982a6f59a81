"""Every label and message in Chinese and English: the catalogues of tracker/messages/, the current language and
messages rendered when shown; quotes from the sources are never translated."""

from __future__ import annotations

import datetime as dt
import functools
import os
import string
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml

from tracker import errors
from tracker.vocabulary import NO_REPORT as NO_REPORT  # the status words, labelled below
from tracker.vocabulary import STATUS_ORDER as STATUS_ORDER

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


_STATUS_EN = {
    "未填报": "No report yet",
    "未启动": "Not started",
    "推进中": "In progress",
    "滞后": "Behind",
    "待销号": "Awaiting sign-off",
    "已完成": "Done",
}

# ---------------------------------------------------------------- the catalogues
# The messages live in tracker/messages/<area>.yaml, zh and en side by side, read once when this module is
# imported; docs/architecture.md ("Messages") says how to add one.
CATALOGUE_DIR = Path(__file__).with_name("messages")


class CatalogueError(ValueError):
    """A catalogue file that is not as docs/architecture.md describes (a developer's mistake, found at import)."""


class _UniqueKeyLoader(yaml.CSafeLoader):
    """YAML that refuses a key given twice in one mapping (plain YAML keeps the last one silently)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise CatalogueError(f"line {key_node.start_mark.line + 1}: {key!r} is given twice")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_catalogue(path: Path) -> dict[str, Any]:
    """One catalogue file, checked for shape: `messages` (key -> {zh, en}) and, for the check that every key is
    used (tests/test_catalogues.py), `built` and `prefixed` (key prefixes -> the files that add them)."""
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except (CatalogueError, yaml.YAMLError) as e:
        raise CatalogueError(f"{path}: {e}") from None
    if (
        not isinstance(doc, dict)
        or not isinstance(doc.get("messages"), dict)
        or set(doc) - {"messages", "built", "prefixed"}
    ):
        raise CatalogueError(
            f"{path}: a catalogue has messages: (and optionally built: and prefixed:) at the top"
        )
    for key, entry in doc["messages"].items():
        if not isinstance(entry, dict) or set(entry) != set(LANGS):
            raise CatalogueError(f"{path}: {key}: give exactly zh: and en:")
        if not all(isinstance(entry[lang], str) for lang in LANGS):
            raise CatalogueError(f"{path}: {key}: zh and en are strings")
    return doc


def load_catalogues(folder: Path) -> dict[str, tuple[str, str]]:
    """Every message of every catalogue in `folder` as key -> (zh, en); a key in two files is an error."""
    labels: dict[str, tuple[str, str]] = {}
    where: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        for key, entry in read_catalogue(path)["messages"].items():
            if key in labels:
                raise CatalogueError(f"{path}: {key} is also in {where[key]}")
            labels[key], where[key] = (entry["zh"], entry["en"]), path
    return labels


LABELS: dict[str, tuple[str, str]] = load_catalogues(CATALOGUE_DIR)


# ---------------------------------------------------------------- plural forms
# A count's words are chosen in the template: "{n} {n:update|updates}" gives "1 update", "2 updates". The forms
# follow the language's CLDR plural categories in CLDR order (English: one|other; Chinese has one form and needs
# no selector); Babel knows the rules.
_CLDR_ORDER = ("zero", "one", "two", "few", "many")


@functools.cache
def _plural_rule(lang: str) -> Any:
    from babel.core import Locale  # Babel's locale data loads on the first plural, not on every import

    return Locale.parse(lang).plural_form


def plural_categories(lang: str) -> tuple[str, ...]:
    """The plural categories of `lang` in the order a selector gives its forms ('one', 'other' for English)."""
    tags = _plural_rule(lang).tags
    return (*(c for c in _CLDR_ORDER if c in tags), "other")


def plural(count: object, forms: list[str], lang: str) -> str:
    """The form of `forms` (in the order of plural_categories) that `count` takes in `lang`."""
    categories = plural_categories(lang)
    if len(forms) != len(categories):
        raise CatalogueError(
            f"{'|'.join(forms)!r}: {lang} needs {len(categories)} forms: {'|'.join(categories)}"
        )
    number = count if isinstance(count, (int, float, Decimal)) else Decimal(str(count))
    return forms[categories.index(_plural_rule(lang)(number))]


class _PluralFormatter(string.Formatter):
    """str.format, where a field whose format is 'form|form…' gives the plural form its number takes."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            return plural(value, format_spec.split("|"), self.lang)
        return format(value, format_spec)


def render(template: str, lang: Lang, fields: Mapping[str, object]) -> str:
    """A template filled in with `fields` (already in `lang`), plural selectors resolved."""
    if "|" in template:
        return _PluralFormatter(lang).vformat(template, (), fields)
    return template.format(**fields)


def reader_label(reader: str | None, lang: Lang = "zh") -> str:
    """Which reader made a source's text (txt, docx, pdf, html), for display."""
    key = f"reader_{reader or 'txt'}"
    return t(key, lang) if key in LABELS else str(reader)


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def t(key: str, lang: Lang | None = None, /, **fields: object) -> str:
    """The label `key` in `lang` (default: the current language), with {fields} filled in; fields that are
    messages or user errors are rendered in the same language."""
    lang = lang or current_language()
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    if not fields:
        return text
    return render(text, lang, {k: _field(v, lang) for k, v in fields.items()})


def status_label(status: str, lang: Lang = "zh") -> str:
    """A status for display: the stored Chinese word, or its English name."""
    return status if lang == "zh" else _STATUS_EN.get(status, status)


def kind_label(kind: str | None, lang: Lang = "zh") -> str:
    """A commitment kind (requirement, task …) for display."""
    if not kind:
        return LABELS["none"][0]
    key = f"commitment_kind_{kind}"
    return t(key, lang) if key in LABELS else kind


def unit_kind_label(kind: str | None, lang: Lang = "zh") -> str:
    """A unit kind ('town'/'department') for display."""
    if not kind:
        return LABELS["none"][0]
    key = f"unit_kind_{kind}"
    return t(key, lang) if key in LABELS else kind


def role_label(role: str | None, lang: Lang = "zh") -> str:
    """How a unit holds a commitment (lead / responsible / support) for display."""
    return t(f"role_{role}", lang) if role in ("lead", "responsible", "support") else ""


def colour_label(colour: str | None, lang: Lang = "zh") -> str:
    """A warning colour (red/yellow/green) for display."""
    if not colour:
        return ""
    key = f"colour_{colour}"
    return t(key, lang) if key in LABELS else colour


def format_date(d: dt.date | None, lang: Lang = "zh") -> str:
    """A date as 2024年2月20日 or 20 Feb 2024."""
    if d is None:
        return LABELS["none"][0]
    if lang == "zh":
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def period_label(code: str, lang: Lang = "zh") -> str:
    """A period code ('2024', '2024-Q1', '2024-02') for display."""
    if "-Q" in code:
        y, q = code.split("-Q")
        return t("period_quarter", lang, y=y, q=q)
    if "-" in code:
        y, m = code.split("-")
        return t("period_month", lang, y=y, m=int(m), mon=_MONTHS_EN[int(m) - 1])
    return t("period_year", lang, y=code)


def span_label(first: dt.date | None, last: dt.date | None, lang: Lang = "zh") -> str:
    """The 'when' of a chart title: the dates of the meetings it covers."""
    if first is None or last is None:
        return t("no_meetings_span", lang)
    if first == last:
        return t("meetings_on", lang, a=format_date(first, lang))
    return t("meetings_between", lang, a=format_date(first, lang), b=format_date(last, lang))


def chart_title(
    what_key: str, lang: Lang, first: dt.date | None, last: dt.date | None, today: dt.date, **fields: object
) -> str:
    """A chart title that says what and when: '<what> · <meeting dates> · as of <today>'."""
    return " · ".join(
        (
            t(what_key, lang, **fields),
            span_label(first, last, lang),
            t("as_of", lang, date=format_date(today, lang)),
        )
    )


# ------------------------------------------------------------------------ the current language and messages
# A message a person will read is made as `msg(key, **fields)` and rendered when shown, in the reader's
# language: an error raised in the background build thread is shown in Chinese to one session and in English
# to another. `UserError(msg(...))` prints in the current language (str(e) is str of its one argument).

LANG_ENV = "TRACKER_LANG"  # zh or en: overrides the config's language for command lines and tests
_CURRENT: ContextVar[Lang | None] = ContextVar("tracker_language", default=None)


def normalise_language(lang: object) -> Lang | None:
    """'zh'/'en' (any case, zh-CN, en_US …) as a Lang, else None."""
    text = str(lang or "").strip().lower()
    if text.startswith("zh"):
        return "zh"
    if text.startswith("en"):
        return "en"
    return None


def current_language() -> Lang:
    """The language messages are rendered in: set_language() in this context, else $TRACKER_LANG, else zh."""
    return _CURRENT.get() or normalise_language(os.environ.get(LANG_ENV)) or "zh"


def set_language(lang: object) -> Lang:
    """Make `lang` the current language of this thread/context (unknown values mean zh); returns it."""
    chosen: Lang = normalise_language(lang) or "zh"
    _CURRENT.set(chosen)
    return chosen


@contextmanager
def language(lang: object) -> Iterator[Lang]:
    """Render messages in `lang` inside the block."""
    token = _CURRENT.set(normalise_language(lang) or "zh")
    try:
        yield current_language()
    finally:
        _CURRENT.reset(token)


@dataclass(frozen=True, eq=False)
class Msg:
    """A message for a person: a LABELS key and its fields, rendered in the reader's language when shown."""

    key: str
    fields: tuple[tuple[str, object], ...] = ()

    def text(self, lang: Lang | None = None) -> str:
        """The message in `lang` (default: the current language)."""
        return t(self.key, lang, **dict(self.fields))

    def __str__(self) -> str:
        return self.text()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.fields) == (other.key, other.fields)

    def __hash__(self) -> int:
        return hash((self.key, tuple((k, str(v)) for k, v in self.fields)))


def msg(key: str, /, **fields: object) -> Msg:
    """A message to render later (see Msg); unknown keys fail here, where the message is made."""
    if key not in LABELS:
        raise KeyError(f"no label {key!r} in tracker.i18n")
    return Msg(key, tuple(fields.items()))


def localize(obj: object, lang: Lang | None = None) -> str:
    """Text of a message, a user error (or anything with .localized(lang)) in `lang`; str() for the rest."""
    if isinstance(obj, Msg):
        return obj.text(lang)
    if isinstance(obj, errors.UserError):
        return obj.text(lang)
    if isinstance(obj, BaseException) and len(obj.args) == 1 and isinstance(obj.args[0], Msg):
        return obj.args[0].text(lang)
    localized = getattr(obj, "localized", None)
    if callable(localized):
        return str(localized(lang or current_language()))
    return str(obj)


def _field(value: object, lang: Lang) -> object:
    if isinstance(value, (Msg, BaseException)) or callable(getattr(value, "localized", None)):
        return localize(value, lang)
    return value


def join(items: Iterable[object], lang: Lang | None = None) -> str:
    """Items as a list in running text: 甲、乙、丙 or a, b, c."""
    sep = "、" if (lang or current_language()) == "zh" else ", "
    return sep.join(localize(i, lang) for i in items)


@dataclass(frozen=True)
class InLanguage:
    """Text that exists in one language only (a library's English message): shown to readers of that
    language and left out for the others, so a Chinese screen never carries an English fragment."""

    lang: Lang
    text: str

    def localized(self, lang: Lang) -> str:
        """The text for readers of its language, else nothing."""
        return self.text if lang == self.lang else ""


# ---------------------------------------------------------------- keyed user errors (UserError(code=…))


def use_language(lang: str) -> None:
    """Make this command's messages come out in `lang` (the config's language) unless $TRACKER_LANG is set."""
    if not os.environ.get(LANG_ENV) and normalise_language(lang):
        set_language(lang)


def message(key: str, lang: str | None = None, /, **fields: object) -> str:
    """A message in `lang` (None: the current language); unknown keys come back as they are.

    Fields `why` (a pydantic error type) and `ctx` replace `reason` with its translation where there is one;
    `more` (a count of further problems) becomes a short suffix.
    """
    if key not in LABELS:
        return key
    chosen: Lang = lang if lang in LANGS else current_language()
    why, ctx = fields.pop("why", None), fields.pop("ctx", None) or {}
    if f"safe.why_{why}" in LABELS:
        assert isinstance(ctx, Mapping), "ctx is a pydantic error's context: a mapping"
        shown = {k: " / ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in ctx.items()}
        fields["reason"] = t(f"safe.why_{why}", chosen, **shown)
    if "more" in fields:
        more = fields["more"]
        fields["more"] = t("safe.and_more", chosen, n=more) if isinstance(more, int) and more > 0 else ""
    return t(key, chosen, **fields)


def error_text(e: BaseException, lang: str | None = None) -> str:
    """A user error in `lang` (keyed errors are translated; plain ones are shown as written)."""
    return e.text(lang) if isinstance(e, errors.UserError) else str(e)


def _translate(key: str, fields: Mapping[str, object], lang: str | None) -> str:
    return message(key, lang, **fields)


errors.set_translator(_translate)
