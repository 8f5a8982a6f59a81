"""The body that convenes its own meeting owns what the meeting asks without a subject; glossed names read whole."""

from __future__ import annotations

from tests.extract_helpers import run, unit_name


def _owners(text: str) -> dict[str, str | None]:
    ex = run(text)
    return {c["quote"]: unit_name(ex, c) if c["unit_id"] else None for c in ex.commitments}


def test_a_town_owns_the_subjectless_requirements_of_its_own_meeting():
    owners = _owners(
        "3月5日，青禾镇召开春耕生产工作会议。会议要求，全体干部一要提高思想认识，统一行动；"
        "二要压实工作责任，确保按时完成；三要强化督导检查，严格问责。各村要做好物资储备工作。"
    )
    owned = [q for q, u in owners.items() if u == "青禾镇"]
    assert len(owned) == 3 and any("压实工作责任" in q for q in owned)
    # a collective stays an addressee, never the convener's
    assert all(u != "青禾镇" for q, u in owners.items() if q.startswith("各村"))


def test_a_village_meeting_in_its_meeting_room_owns_its_cadres_duties_and_a_single_demand():
    owners = _owners(
        "会议时间：2024年5月6日\n会议地点：白石村会议室\n"
        "会议强调，要全力做好防汛准备工作，排查村内隐患点。村组干部要带头落实巡查责任，及时上报险情。"
    )
    owned = {q for q, u in owners.items() if u == "白石村"}
    assert any("防汛准备" in q for q in owned) and any("巡查责任" in q for q in owned)


def test_a_county_meeting_gives_its_subjectless_demands_no_owner():
    owners = _owners(
        "5月8日，青禾县召开防汛工作会议。会议要求，一要落实防汛责任；二要加强隐患排查；三要做好应急值守。"
    )
    assert owners and all(u is None for u in owners.values())


def test_a_unit_name_glossed_with_pinyin_is_found_whole():
    ex = run("區(qū)住房建設(shè)局要於7月底前完成老舊小區(qū)改造方案。")
    tasks = [c for c in ex.commitments if c["unit_id"]]
    assert tasks and unit_name(ex, tasks[0]) in ("住房建設局", "住房建设局", "住建局")
    assert tasks[0]["quote"].startswith("區(qū)住房建設(shè)局")


def test_a_demand_put_to_a_body_by_its_bare_kind_is_the_body_the_text_places_it_at():
    owners = _owners(
        "6月2日，街道书记到青山社区、白水社区督导检查。\n"
        "在白水社区，书记查看了农贸市场，要求社区全力做好环境整治工作。\n"
    )
    assert any(u == "白水社区" and "环境整治" in q for q, u in owners.items())
    owners = _owners(
        "书记一行到青松社区调研。最后，书记对社区今后的工作提出了两点要求：一是强服务；二是保平安。"
    )
    assert [u for q, u in owners.items() if q.startswith(("一是", "二是"))] == ["青松社区", "青松社区"]


def test_topics_a_meeting_discussed_are_no_projects_once_glosses_are_left_out():
    ex = run("5月6日，縣政府常務會(huì)議召開。會(huì)議研究討論了城市建設(shè)、文物保護(hù)等兩大類問題。")
    assert not [c for c in ex.commitments if c["kind"] == "project"]
