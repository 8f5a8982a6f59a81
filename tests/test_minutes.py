"""Minutes of a government meeting: agenda items heard and noted, and the rulings that ask someone to act."""

from __future__ import annotations

from tests.extract_helpers import run


def test_agenda_items_only_noted_are_not_commitments_and_a_ruling_that_asks_is():
    text = (
        "青禾县政府第12次常务会议纪录\n\n"
        "壹、报告事项 一、上次会议纪录。主席裁示：纪录确定。 二、决议事项执行情形报告。主席裁示：准予备查。"
        " 三、住建局报告：老旧小区改造进度。主席裁示：（一）准予备查。（二）请住建局于3月底前完成青石小区管网改造。"
        " 四、财政局报告：一季度收支情况。主席裁示：准予备查。\n"
    )
    titles = [c["title"] for c in run(text, year=2024).commitments]
    assert not [t for t in titles if "执行情形报告" in t or "纪录" in t or "收支情况" in t or t == "准予备查"]
    assert any("青石小区管网改造" in t or "请住建局" in t for t in titles)
