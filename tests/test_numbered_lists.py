"""Numbered lists: mixed 一是/二要 markers, 第一种…第三种, and lists of any length (none cut after 99)."""

from __future__ import annotations

from pathlib import Path

from tests.extract_helpers import run

TEXTS = Path(__file__).parent / "texts"


def _ex():
    return run((TEXTS / "mixed_markers.txt").read_text(encoding="utf-8"), year=2024)


def test_mixed_shi_and_yao_markers_count_up_as_one_list():
    ex = _ex()
    four = [c for c in ex.commitments if c["list_name"] == "四点要求"]
    assert [(c["ordinal"], c["title"][:6]) for c in four] == [
        (1, "各乡镇紧密配"),
        (2, "扎实抓好隐患"),
        (3, "加快健全应急"),
        (4, "强化宣传引导"),
    ]


def test_a_nested_yao_list_under_shi_items_stays_nested():
    ex = _ex()
    outer = [c for c in ex.commitments if c["issued_by"] == "县长李德明" and c["parent_id"] is None]
    assert [c["title"] for c in outer] == ["抓好汛前检查", "抓好物资储备，须采取三种办法", "抓好值班值守"]
    inner = [c["title"] for c in ex.commitments if c["parent_id"] == outer[0]["commitment_id"]]
    assert inner == ["排查隐患", "落实责任"]


def test_first_kind_second_kind_third_kind_are_items_of_their_requirement():
    ex = _ex()
    second = next(c for c in ex.commitments if c["title"].startswith("抓好物资储备"))
    kinds = [(c["ordinal"], c["title"]) for c in ex.commitments if c["parent_id"] == second["commitment_id"]]
    assert kinds == [(1, "集中采购应急物资"), (2, "想方设法调运社会物资"), (3, "保证物资储备点全覆盖")]


def test_a_numbered_list_of_120_short_lines_keeps_every_item():
    lines = [f"{k}、第{k}号排水泵站检修" for k in range(1, 121)]  # synthetic: short lines without punctuation
    text = "5月6日，某县召开城市排涝工作会议。会议要求，抓好以下工作：\n" + "\n".join(lines) + "\n"
    ex = run(text, year=2024)
    items = sorted((c["ordinal"], c["title"]) for c in ex.commitments if c["ordinal"])
    assert [k for k, _ in items] == list(range(1, 121))
    assert items[-1] == (120, "第120号排水泵站检修")


def test_chinese_ordinals_past_ninety_nine():
    body = "；".join(f"{_cn(k)}是抓好第{k}项工作" for k in range(1, 106))
    ex = run(f"会议要求，{body}。", year=2024)
    assert max(c["ordinal"] for c in ex.commitments if c["ordinal"]) == 105


def _cn(k: int) -> str:
    d = "零一二三四五六七八九"
    if k < 10:
        return d[k]
    if k < 100:
        return ("" if k // 10 == 1 else d[k // 10]) + "十" + (d[k % 10] if k % 10 else "")
    rest = k % 100
    tail = (
        ""
        if rest == 0
        else ("零" + d[rest] if rest < 10 else d[rest // 10] + "十" + (d[rest % 10] if rest % 10 else ""))
    )
    return d[k // 100] + "百" + tail
