"""argparse's own words (usage prefix, group titles, error templates) come out in Chinese, fields as argparse
wrote them, however a typed value reads; in English they are argparse's own."""

from __future__ import annotations

import pytest

from tracker.cli.common import Parser
from tracker.errors import UserError
from tracker.i18n import language


def _parser() -> Parser:
    p = Parser(prog="syn")
    p.add_argument("pos", type=int)
    p.add_argument("--alpha", type=float)
    p.add_argument("--alpine", choices=["x", "y z"])
    p.add_argument("--two", nargs=2)
    p.add_argument("--one", nargs=1)
    p.add_argument("--many", nargs="+")
    p.add_argument("--flag", action="store_true")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--left", action="store_true")
    g.add_argument("--right", action="store_true")
    return p


def _error(lang: str, *argv: str) -> str:
    with language(lang):
        with pytest.raises(UserError) as e:
            _parser().parse_args(list(argv))
        return str(e.value).split("（参见")[0].split(" (see")[0]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ((), "syn：缺少必需的参数：pos"),
        (("1",), "syn：需要参数 --left --right 之一"),
        (("1", "--al", "3"), "syn：选项 --al 有歧义，可能是 --alpha, --alpine"),
        (("x", "--left"), "syn：参数 pos：无效的值 'x'"),
        (("1", "--left", "--alpha", "q"), "syn：参数 --alpha：无效的值 'q'"),
        (("1", "--left", "--right"), "syn：参数 --right：不能与参数 --left 同时使用"),
        (("1", "--left", "--two", "a"), "syn：参数 --two：需要 2 个值"),
        (("1", "--left", "--one"), "syn：参数 --one：需要 1 个值"),
        (("1", "--left", "--many"), "syn：参数 --many：至少需要一个值"),
        (("1", "--left", "--flag=3"), "syn：参数 --flag：忽略了参数 '3'"),
        (("1", "--left", "extra", "more"), "syn：无法识别的参数：extra more"),
        # a typed value holding a template's own words stays whole
        (
            ("1", "--left", "--alpine", "q (choose from z"),
            "syn：参数 --alpine：无效的选择 'q (choose from z'（可选：'x', 'y z'）",
        ),
        (
            ("1", "--left", "--alpine", "argument --x: y"),
            "syn：参数 --alpine：无效的选择 'argument --x: y'（可选：'x', 'y z'）",
        ),
    ],
)
def test_argparse_errors_are_chinese_with_their_fields(argv: tuple[str, ...], said: str) -> None:
    assert _error("zh", *argv) == said


def test_argparse_errors_stay_english_in_english() -> None:
    assert _error("en", "1", "--left", "--two", "a") == "syn: argument --two: expected 2 arguments"


def test_usage_prefix_and_titles_follow_the_language_and_wrap_by_their_width() -> None:
    with language("zh"):
        zh = _parser().format_help()
    with language("en"):
        en = _parser().format_usage()
    assert zh.startswith("用法：syn [-h] [--alpha ALPHA]")
    assert "\n       [--many MANY [MANY ...]]" in zh  # wrapped lines line up under the program's name
    assert "\n位置参数:\n" in zh and "\n选项:\n" in zh
    assert en.startswith("usage: syn [-h]") and "\n           [--many MANY [MANY ...]]" in en
