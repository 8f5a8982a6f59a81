"""The seed page (舞钢市, Feb 2024) extracted into a real DuckDB file: every item the page lists."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from tests.conftest import SEED


@pytest.fixture(scope="module")
def con(seed_db):
    c = duckdb.connect(str(seed_db), read_only=True)
    yield c
    c.close()


def rows(con, sql, *params):
    cur = con.cursor()
    cur.execute(sql, list(params))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def unit_of(con, commitment):
    r = rows(con, "SELECT name FROM units WHERE unit_id = ?", commitment["unit_id"])
    return r[0]["name"] if r else None


def test_four_meetings_with_dates(con):
    meetings = {r["date"]: r["title"] for r in rows(con, "SELECT date, title FROM meetings")}
    assert set(meetings) == {dt.date(2024, 2, d) for d in (20, 21, 22, 23)}
    assert "务虚会" in meetings[dt.date(2024, 2, 20)]
    assert "春季开学工作会" in meetings[dt.date(2024, 2, 21)]
    assert "企业内外部环境综合治理部署会" in meetings[dt.date(2024, 2, 22)]
    assert "宣传思想文化工作会议" in meetings[dt.date(2024, 2, 23)]


def test_four_requirements_of_the_party_secretary(con):
    reqs = rows(
        con,
        "SELECT * FROM commitments WHERE kind = 'requirement' AND list_name = '四点要求' ORDER BY ordinal",
    )
    assert [r["ordinal"] for r in reqs] == [1, 2, 3, 4]
    titles = ["坚定信心、进位争先", "纲举目张、抓住关键", "务实重干、凝聚力量", "加强学习、增强本领"]
    assert [r["title"] for r in reqs] == titles
    assert all("朱志勇" in r["issued_by"] for r in reqs)
    meeting = rows(con, "SELECT date FROM meetings WHERE meeting_id = ?", reqs[0]["meeting_id"])[0]
    assert meeting["date"] == dt.date(2024, 2, 20)


def test_six_focus_areas_under_the_second_requirement(con):
    second = rows(con, "SELECT commitment_id FROM commitments WHERE list_name = '四点要求' AND ordinal = 2")[
        0
    ]
    areas = rows(
        con, "SELECT * FROM commitments WHERE parent_id = ? ORDER BY ordinal", second["commitment_id"]
    )
    assert [a["title"] for a in areas] == [
        "产业发展",
        "项目建设",
        "乡村振兴",
        "营商环境",
        "民生改善",
        "风险防控",
    ]
    assert {a["kind"] for a in areas} == {"focus_area"}
    assert [a["ordinal"] for a in areas] == [1, 2, 3, 4, 5, 6]


def test_ten_projects_owned_by_the_education_bureau(con):
    items = rows(con, "SELECT * FROM commitments WHERE list_name = '十大攻坚工程' ORDER BY ordinal")
    assert [i["ordinal"] for i in items] == list(range(1, 11))
    assert {i["kind"] for i in items} == {"project"}
    assert items[0]["title"] == "平安校园创建" and items[-1]["title"] == "一高帮扶共建"
    assert {unit_of(con, i) for i in items} == {"教育体育局"}
    meeting = rows(con, "SELECT date FROM meetings WHERE meeting_id = ?", items[0]["meeting_id"])[0]
    assert meeting["date"] == dt.date(2024, 2, 21)


def test_three_propaganda_requirements(con):
    m = rows(con, "SELECT meeting_id FROM meetings WHERE date = DATE '2024-02-23'")[0]
    reqs = rows(
        con,
        "SELECT * FROM commitments WHERE meeting_id = ? AND kind = 'requirement' AND parent_id IS NULL "
        "ORDER BY ordinal",
        m["meeting_id"],
    )
    assert [r["ordinal"] for r in reqs] == [1, 2, 3]
    assert [r["quote"][:2] for r in reqs] == ["一要", "二要", "三要"]
    assert reqs[0]["title"].startswith("立足发展大局")
    assert all("朱志勇" in r["issued_by"] for r in reqs)


@pytest.mark.parametrize(
    ("unit", "kind", "words"),
    [
        ("红山街道", "task", "下一步将继续发挥街道"),
        ("尚店镇", "request", "市里要在基础设施投入建设方面向尚店镇倾斜"),
        ("垭口街道", "task", "一栋楼一栋楼推进"),
        ("朱兰街道", "task", "邻里中心"),
        ("教育体育局", "task", "逐校遍访调研"),
    ],
)
def test_unit_commitments_are_owned_by_their_unit(con, unit, kind, words):
    found = rows(
        con,
        "SELECT c.* FROM commitments c JOIN units u USING (unit_id) WHERE u.name = ? AND c.kind = ?",
        unit,
        kind,
    )
    assert any(words in c["quote"].replace("\n", "") for c in found), found


def test_the_gazetteer_maps_aliases_and_lists_all_towns(con):
    towns = rows(con, "SELECT name, subkind FROM units WHERE kind = 'town' AND in_gazetteer")
    assert len(towns) == 14
    assert {"垭口街道", "尚店镇", "庙街乡"} <= {t["name"] for t in towns}
    assert not rows(con, "SELECT * FROM units WHERE name = '堰口街道'")


EXPECTED_FIGURES = [
    # number as written, value, measure, qualifier
    ("6117个", 6117, "个", None),
    ("1900多人次", 1900, "人次", "多"),
    ("51家", 51, "家", None),
    ("1449个", 1449, "个", None),
    ("55个", 55, "个", None),
    ("8家", 8, "家", None),
    ("800余人次", 800, "人次", "余"),
    ("1200余人", 1200, "人", "余"),
    ("200余人", 200, "人", "余"),
    ("近40家次", 40, "家次", "近"),
    ("2000余家次", 2000, "家次", "余"),
    ("30余件", 30, "件", "余"),
    ("300多亩", 300, "亩", "多"),
    ("400多期", 400, "期", "多"),
    ("4万多人", 40000, "人", "多"),
]


@pytest.mark.parametrize(("text", "value", "measure", "qualifier"), EXPECTED_FIGURES)
def test_every_figure(con, text, value, measure, qualifier):
    found = rows(con, "SELECT * FROM figures WHERE number_text = ?", text)
    assert len(found) == 1, text
    f = found[0]
    assert (f["value"], f["measure"], f["qualifier"]) == (value, measure, qualifier)
    assert text in f["quote"]


def test_figure_labels_say_what_is_counted(con):
    labels = {r["number_text"]: r["label"] for r in rows(con, "SELECT number_text, label FROM figures")}
    assert "岗位" in labels["6117个"]
    assert "用人单位" in labels["51家"]
    assert "群众" in labels["4万多人"]


def test_list_sizes_and_regulations_are_not_figures(con):
    texts = {r["number_text"] for r in rows(con, "SELECT number_text FROM figures")}
    assert "6个" not in texts  # 6个重点领域 is the size of the focus-area list
    assert "八项" not in texts  # 中央八项规定 is a name


@pytest.mark.parametrize("table", ["meetings", "commitments", "figures", "mentions"])
def test_every_quote_is_the_source_text_at_its_span(con, table):
    texts = {r["source_id"]: r["text"] for r in rows(con, "SELECT source_id, text FROM sources")}
    all_rows = rows(con, f"SELECT * FROM {table}")
    assert all_rows
    for r in all_rows:
        quote = r.get("quote", r.get("surface"))
        assert texts[r["source_id"]][r["char_start"] : r["char_end"]] == quote
        assert quote.strip() == quote and quote


def test_every_commitment_points_at_existing_rows(con):
    assert not rows(
        con,
        "SELECT c.commitment_id FROM commitments c LEFT JOIN commitments p ON c.parent_id = p.commitment_id "
        "WHERE c.parent_id IS NOT NULL AND p.commitment_id IS NULL",
    )
    assert not rows(
        con,
        "SELECT c.commitment_id FROM commitments c LEFT JOIN units u USING (unit_id) "
        "WHERE c.unit_id IS NOT NULL AND u.unit_id IS NULL",
    )
    assert not rows(
        con,
        "SELECT c.commitment_id FROM commitments c LEFT JOIN meetings m USING (meeting_id) "
        "WHERE c.meeting_id IS NOT NULL AND m.meeting_id IS NULL",
    )


def test_source_row_keeps_the_decoded_text(con, project_root):
    src = rows(con, "SELECT * FROM sources")[0]
    raw = SEED.read_bytes()
    assert src["text"] == raw.decode("utf-8")
    assert src["encoding"] == "utf-8"


def test_figures_carry_their_article_headline_as_topic(con):
    topics = {r["number_text"]: r["topic"] for r in rows(con, "SELECT number_text, topic FROM figures")}
    assert topics["6117个"] == "线上线下齐发力 群众就业更稳定"
    assert topics["近40家次"] == "整治网络交易环境 保障群众合法权益"
    assert topics["4万多人"] == "人勤春来早"


def test_no_made_up_units_from_ordinary_words(con):
    # the page names 城乡接合部街道, 美丽小镇, 边陲重镇, 发挥街道及各村 …: none of them is a unit
    found = {
        r["name"] for r in rows(con, "SELECT name FROM units WHERE NOT in_gazetteer AND kind <> 'collective'")
    }
    assert found == {"市委办公室"}
