"""Units beyond the gazetteer: the shipped list of government bodies, and a gazetteer kept to its own city."""

from __future__ import annotations

from pathlib import Path

from extract.places import is_elsewhere, named_divisions
from extract.units import Gazetteer, canonical, standard_body
from tests.extract_helpers import by_kind, run, unit_name

TEXTS = Path(__file__).parent / "texts"
# A made-up city (not a real division) with the project's kind of gazetteer.
GAZ = Gazetteer(
    (
        ("住房和城乡建设局", "住房和城乡建设局", "department", "局"),
        ("住建局", "住房和城乡建设局", "department", "局"),
        ("石桥镇", "石桥镇", "town", "镇"),
    ),
    "青禾市",
    ("石桥镇",),
)


def owners(text: str, gazetteer: Gazetteer | None = None) -> set[str | None]:
    ex = run(text, gazetteer=gazetteer)
    return {unit_name(ex, t) for t in by_kind(ex, "task")}


def test_a_report_from_another_county_keeps_its_own_unit_names():
    text = (TEXTS / "county_elsewhere.txt").read_text(encoding="utf-8")
    assert is_elsewhere(text, "青禾市", ("石桥镇",))
    got = owners(text, GAZ)
    assert "住建局" in got and "住房和城乡建设局" not in got


def test_a_report_about_the_configured_city_uses_its_gazetteer_and_the_lists_other_forms():
    text = (TEXTS / "city_own.txt").read_text(encoding="utf-8")
    assert not is_elsewhere(text, "青禾市", ("石桥镇",))
    ex = run(text, gazetteer=GAZ)
    assert {unit_name(ex, t) for t in by_kind(ex, "task")} == {"住房和城乡建设局"}  # 住房城乡建设局 too


def test_a_report_that_names_no_place_is_taken_as_the_citys_own():
    assert owners("市住建局要在6月底前完成老旧小区改造。", GAZ) == {"住房和城乡建设局"}
    assert owners("市住建局要在6月底前完成老旧小区改造。") == {"住建局"}


def test_places_are_found_by_their_short_form_and_not_inside_words():
    found = {
        form
        for form, _ in named_divisions("石林县和桐庐县召开会议，代县长讲话，建成县城绿道，老旧城区改造。")
    }
    assert found == {
        "石林县",
        "桐庐县",
    }  # 石林彝族自治县 by its short form; 代县/成县/城区 inside words are not


def test_the_prefecture_holding_the_city_is_not_another_place():
    assert not is_elsewhere("平顶山市召开会议，市住建局要加快进度。", "舞钢市")
    assert is_elsewhere("桐庐县召开会议，县住建局要加快进度。", "舞钢市")


def test_one_body_under_its_full_and_short_names_is_one_unit_in_a_report():
    text = (TEXTS / "county_elsewhere.txt").read_text(encoding="utf-8")
    ex = run(text)
    names = {unit_name(ex, t) for t in by_kind(ex, "task")}
    assert "人力资源和社会保障局" in names and "人社局" not in names
    assert standard_body("人社局") == standard_body("人力资源社会保障局") == "人力资源和社会保障局"


def test_bodies_without_an_office_ending_are_found_and_keep_their_level():
    text = (TEXTS / "county_elsewhere.txt").read_text(encoding="utf-8")
    ex = run(text)
    assert {"县人大常委会", "县政协"} <= set(ex.units)
    assert canonical("青禾县人大常委会") == "县人大常委会"
    assert canonical("青禾县人社局") == "人社局"
