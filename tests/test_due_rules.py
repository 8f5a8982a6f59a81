"""Deadline clauses as commitments due then, and things that read like commitments but are none, on made-up
texts (invented places and names)."""

from __future__ import annotations

import datetime as dt

from tests.extract_helpers import run


def _due(ex, words: str) -> list[dt.date]:
    return [c["due_date"] for c in ex.commitments if words in c["quote"] and c["due_date"]]


def test_a_clause_that_sets_a_deadline_is_a_commitment_due_then():
    text = (
        "3月2日，青禾镇召开春耕生产工作会议。镇长强调，全体干部要不误农时，严禁抛荒。按照每村100亩任务，"
        "落实全镇2000亩总任务，4月10日前全部翻耕到位，确保供应安全。危房改造工作要在七月底前进行验收，"
        "时间紧任务重。要求各项目必须在5月20号之前成立工作专班，建设方案在5月底之前拿出正式的方案。"
    )
    ex = run(text, year=2024)
    assert dt.date(2024, 4, 10) in _due(ex, "全部翻耕到位")
    assert dt.date(2024, 7, 31) in _due(ex, "七月底前进行验收")
    assert dt.date(2024, 5, 20) in _due(ex, "成立工作专班")
    assert dt.date(2024, 5, 31) in _due(ex, "拿出正式的方案")
    titles = [c["title"] for c in ex.commitments if c["due_date"] == dt.date(2024, 5, 20)]
    assert titles and not titles[0].startswith(("求", "要求"))  # who asks is no part of the title


def test_two_deadlines_joined_in_one_clause_are_two_clauses_each_with_its_date():
    text = (
        "督查发现，县水务局负责的“紧盯引水项目8月底前开工、11月底前完工的时间节点，加快推进项目实施。”"
        "截至目前，开工1个。"
    )
    ex = run(text, year=2024)
    assert dt.date(2024, 8, 31) in _due(ex, "8月底前开工")
    assert dt.date(2024, 11, 30) in _due(ex, "11月底前完工")


def test_a_deadline_alone_in_its_clause_is_the_deadline_of_the_next_and_work_done_is_none():
    text = (
        "到2026年，全县新增公益性岗位60个以上，培训2000人次以上。截至6月底，已完成培训800人次。"
        "河道清理已于3月底前全部完成。"
    )
    ex = run(text, year=2024)
    assert dt.date(2026, 12, 31) in _due(ex, "新增公益性岗位60个以上")
    assert not _due(ex, "已完成培训800人次")
    assert not _due(ex, "河道清理")


def test_a_deadline_inside_a_table_cell_is_due_then():
    text = (
        "序号 | 民生实事 | 推进措施 | 责任单位\n"
        "1 | 新建社区食堂3个 | 选址已确定。9月底前完成装修并投入运营。 | 县民政局\n"
        "2 | 改造老旧小区5个 | 10月底前完成管网改造。 | 县住建局\n"
    )
    ex = run(text, year=2024)
    assert dt.date(2024, 9, 30) in _due(ex, "完成装修并投入运营")
    assert dt.date(2024, 10, 31) in _due(ex, "完成管网改造")


def test_a_deadline_in_its_own_column_of_a_tab_table_adds_no_second_row():
    text = (
        "序号\t工作任务\t牵头单位\t责任单位\t完成时限\n"
        "1\t完善宣传引导，切实做好小巷整治工作\t县司法局\t柳岸镇、石坪乡\t11月底前\n"
        "2\t健全巡查机制，切实做好河岸保洁工作\t县水利局\t东湾镇\t9月底前\n"
    )
    ex = run(text, year=2024)
    tasks = [c for c in ex.commitments if c["kind"] == "task"]
    assert {c["due_date"] for c in tasks if "小巷整治" in c["quote"]} == {dt.date(2024, 11, 30)}
    # one commitment a row: the deadline's cell is no clause of its own, nor is the row's text before it
    assert not [c for c in tasks if "\t" in c["quote"]]


def _titles(ex) -> list[str]:
    return [c["title"] for c in ex.commitments]


def test_what_the_meeting_did_is_no_commitment_and_a_demand_after_it_is():
    text = (
        "5月8日，青禾镇召开村级道路建设推进会。会上，镇党委副书记林青传达了县道路建设工作会议精神，"
        "镇交通办负责人概要说明了各村道路规划分布情况。各村负责人做了表态发言。\n"
        "一、会议听取了镇交通办关于2024年度道路养护考核情况的汇报。\n"
        "二、会议听取了镇财政所关于资金拨付的汇报，会议要求，镇财政所要在6月底前拨付到位。\n"
        "三、各村支部书记交流发言。\n"
    )
    ex = run(text, year=2024)
    titles = "|".join(_titles(ex))
    for words in ("传达了县道路建设", "概要说明了", "做了表态发言", "道路养护考核情况的汇报", "交流发言"):
        assert words not in titles, words
    assert any("拨付到位" in c["quote"] for c in ex.commitments)  # a heard report with a demand keeps it


def test_work_already_done_is_no_commitment():
    text = (
        "（一）东湾区第五届社区选举投票已顺利圆满完成，参选人数为历年最高。\n"
        "（二）本次东湾国际风筝节已圆满闭幕，感谢各单位的付出。\n"
        "（三）请东湾区体育局于9月底前提出明年风筝节的筹备方案。\n"
    )
    ex = run(text, year=2024)
    titles = "|".join(_titles(ex))
    assert "已顺利圆满完成" not in titles and "已圆满闭幕" not in titles
    assert any("筹备方案" in c["quote"] for c in ex.commitments)


def test_a_pages_notice_to_its_readers_is_no_commitment():
    text = (
        "声明：\n"
        "1、凡本网注明“青禾晚报”的稿件，如需转载应在授权范围内使用，并注明来源。\n"
        "2、部分内容转载自其他媒体，不代表本网观点。\n"
        "3、如文档侵犯您的权益，请联系本站客服处理。\n"
    )
    ex = run(text, year=2024)
    assert not [t for t in _titles(ex) if "本网" in t or "文档" in t]


def test_causes_problems_and_a_ranking_are_no_commitments():
    text = (
        "11月3日，石溪乡召开冬季防火工作会议。会上总结了近两年火灾发生的原因，并进行反思。"
        "一是把希望全寄托在乡消防队；二是村级消防水池利用率低。\n"
        "会议指出，从暗查情况来看，还存在着宣传发动不足、巡查机制不够健全、个别村“三无”院落清理还未到位等诸多问题。"
        "各村要提高认识，压实责任。\n"
        "二、存在的问题\n从督查情况来看，主要是进度不平衡。\n"
        "各乡镇工作综合排名：1、石溪乡；2、云台镇；3、白沙乡。\n"
    )
    ex = run(text, year=2024)
    titles = "|".join(_titles(ex))
    for words in ("寄托在乡消防队", "利用率低", "宣传发动不足", "巡查机制不够健全", "存在的问题", "云台镇"):
        assert words not in titles, words
    assert any("压实责任" in c["quote"] for c in ex.commitments)


def test_the_units_under_a_praise_list_heading_are_no_commitments():
    text = (
        "云台镇2024年11月人居环境整治“红黑榜”\n"
        "一、红榜名单（3个）\n"
        "1.石门村上寨村民小组：常态化开展环境整治。\n"
        "2.白溪村下寨村民小组：卫生户厕干净。\n"
        "3.竹园村中寨村民小组：庭院干净整洁。\n"
    )
    ex = run(text, year=2024)
    assert not [t for t in _titles(ex) if "村民小组" in t]


def test_a_section_that_states_problems_is_no_commitment():
    text = (
        "12月5日，石溪乡召开改厕工作推进会。\n一、工作进展。全乡已完成改厕200户，完成率80%。\n"
        "二、存在的问题。从督查情况来看，主要是进度不平衡，个别村推进缓慢。\n"
        "三、下一步工作。各村要加快推进，确保年底前全面完成。\n"
    )
    ex = run(text, year=2024)
    titles = _titles(ex)
    assert "存在的问题" not in titles and "下一步工作" in titles


def test_features_seen_and_a_speakers_suggestions_are_no_commitments():
    text = (
        "各乡镇汇报了今年的工作思路。从汇报的情况看，这次汇报体现出了这样几个特点。"
        "一是步调统一，思路清晰。各乡镇的思路都紧扣中心工作。二是敢闯敢试。白沙乡提出了建设园区的设想。\n"
        "研讨中，周主任结合实际提出三点建议：一是建议明确管理工作牵头单位；二是建议细化管理标准；"
        "三是建议分步骤推进管理工作。\n"
    )
    ex = run(text, year=2024)
    titles = "|".join(_titles(ex))
    for words in ("步调统一", "敢闯敢试", "建议明确管理工作牵头单位", "细化管理标准"):
        assert words not in titles, words
