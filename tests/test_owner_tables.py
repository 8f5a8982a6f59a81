"""Owners of rows in tables written as web pages flatten them, on made-up texts (invented places and names)."""

from __future__ import annotations

from tests.extract_helpers import by_kind, run, unit_name


def _rows(ex):
    return [(c["ordinal"], c["title"], unit_name(ex, c)) for c in by_kind(ex, "task") if c["ordinal"]]


def test_a_flattened_table_with_columns_of_no_known_role_gives_each_row_its_owner():
    text = "\n\n".join(
        [
            "2031年度民生实事未完成项目进度表",
            "序号",
            "项目内容",
            "当前进度",
            "牵头单位",
            "备注",
            "1",
            "新建青禾镇中心幼儿园1所。",
            "80%(主体已封顶)",
            "县教育局",
            "县民生实事",
            "2",
            "改造青石河堤防3公里。",
            "95%",
            "县水利局",
            "市民生实事",
        ]
    )
    ex = run(text)
    assert _rows(ex) == [(1, "新建青禾镇中心幼儿园1所", "教育局"), (2, "改造青石河堤防3公里", "水利局")]


def test_header_words_split_across_lines_and_headings_between_rows_with_a_merged_owner_cell():
    text = "\n".join(
        [
            "2032年重点工作任务分解表",
            "序号",
            "主要举措",
            "牵头",
            "单位",
            "配合单位",
            "责任",
            "领导",
            "一、壮大特色产业",
            "1",
            "推进青禾茶叶全产业链建设，打造茶旅融合示范带。",
            "区农业农村局",
            "区商务局、各镇政府",
            "赵立新",
            "2",
            "支持白石纸业扩产，新增产值5亿元。",
            "区商务局",
            "周海鸣",
            "二、改善城乡环境",
            "3",
            "完成东河片区雨污分流改造。",
            "区住建局",
            "区城管局",
            "钱明远",
        ]
    )
    ex = run(text)
    # row 2 has no support cell: its leader is read by look; the heading lines are no rows
    assert _rows(ex) == [
        (1, "推进青禾茶叶全产业链建设", "农业农村局"),
        (2, "支持白石纸业扩产，新增产值5亿元", "商务局"),
        (3, "完成东河片区雨污分流改造", "住建局"),
    ]
    assert [c["leader"] for c in by_kind(ex, "task") if c["ordinal"]] == ["赵立新", "周海鸣", "钱明远"]
    merged = "\n".join(
        [
            "序号",
            "工作任务",
            "责任单位",
            "完成时限",
            "进度",
            "1",
            "建设青禾工业园标准厂房10万平方米。",
            "园区管委会",
            "9月底前",
            "已开工",
            "2",
            "完成园区道路白改黑8公里。",
            "10月底前",
            "已完成",
        ]
    )
    # row 2's owner cell is merged with row 1's: the row has its other cells, the owner is carried down
    assert _rows(run(merged)) == [
        (1, "建设青禾工业园标准厂房10万平方米", "园区管委会"),
        (2, "完成园区道路白改黑8公里", "园区管委会"),
    ]


def test_a_piped_cell_per_line_table_with_row_breaks_and_columns_of_no_known_role():
    text = "\n".join(
        [
            "青禾县2033年十大民生实事项目清单 |",
            "|",
            "序号 |",
            "项目名称 |",
            "建设地点 |",
            "建设时间 |",
            "年度投资金额 (万元) |",
            "责任单位 |",
            "|",
            "1 |",
            "青禾县城区学校操场改造项目 |",
            "青石街道 |",
            "2033 |",
            "300 |",
            "教体局 |",
            "|",
            "2 |",
            "白沙河生态护岸工程 |",
            "白沙镇 |",
            "2033 |",
            "1200 |",
            "水利局 |",
            "|",
            "3 |",
            "青禾镇卫生院改扩建项目 |",
            "青禾镇 |",
            "2033 |",
            "改造门诊楼和住院",
        ]
    )
    ex = run(text)
    # the page stops inside row 3: its cells are read in order, and the town where it is built is no owner
    assert _rows(ex) == [
        (1, "青禾县城区学校操场改造项目", "教体局"),
        (2, "白沙河生态护岸工程", "水利局"),
        (3, "青禾镇卫生院改扩建项目", None),
    ]


def test_a_merged_owner_cell_in_a_piped_row_table_is_carried_down():
    text = "\n".join(
        [
            "序号 | 项目内容 | 月度计划 | 牵头单位 | 落实情况 |",
            "1 | 为全县70岁以上老人免费体检。 | 5月：制定方案。 | 县卫健局 | 已完成。 |",
            "2 | 为全县学生免费开展视力筛查。 | 5月：完成筛查。 | 已完成。 筛查1200人。 | |",
            "3 | 新建青禾社区养老服务站。 | 5月：选址。 | 县民政局 | 推进中。 |",
        ]
    )
    ex = run(text)
    assert _rows(ex) == [
        (1, "为全县70岁以上老人免费体检", "卫健局"),
        (2, "为全县学生免费开展视力筛查", "卫健局"),
        (3, "新建青禾社区养老服务站", "民政局"),
    ]


def test_a_forms_rows_copied_with_their_cell_bars_are_a_task_and_its_owner():
    one_line = "\n".join(
        [
            "第3项整改任务完成情况表",
            "整改任务 | 青禾河流域水质不达标，沿河排污口整治滞后。 |",
            "责任单位 | 县生态环境局, (略) 、白沙镇。 |",
            "整改目标 | 2031年底前完成排污口整治。 |",
        ]
    )
    ex = run(one_line, year=2031)
    # a bracket alone ((略), a name left out) is no unit
    assert _holders(ex, "沿河排污口整治滞后") == {"生态环境局", "白沙镇"}
    cell_lines = "\n".join(
        [
            "第5项整改任务完成情况表",
            "|",
            "整改任务 |",
            "青禾新城中水回用管网建设滞后。 |",
            "|",
            "责任单位 |",
            "县重大项目推进中心 |",
            "|",
            "整改目标 |",
            "完成中水回用管网建设。 |",
        ]
    )
    assert _holders(run(cell_lines, year=2031), "中水回用管网建设滞后") == {"重大项目推进中心"}


def test_a_column_of_unit_names_under_a_wrong_header_is_the_owner_column():
    text = "\n".join(
        [
            "青禾县2031年度重大行政决策事项目录",
            "序号 | 事项名称 | 事项名称 | 完成时间 |",
            "1 | 集体林木采伐保证金实施意见 | 县林草局 | 2031年12月 |",
            "2 | 困难职工一次性补助办法 | 县人社局 | 2031年10月 |",
        ]
    )
    ex = run(text)
    assert _rows(ex) == [(1, "集体林木采伐保证金实施意见", "林草局"), (2, "困难职工一次性补助办法", "人社局")]


def _holders(ex, words):
    return {unit_name(ex, c) for c in ex.commitments if words in c["quote"]}


def test_a_table_copied_into_a_post_with_the_owners_at_each_rows_end():
    text = "\n".join(
        [
            "附件 文明城市创建督查情况汇总表 序号 具体点位 存在问题 整改责任单位",
            "1 青石街道 辖区 白沙路8号网吧 消防通道内杂物乱堆放.",
            "区文广局",
            "2 青禾社区卫生服务中心",
            "1、显示屏未见公益宣传内容;",
            "2、投诉机制未按规定建立. 区卫健局",
            "3 东河路12号 网吧内吸烟现象普遍. 区文广局 区公安分局",
        ]
    )
    ex = run(text, year=2031)
    assert _rows(ex) == [
        (1, "青石街道 辖区 白沙路8号网吧 消防通道内杂物乱堆放.", "文广局"),
        (2, "青禾社区卫生服务中心", "卫健局"),
        (3, "东河路12号 网吧内吸烟现象普遍.", "文广局"),
    ]
