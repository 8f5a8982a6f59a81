"""Reading the progress log after one new entry: a first read of N synthetic entries, one append,
and the read after it, which decodes only the new line. Synthetic data made here (not real entries).

    python scripts/bench_log_read.py 10000 100000
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.progress.log import ProgressEntry, Update, append_updates, read_log  # noqa: E402
from tracker.store import logfile  # noqa: E402
from tracker.store.logfile import record_text  # noqa: E402

COUNT = getattr(logfile, "READ_COUNT", {"records": -1})  # -1: a version before the count (a baseline run)


def run(n: int) -> str:
    path = Path(tempfile.mkdtemp()) / "progress.jsonl"
    proto = append_updates(path, [Update("c-0", "推进中", 10, dt.date(2024, 6, 1))], source="cli")[0]
    with open(path, "a", encoding="utf-8") as f:
        for i in range(1, n):
            d = dict(proto, entry_id=uuid.uuid4().hex, commitment_id=f"c-{i}", batch=uuid.uuid4().hex)
            f.write(record_text(ProgressEntry.model_validate(d)) + "\n")
    t = time.perf_counter()
    read_log(path)
    first = time.perf_counter() - t
    t = time.perf_counter()
    append_updates(path, [Update("c-5", "滞后", 20, dt.date(2024, 7, 1))], source="cli")
    append = time.perf_counter() - t
    before = COUNT["records"]
    t = time.perf_counter()
    got = read_log(path)
    after = time.perf_counter() - t
    decoded = COUNT["records"] - before if before >= 0 else "all"
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"| {n:,} (synthetic) | {first:.2f} s | {append:.3f} s | {after:.3f} s | {decoded} "
        f"| {len(got.entries):,} | {load} |"
    )


if __name__ == "__main__":
    print(
        "| entries | first read | append one | read after it | lines decoded | entries read | load 1/5/15 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for arg in sys.argv[1:] or ["10000", "100000"]:
        print(run(int(arg)), flush=True)
