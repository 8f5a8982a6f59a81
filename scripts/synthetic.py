"""SYNTHETIC reports for benchmarks only: never shipped as data, never shown as real.

    .venv/bin/python scripts/synthetic.py OUT_DIR --reports 1000 [--seed 1] [--towns 120] [--departments 40]

Writes OUT_DIR/config.yaml and OUT_DIR/data/sources/*.txt: a made-up prefecture (示例市, with made-up towns
and the standard department names) and reports in the genres of the real corpus — meeting news with numbered
requirements and unit tasks, task tables with lead/responsible units and deadlines, supervision bulletins, and
activity reports with figures. Every file starts with `# synthetic: …` so nobody mistakes it for a real
report. The same seed gives byte-identical output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CITY = "示例市"
GENRES = ("meeting", "table", "bulletin", "activity")
WEIGHTS = (0.45, 0.2, 0.1, 0.25)

_PLACE_A = "青白红黄绿金银石柳桃杏梨枣松柏竹梅兰菊莲荷河湖山岭峰川泉溪沟湾坪坝台庄集店桥"
_PLACE_B = "阳阴安平宁康丰顺和兴盛隆昌泰福源林园田口门营堡寨屯铺岗塘"
DEPARTMENTS = (
    ("发展和改革委员会", ("发改委",)),
    ("教育局", ()),
    ("科学技术局", ("科技局",)),
    ("工业和信息化局", ("工信局",)),
    ("公安局", ()),
    ("民政局", ()),
    ("司法局", ()),
    ("财政局", ()),
    ("人力资源和社会保障局", ("人社局",)),
    ("自然资源和规划局", ("自然资源局",)),
    ("生态环境局", ()),
    ("住房和城乡建设局", ("住建局",)),
    ("交通运输局", ("交通局",)),
    ("水利局", ()),
    ("农业农村局", ()),
    ("商务局", ()),
    ("文化广电和旅游局", ("文旅局",)),
    ("卫生健康委员会", ("卫健委",)),
    ("退役军人事务局", ()),
    ("应急管理局", ("应急局",)),
    ("审计局", ()),
    ("市场监督管理局", ("市场监管局",)),
    ("统计局", ()),
    ("医疗保障局", ("医保局",)),
    ("城市管理局", ("城管局",)),
    ("林业局", ()),
    ("乡村振兴局", ()),
    ("数据局", ()),
    ("信访局", ()),
    ("机关事务管理局", ()),
)
TOPICS = (
    ("安全生产", "隐患排查", "整改"),
    ("项目建设", "重点项目", "开工"),
    ("乡村振兴", "人居环境", "整治"),
    ("文明城市创建", "背街小巷", "提升"),
    ("秸秆禁烧", "网格巡查", "管控"),
    ("招商引资", "签约项目", "落地"),
    ("民生实事", "为民办实事", "办结"),
    ("防汛抗旱", "水毁工程", "修复"),
    ("就业帮扶", "春风行动", "招聘"),
    ("营商环境", "审批事项", "压减"),
)
# Named projects: what towns commit to and later report on (each town's own, so reports match the right one).
PROJECT_TYPES = (
    "污水管网改造",
    "农贸市场提升",
    "教学楼建设",
    "标准化厂房",
    "乡村道路硬化",
    "安置小区",
    "河道清淤",
    "垃圾中转站",
    "卫生院扩建",
    "文化广场",
    "供水管网延伸",
    "高标准农田",
    "冷链物流中心",
    "老旧小区改造",
    "便民服务中心",
    "养老服务中心",
    "光伏发电",
    "特色街区",
    "排涝泵站",
    "停车场建设",
    "公厕改造",
    "电商服务站",
    "产业园区道路",
    "体育公园",
    "污水处理站",
    "桥梁加固",
    "集贸市场",
    "幼儿园新建",
    "农村电网改造",
    "应急避难场所",
)
TASK_FORMS = (
    "{t}要在{m}月底前完成{p}{s}。",
    "{t}力争{m}月份实现{p}{s}。",
    "{t}负责推进{p}，确保年内{s}。",
    "{t}牵头实施{p}，{m}月中旬前{s}。",
    "{t}抓紧{p}前期工作，争取{m}月{s}。",
)
STAGES = ("主体工程完工", "完成总工程量的一半", "完成招标", "开工建设", "竣工验收", "完成设计")
VERBS = ("加强", "压实", "强化", "健全", "落实", "推进", "完善", "提升", "严格", "狠抓")
OBJECTS = ("组织领导", "工作责任", "督查检查", "宣传引导", "要素保障", "制度建设", "队伍建设", "风险防控")
CN_NUM = "一二三四五六七八九十"
MEASURES = (("个", 1, 500), ("人次", 100, 90000), ("家", 5, 900), ("亩", 50, 60000), ("万元", 10, 9000))
PREFIXES = ("", "", "", "近", "约", "超过")  # before the number
SUFFIXES = ("", "", "", "余", "多")  # after the number


@dataclass(frozen=True)
class World:
    """The made-up prefecture: its towns (name, kind) and departments (name, aliases)."""

    towns: tuple[tuple[str, str], ...]
    departments: tuple[tuple[str, tuple[str, ...]], ...]


def make_world(rng: random.Random, n_towns: int, n_departments: int) -> World:
    """Made-up town names (two characters + 镇/乡/街道) and the first n standard departments."""
    names: set[str] = set()
    towns = []
    while len(towns) < n_towns:
        name = rng.choice(_PLACE_A) + rng.choice(_PLACE_B)
        if name in names:
            continue
        names.add(name)
        kind = rng.choices(("镇", "乡", "街道"), (0.55, 0.25, 0.2))[0]
        towns.append((name + kind, kind))
    return World(tuple(towns), DEPARTMENTS[: max(1, min(n_departments, len(DEPARTMENTS)))])


def _date(rng: random.Random, year: int) -> tuple[int, int]:
    return rng.randint(1, 12), rng.randint(1, 28)


def _person(rng: random.Random) -> str:
    return (
        rng.choice("张王李赵刘陈杨黄周吴") + rng.choice("明华建国志伟海涛静丽") + rng.choice("强军平安东林峰")
    )


def _demand(rng: random.Random, topic: tuple[str, str, str]) -> str:
    return f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}，切实做好{topic[1]}{topic[2]}工作"


def meeting_report(rng: random.Random, world: World, year: int) -> str:
    """Meeting news: date + 召开 + name, a leader's numbered requirements, towns' and departments' tasks."""
    month, day = _date(rng, year)
    topic = rng.choice(TOPICS)
    n = rng.randint(3, 6)
    leader = _person(rng)
    lines = [
        f"{CITY}召开{topic[0]}工作推进会",
        f"{month}月{day}日，{CITY}召开{topic[0]}工作推进会，市委副书记、市长{leader}出席会议并讲话。",
        f"会议通报了全市{topic[1]}工作进展情况，{rng.randint(3, 9)}个单位作了表态发言。",
        f"{leader}强调，全市上下要以更加务实的作风推进{topic[0]}工作。他提出{CN_NUM[n - 1]}点要求：",
    ]
    for i in range(n):
        lines.append(f"{CN_NUM[i]}要{_demand(rng, topic)}。")
    for town, _ in rng.sample(world.towns, k=min(len(world.towns), rng.randint(2, 5))):
        lines.append(
            rng.choice(TASK_FORMS).format(
                t=town, m=rng.randint(1, 12), p=_project(rng, town, year), s=rng.choice(STAGES)
            )
        )
    for dept, _ in rng.sample(world.departments, k=min(len(world.departments), rng.randint(1, 3))):
        lines.append(f"由市{dept}牵头，{rng.choice(VERBS)}{topic[1]}工作。")
    return "\n".join(lines) + "\n"


def table_report(rng: random.Random, world: World, year: int) -> str:
    """A task-decomposition table: 序号 / 任务 / 牵头单位 / 责任单位 / 完成时限, one row per line, TAB-separated."""
    topic = rng.choice(TOPICS)
    rows = [
        f"{CITY}{year}年{topic[0]}重点工作任务分解表",
        "",
        "序号\t工作任务\t牵头单位\t责任单位\t完成时限",
    ]
    for i in range(1, rng.randint(5, 25) + 1):
        lead = rng.choice(world.departments)[0]
        resp = "、".join(t for t, _ in rng.sample(world.towns, k=min(len(world.towns), 2)))
        due = rng.choice(
            (f"{rng.randint(3, 12)}月底前", "年底前", "上半年", f"{year}年{rng.randint(6, 12)}月")
        )
        rows.append(f"{i}\t{_demand(rng, topic)}\t市{lead}\t{resp}\t{due}")
    return "\n".join(rows) + "\n\n"


def bulletin_report(rng: random.Random, world: World, year: int) -> str:
    """A supervision bulletin: counts of items done and under way, late units named (progress, not commitments)."""
    month, day = _date(rng, year)
    total = rng.randint(10, 40)
    done = rng.randint(1, total - 1)
    late = rng.sample(world.departments, k=min(len(world.departments), 3))
    names = "、".join(f"市{d}" for d, _ in late)
    return (
        f"关于{year}年第{rng.randint(1, 20)}次市政府常务会议确定事项落实情况的通报\n"
        f"近期，市政府督查室对确定事项落实情况开展了专项督查，现通报如下。\n"
        f"确定事项{total}件，截至{month}月{day}日，已办结{done}件，正在办理{total - done}件。\n"
        f"其中，由{names}负责的事项进展滞后，请相关单位加快推进。\n"
    )


def _project(rng: random.Random, town: str, year: int) -> str:
    """One of the few projects a town has in a year (a made-up place name and a project type)."""
    own = random.Random(f"{town}{year}")  # the same town and year always have the same projects
    places = [own.choice(_PLACE_A) + own.choice(_PLACE_B) for _ in range(4)]
    kinds = own.sample(PROJECT_TYPES, 4)
    i = rng.randrange(4)
    return places[i] + kinds[i]


def activity_report(rng: random.Random, world: World, year: int) -> str:
    """An activity report dense with figures (number + measure word + qualifier), and how one project goes."""
    month, day = _date(rng, year)
    town = rng.choice(world.towns)[0]
    topic = rng.choice(TOPICS)
    parts = []
    for _ in range(rng.randint(3, 8)):
        measure, lo, hi = rng.choice(MEASURES)
        verb = rng.choice(("完成", "服务", "发放", "排查", "走访"))
        pre, post = rng.choice(PREFIXES), rng.choice(SUFFIXES) if measure != "万元" else ""
        parts.append(f"{verb}{pre}{rng.randint(lo, hi)}{'' if pre else post}{measure}")
    project = _project(rng, town, year)
    return (
        f"{town}扎实开展{topic[0]}工作\n{month}月{day}日以来，{town}{'，'.join(parts)}。\n"
        f"{town}{project}已{rng.choice(STAGES)}。\n"
    )


WRITERS = {
    "meeting": meeting_report,
    "table": table_report,
    "bulletin": bulletin_report,
    "activity": activity_report,
}


def write_corpus(out: Path, reports: int, seed: int = 1, towns: int = 120, departments: int = 30) -> Path:
    """Write a synthetic project (config.yaml + sources) into `out`; returns the config path."""
    rng = random.Random(seed)
    world = make_world(rng, towns, departments)
    src = out / "data" / "sources"
    src.mkdir(parents=True, exist_ok=True)
    entries = []
    for i in range(reports):
        genre = GENRES[i] if i < len(GENRES) else rng.choices(GENRES, WEIGHTS)[0]  # every genre at least once
        year = rng.randint(2022, 2025)
        name = f"syn-{i:06d}-{genre}"
        body = WRITERS[genre](rng, world, year)
        (src / f"{name}.txt").write_text(
            f"# synthetic: scripts/synthetic.py seed={seed}\n{body}", encoding="utf-8"
        )
        month, day = _date(rng, year)
        entries.append(
            f"  - {{id: {name}, path: data/sources/{name}.txt, date: {year}-{month:02d}-{day:02d}}}"
        )
    town_lines = [f"  - {{name: {n}, kind: {k}}}" for n, k in world.towns]
    dept_lines = [
        f"  - {{name: {n}" + (f", aliases: [{', '.join(a)}]" if a else "") + "}" for n, a in world.departments
    ]
    config = out / "config.yaml"
    config.write_text(
        "# SYNTHETIC benchmark project made by scripts/synthetic.py: not real data.\n"
        f"city: {CITY}\ndatabase: data/tracker.duckdb\nsources:\n"
        + "\n".join(entries)
        + "\ntowns:\n"
        + "\n".join(town_lines)
        + "\ndepartments:\n"
        + "\n".join(dept_lines)
        + "\n",
        encoding="utf-8",
    )
    return config


def write_progress(
    config: Path, share: float = 0.3, seed: int = 1, today: dt.date | None = None, batch: int = 5000
) -> int:
    """Append SYNTHETIC progress reports for a built project through the real progress-log API
    (tracker.progress.log.append_updates, source 'import', entered by 'synthetic'): `share` of the commitments
    get one to three reports dated between their meeting and `today`. Returns how many entries were written."""
    import duckdb

    from tracker.config import load_config
    from tracker.progress.log import Update, append_updates

    cfg = load_config(config, must_exist=True)
    today = today or dt.date.today()
    con = duckdb.connect(str(cfg.database_path), read_only=True)
    try:
        rows = con.execute(
            """SELECT c.commitment_id, m.date FROM commitments c LEFT JOIN meetings m USING (meeting_id)
               ORDER BY c.commitment_id"""
        ).fetchall()
    finally:
        con.close()
    rng = random.Random(seed)
    updates: list[Update] = []
    for cid, meeting in rows:
        if rng.random() >= share:
            continue
        start = (
            meeting if isinstance(meeting, dt.date) and meeting <= today else today - dt.timedelta(days=365)
        )
        percent = 0.0
        for _ in range(rng.randint(1, 3)):
            percent = min(100.0, percent + rng.choice((10.0, 20.0, 30.0, 50.0)))
            status = rng.choices(("未启动", "推进中", "滞后", "已完成"), (0.1, 0.55, 0.15, 0.2))[0]
            if status == "已完成":
                percent = 100.0
            elif status == "未启动":
                percent = 0.0
            day = start + dt.timedelta(days=rng.randint(0, max(0, (today - start).days)))
            updates.append(Update(cid, status, percent, day, note="synthetic progress (benchmark)"))
            if status == "已完成":
                break
    for i in range(0, len(updates), batch):
        append_updates(cfg.progress_log_path, updates[i : i + batch], source="import", entered_by="synthetic")
    return len(updates)


ID_COLUMNS = ("meeting_id", "commitment_id", "parent_id", "figure_id", "evidence_id")


def replicate_database(src: Path, out: Path, copies: int) -> None:
    """A SYNTHETIC database `copies` times the size of `src`: every meeting, commitment, figure and evidence row
    again under new ids (suffix ~k), pointing into the same sources; for dashboard benchmarks at sizes no
    corpus build reaches quickly. build_info is copied, so the copy reads as built from `src`'s inputs."""
    from tracker.store import db

    def fill(con: object) -> None:
        con.execute("ATTACH ? AS src (READ_ONLY)", [str(src)])  # type: ignore[attr-defined]
        for table in ("sources", "units", "mentions"):  # identifiers from this fixed list only
            con.execute(f"INSERT INTO {table} SELECT * FROM src.{table}")  # type: ignore[attr-defined]
        for k in range(copies):
            for table in ("meetings", "commitments", "commitment_units", "figures", "evidence"):
                cols = db.columns(table)
                sel = ", ".join(  # identifiers from the fixed list and db.columns; the suffix is a parameter
                    f"CASE WHEN {c} IS NULL THEN NULL ELSE {c} || $suffix END" if c in ID_COLUMNS else c
                    for c in cols
                )
                con.execute(  # type: ignore[attr-defined]
                    f"INSERT INTO {table} SELECT {sel} FROM src.{table}",
                    {"suffix": "" if k == 0 else f"~{k}"},
                )
        con.execute("DETACH src")  # type: ignore[attr-defined]

    info = db.build_info(src)
    out.unlink(missing_ok=True)
    db.write_database_with(out, fill, info)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    """Write a synthetic project folder and say where."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path, help="folder to write (config.yaml and data/sources/)")
    p.add_argument("--reports", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--towns", type=int, default=120)
    p.add_argument("--departments", type=int, default=30)
    p.add_argument(
        "--progress",
        type=float,
        metavar="SHARE",
        help="also build the project and append synthetic progress reports for this share of its commitments",
    )
    args = p.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    config = write_corpus(args.out, args.reports, args.seed, args.towns, args.departments)
    print(f"wrote {args.reports} synthetic reports and {config}")
    if args.progress:
        from tracker.build import run_build
        from tracker.config import load_config

        run_build(load_config(config, must_exist=True))
        n = write_progress(config, args.progress, args.seed)
        print(f"appended {n} synthetic progress entries to the project's progress log")
    return 0


if __name__ == "__main__":
    sys.exit(main())


@contextmanager
def one_report_added(config: Path) -> Iterator[Path]:
    """A later meeting report added to a synthetic project's sources and config (as an office adds the week's
    report), both put back afterwards; yields the added file. The caller rebuilds after, as it needs."""
    sources = config.parent / "data" / "sources"
    first = sorted(sources.glob("*-meeting.txt"))[0]
    added = sources / "bench-added.txt"
    added.write_text(first.read_text(encoding="utf-8").replace("推进会", "调度会"), encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    entry = "  - {id: bench-added, path: data/sources/bench-added.txt, date: 2025-12-01}\ntowns:"
    try:
        config.write_text(text.replace("towns:", entry, 1), encoding="utf-8")
        yield added
    finally:
        config.write_text(text, encoding="utf-8")
        added.unlink(missing_ok=True)
