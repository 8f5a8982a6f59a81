"""Owners written as subjects (or the ones asked) in running text, on SYNTHETIC texts with invented names."""

from __future__ import annotations

from tests.extract_helpers import run, unit_name


def _owners(text: str) -> list[tuple[str | None, str]]:
    ex = run(text)
    return [(unit_name(ex, c) if c["unit_id"] else None, c["quote"]) for c in ex.commitments]


def _holds(owners: list[tuple[str | None, str]], unit: str, words: str) -> bool:
    return any(u == unit and words in q for u, q in owners)


def test_bodies_a_subjects_duty_names_beside_it_hold_it_too():
    # X牵头，Y、Z等部门密切配合，…: the supporting bodies hold the task with the lead
    owners = _owners("会议指出，县林业局牵头，县水务局、县农机局等部门密切配合，全力推进护林防火工作。")
    assert _holds(owners, "林业局", "护林防火") and _holds(owners, "水务局", "护林防火")
    assert _holds(owners, "农机局", "护林防火")
    # X要会同Y对…: the body it works with
    owners = _owners("下一步，县统计局要会同县审计局对各项数据进行核查。")
    assert _holds(owners, "统计局", "数据进行核查") and _holds(owners, "审计局", "数据进行核查")


def test_an_office_asked_after_the_matter_a_minutes_line_names_holds_the_line():
    # …简报请三科…: the request follows the matter it is about; the line is the section's
    owners = _owners("局务会议纪要\n一、交办事项\n• 青石湾开发案简报请二科尽速修改陈报。\n")
    assert _holds(owners, "二科", "青石湾开发案简报")
    owners = _owners("局务会议纪要\n一、交办事项\n• 湖畔步道改善工程设计图说请四科催请厂商尽早提出。\n")
    assert _holds(owners, "四科", "湖畔步道")
    # 请A派员协同B出席: the office it goes along with is asked too
    owners = _owners("局务会议纪要\n一、交办事项\n• 北岸住宅区规划会商会议，请三科派员协同六科出席。\n")
    assert _holds(owners, "三科", "协同六科出席") and _holds(owners, "六科", "协同六科出席")
    # a word holding 请 (申请, 报请) asks no one
    owners = _owners("局务会议纪要\n一、交办事项\n• 该项目资金报请县财政局核拨后实施。\n")
    assert not _holds(owners, "财政局", "核拨")


def test_a_subjectless_demand_sentence_at_the_conveners_meeting_is_its_own():
    # a speech set out under headings: each section's sentences open with 要 and name no holder
    owners = _owners(
        "3月8日上午，青杨街道召开2025年环境整治动员会。街道党工委书记主持会议。\n"
        "街道党工委书记指出，全街道上下要以更加扎实的举措推进整治工作。\n"
        "一、高度重视，压实责任\n"
        "整治工作是重中之重。要进一步细化整治台账，明确责任科室和完成时限。\n"
        "二、对标对表，狠抓整改\n"
        "要全面排查背街小巷的问题，一项一项落实。\n"
    )
    assert _holds(owners, "青杨街道", "细化整治台账") and _holds(owners, "青杨街道", "背街小巷")


def test_a_group_set_up_holds_the_remit_the_clause_after_it_gives():
    owners = _owners("乡里成立督办领导小组，对各村整改任务完成情况实行逐项跟踪。")
    assert _holds(owners, "督办领导小组", "实行逐项跟踪")
    # the remit ends where a clause of another unit begins
    owners = _owners("三是完善机制。街道成立文明劝导工作专班，主抓全街道劝导工作，督查办负责日常巡查。")
    assert _holds(owners, "文明劝导工作专班", "主抓全街道劝导工作")
    assert not _holds(owners, "文明劝导工作专班", "日常巡查")
    # who leads it is no remit
    owners = _owners("县里成立防汛指挥部，由副县长任指挥长。")
    assert not _holds(owners, "防汛指挥部", "副县长")


def test_a_groups_long_name_opening_a_clause_with_a_duty_word_is_read_whole():
    owners = _owners(
        "会上提出要求：一是各村要抓好落实；二是镇山林防火整镇推进工作领导小组要加强督导考核，定期通报进度。"
    )
    assert any(u and u.endswith("山林防火整镇推进工作领导小组") and "督导考核" in q for u, q in owners)


def test_a_bodys_office_is_one_unit_and_works_with_whom_it_meets():
    # X办公室: the body's office, not the body and a bare 办公室
    owners = _owners("县护林防火指挥部办公室要加强值班值守。")
    assert _holds(owners, "护林防火指挥部办公室", "值班值守")
    # a verb inside the office's name (编制) is no verb: 由X办公室会同Y… gives Y the task too
    owners = _owners("《目录》由中共青湾县委机构编制委员会办公室会同县审计局进行解释。")
    assert _holds(owners, "中共青湾县委机构编制委员会办公室", "进行解释")
    assert _holds(owners, "审计局", "进行解释")


def test_an_office_named_first_in_a_leaders_written_instruction_holds_it():
    # 做出批示：“X局认真抓紧整改…”: the instruction's words demand, the office opening them holds them
    owners = _owners("9月17日，青川市代市长对渔港整改工作做出批示：“渔业局认真抓紧整改，确保按期销号。”")
    assert _holds(owners, "渔业局", "抓紧整改")
    # 指示 as a noun (指示精神) demands nothing
    owners = _owners("会议传达了上级指示精神，市渔业局加强对港口的巡查。")
    assert not _holds(owners, "渔业局", "港口的巡查")


def test_every_body_of_a_list_put_in_charge_holds_the_assignment():
    owners = _owners("会议同意筹备意见。由统筹办、农建办组织对今年示范点建设进行验收，再召开专题会议研究。")
    assert _holds(owners, "统筹办", "进行验收") and _holds(owners, "农建办", "进行验收")


def test_the_parties_of_a_project_by_their_role_hold_their_duties():
    owners = _owners(
        "会议要求：一是精心部署。施工方要做好充足的人员准备，保证每天完成清运任务。二是各单位要相互配合。"
    )
    assert _holds(owners, "施工方", "人员准备")


def test_an_office_in_a_demanding_sentence_acting_soon_or_calling_others_in_holds_its_clause():
    owners = _owners("主管月报中，县长要求各项工程进度要一体掌握，工务处邀集港务处召开统合会议。")
    assert _holds(owners, "工务处", "统合会议")
    owners = _owners("县长裁示，废弃车辆要跨局合作清理，环卫局尽速清运港口周边的废弃车辆。")
    assert _holds(owners, "环卫局", "清运港口")


def test_the_press_a_meeting_notice_asks_to_cover_it_holds_the_request():
    owners = _owners("会议通知\n一、会议时间\n（三）请青川电视台、青川日报社届时派员采访报道。\n")
    assert _holds(owners, "青川电视台", "派员采访") and _holds(owners, "青川日报社", "派员采访")


def test_a_group_each_of_many_sets_up_is_no_holder():
    owners = _owners("会议要求：一要压实责任。各村均成立工作专班，逐户排查隐患。二要加强督查。")
    assert not any(u == "工作专班" for u, _q in owners)
    # a setter going on with its own duties (…要…，并成立X专班，实行…) keeps them
    owners = _owners("会议指出，相关部门要扛稳监管责任，并成立联合巡查专班，实行签字确认制度。")
    assert not any(u == "联合巡查专班" for u, _q in owners)
