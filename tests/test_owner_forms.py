"""Ways an owner is named besides 'X要…' at the head of a clause, on short texts written for these tests."""

from __future__ import annotations

from tests.extract_helpers import by_kind, run, unit_name


def _owned(text: str, kind: str = "task") -> dict[str, str]:
    ex = run(text)
    return {str(unit_name(ex, c)): c["quote"] for c in by_kind(ex, kind) if c["unit_id"]}


def test_a_body_put_in_charge_after_you_holds_the_clause_whatever_the_verb():
    owned = _owned(
        "会议明确，设备配备由县迎检工作领导小组提出具体方案后另行研究确定。各单位要按季度报送进展。"
    )
    assert owned["迎检工作领导小组"] == "设备配备由县迎检工作领导小组提出具体方案后另行研究确定"
    owned = _owned("各单位要按季度报区督查组，由区督查组综合后向区政府汇报。")
    assert owned["督查组"] == "由区督查组综合后向区政府汇报"


def test_after_you_x_qiantou_and_a_comma_the_task_is_what_follows():
    ex = run("王主任强调，明确由区委办牵头，整合各单位意见，出台综合实施方案。")
    task = next(c for c in by_kind(ex, "task") if unit_name(ex, c) == "区委办")
    assert task["quote"].endswith("出台综合实施方案")
    assert task["title"].startswith("整合各单位意见")


def test_an_item_that_ends_by_putting_a_body_in_charge_is_that_bodys():
    text = (
        "1、粮食总产值比上年增长5%完成任务计10分不完成任务扣2分由市统计局考评 "
        "2、完成高标准农田建设任务计10分由市农业局考评 "
        "3、完成茶园种植面积任务计10分每小项不完成任务扣1分由市茶叶办考评\n"
    )
    owners = {c["ordinal"]: unit_name(ex, c) for ex in [run(text)] for c in by_kind(ex, "requirement")}
    assert owners == {1: "统计局", 2: "农业局", 3: "茶叶办"}


def test_the_body_whose_proposal_a_meeting_approves_carries_it_on():
    owned = _owned("会议原则同意县住建局提出的老旧小区改造方案，按程序报县委常委会研究。")
    assert owned["住建局"].endswith("按程序报县委常委会研究")


def test_a_closing_bracket_naming_bodies_with_their_duty_owns_the_item():
    text = (
        "一、健全工作机制\n\n（一）定期召开工作调度会议。（行动推进办负责）\n\n"
        "（二）推进科普专家库建设。（县卫健委、县市场监管局按职责分工负责）\n\n"
        "（三）实施营养计划。（县卫健委牵头，县教育局配合）\n"
    )
    ex = run(text)
    reqs = by_kind(ex, "requirement")
    assert [unit_name(ex, r) for r in reqs] == ["行动推进办", "卫健委", "卫健委"]
    roles = {(r["commitment_id"], r["role"]) for r in ex.commitment_units}
    assert (reqs[1]["commitment_id"], "responsible") in roles and (
        reqs[2]["commitment_id"],
        "support",
    ) in roles
    # the bracket is no task of its own: the second responsible body holds the whole item as its share
    shares = by_kind(ex, "task")
    assert [(unit_name(ex, t), t["parent_id"], t["quote"]) for t in shares] == [
        ("市场监管局", reqs[1]["commitment_id"], reqs[1]["quote"])
    ]


def test_a_district_or_new_area_as_the_subject_of_its_own_next_steps_holds_them():
    # a real district (from the division list, not in the corpus) and an invented new area
    owned = _owned("延庆区相关负责人表示，下一步，延庆区将紧盯年度目标任务，发挥统筹协调作用。")
    assert owned["延庆区"].startswith("延庆区将紧盯年度目标任务")
    owned = _owned("青禾新区将建立信访件销号月调度机制，积极推进验收工作。")
    assert "青禾新区" in owned
    assert _owned("全区要加强领导。城区要搞好卫生。") == {}


def test_bodies_whose_name_is_an_organisation_ending_alone_hold_a_duty_in_a_list_of_subjects():
    ex = run("会议强调，三是关于督查工作，各个专班、督查委、纪委要学业务，熟悉各自督查领域的内容。")
    owners = sorted(str(unit_name(ex, c)) for c in by_kind(ex, "task") if c["unit_id"])
    assert owners == ["督查委", "纪委"]  # once each; 各个专班 stays a collective addressee


def test_a_list_lead_in_that_puts_its_demands_to_a_unit_gives_it_the_items():
    text = "他对县规划局做好明年工作提出了三方面要求：一是人要成器，加强队伍建设；二是事要成纲，加强顶层设计；三是各科室要加强政策研究。"
    ex = run(text)
    owners = [unit_name(ex, r) for r in by_kind(ex, "requirement")]
    assert (
        owners[:2] == ["规划局", "规划局"] and owners[2] != "规划局"
    )  # an item naming its own holder keeps it


def test_collectives_written_without_a_separator_or_with_a_qualifier_are_one_addressee():
    # 各X各Y with nothing between is one group; 各个X and 相关责任X are groups too
    assert "各科室各站所" in _owned("二、各科室各站所要在每月底前报送工作进展情况。")
    assert "各个工作组" in _owned("会议要求，各个工作组要熟悉业务，严守纪律。")
    assert "相关责任单位" in _owned("一是压实责任。相关责任单位要认真分析原因，全力推动落实。")
    assert "各科室" not in _owned("二、各科室各站所要在每月底前报送工作进展情况。")


def test_a_body_named_by_its_role_in_the_matter_holds_a_duty_but_a_field_label_does_not():
    assert "施工单位" in _owned("会议强调，施工单位要倒排工期，确保按时完工。")
    assert "招商单位" in _owned("会议要求，招商单位要做好项目跟踪服务。")
    owned = _owned("建设农贸市场。责任单位：青禾镇。完成时限：6月底。")
    assert "责任单位" not in owned and "建设单位" not in owned


def test_a_clause_of_another_body_inside_a_list_written_as_one_sentence_is_its_task():
    # the whole list is one sentence: the clause after the comma in 三要 is the other body's, under item 3
    ex = run(
        "会议要求，一要统一思想；二要加大力度；三要抓紧做好签约项目开工前的各项准备工作，"
        "施工单位要做好安全保障；四要突出重点。"
    )
    items = {c["ordinal"]: c["commitment_id"] for c in ex.commitments if c["ordinal"]}
    held = [c for c in ex.commitments if unit_name(ex, c) == "施工单位"]
    assert [(c["quote"], c["parent_id"]) for c in held] == [("施工单位要做好安全保障", items[3])]
