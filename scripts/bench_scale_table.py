"""The Markdown table of scripts/bench_scale.py: each step's result against its target, the machine it ran on,
an extrapolation to 100,000 reports and the extraction profile."""

from __future__ import annotations

import os
import platform
from pathlib import Path

TARGETS = {"extraction_ratio": 10.0, "add_one": 5.0, "nothing": 1.0, "warm": 1.0, "cold": 2.0, "query": 0.2}


def machine() -> str:
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import duckdb
    import streamlit

    load = os.getloadavg()
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem}; {platform.system()} {platform.release()}; Python "
        f"{platform.python_version()}, DuckDB {duckdb.__version__}, Streamlit {streamlit.__version__}; load average "
        f"{load[0]:.1f} at the end (the machine is shared: other work ran at the same time)"
    )


def kept_note(res: dict) -> str:
    """With --reuse: when the kept steps ran (each result's `_ran_at`), so the table says what it is made of."""
    found = []
    for v in res.values():
        for r in v if isinstance(v, list) else [v]:
            if isinstance(r, dict) and r.get("_ran_at"):
                found.append(str(r["_ran_at"]))
    if not found:
        return ""
    return f"; the steps' results ran between {min(found)} and {max(found)} (each step's `_ran_at` below)"


def _ok(value: float, target: float) -> str:
    return "met" if value <= target else f"missed ({value / target:.1f}× the target)"


EXTRAPOLATE_TO = 100_000


def _extrapolated(res: dict) -> list[dict]:
    """A build of EXTRAPOLATE_TO reports from the two largest measured ones, when it was not run: extraction per
    report as measured; evidence, its rows and writing grown with the exponent they showed between the two."""
    builds = sorted(res.get("builds", []), key=lambda b: b["reports"])
    if len(builds) < 2 or builds[-1]["reports"] >= EXTRAPOLATE_TO:
        return []
    import math

    a, b = builds[-2], builds[-1]
    k = EXTRAPOLATE_TO / b["reports"]

    def grow(x: float, y: float) -> float:
        e = math.log(max(y, 1e-9) / max(x, 1e-9)) / math.log(b["reports"] / a["reports"])
        return y * k**e

    steps = {
        "extract": b["steps"]["extract"] * k,
        "evidence": grow(a["steps"]["evidence"], b["steps"]["evidence"]),
        "write": grow(a["steps"]["write"], b["steps"]["write"]),
    }
    return [
        {
            **b,
            "extrapolated": True,
            "reports": EXTRAPOLATE_TO,
            "mb": b["mb"] * k,
            "seconds": sum(steps.values()),
            "steps": steps,
            "floor": b["floor"] * k,
            "rows": {
                "commitments": round(b["rows"]["commitments"] * k),
                "evidence": round(grow(a["rows"]["evidence"], b["rows"]["evidence"])),
            },
            "db_mb": grow(a["db_mb"], b["db_mb"]),
            "cache_mb": grow(a["cache_mb"], b["cache_mb"]),
        }
    ]


def table(res: dict) -> list[str]:
    """The benchmark table (Markdown lines) from the steps' results."""
    lines = [
        "| what | size | measured | floor / baseline (same run) | ratio | target |",
        "|---|---|---:|---:|---:|---|",
    ]
    ex = res.get("extraction", {})
    for name in ("real", "synthetic"):
        e = ex.get(name)
        if not e:
            continue
        ratio = e["seconds"] / e["floor"]
        lines.append(
            f"| extraction ({name} reports, one process, best of {len(e.get('passes', [1]))} passes) | "
            f"{e['reports']} reports, {e['mb']:.1f} MB | "
            f"{e['mb'] / e['seconds']:.2f} MB/s, {e['reports'] / e['seconds']:.0f} reports/s | "
            f"{e['mb'] / e['floor']:.1f} MB/s, {e['reports'] / e['floor']:.0f} reports/s | {ratio:.0f}× | "
            f"≤ 10× floor: {_ok(ratio, TARGETS['extraction_ratio'])} |"
        )
    for b in res.get("builds", []) + _extrapolated(res):
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in b["steps"].items())
        note = " (EXTRAPOLATED from the two largest builds, not run)" if b.get("extrapolated") else ""
        lines.append(
            f"| full build, empty cache{note} | {b['reports']} reports, {b['mb']:.0f} MB, "
            f"{b['rows']['commitments']:,} commitments, {b['rows']['evidence']:,} evidence rows | "
            f"{b['seconds']:.1f} s ({steps}); database {b['db_mb']:.0f} MB, cache {b['cache_mb']:.0f} MB | "
            f"extraction floor {b['floor']:.1f} s (one core) | {b['seconds'] / b['floor']:.0f}× | "
            f"{b['workers']} extraction processes |"
        )
        if not b.get("extrapolated"):
            lines.append(
                f"| peak memory of that build | {b['reports']} reports | {b['rss_mb']:.0f} MB (build), "
                f"{b['workers_rss_mb']:.0f} MB (largest worker) | — | — | — |"
            )
    inc = res.get("incremental")
    if inc:
        steps = ", ".join(f"{k} {v:.2f} s" for k, v in inc["add_one_steps"].items())
        lines.append(
            f"| build after adding one report | {inc['reports']} reports | {inc['add_one']:.2f} s (loading "
            f"config.yaml included; {inc['add_one_extracted']} report extracted; {steps}) | "
            f"fingerprinting the sources {inc['fingerprint']:.2f} s | {inc['add_one'] / inc['fingerprint']:.0f}× | "
            f"< 5 s: {_ok(inc['add_one'], TARGETS['add_one'])} |"
        )
        both = inc["load_config"] + inc["nothing"]
        lines.append(
            f"| build with nothing changed | {inc['reports']} reports | {inc['nothing']:.2f} s build + "
            f"{inc['load_config']:.2f} s loading config.yaml = {both:.2f} s; `python -m extract` "
            f"{inc['cli_nothing']:.2f} s wall | fingerprinting {inc['fingerprint']:.2f} s; Python start and "
            f"imports {inc['cli_imports']:.2f} s | {inc['nothing'] / inc['fingerprint']:.1f}× | "
            f"< 1 s: build {_ok(inc['nothing'], TARGETS['nothing'])}; with config {_ok(both, TARGETS['nothing'])} |"
        )
    for p in res.get("pages", []):
        size = f"{p['commitments']:,} commitments, {p['progress_entries']:,} progress entries"
        for name, r in p["pages"].items():
            bad = f" — ERROR {r['problems'][0][:60]}" if r["problems"] else ""
            lines.append(
                f"| page {name}{bad} | {size} | warm {r['warm']:.2f} s, cold {r['cold']:.2f} s, after a log "
                f"change {r['after_log']:.2f} s | empty page {p['empty']:.3f} s | "
                f"{r['warm'] / p['empty']:.0f}× | warm < 1 s: {_ok(r['warm'], TARGETS['warm'])}; cold < 2 s: "
                f"{_ok(r['cold'], TARGETS['cold'])} |"
            )
        worst = max((x for v in p["queries"].values() for x in v), key=lambda x: x[1])
        for page, qs in p["queries"].items():
            slow = max(qs, key=lambda x: x[1])
            lines.append(
                f"| queries behind {page} ({len(qs)}) | {size} | slowest {slow[0]} {slow[1] * 1000:.0f} ms, "
                f"all {sum(x[1] for x in qs) * 1000:.0f} ms | — | — | each < 200 ms: "
                f"{_ok(slow[1], TARGETS['query'])} |"
            )
        lines.append(
            f"| status table (once per progress-log version and day) | {size} | {p['status_s']:.2f} s, of "
            f"which reading the log {p['log_s']:.2f} s | — | — | — |"
        )
        lines.append(
            f"| briefing pack data (`brief.gather`, every meeting) | {size} | "
            + (
                f"failed after {p['gather_s']:.1f} s: {p['gather_error']}"
                if p.get("gather_error")
                else f"{p['gather_s']:.2f} s"
            )
            + " | — | — | not a page query (cached per options) |"
        )
        lines.append(
            f"| dashboard memory (peak, all pages) | {size} | {p['rss_mb']:.0f} MB | — | — | < 1 GB: "
            f"{_ok(p['rss_mb'], 1024)} |"
        )
        del worst
    ex = res.get("export")
    if ex and "pack" in ex:
        lines.append(
            f"| briefing charts through one Chromium | {ex['charts']} charts, PNG 2× | {ex['pack']:.1f} s "
            f"(full PPTX {ex['pptx']:.1f} s) | plain `fig.write_image` {ex['plain']:.1f} s | "
            f"{ex['plain'] / ex['pack']:.1f}× faster | — |"
        )
    return lines


def profiles(res: dict) -> list[str]:
    """The extraction profile (where the time over the floor goes)."""
    out = []
    for name in ("real", "synthetic"):
        e = res.get("extraction", {}).get(name)
        if not e:
            continue
        out += [f"Extraction profile, {name} reports (cProfile, own time; up to 300 reports):", ""]
        out += ["| where | own time (s) | share |", "|---|---:|---:|"]
        out += [f"| {a} | {t:.2f} | {sh:.0%} |" for a, t, sh in e.get("areas", [])]
        out += ["", "| function | own time (s) | share |", "|---|---:|---:|"]
        out += [f"| `{p['function']}` | {p['own_s']:.2f} | {p['share']:.0%} |" for p in e["profile"]]
        out.append("")
    return out
