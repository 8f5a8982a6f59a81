"""Owners read off a clause's subject and a meeting's convener, on SYNTHETIC texts with invented names."""

from __future__ import annotations

from tests.extract_helpers import run, unit_name


def _owners(text: str) -> list[tuple[str | None, str]]:
    ex = run(text)
    return [(unit_name(ex, c) if c["unit_id"] else None, c["quote"]) for c in ex.commitments]


def _holds(owners: list[tuple[str | None, str]], unit: str, words: str) -> bool:
    return any(u == unit and words in q for u, q in owners)


def test_a_convener_named_before_what_or_where_it_meets_owns_its_meetings_demands():
    owners = _owners(
        "3月6日上午，青松社区就第二季度环境整治工作召开了工作例会。社区书记从两个方面提出了要求。"
        "一是高度重视，明确任务。进一步明确整治任务，查漏补缺。二是加强宣传，营造氛围。通过宣传栏开展宣传。"
    )
    assert _holds(owners, "青松社区", "明确整治任务") and _holds(owners, "青松社区", "通过宣传栏")
    owners = _owners(
        "6月9日上午，白沙镇在文化站会议室召开防汛工作推进会。"
        "会议要求：要进一步加强汛期值守，严防险情发生；各单位要高度重视，密切配合。"
    )
    assert _holds(owners, "白沙镇", "加强汛期值守")
    # the collective's clause ends the town's demand and stays an addressee's
    assert not _holds(owners, "白沙镇", "各单位") and _holds(owners, "各单位", "密切配合")


def test_a_speakers_demand_at_the_conveners_meeting_is_its_own_even_when_the_meeting_has_no_date():
    owners = _owners(
        "24日，青禾乡召开秋季防火动员会。全体村干部参加会议。乡党委书记强调，对于防火工作，思想上要高度重视，"
        "不允许麻痹大意；明确工作任务，要求在10月10日之前对林区农户全部走访到位；明确工作纪律，要求即日起取消休假。"
    )
    assert _holds(owners, "青禾乡", "走访到位")
    owners = _owners(
        "5月3日，白沙镇召开安全生产工作会议。会议要求全体镇干部，越是任务繁重之时，越要绷紧安全这根弦，确保辖区平安。"
    )
    assert _holds(owners, "白沙镇", "绷紧安全这根弦")
    # a demand put to a group of its own is not the convener's
    owners = _owners("5月3日，白沙镇召开安全生产工作会议。会议要求，各村在5月10日前完成隐患排查。")
    assert not any(u == "白沙镇" for u, _q in owners)
    owners = _owners(
        "6月9日，白沙镇召开秸秆禁烧推进会。镇人大主席强调：当前是焚烧秸秆的高发期，各单位要认清形势，做好禁烧工作。"
    )
    assert not any(u == "白沙镇" for u, _q in owners)


def test_an_office_named_inside_a_demand_with_its_work_holds_that_clause():
    owners = _owners(
        "4月2日，青禾镇召开安全生产部署会。会议要求，一要加大宣传力度，开展法治宣传；"
        "二要建立长效机制，镇应急办加强对各村物资的检查，及时补充，确保责任落实。"
    )
    assert _holds(owners, "应急办", "加强对各村物资的检查")
    owners = _owners(
        "副校长对下周工作作了安排，要求做好期末复习工作；资助中心根据县教育局下发的文件做好校内资助工作；"
        "德育处要加强班主任队伍建设。"
    )
    assert _holds(owners, "资助中心", "校内资助") and _holds(owners, "德育处", "班主任队伍")
    assert not _holds(owners, "教育局", "班主任队伍")
    # work already done, and places, are no office's task
    owners = _owners(
        "今年以来，镇应急办加强了对各村物资的检查。会议要求，公共场所加强通风消毒，教室每天消毒。"
    )
    assert not any(u for u, _q in owners)
    # a numbered item of a work report demands nothing; a marker or a sentence is no office's name
    owners = _owners(
        "一、整改落实情况。区审计办认真贯彻区政府部署，积极落实整改公告制度。\n二、督查情况。督查人员到现场"
        "开展督查。\n三、下步打算。一是王明传达县委组织部文件精神。"
    )
    assert not any(u for u, _q in owners)
    # 根据…要求 is what was asked before, and 强调 across a ； is another's demand: no office is given work
    owners = _owners(
        "根据县委、县政府的部署要求，县环卫站组织督查人员对全县各乡镇进行督查。"
        "市政府专题部署整改工作，强调限时落实整改；市审计站认真贯彻市政府意见，加强整改督查。"
    )
    assert not any(u for u, _q in owners)


def test_an_office_asked_by_name_after_yaoqiu_holds_the_clause():
    owners = _owners("会议要求乡农技站对全乡大棚进行排查，发现问题及时上报。")
    assert _holds(owners, "农技站", "对全乡大棚进行排查")
    # people, a work phrase or a place word after 要求 are nobody asked
    owners = _owners("会议要求村村有活动室。要求全体干部按时到岗。要求加强值班站岗。")
    assert not any(u for u, _q in owners)


def test_a_townships_government_by_its_bare_level_is_the_township_the_report_names():
    owners = _owners(
        "2023年青禾乡人民政府民生实事项目实施情况的报告\n一、文化公园建设项目完成情况\n总投资30万元，现已建成使用。\n"
        "各位代表，乡政府将积极多方筹措资金，科学安排和实施下一年度民生实事项目。"
    )
    assert _holds(owners, "青禾乡", "筹措资金")
    # two townships named with their governments: the bare word names neither
    owners = _owners("青禾乡政府和白石乡政府联合开展巡查。\n乡政府将积极多方筹措资金。")
    assert not any(u for u, _q in owners)


def test_every_lead_or_responsible_body_of_an_items_owner_fields_holds_it_across_its_sections():
    ex = run(
        "一、主要目标\n1.地区生产总值增长8%以上。(责任领导:王五;牵头单位:区发改局)\n"
        "2.进出口总额增长15%以上。(责任领导:王五;牵头单位:区商务局)\n"
        "3.一般公共预算收入增长12%以上。(责任领导:张三;牵头单位:区财政局、区税务局)\n"
        "二、主要工作安排\n(一)做强增长引擎\n加强基础设施建设\n"
        "4.启动环城公路项目建设。(责任领导:李四;牵头单位:区交通运输局;责任单位:区林业局、区城投集团,相关乡镇)\n"
        "5.实施营养计划。(牵头单位:区卫健委;配合单位:区教育局)\n"
    )
    items = {c["ordinal"]: c for c in ex.commitments if c["kind"] == "requirement"}
    # numbering goes on after the next section's headings: one list, one document
    assert sorted(items) == [1, 2, 3, 4, 5] and unit_name(ex, items[4]) == "交通运输局"
    shares = {(unit_name(ex, c), c["parent_id"]) for c in ex.commitments if c["kind"] == "task"}
    assert shares == {
        ("税务局", items[3]["commitment_id"]),
        ("林业局", items[4]["commitment_id"]),
        ("城投集团", items[4]["commitment_id"]),
    }  # a supporting body (配合单位) and a collective (相关乡镇) hold no share
    # an owner bracket's fields are no focus areas of the item
    assert not [c for c in ex.commitments if c["kind"] == "focus_area"]


def test_bodies_a_ruling_names_beside_the_one_in_charge_hold_it_too():
    # 由X会同Y、Z…: the bodies X works with
    owners = _owners("《目录》由县发改局会同县财政局、县审计局负责解释。")
    assert {u for u, _q in owners} == {"发改局", "财政局", "审计局"}
    # 请A及B完成 right after the request it completes: both do what the clause before says
    owners = _owners("临时办公用房启用后，请各科室制作科室牌，请教务处及总务处完成。")
    assert _holds(owners, "教务处", "制作科室牌") and _holds(owners, "总务处", "制作科室牌")
    # the body whose draft a meeting approves, however long the words between (拟草, 考核后拟定的)
    owners = _owners("会议同意县农业局拟草并经合法性审查的《园区建设推进方案》，修改完善后，印发实施。")
    assert _holds(owners, "农业局", "印发实施")
    owners = _owners(
        "会议同意县扶贫办对全县各乡镇、县级各部门年度目标绩效考核评价后拟定的《考核结果》，报县委审定。"
    )
    assert _holds(owners, "扶贫办", "报县委审定")
