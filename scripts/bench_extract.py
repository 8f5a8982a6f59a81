"""Benchmark: extraction and a whole build of one report (SYNTHETIC text) by size and line shape, against the floor.

The report is made of made-up sentences of the genres (meetings, numbered requirements, tasks, figures) joined on
ONE line (a web page pasted without breaks, the worst case for paragraph-level work) or wrapped every 36
characters (a PDF copy). Rows for 1 KB, 10 KB, 100 KB and 1 MB. The floor is reading the text, folding it
(segment) and one regex pass over it. Targets: a 1 MB one-line report builds in under 10 s, and the time per KB
stays flat as the report grows (every step linear). Run: .venv/bin/python scripts/bench_extract.py
[--sizes 1000,10000] [--chars N --profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.pipeline import extract_text  # noqa: E402
from extract.text import segment  # noqa: E402
from extract.units import Gazetteer  # noqa: E402

SENTENCES = [
    "{m}月{d}日上午，{town}镇召开{topic}工作推进会，镇党委书记{name}出席会议并讲话。",
    "会议要求，一要压实{topic}责任，二要加快项目建设，三要严格督查考核。",
    "{town}镇要在{m}月底前完成{topic}排查，县{dept}局要做好督导。",
    "由县{dept}局牵头，{town}镇配合，{m}月底前全面完成{topic}整治。",
    "全年共排查企业{n}家，整改隐患约{n}处，培训人员{n}人次。",
    "下一步，{town}镇将继续加大{topic}力度，确保年底前全面完成任务。",
]
TOWNS = ["青禾", "云溪", "石泉", "松岭", "柳塘", "白沙"]
DEPTS = ["水务", "住建", "教育", "应急", "民政", "交通"]
TOPICS = ["安全生产", "河道治理", "秸秆禁烧", "人居环境", "校园安全", "防汛"]
NAMES = ["周某某", "赵某某", "钱某某"]


def synthetic_report(chars: int, seed: int = 7) -> str:
    """A SYNTHETIC single-line report of about `chars` characters (made-up places and names)."""
    rnd = random.Random(seed)
    parts = ["# source: synthetic benchmark text (not a real report)\n"]
    size = 0
    while size < chars:
        s = rnd.choice(SENTENCES).format(
            m=rnd.randint(1, 12),
            d=rnd.randint(1, 28),
            town=rnd.choice(TOWNS),
            dept=rnd.choice(DEPTS),
            topic=rnd.choice(TOPICS),
            name=rnd.choice(NAMES),
            n=rnd.randint(10, 9999),
        )
        parts.append(s)
        size += len(s)
    return "".join(parts)


def floor(path: Path) -> float:
    """Reading + folding + one regex pass: the least any extraction must do."""
    t = time.perf_counter()
    text = path.read_text(encoding="utf-8")
    doc = segment(text)
    sum(1 for p in doc.paragraphs for _ in re.finditer(r"\d+[个家处人]", p.text))
    return time.perf_counter() - t


def wrapped(text: str, width: int = 36) -> str:
    """The same text with a line break every `width` characters, as copied from a PDF."""
    head, _, body = text.partition("\n")
    return head + "\n" + "\n".join(body[i : i + width] for i in range(0, len(body), width))


def build_seconds(path: Path, folder: Path) -> float:
    """A whole build of the one report into a new database (extraction, evidence, writing), as `python -m
    extract --db` runs it, in this process."""
    from tracker.build import run_build
    from tracker.config import Config, Source

    config = Config().model_copy(
        update={
            "sources": (Source(path=path, id="bench"),),
            "base_dir": folder,
            "config_file": None,
            "config_sha256": None,
        }
    )
    db = folder / f"{path.stem}.duckdb"
    t = time.perf_counter()
    run_build(config, db, reviews=False, force=True, write_texts=False)
    return time.perf_counter() - t


def row(size: int, shape: str, folder: Path) -> str:
    """One line of the table: floor, extraction and build for a report of `size` bytes in one `shape`."""
    text = synthetic_report(size // 3)  # about three bytes a character in UTF-8
    if shape == "wrapped":
        text = wrapped(text)
    path = folder / f"synthetic_{shape}_{size}.txt"
    path.write_text(text, encoding="utf-8")
    f = min(floor(path) for _ in range(3))  # the floor is short: its best of three, against a noisy machine
    t = time.perf_counter()
    extract_text(path.read_text(encoding="utf-8"), "bench", Gazetteer(()))
    ex = time.perf_counter() - t
    b = build_seconds(path, folder)
    kb = path.stat().st_size / 1024
    return (
        f"| {kb:,.0f} KB | {shape} | {f:.3f} | {ex:.2f} | {ex / f:.1f}× | {b:.2f} | {b / f:.1f}× | "
        f"{1000 * b / kb:.1f} |"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes", default="1000,10000,100000,1000000", help="report sizes in bytes, comma-separated"
    )
    ap.add_argument(
        "--chars", type=int, help="profile extraction of one one-line report of this many characters"
    )
    ap.add_argument("--profile", action="store_true", help="print the 15 most expensive functions (cProfile)")
    args = ap.parse_args()
    extract_text("会议要求，县住建局要加快进度。", "warm-up", Gazetteer(()))  # load jieba's dictionary once
    if args.chars or args.profile:
        return profile(args.chars or 1_000_000)
    print(
        "SYNTHETIC reports (made-up sentences of the genres), best of one run each; floor = read + fold + one"
    )
    print("regex pass. Linear time shows as a constant build time per KB down the table.\n")
    print("| size | lines | floor s | extraction s | × floor | whole build s | × floor | build ms per KB |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(x) for x in args.sizes.split(",")):
            for shape in ("one line", "wrapped"):
                print(
                    row(size, shape.replace(" ", "_") if shape == "one line" else shape, Path(tmp)),
                    flush=True,
                )
    return 0


def profile(chars: int) -> int:
    """Profile extraction of one single-line report of `chars` characters."""
    path = Path(tempfile.gettempdir()) / f"bench_extract_synthetic_{chars}.txt"
    path.write_text(synthetic_report(chars), encoding="utf-8")
    prof = cProfile.Profile()
    prof.enable()
    extract_text(path.read_text(encoding="utf-8"), "bench", Gazetteer(()))
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
