"""Real reports from other places (tests/corpus, copied from the shared corpus): the extractor works without
code changes."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import CORPUS
from tests.extract_helpers import by_kind, run, unit_name


def load(name: str):
    path = next(CORPUS.glob(f"{name}_*.txt"))
    return run(path.read_text(encoding="utf-8"))


def test_every_corpus_file_extracts_with_exact_spans():
    files = sorted(CORPUS.glob("*.txt"))
    assert len(files) >= 8
    for f in files:
        run(f.read_text(encoding="utf-8"))  # run() checks every span


@pytest.mark.parametrize(
    ("name", "date", "title_part"),
    [
        ("huxian", dt.date(2011, 9, 21), "三秋暨秸秆综合利用和禁烧工作动员会"),
        ("chewang", dt.date(2021, 11, 24), "当前重点工作推进会"),
        ("pancun", dt.date(2023, 6, 3), "当前重点工作推进部署会"),
        ("pingchang", dt.date(2019, 3, 15), "学校安全信访稳定工作会议"),
        ("taibai", dt.date(2021, 5, 30), "县长办公会议"),
        ("pingli", dt.date(2022, 1, 13), "重点项目集中开工现场会"),
    ],
)
def test_meeting_and_its_year_from_text_or_header(name, date, title_part):
    ex = load(name)
    assert [m["date"] for m in ex.meetings] == [date]
    assert title_part in ex.meetings[0]["title"]


@pytest.mark.parametrize("name", ["jinjiang", "luyang"])
def test_event_reports_are_not_meetings(name):
    assert load(name).meetings == []


def test_pancun_five_point_requirements_written_as_digit():
    reqs = [c for c in load("pancun").commitments if c["list_name"] == "5点要求"]
    assert [c["title"] for c in reqs] == [
        "宣传再强化",
        "管控再精准",
        "责任再明确",
        "应急再加强",
        "督查再严格",
    ]
    assert {c["kind"] for c in reqs} == {"requirement"}
    assert reqs[0]["issued_by"] == "镇党委副书记、镇长李兵"


def test_pingchang_eight_strict_clauses_under_the_second_requirement():
    ex = load("pingchang")
    top = [c for c in ex.commitments if c["kind"] == "requirement" and c["parent_id"] is None]
    assert [c["ordinal"] for c in top] == [1, 2, 3]
    assert {c["issued_by"] for c in top} == {"会议"}
    children = [c for c in ex.commitments if c["parent_id"] == top[1]["commitment_id"]]
    assert len(children) == 8
    assert children[3]["title"] == "强力推进，严督“六有”建设"


def test_chewang_nested_lists_and_the_cut_off_end():
    ex = load("chewang")
    top = [c for c in ex.commitments if c["parent_id"] is None and c["kind"] == "requirement"]
    secretary = [c for c in top if c["issued_by"] == "镇党委书记李振国"]
    assert [c["ordinal"] for c in secretary] == [1, 2, 3]
    inner = [c for c in ex.commitments if c["parent_id"] == secretary[0]["commitment_id"]]
    assert [c["ordinal"] for c in inner] == [1, 2, 3]
    assert all("二是" not in c["quote"] for c in inner)
    mayor = [c for c in top if c["issued_by"] and "崔鹏" in c["issued_by"]]
    assert [c["ordinal"] for c in mayor] == [1, 2, 3]
    assert mayor[-1]["quote"].endswith("下")


def test_huxian_two_lists_and_the_item_addressed_to_towns():
    ex = load("huxian")
    top = [c for c in ex.commitments if c["kind"] == "requirement"]
    assert [c["ordinal"] for c in top] == [1, 2, 3, 1, 2, 3, 4]
    assert top[-1]["addressee"] == "各镇"
    assert {c["issued_by"] for c in top} == {"县委书记陆晓延"}


def test_taibai_tasks_paired_with_units_across_paragraphs():
    ex = load("taibai")
    owners = {unit_name(ex, t) for t in by_kind(ex, "task")}
    assert {"农业农村局", "统计局", "公安局", "人社局", "发改局"} <= owners
    assert any("各镇" in (t["addressee"] or "") for t in by_kind(ex, "task"))


def test_pingli_figures_in_yi_yuan():
    got = {f["number_text"]: f["value"] for f in load("pingli").figures}
    assert got["17个"] == 17
    assert got["21.2亿元"] == pytest.approx(2.12e9)
    assert got["8.7亿元"] == pytest.approx(8.7e8)


def test_jinjiang_exact_counts_and_no_clutter():
    ex = load("jinjiang")
    got = {f["number_text"]: f["value"] for f in ex.figures}
    for text, value in [("137家", 137), ("22场", 22), ("14889个", 14889), ("1282份", 1282), ("588人", 588)]:
        assert got[text] == value
    # the trailing 频道推荐 block is page clutter, not report text
    assert not any("中央八项规" in f["quote"] for f in ex.figures)


def test_luyang_qualifiers_and_the_age_distractor():
    got = {f["number_text"]: (f["value"], f["qualifier"]) for f in load("luyang").figures}
    assert got["60多家"] == (60, "多")
    assert got["80%以上"] == (80, "以上")
    assert got["1600余名"] == (1600, "余")
    assert got["160余场"] == (160, "余")
    assert not any("33" in k for k in got)


def test_pancun_six_unnumbered_areas_of_the_secretary():
    reqs = [c for c in load("pancun").commitments if c["list_name"] is None and c["kind"] == "requirement"]
    assert [c["title"] for c in reqs] == [
        "紧盯秸秆打捆",
        "关注收割进度",
        "做好应急处突",
        "加强禁烧值守",
        "缓解收割矛盾",
        "注重自身安全",
    ]
    assert {c["issued_by"] for c in reqs} == {"镇党委书记王安徽"}


def test_pingli_quoted_formula_and_parallel_kuangzhua_items():
    ex = load("pingli")
    titles = [c["title"] for c in by_kind(ex, "requirement")]
    assert titles == [
        "在建项目抓进度",
        "前期项目抓落地",
        "落地项目抓开工",
        "竣工项目抓投产",
        "狠抓审批跑办",
        "狠抓要素保障",
        "狠抓援建服务",
        "狠抓工作效能",
    ]
    assert [t["addressee"] for t in by_kind(ex, "task")] == ["各镇、各部门"]


def test_taibai_town_named_by_a_rare_word_is_still_a_unit():
    ex = load("taibai")
    tasks = {unit_name(ex, t): t for t in by_kind(ex, "task")}
    assert tasks["咀头镇"]["quote"].startswith("咀头镇要强化领导")
    assert tasks["各镇"]["addressee"] == "各镇、各部门"  # a collective addressee holds the task as a group


def test_jinjiang_time_limit_without_a_meeting_takes_the_page_year():
    ex = load("jinjiang")
    task = next(t for t in by_kind(ex, "task") if "持续到3月上旬" in t["quote"])
    assert task["due_date"] == dt.date(2024, 3, 10)


def _widen(text: str) -> str:
    """The same report with full-width punctuation (commas inside numbers stay)."""
    out = []
    for i, ch in enumerate(text):
        digits = 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
        out.append(ch if digits else {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}.get(ch, ch))
    return "".join(out)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name.split("_")[0])
def test_full_width_punctuation_gives_the_same_rows(path):
    narrow = path.read_text(encoding="utf-8")
    a, b = run(narrow), run(_widen(narrow))

    def key(ex):
        return (
            [(c["kind"], c["ordinal"], c["title"], unit_name(ex, c), c["addressee"]) for c in ex.commitments],
            [(f["value"], f["measure"], f["qualifier"]) for f in ex.figures],
            [(m["date"], m["title"]) for m in ex.meetings],
        )

    assert key(a) == key(b)
