"""Chart builders (template, colours, titles, blanks, empty data) and the source-highlighting HTML."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from html.parser import HTMLParser

import pandas as pd
import plotly.io as pio

from tracker.app.highlight import Span, anchor, clip, context_html, highlight_html, region, spans_table_html
from tracker.i18n import LABELS, STATUS_ORDER, chart_title, status_label, t
from tracker.reports import charts

WHEN = dict(first=dt.date(2024, 2, 20), last=dt.date(2024, 2, 23), today=dt.date(2024, 3, 1))


def title(key: str = "chart_status_title", lang: str = "zh", **fields: object) -> str:
    return chart_title(key, lang, WHEN["first"], WHEN["last"], WHEN["today"], **fields)


def test_template_uses_a_cjk_font_first_and_is_applied() -> None:
    tpl = pio.templates[charts.TEMPLATE_NAME]
    assert tpl.layout.font.family.startswith('"Noto Sans CJK SC"')
    assert "sans-serif" in tpl.layout.font.family
    fig = charts.status_bar(pd.DataFrame({"status": ["未填报"], "n": [3]}), title(), "zh")
    assert fig.layout.template.layout.font.family == tpl.layout.font.family


def test_titles_say_what_and_when_with_when_as_subtitle() -> None:
    full = title()
    assert full == "事项状态分布 · 2024年2月20日至2024年2月23日会议 · 截至2024年3月1日"
    assert (
        title(lang="en") == "Commitments by status · meetings 20 Feb 2024 to 23 Feb 2024 · as of 1 Mar 2024"
    )
    fig = charts.status_bar(pd.DataFrame({"status": ["未填报"], "n": [3]}), full, "zh")
    assert fig.layout.title.text == "事项状态分布"
    assert fig.layout.title.subtitle.text == "2024年2月20日至2024年2月23日会议 · 截至2024年3月1日"
    assert fig.layout.meta["title"] == full  # the download file name comes from the whole title
    assert charts.file_name(full) == "事项状态分布_2024年2月20日至2024年2月23日会议_截至2024年3月1日"
    assert charts.file_name("a/b:c*?") == "a_b_c"


def test_status_bars_are_ordered_and_coloured_by_status() -> None:
    counts = pd.DataFrame({"status": ["已完成", "未填报", "滞后", "未启动"], "n": [2, 5, 1, 0]})
    fig = charts.status_bar(counts, title(), "zh")
    bar = fig.data[0]
    assert list(bar.x) == ["未填报", "滞后", "已完成"]  # status order, zero counts dropped
    assert list(bar.y) == [5, 1, 2]
    assert list(bar.marker.color) == [charts.STATUS_COLOURS[s] for s in ("未填报", "滞后", "已完成")]
    en = charts.status_bar(counts, title(lang="en"), "en")
    assert list(en.data[0].x) == ["No report yet", "Behind", "Done"]
    assert set(charts.STATUS_COLOURS) == set(STATUS_ORDER)


def test_unit_bars_keep_units_with_nothing_assigned() -> None:
    counts = pd.DataFrame(
        {
            "unit_name": ["红山街道", "尚店镇", "八台镇", "杨庄乡"],
            "status": ["未填报", "未填报", None, None],
            "n": [2, 1, 0, 0],
            "total": [2, 1, 0, 0],
        }
    )
    fig = charts.unit_status_bar(counts, title("chart_units_title", kind="乡镇"), "zh")
    assert list(fig.layout.yaxis.categoryarray) == [
        "杨庄乡",
        "八台镇",
        "尚店镇",
        "红山街道",
    ]  # biggest on top
    (trace,) = fig.data
    assert trace.name == "未填报" and list(trace.x) == [2, 1, 0, 0]
    assert trace.marker.color == charts.STATUS_COLOURS["未填报"] and trace.showlegend
    nothing = charts.unit_status_bar(counts.assign(status=None, n=0, total=0), title(), "zh")
    assert len(nothing.data[0].y) == 4  # still every unit


def test_heatmap_places_counts_and_stays_pale_when_empty() -> None:
    links = pd.DataFrame({"department": ["公安局"], "town": ["尚店镇"], "n": [3]})
    fig = charts.dept_town_heatmap(links, ["公安局", "教育体育局"], ["红山街道", "尚店镇"], title(), "zh")
    hm = fig.data[0]
    assert [list(r) for r in hm.z] == [[0, 3], [0, 0]]
    assert hm.zmax == 3
    empty = charts.dept_town_heatmap(links.iloc[0:0], ["公安局"], ["红山街道"], title(), "zh")
    assert empty.data[0].zmax == 1  # zeros map to the pale end of the scale


def test_empty_frames_give_a_no_data_figure() -> None:
    for fig in (
        charts.status_bar(pd.DataFrame(columns=["status", "n"]), title(), "zh"),
        charts.unit_status_bar(pd.DataFrame(columns=["unit_name", "status", "n", "total"]), title(), "zh"),
        charts.dept_town_heatmap(
            pd.DataFrame(columns=["department", "town", "n"]), [], ["红山街道"], title(), "zh"
        ),
        charts.figures_chart(pd.DataFrame(columns=["label", "number_text", "value"]), title(), "zh"),
        charts.meetings_bar(pd.DataFrame(columns=["date", "title", "n_commitments"]), title(), "zh"),
    ):
        assert fig.layout.annotations[0].text == t("chart_no_data", "zh")
        assert len(fig.data) == 0


def test_figures_chart_log_axis_unique_rows_and_quote_on_hover() -> None:
    frame = pd.DataFrame(
        {
            "figure_id": ["f1", "f2", "f3"],
            "label": ["岗位", "岗位", None],
            "number_text": ["50个", "50个", "近40家次"],
            "value": [50.0, 50.0, 40.0],
            "measure": ["个", "个", "家次"],
            "quote": ["提供岗位50个。", "另有岗位50个。", "排查近40家次。"],
            "group": ["会议甲", "会议甲", "会议乙"],
        }
    )
    fig = charts.figures_chart(frame, title("chart_figures_title"), "zh")
    # one panel per measure word (个, 家次), each with its own axis; bars say the number as written
    assert {a.text for a in fig.layout.annotations} == {"以“个”计（2项）", "以“家次”计（1项）"}
    assert {tr.xaxis for tr in fig.data} == {"x", "x2"} and fig.data[0].text[0] == "50个"
    names = [y for tr in fig.data for y in tr.y]
    assert len(set(names)) == 3
    assert [tr.name for tr in fig.data] == ["会议甲", "会议乙"] and fig.data[1].xaxis == "x2"
    assert fig.data[1].customdata[0][0] == "排查近40家次。"
    assert "customdata[0]" in fig.data[0].hovertemplate


def test_every_label_exists_in_both_languages() -> None:
    for key, (zh, en) in LABELS.items():
        assert zh and en, key
        if key == "period_month":  # the caller passes both the month number (zh) and its name (en)
            continue
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key
    assert status_label("未填报", "en") == "No report yet" and status_label("未填报", "zh") == "未填报"


# ---------------------------------------------------------------- highlighting


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if a.get("href"):
            self.hrefs.append(a["href"] or "")

    def handle_data(self, data: str) -> None:
        self.text += data


def test_highlighting_escapes_html_and_links_every_span_both_ways() -> None:
    text = "会议要求：<b>一要</b>推进A&B；二要推进C。"
    spans = [
        Span("commitment", "c1", text.index("<b>"), text.index("；")),
        Span("figure", "f1", text.index("A&B"), text.index("A&B") + 3, "A&B"),
        Span("commitment", "c2", text.index("二要"), len(text)),
    ]
    out = highlight_html(text, spans, {"commitment": "事项"})
    assert "<b>" not in out and "&lt;b&gt;" in out and "A&amp;B" in out
    parsed = _Links()
    parsed.feed(out)
    assert parsed.text == text  # nothing lost, nothing added
    for s in spans:
        assert f"src-{anchor(s.span_id)}" in parsed.ids
    # the nested figure's characters link to the figure's row, the rest of c1 to c1's row
    assert f"#row-{anchor('f1')}" in parsed.hrefs and f"#row-{anchor('c1')}" in parsed.hrefs
    table = spans_table_html(spans, {"commitment": "事项", "figure": "指标"}, ["类型", "内容", "#", ""], "↑")
    rows = _Links()
    rows.feed(table)
    assert sorted(rows.ids) == sorted(f"row-{anchor(s.span_id)}" for s in spans)
    assert sorted(rows.hrefs) == sorted(f"#src-{anchor(s.span_id)}" for s in spans)


def test_focus_marks_only_the_focused_span() -> None:
    text = "甲乙丙丁"
    out = highlight_html(text, [Span("commitment", "a", 0, 2), Span("commitment", "b", 2, 4)], focus="b")
    assert out.count(" focus") == 1 and re.search(r'focus" href="#row-[^"]+" title="[^"]*">丙丁<', out)


def test_anchor_ids_are_ascii_and_distinct() -> None:
    a, b = anchor("c-事项-1"), anchor("c-事项-2")
    assert a != b and re.fullmatch(r"[A-Za-z0-9_-]+", a)


def test_region_widens_to_paragraphs_and_clip_shifts_spans() -> None:
    text = "第一段。\n\n第二段有事项。\n第二段续。\n\n第三段。"
    s = text.index("事项")
    a, b = region(text, [Span("commitment", "c", s, s + 2)])
    assert text[a:b] == "第二段有事项。\n第二段续。"
    clipped = clip([Span("commitment", "c", s, s + 2), Span("figure", "x", 0, 2)], a, b)
    assert clipped == [Span("commitment", "c", s - a, s - a + 2)]
    assert region(text, []) == (0, len(text))


def test_context_shows_the_quote_in_its_surroundings_escaped() -> None:
    text = "前文<i>" + "引文" + "后文"
    out = context_html(text, 5, 7, radius=2)
    assert "&lt;i&gt;" not in out  # outside the radius
    assert html_lib.unescape(re.sub("<[^>]+>", "", out)) == "…i>引文后文"
