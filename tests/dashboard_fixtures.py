"""Obviously synthetic DuckDB contents for dashboard tests (示例市, 测试…), built with tracker.store.db.write_database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from tracker.store.db import write_database

SOURCE_ID = "synthetic-1"
TEXT = (
    "示例日报（测试数据，非真实报道）\n\n"
    "3月1日，示例市召开测试工作推进会。会议提出两点要求：\n"
    "一要测试要求甲，推进测试重点领域A、测试重点领域B。\n"
    "二要测试要求乙<b>不加粗</b>&amp;。\n"
    "红山街道表示，将完成测试任务一，需要公安局配合。\n"
    "教育体育局负责测试任务二，覆盖尚店镇。\n"
    "会上通报：共有测试指标12个，约300人次参加。\n\n"
    "4月2日，示例市举行第二次测试会议。\n"
    "尚店镇提出测试诉求：请求市里支持测试道路。\n\n"
    "另讯：测试招聘会提供岗位50个。\n"
)

UNITS = {
    "u-hongshan": ("红山街道", "town", "街道"),
    "u-shangdian": ("尚店镇", "town", "镇"),
    "u-edu": ("教育体育局", "department", None),
    "u-police": ("公安局", "department", None),
}


def _span(text: str, after: int = 0) -> tuple[int, int, str]:
    start = TEXT.index(text, after)
    return start, start + len(text), text


def rows() -> dict[str, list[dict[str, object]]]:
    """Rows for every table; every quote equals TEXT[char_start:char_end]."""
    m1 = _span("3月1日，示例市召开测试工作推进会。")
    m2 = _span("4月2日，示例市举行第二次测试会议。")
    meetings = [
        {
            "meeting_id": "m1",
            "source_id": SOURCE_ID,
            "date": dt.date(2024, 3, 1),
            "title": "测试工作推进会",
            "organizer": "示例市",
            "quote": m1[2],
            "char_start": m1[0],
            "char_end": m1[1],
        },
        {
            "meeting_id": "m2",
            "source_id": SOURCE_ID,
            "date": dt.date(2024, 4, 2),
            "title": "第二次测试会议",
            "organizer": "示例市",
            "quote": m2[2],
            "char_start": m2[0],
            "char_end": m2[1],
        },
    ]

    def c(cid: str, text: str, kind: str, meeting: str, title: str, **kw: object) -> dict[str, object]:
        s, e, q = _span(text)
        return {
            "commitment_id": cid,
            "meeting_id": meeting,
            "kind": kind,
            "title": title,
            "quote": q,
            "source_id": SOURCE_ID,
            "char_start": s,
            "char_end": e,
            **kw,
        }

    commitments = [
        c(
            "c-req1",
            "一要测试要求甲，推进测试重点领域A、测试重点领域B。",
            "requirement",
            "m1",
            "测试要求甲",
            ordinal=1,
        ),
        c("c-fa1", "测试重点领域A", "focus_area", "m1", "测试重点领域A", parent_id="c-req1", ordinal=1),
        c("c-fa2", "测试重点领域B", "focus_area", "m1", "测试重点领域B", parent_id="c-req1", ordinal=2),
        c("c-req2", "二要测试要求乙<b>不加粗</b>&amp;。", "requirement", "m1", "测试要求乙<b>", ordinal=2),
        c(
            "c-task1",
            "红山街道表示，将完成测试任务一，需要公安局配合。",
            "task",
            "m1",
            "完成测试任务一",
            unit_id="u-hongshan",
        ),
        c(
            "c-task2",
            "教育体育局负责测试任务二，覆盖尚店镇。",
            "task",
            "m1",
            "测试任务二",
            unit_id="u-edu",
            due_date=dt.date(2024, 3, 31),
        ),
        c(
            "c-req3",
            "尚店镇提出测试诉求：请求市里支持测试道路。",
            "request",
            "m2",
            "支持测试道路",
            unit_id="u-shangdian",
        ),
    ]

    def g(
        fid: str,
        text: str,
        meeting: str | None,
        value: float,
        measure: str,
        label: str,
        qualifier: str | None = None,
        unit_id: str | None = None,
    ) -> dict[str, object]:
        s, e, q = _span(text)
        return {
            "figure_id": fid,
            "source_id": SOURCE_ID,
            "meeting_id": meeting,
            "unit_id": unit_id,
            "label": label,
            "value": value,
            "measure": measure,
            "qualifier": qualifier,
            "number_text": text,
            "quote": q,
            "char_start": s,
            "char_end": e,
        }

    figures = [
        g("f1", "12个", "m1", 12, "个", "测试指标"),
        g("f2", "约300人次", "m1", 300, "人次", "参加", qualifier="约", unit_id="u-hongshan"),
        g("f3", "50个", None, 50, "个", "岗位"),
    ]
    mentions = []
    for uid, (name, _kind, _sub) in UNITS.items():
        start = TEXT.find(name)
        while start >= 0:
            mentions.append(
                {
                    "source_id": SOURCE_ID,
                    "unit_id": uid,
                    "surface": name,
                    "char_start": start,
                    "char_end": start + len(name),
                }
            )
            start = TEXT.find(name, start + 1)
    return {
        "sources": [
            {
                "source_id": SOURCE_ID,
                "path": "data/sources/synthetic.txt",
                "sha256": "0" * 64,
                "title": "示例日报（测试数据）",
                "encoding": "utf-8",
                "text": TEXT,
            }
        ],
        "meetings": meetings,
        "units": [
            {"unit_id": k, "name": v[0], "kind": v[1], "subkind": v[2], "in_gazetteer": True}
            for k, v in UNITS.items()
        ],
        "commitments": commitments,
        "figures": figures,
        "mentions": mentions,
    }


def write_synthetic_db(path: Path) -> Path:
    """Write the synthetic database to `path`."""
    write_database(path, rows(), meta={"built_at": "2024-05-01T00:00:00+00:00"})
    return path


def write_empty_db(path: Path) -> Path:
    """A database with the schema and no rows."""
    write_database(path, {}, meta={"built_at": "2024-05-01T00:00:00+00:00"})
    return path


def write_config(folder: Path, db_path: Path, project_config: Path, language: str = "zh") -> Path:
    """A config.yaml in `folder` with the project's gazetteer, no sources, and `database` = db_path."""
    data = yaml.safe_load(project_config.read_text(encoding="utf-8"))
    data.update({"city": "示例市", "language": language, "database": str(db_path), "sources": []})
    out = folder / "config.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


CALLS: list[str] = []


def count_rows(con: object, table: str) -> int:
    """A module-level function for PageContext.call tests: counts its own calls."""
    CALLS.append(table)
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[attr-defined]
