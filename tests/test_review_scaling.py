"""The review log replayed over every item grows linearly with the items and the log: counted (lines of the
review's code run, containers of every id made), not timed, on SYNTHETIC items and entries."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Container, Mapping
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from tracker.review import apply as apply_module
from tracker.review import reattach, replay
from tracker.review.apply import apply
from tracker.review.log import Anchor, ReviewEntry, Values
from tracker.review.reattach import COMMITMENT_COLUMNS, Extracted, plan

REVIEW_CODE = str(Path(reattach.__file__).parent)
STAMP = "2026-06-01T09:00:00+08:00"
NOW = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)


def _synthetic(n: int) -> tuple[Extracted, list[ReviewEntry], dict[str, int]]:
    """SYNTHETIC: n items over n/10 sources with two meetings each; confirmations, edits, re-attachments of
    vanished ids, adds, and progress on half the items and on ids that vanished without a trace."""
    sources = [f"s{k}" for k in range(max(1, n // 10))]
    texts = {s: "会议要求各单位抓好落实。" * 40 for s in sources}
    meetings = [
        {"meeting_id": f"{s}-m{j}", "source_id": s, "char_start": 200 * j, "char_end": 200 * j + 199}
        for s in sources
        for j in range(2)
    ]
    units = [
        {"unit_id": f"u{k}", "name": f"第{k}局", "kind": "department", "subkind": "局", "in_gazetteer": True}
        for k in range(5)
    ]
    commitments, owners = [], []
    for i in range(n):
        s = sources[i % len(sources)]
        row: dict[str, Any] = {c: None for c in COMMITMENT_COLUMNS}
        row.update(
            commitment_id=f"c{i}", source_id=s, meeting_id=f"{s}-m{i % 2}", kind="task", title=f"任务{i}",
            quote="抓好落实", char_start=12 * (i % 30), char_end=12 * (i % 30) + 4,
        )  # fmt: skip
        commitments.append(row)
        owners.append({"commitment_id": f"c{i}", "unit_id": f"u{i % 5}", "role": "lead"})
    entries: list[ReviewEntry] = []

    def entry(cid: str, action: str, **kw: Any) -> None:
        entries.append(
            ReviewEntry(
                entry_id=f"e{len(entries)}",
                commitment_id=cid,
                action=action,
                entered_at=STAMP,
                source="cli",
                **kw,
            )
        )

    for i in range(0, n, 3):
        entry(f"c{i}", "confirm")
    for i in range(1, n, 7):
        entry(f"c{i}", "edit", values=Values(title=f"改过的任务{i}"))
    for i in range(0, n, 10):  # ids an earlier build had, followed to items of this one
        entry(f"gone{i}", "confirm")
        entry(f"gone{i}", "reattach", values=Values(into=f"c{i}", score=0.9))
    for k in range(0, n, 10):
        s = sources[k % len(sources)]
        entry(
            f"add{k}",
            "add",
            values=Values(source_id=s, quote="抓好落实", char_start=12 * (k % 30), title="新增"),
        )
    anchor = Anchor(source_id=sources[0], quote="不再有的话", char_start=0, char_end=5)
    for i in range(0, n, 5):  # vanished without a trace: orphans, matched against their source's items
        entry(f"lost{i}", "confirm", anchor=anchor)
    progress = {f"c{i}": 1 for i in range(0, n, 2)} | {f"lost{i}": 2 for i in range(0, n, 5)}
    ex = Extracted(
        commitments=commitments, commitment_units=owners, units=units, meetings=meetings, texts=texts
    )
    return ex, entries, progress


def _replay(ex: Extracted, entries: list[ReviewEntry], progress: Mapping[str, int]) -> None:
    """What a build does with the log: plan re-attachments, record them, replay every item."""
    new, _ = plan(ex, entries, progress, {}, NOW)
    apply(ex, entries + new, progress)


def _lines_run(fn: Callable[[], None]) -> int:
    """How many lines of the review's own code `fn` runs."""
    count = 0

    def local(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: object) -> Any:
        return local if frame.f_code.co_filename.startswith(REVIEW_CODE) else None

    sys.settrace(calls)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def test_the_review_code_runs_lines_in_proportion_to_the_items():
    small, large = _synthetic(300), _synthetic(1200)
    ratio = _lines_run(lambda: _replay(*large)) / _lines_run(lambda: _replay(*small))
    assert ratio < 4 * 1.25, f"4× the items ran {ratio:.1f}× the lines: a step grows faster than the items"


def test_following_reattachments_makes_no_set_of_every_id_per_item(monkeypatch: pytest.MonkeyPatch):
    seen: list[Container[str]] = []  # kept, so that no container is freed and its id reused
    real = reattach.follow

    def follow(moves: Mapping[str, str], cid: str, live: Container[str]) -> str:
        seen.append(live)
        return real(moves, cid, live)

    for module in (reattach, replay, apply_module):
        monkeypatch.setattr(module, "follow", follow)
    ex, entries, progress = _synthetic(400)
    _replay(ex, entries, progress)
    assert len(seen) > 400
    assert len({id(c) for c in seen}) <= 4, "a container of every id was made for each id followed"
