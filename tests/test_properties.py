"""Property tests: on any text built from the genre's pieces, extraction never fails and every span is exact."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.pipeline import extract_text
from extract.units import Gazetteer

PIECES = [
    "2月20日，",
    "3月5日上午,",
    "2023年",
    "某市召开",
    "工作会议",
    "召开全县推进会",
    "。",
    "，",
    ",",
    "；",
    ";",
    "：",
    ":",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\u3000",
    "一要",
    "二要",
    "三要",
    "一是",
    "二是",
    "第一，",
    "第二，",
    "（一）",
    "（二）",
    "1.",
    "2、",
    "提出三点要求：",
    "要加强领导",
    "要压实责任",
    "“十大工程”",
    "A、B、C",
    "产业发展、项目建设、乡村振兴",
    "3个重点领域",
    "县人社局",
    "各乡镇",
    "红山街道",
    "白沙镇",
    "由县公安局负责",
    "下一步将",
    "近40家次",
    "1900多人次",
    "4万多人",
    "两期",
    "约3,400处",
    "“",
    "”",
    "（",
    "）",
    "本报讯（记者张三）",
    "县委书记李四强调",
    "会议要求",
    "建议市里支持",
    "该镇",
    "岗位6117个",
    "%",
    "亿元",
    "十五",
    "频道推荐",
    "# date: 2024-02-26\n",
]


@st.composite
def reports(draw) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(PIECES), st.text(min_size=1, max_size=6)), max_size=60))
    return "".join(parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_spans_always_point_at_their_quotes(text: str):
    ex = extract_text(text, "prop", Gazetteer(()), year=2024)
    for table in (ex.meetings, ex.commitments, ex.figures, ex.mentions):
        for r in table:
            a, b = r["char_start"], r["char_end"]
            assert 0 <= a < b <= len(text)
            assert text[a:b] == r.get("quote", r.get("surface"))
    ids = [c["commitment_id"] for c in ex.commitments]
    assert len(ids) == len(set(ids))
    parents = {c["commitment_id"] for c in ex.commitments}
    assert all(c["parent_id"] in parents for c in ex.commitments if c["parent_id"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_extraction_is_deterministic(text: str):
    a = extract_text(text, "prop", Gazetteer(()), year=2024)
    b = extract_text(text, "prop", Gazetteer(()), year=2024)
    assert a.commitments == b.commitments and a.figures == b.figures and a.meetings == b.meetings
