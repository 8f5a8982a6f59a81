"""Evidence from later reports and hints from a commitment's own wording, on short synthetic texts."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.evidence import EVIDENCE_COLUMNS, find_evidence, shared_matter, text_hint

# Two synthetic reports of the genre: a February meeting with unit commitments, a June meeting reporting back.
FEB = """某市召开年度工作务虚会议

本报讯（记者 王五）2月20日，某市召开年度工作务虚会议，各乡镇负责同志发言。

红山街道党工委书记说，辖区民宿已建成运营多年，下一步将继续推进楼宇沟民宿项目提质升级。

尚店镇表示，要加快完善基础设施建设，提升道路通行能力。
"""
JUN = """某市召开半年工作推进会

本报讯（记者 王五）6月15日，某市召开半年工作推进会，通报上半年重点工作进展。

会上通报，红山街道楼宇沟民宿项目已建成运营，累计接待游客3万人次。

尚店镇学校食堂改造已经完成。

朱兰街道表示，将继续推进楼宇沟民宿项目提质升级。

春季植树

本报讯 6月20日，红山街道组织干部群众开展楼宇沟民宿周边绿化。
"""


def _span(text: str, needle: str) -> tuple[int, int]:
    a = text.index(needle)
    return a, a + len(needle)


def _tables(jun: str = JUN) -> dict[str, list[dict]]:
    units = [
        {"unit_id": "u-hs", "name": "红山街道", "kind": "town"},
        {"unit_id": "u-sd", "name": "尚店镇", "kind": "town"},
        {"unit_id": "u-zl", "name": "朱兰街道", "kind": "town"},
    ]
    sources = [{"source_id": "feb", "text": FEB}, {"source_id": "jun", "text": jun}]
    meetings = [
        {
            "meeting_id": "m-feb",
            "source_id": "feb",
            "date": dt.date(2024, 2, 20),
            "char_start": FEB.index("2月20日"),
        },
        {
            "meeting_id": "m-jun",
            "source_id": "jun",
            "date": dt.date(2024, 6, 15),
            "char_start": jun.index("6月15日"),
        },
    ]
    hs = _span(FEB, "红山街道党工委书记说，辖区民宿已建成运营多年，下一步将继续推进楼宇沟民宿项目提质升级。")
    sd = _span(FEB, "尚店镇表示，要加快完善基础设施建设，提升道路通行能力。")
    commitments = [
        {
            "commitment_id": "c-hs",
            "meeting_id": "m-feb",
            "source_id": "feb",
            "kind": "task",
            "unit_id": "u-hs",
            "title": "推进楼宇沟民宿项目提质升级",
            "quote": FEB[hs[0] : hs[1]],
            "char_start": hs[0],
            "char_end": hs[1],
        },
        {
            "commitment_id": "c-sd",
            "meeting_id": "m-feb",
            "source_id": "feb",
            "kind": "task",
            "unit_id": "u-sd",
            "title": "完善基础设施建设",
            "quote": FEB[sd[0] : sd[1]],
            "char_start": sd[0],
            "char_end": sd[1],
        },
    ]
    mentions = []
    for sid, text in (("feb", FEB), ("jun", jun)):
        for u in units:
            i = text.find(u["name"])
            while i >= 0:
                mentions.append(
                    {
                        "source_id": sid,
                        "unit_id": u["unit_id"],
                        "surface": u["name"],
                        "char_start": i,
                        "char_end": i + len(u["name"]),
                    }
                )
                i = text.find(u["name"], i + 1)
    fa = jun.find("3万人次")
    figures = (
        [
            {
                "figure_id": "f-1",
                "source_id": "jun",
                "meeting_id": "m-jun",
                "unit_id": "u-hs",
                "char_start": fa,
                "char_end": fa + 5,
            }
        ]
        if fa >= 0
        else []
    )
    return {
        "sources": sources,
        "meetings": meetings,
        "commitments": commitments,
        "figures": figures,
        "units": units,
        "mentions": mentions,
    }


def test_later_report_on_same_unit_and_matter_is_linked_with_its_quote() -> None:
    t = _tables()
    rows = find_evidence(**t)
    later = [r for r in rows if r["kind"] != "hint"]
    assert len(later) == 1, later
    ev = later[0]
    assert (
        ev["commitment_id"] == "c-hs" and ev["meeting_id"] == "m-jun" and ev["date"] == dt.date(2024, 6, 15)
    )
    assert ev["kind"] == "figure" and ev["figure_id"] == "f-1" and ev["hint"] == "done"
    assert ev["quote"] == JUN[ev["char_start"] : ev["char_end"]] and "楼宇沟民宿" in ev["matched"]
    assert ev["source"] == "report" and set(ev) == set(EVIDENCE_COLUMNS)


def test_other_units_matters_and_earlier_reports_are_not_linked() -> None:
    rows = find_evidence(**_tables())
    linked = {(r["commitment_id"], r["source_id"], r["quote"][:6]) for r in rows if r["kind"] != "hint"}
    assert not any(c == "c-sd" for c, _, _ in linked)  # 食堂 is not 基础设施
    assert not any("朱兰" in q for _, _, q in linked)  # same matter, other unit
    assert not any(s == "feb" for _, s, _ in linked)  # the commitment's own report is not evidence of itself


def test_restatement_and_undated_articles() -> None:
    jun = JUN.replace(
        "红山街道楼宇沟民宿项目已建成运营，累计接待游客3万人次。",
        "红山街道将继续推进楼宇沟民宿项目提质升级。",
    )
    t = _tables(jun)
    t["figures"] = []
    rows = [r for r in find_evidence(**t) if r["kind"] != "hint"]
    assert [(r["kind"], r["hint"]) for r in rows] == [("restatement", "planned")]
    # the 6月20日 item has no meeting: it counts only when the source has a date in the config
    rows = find_evidence(**t, source_dates={"jun": dt.date(2024, 6, 20)})
    undated = [r for r in rows if r["kind"] != "hint" and r["meeting_id"] is None]
    assert [(r["date"], r["quote"][:8]) for r in undated] == [(dt.date(2024, 6, 20), "本报讯 6月20")]


def test_own_text_hints_done_and_planned_clauses() -> None:
    rows = [r for r in find_evidence(**_tables()) if r["kind"] == "hint"]
    hs = {r["hint"] for r in rows if r["commitment_id"] == "c-hs"}
    assert hs == {"planned"}  # one clause (a sentence) holding both; planned wins
    for r in rows:
        assert r["quote"] == (FEB if r["source_id"] == "feb" else JUN)[r["char_start"] : r["char_end"]]
        assert r["date"] == dt.date(2024, 2, 20) and r["source"] == "report"


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("楼宇沟休闲运动世界已建成运营。", "done"),
        ("项目建成投用。", "done"),
        ("目前正在加紧施工。", "in_progress"),
        ("下一步将继续发挥集体智慧。", "planned"),
        ("要逐层、逐校遍访调研。", "planned"),
        ("会议强调安全生产。", None),
    ],
)
def test_text_hint(text: str, hint: str | None) -> None:
    assert text_hint(text) == hint


def test_shared_matter_ignores_generic_words_and_unit_names() -> None:
    n, runs = shared_matter("红山街道推进项目建设工作", "红山街道项目建设工作进展顺利", drop=("红山街道",))
    assert n == 0 and runs == []
    n, runs = shared_matter("推进楼宇沟民宿项目", "楼宇沟民宿项目建成", drop=())
    assert n == 4 and runs == ["楼宇沟民宿"]


def test_evidence_ids_are_stable() -> None:
    a = find_evidence(**_tables())
    b = find_evidence(**_tables())
    assert [r["evidence_id"] for r in a] == [r["evidence_id"] for r in b]
    assert len({r["evidence_id"] for r in a}) == len(a)


def test_a_long_report_gives_a_commitment_its_first_few_matches_only() -> None:
    from extract.evidence import MATCHES_PER_SOURCE

    repeated = "".join(f"红山街道楼宇沟民宿项目第{i}批提质升级已建成运营。" for i in range(1, 40))
    jun = JUN.replace("会上通报，", "会上通报，" + repeated)
    rows = [
        r for r in find_evidence(**_tables(jun)) if r["commitment_id"] == "c-hs" and r["source_id"] == "jun"
    ]
    assert len(rows) == MATCHES_PER_SOURCE
    assert [r["quote"][-17:] for r in rows] == [
        f"楼宇沟民宿项目第{i}批提质升级已建成运营。"[-17:] for i in (1, 2, 3)
    ]


def test_what_a_commitment_is_about_is_read_from_around_it_not_from_its_whole_line() -> None:
    from extract.evidence import CONTEXT_CHARS, FactIndex, own_evidence, source_facts

    filler = (
        "会议还听取了其他事项的汇报。" * 400
    )  # a report pasted as one line: one paragraph of 5,600 characters
    text = filler + "尚店镇表示，要加快完善基础设施建设，提升道路通行能力。" + filler
    a, b = _span(text, "尚店镇表示，要加快完善基础设施建设，提升道路通行能力。")
    c = {"commitment_id": "c", "source_id": "s", "unit_id": "u", "char_start": a, "char_end": b}
    facts = source_facts("s", text)
    assert len({f.paragraph for f in facts}) == 1
    _, around = own_evidence(c, text, FactIndex(facts), None)
    assert 0 < len(around.replace("|", "")) <= min(2 * CONTEXT_CHARS, 1000)
    assert around.startswith("会议还听取了") and around.endswith("汇报。")


def test_a_commitment_keeps_its_latest_matches_however_many_reports_follow() -> None:
    from extract.evidence import MATCHES_PER_ITEM

    t = _tables()
    later = 2 * MATCHES_PER_ITEM + 1
    for k in range(1, later + 1):  # more reports saying the same of 红山街道, each a month after the last
        sid, day = f"r{k:02d}", dt.date(2024, 6, 15) + dt.timedelta(days=30 * k)
        t["sources"].append({"source_id": sid, "text": JUN})
        t["meetings"].append(
            {"meeting_id": f"m-{sid}", "source_id": sid, "date": day, "char_start": JUN.index("6月15日")}
        )
        t["mentions"] += [{**m, "source_id": sid} for m in t["mentions"] if m["source_id"] == "jun"]
    rows = [r for r in find_evidence(**t) if r["kind"] != "hint" and r["commitment_id"] == "c-hs"]
    assert len(rows) == MATCHES_PER_ITEM
    # the latest reports, in the order of the sources
    assert [r["source_id"] for r in rows] == [
        f"r{k:02d}" for k in range(later - MATCHES_PER_ITEM + 1, later + 1)
    ]


def test_a_places_name_without_its_level_word_says_who_not_what() -> None:
    """`示例市` and `示例` both say which place, so neither makes two sentences about the same matter."""
    from extract.matter import matter_words

    words = matter_words(["示例市", "东河镇", "区"])
    assert {"示例市", "示例", "东河镇", "东河"} <= set(words)
    assert "" not in words and "示例" not in matter_words([])
