"""A varied synthetic database for comparing the dashboard with briefing packs (示例市, 测试…; not real data).

Four meetings over three years, towns and departments (one unit with items that never reports, one with none),
items without a meeting, due dates stated in the text and assumed by default, progress entries before and after
the as-of dates used in tests, report evidence dated later, and figures in several measure words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.dashboard_fixtures import write_config
from tracker.progress.log import Update, append_updates
from tracker.store.db import write_database

D = dt.date
SOURCE = "synthetic-numbers"
MEETINGS = {  # id: (date, title)
    "m1": (D(2024, 11, 20), "测试年度推进会"),
    "m2": (D(2024, 12, 18), "测试冬季调度会"),
    "m3": (D(2025, 3, 10), "测试春季部署会"),
    "m4": (D(2026, 2, 5), "测试来年工作会"),
}
UNITS = {  # id: (name, kind)
    "u-hs": ("红山街道", "town"),
    "u-sd": ("尚店镇", "town"),
    "u-bt": ("八台镇", "town"),  # no items at all
    "u-edu": ("教育体育局", "department"),
    "u-pol": ("公安局", "department"),
    "u-fin": ("财政局", "department"),  # items, never a report
}
# id: (meeting, kind, unit, due date stated in the text, parent)
COMMITMENTS = {
    "c-r1": ("m1", "requirement", None, None, None),
    "c-r1a": ("m1", "focus_area", "u-hs", D(2025, 6, 30), "c-r1"),
    "c-r1b": ("m1", "focus_area", "u-sd", None, "c-r1"),
    "c-t1": ("m1", "task", "u-edu", D(2024, 12, 31), None),
    "c-t2": ("m1", "task", "u-edu", None, None),
    "c-t3": ("m1", "task", "u-fin", None, None),
    "c-p1": ("m2", "project", "u-hs", None, None),
    "c-p2": ("m2", "project", "u-pol", D(2025, 3, 31), None),
    "c-p3": ("m2", "project", "u-fin", None, None),
    "c-q1": ("m2", "request", "u-sd", None, None),
    "c-t4": ("m3", "task", "u-pol", None, None),
    "c-t5": ("m3", "task", "u-hs", D(2025, 12, 31), None),
    "c-t6": ("m3", "task", "u-edu", None, None),
    "c-t7": ("m4", "task", "u-hs", None, None),
    "c-t8": ("m4", "task", "u-sd", D(2026, 3, 31), None),
    "c-x1": (None, "task", "u-edu", None, None),  # found outside any meeting
    "c-x2": (None, "requirement", None, None, None),
}
# (commitment, unit, role): units holding a commitment beside its lead (the others have no rows: their own unit
# is their lead); c-p1 is 红山街道's with 尚店镇 responsible, c-t2 教育体育局's with 财政局 supporting
HOLDERS = [
    ("c-p1", "u-hs", "lead"),
    ("c-p1", "u-sd", "responsible"),
    ("c-t2", "u-edu", "lead"),
    ("c-t2", "u-fin", "support"),
]
FIGURES = {  # id: (meeting, unit, value, measure)
    "f1": ("m1", "u-hs", 1200.0, "人"),
    "f2": ("m2", "u-sd", 350.0, "亩"),
    "f3": ("m3", None, 12.0, "个"),
    "f4": (None, "u-edu", 5000000.0, "元"),
    "f5": ("m4", "u-hs", 80.0, "人"),
}
# (commitment, status, percent, as_of): entries dated after 2025-12-31 must not count for packs as of that day
ENTRIES = [
    ("c-t1", "已完成", 100, D(2024, 12, 20)),
    ("c-r1a", "推进中", 50, D(2025, 5, 1)),
    ("c-r1b", "推进中", 30, D(2025, 6, 1)),
    ("c-p2", "滞后", 20, D(2025, 4, 1)),
    ("c-q1", "未启动", 0, D(2025, 2, 1)),
    ("c-t4", "已完成", 100, D(2025, 10, 1)),
    ("c-t5", "推进中", 60, D(2025, 11, 30)),
    ("c-t5", "已完成", 100, D(2026, 1, 15)),
    ("c-t6", "推进中", 10, D(2026, 3, 1)),
]


def _text() -> tuple[str, dict[str, tuple[int, int]]]:
    """The synthetic source text and the span of every row's quote in it."""
    parts, spans, pos = [], {}, 0
    for key in [*MEETINGS, *COMMITMENTS, *FIGURES]:
        line = f"测试数据{key}：示例市测试内容，非真实报道。"
        spans[key] = (pos, pos + len(line))
        parts.append(line + "\n")
        pos += len(line) + 1
    return "".join(parts), spans


def rows() -> dict[str, list[dict[str, object]]]:
    text, spans = _text()

    def span(key: str) -> dict[str, object]:
        a, b = spans[key]
        return {"quote": text[a:b], "char_start": a, "char_end": b, "source_id": SOURCE}

    return {
        "sources": [
            {
                "source_id": SOURCE,
                "path": "data/sources/synthetic-numbers.txt",
                "sha256": "0" * 64,
                "title": "示例日报（测试数据）",
                "encoding": "utf-8",
                "text": text,
            }
        ],
        "meetings": [
            {"meeting_id": m, "date": d, "title": title, "organizer": "示例市", **span(m)}
            for m, (d, title) in MEETINGS.items()
        ],
        "units": [
            {"unit_id": u, "name": n, "kind": k, "subkind": None, "in_gazetteer": True}
            for u, (n, k) in UNITS.items()
        ],
        "commitments": [
            {
                "commitment_id": c,
                "meeting_id": m,
                "parent_id": parent,
                "kind": kind,
                "ordinal": None,
                "title": f"测试事项{c}",
                "unit_id": unit,
                "due_date": due,
                **span(c),
            }
            for c, (m, kind, unit, due, parent) in COMMITMENTS.items()
        ],
        "commitment_units": [{"commitment_id": c, "unit_id": u, "role": r} for c, u, r in HOLDERS],
        "figures": [
            {
                "figure_id": f,
                "meeting_id": m,
                "unit_id": unit,
                "label": f"测试指标{f}",
                "value": value,
                "measure": measure,
                "number_text": f"{value:g}{measure}",
                **span(f),
            }
            for f, (m, unit, value, measure) in FIGURES.items()
        ],
        "evidence": [  # a later report says c-t2 is done: not known on 2025-12-31
            {
                "evidence_id": "e1",
                "commitment_id": "c-t2",
                "meeting_id": "m4",
                "date": D(2026, 2, 5),
                "kind": "completion",
                "quote": span("m4")["quote"],
                "source": "report",
                **{k: v for k, v in span("m4").items() if k != "quote"},
            }
        ],
    }


def make(folder: Path, project_config: Path) -> Path:
    """The synthetic database, its progress log and a config in `folder`; returns the config path."""
    db = write_database_file(folder / "numbers.duckdb")
    config = write_config(folder, db, project_config)
    log = folder / "data" / "progress.jsonl"
    for cid, status, pct, as_of in ENTRIES:
        append_updates(log, [Update(cid, status, pct, as_of)], source="import", entered_by="测试")
    return config


def write_database_file(path: Path) -> Path:
    write_database(path, rows(), meta={"built_at": "2026-01-01T00:00:00+00:00"})
    return path
