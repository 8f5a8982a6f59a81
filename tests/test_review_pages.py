"""The 审核 page under AppTest on the real seed build: one-click and bulk confirm/reject, the edit form, adding an
item by pasting words, orphans; each change is in the database when the page comes back, and lasts through a
rebuild from scratch and a new meeting. Counts of items awaiting review on the meetings page and the overview."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.auth_fixtures import like_a_running_server, sign_in, texts, write_accounts
from tests.review_fixtures import (
    MISSED_WORDS,
    REQUEST_SHANGDIAN,
    TASK_EDU,
    TASK_HONGSHAN,
    TASK_YAKOU,
    TASK_ZHULAN,
    add_meeting,
    build,
    commitment,
    table,
)
from tracker import app as ui
from tracker.build import run_build
from tracker.config import load_config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(built_project: Path) -> Path:
    """A copy of the built seed project: `build(project)` finds it up to date until a test changes it."""
    return built_project


def review_app(config: Path, monkeypatch: pytest.MonkeyPatch, item: str | None = None) -> AppTest:
    """The review page; with `item`, on the meeting that item belongs to."""
    monkeypatch.setenv(ui.CONFIG_ENV, str(config))
    monkeypatch.setenv(ui.TODAY_ENV, dt.date.today().isoformat())
    like_a_running_server(monkeypatch)
    write_accounts(load_config(config).users_file_path)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at = at.switch_page("pages/review.py").run()
    if item is not None:
        mid = table(config, "SELECT meeting_id FROM commitments WHERE commitment_id = ?", [item])[
            "meeting_id"
        ][0]
        at = at.selectbox(key="review_meeting").set_value(mid).run()
    return at


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _item_titles(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_review_page_actions_reach_the_database_and_last(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    build(project)
    at = review_app(project, monkeypatch, TASK_HONGSHAN)  # the meeting of all four items below
    ok(at)
    assert at.title[0].value == "审核"

    # nobody signed in: nothing is written
    assert any(i.value == "请先登录再审核提取结果。" for i in at.info)
    at.button(key=f"review-confirm-{TASK_HONGSHAN}").click().run()
    assert any(e.value == "请先登录再审核提取结果。" for e in at.error)
    assert commitment(project, TASK_HONGSHAN)["review_state"] == "unreviewed"
    # a unit editor may not decide on another unit's item: nothing is written
    at = sign_in(at, "edu")
    at.button(key=f"review-confirm-{TASK_HONGSHAN}").click().run()
    assert any("红山街道" in m and TASK_HONGSHAN in m for m in texts(at.error))
    assert commitment(project, TASK_HONGSHAN)["review_state"] == "unreviewed"
    at.button(key="signout").click().run()

    at = sign_in(at, "admin")
    at.button(key=f"review-confirm-{TASK_HONGSHAN}").click().run()
    ok(at)
    assert commitment(project, TASK_HONGSHAN)["review_state"] == "confirmed"
    assert any("已确认 1 项" in s.value for s in at.success)
    assert not any(
        k == f"review-confirm-{TASK_HONGSHAN}" for k in (b.key for b in at.button)
    )  # left the list

    # many at once
    at.checkbox(key=f"review_pick_{REQUEST_SHANGDIAN}").check().run()
    at.checkbox(key=f"review_pick_{TASK_ZHULAN}").check().run()
    at.button(key="review_bulk_reject").click().run()
    ok(at)
    assert commitment(project, REQUEST_SHANGDIAN) is None and commitment(project, TASK_ZHULAN) is None
    whys = table(project, "SELECT why, entered_by FROM review_actions WHERE action = 'reject'")
    assert set(whys["why"]) == {"不是事项"} and set(whys["entered_by"]) == {"admin"}

    # the edit form, with the quote in view
    at.button(key=f"review-edit-{TASK_YAKOU}").click().run()
    quote = commitment(project, TASK_YAKOU)["quote"]
    assert any(quote[:10] in h.proto.body for h in at.get("html"))
    form_title = next(x for x in at.text_input if x.label == "事项")
    form_title.input("推进老旧小区改造")  # a form sends its values with the submit
    next(b for b in at.button if b.label == "保存").click().run()
    ok(at)
    assert commitment(project, TASK_YAKOU)["title"] == "推进老旧小区改造"
    assert commitment(project, TASK_YAKOU)["review_state"] == "edited"

    # add an item by pasting its words (with other spacing): found, highlighted, added
    meetings = at.selectbox(key="review_meeting")
    source_meeting = table(project, "SELECT meeting_id FROM meetings ORDER BY char_start")["meeting_id"]
    at = _pick_meeting_with(at, meetings, source_meeting, project)
    at.text_area(key="review_add_words").input(MISSED_WORDS[:8] + "\n" + MISSED_WORDS[8:]).run()
    ok(at)
    assert any("已在原文第" in c.value for c in at.caption)
    assert any(MISSED_WORDS in h.proto.body.replace("\n", "") for h in at.get("html"))
    next(b for b in at.button if b.label == "添加").click().run()
    ok(at)
    added = table(project, "SELECT * FROM commitments WHERE review_state = 'added'")
    assert list(added["quote"]) == [MISSED_WORDS]

    def check() -> None:
        assert commitment(project, TASK_HONGSHAN)["review_state"] == "confirmed"
        assert commitment(project, REQUEST_SHANGDIAN) is None and commitment(project, TASK_ZHULAN) is None
        assert commitment(project, TASK_YAKOU)["title"] == "推进老旧小区改造"
        assert len(table(project, "SELECT * FROM commitments WHERE review_state = 'added'")) == 1

    cfg = load_config(project)
    cfg.database_path.unlink()
    run_build(cfg)
    check()
    add_meeting(project)
    run_build(load_config(project))
    check()


def _pick_meeting_with(at: AppTest, box: object, meeting_ids: object, project: Path) -> AppTest:
    """Choose the meeting that holds MISSED_WORDS (the one whose span comes last before them)."""
    text = table(project, "SELECT text FROM sources")["text"][0]
    pos = text.index(MISSED_WORDS)
    rows = table(project, "SELECT meeting_id, char_start FROM meetings ORDER BY char_start")
    mid = [m for m, s in zip(rows["meeting_id"], rows["char_start"], strict=True) if s <= pos][-1]
    return at.selectbox(key="review_meeting").set_value(mid).run()


def test_counts_of_items_awaiting_review_on_the_meetings_page_and_overview(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(project)
    total = len(table(project, "SELECT * FROM commitments"))
    at = review_app(project, monkeypatch, TASK_HONGSHAN)
    at = sign_in(at, "admin")
    at.button(key=f"review-confirm-{TASK_HONGSHAN}").click().run()
    ok(at)
    at = at.switch_page("pages/overview.py").run()
    ok(at)
    assert next(m.value for m in at.metric if m.label == "待审核") == str(total - 1)
    at = at.switch_page("pages/meetings.py").run()
    ok(at)
    assert any("待审核" in c.value for c in at.caption)
    waiting = next(d for d in at.dataframe if "待审核" in d.value.columns)
    with_meeting = table(
        project,
        "SELECT count(*) AS n FROM commitments WHERE meeting_id IS NOT NULL AND review_state = 'unreviewed'",
    )["n"][0]
    assert 0 < int(waiting.value["待审核"].sum()) == int(with_meeting) <= total - 1


def test_orphans_are_listed_and_reattached_on_the_page(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.progress.log import Update, append_updates

    cfg = build(project)
    append_updates(
        cfg.progress_log_path,
        [Update("c-56383674496e", "推进中", 30.0, dt.date(2024, 3, 1), "")],
        source="cli",
        entered_by="测试",
    )
    seed = project.parent / "data/sources/000_41c53f3caae606d6.txt"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(
        text.replace("由市场监管部门开展春节网络环境整治专项行动。", "有关情况另行通报。"), encoding="utf-8"
    )
    run_build(load_config(project))
    at = review_app(project, monkeypatch)
    ok(at)
    assert any("无法挂接的记录（1）" in e.label for e in at.expander)
    at = sign_in(at, "admin")
    at.selectbox(key="review-to-c-56383674496e").set_value(TASK_EDU).run()
    at.button(key="review-reattach-c-56383674496e").click().run()
    ok(at)
    assert table(project, "SELECT * FROM review_orphans").empty
    assert not any("无法挂接的记录" in e.label for e in at.expander)


def test_review_log_problems_show_on_every_page(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = build(project)
    cfg.review_log_path.write_text('{"v": 1, "entry_id": "x"\n', encoding="utf-8")  # a torn line
    at = review_app(project, monkeypatch)
    assert any("review.jsonl 第 1 行" in w for w in texts(at.warning))
    at = at.switch_page("pages/overview.py").run()
    assert any("review.jsonl 第 1 行" in w for w in texts(at.warning))


def test_items_outside_any_meeting_can_be_reviewed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(project)
    loose = table(project, "SELECT commitment_id, source_id FROM commitments WHERE meeting_id IS NULL")
    assert not loose.empty  # the seed has items the extractor put under no meeting
    at = sign_in(review_app(project, monkeypatch), "admin")
    at = at.selectbox(key="review_meeting").set_value("source:" + loose["source_id"][0]).run()
    ok(at)
    assert "未归入会议的事项" in at.selectbox(key="review_meeting").format_func(
        at.selectbox(key="review_meeting").value
    )
    cid = loose["commitment_id"][0]
    at.button(key=f"review-confirm-{cid}").click().run()
    ok(at)
    assert commitment(project, cid)["review_state"] == "confirmed"


def test_editing_a_title_changes_the_title_only(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edit form sends what changed only: editing a title records no parent (for an item with a parent or
    without one), and the parent stays."""
    build(project)
    assert commitment(project, TASK_YAKOU)["parent_id"] is None
    child = table(project, "SELECT commitment_id, parent_id FROM commitments WHERE parent_id IS NOT NULL")
    cid, parent = child["commitment_id"][0], child["parent_id"][0]
    for item, title in ((cid, "改过的名称"), (TASK_YAKOU, "推进老旧小区改造")):
        at = sign_in(review_app(project, monkeypatch, item), "admin")
        at.button(key=f"review-edit-{item}").click().run()
        next(x for x in at.text_input if x.label == "事项").input(title)
        next(b for b in at.button if b.label == "保存").click().run()
        ok(at)
        assert commitment(project, item)["title"] == title
    assert commitment(project, cid)["parent_id"] == parent
    edits = table(project, "SELECT values_json FROM review_actions WHERE action = 'edit'")["values_json"]
    assert len(edits) == 2 and not any("parent_id" in v for v in edits)
