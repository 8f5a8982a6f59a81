"""One commitment's history for its page: created at its meeting, each progress update, report evidence."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from tracker.cells import day_of

TIMELINE_COLUMNS = [
    "date",
    "event",
    "text",
    "status",
    "percent",
    "old_status",
    "old_percent",
    "who",
    "reported_by",
    "source",
    "link",
]


def timeline(
    commitment: Mapping[str, object], entries: pd.DataFrame, evidence: pd.DataFrame | None
) -> pd.DataFrame:
    """One commitment's history: created at its meeting, each update (old → new, who), report evidence."""
    cid = commitment["commitment_id"]
    rows = [
        {
            "date": day_of(commitment.get("meeting_date")),
            "event": "created",
            "text": str(commitment.get("quote") or ""),
            "who": str(commitment.get("meeting_title") or ""),
            "source": "report",
        }
    ]
    mine = entries[entries["commitment_id"] == cid] if not entries.empty else entries
    for e in mine.to_dict("records"):
        rows.append(
            {
                "date": day_of(e["as_of"]),
                "event": "update",
                "text": e.get("note") or "",
                "status": e["status"],
                "percent": e["percent"],
                "old_status": e.get("old_status"),
                "old_percent": e.get("old_percent"),
                "who": f"{e.get('entered_by') or ''} {str(e.get('entered_at') or '')[:16]}".strip(),
                "reported_by": e.get("reported_by") or "",
                "source": e.get("source"),
                "link": e.get("evidence") or "",
            }
        )
    if evidence is not None and not evidence.empty:
        for ev in evidence[evidence["commitment_id"] == cid].to_dict("records"):
            rows.append(
                {
                    "date": day_of(ev.get("date")),
                    "event": "hint" if ev["kind"] == "hint" else f"evidence:{ev['kind']}",
                    "text": ev["quote"],
                    "status": ev.get("hint"),
                    "who": str(ev.get("meeting_title") or ev.get("meeting_id") or ""),
                    "source": "report",
                }
            )
    out = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    order = out["event"].map(lambda e: 0 if e == "created" else (1 if e == "hint" else 2))
    out = out.assign(_d=pd.to_datetime(out["date"]), _o=order).sort_values(["_d", "_o"], kind="stable")
    return out.drop(columns=["_d", "_o"]).reset_index(drop=True)
