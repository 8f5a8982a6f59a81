"""`python -m extract.evaluate`: score the extractor on the labelled corpus (tests/corpus) by kind and by file.

The rules are those of the corpus scorer (tests/corpus/README.md, `score.py` beside the shared corpus): the
`# ` header lines are stripped first (a user's own file has none), every file is extracted, and each gold entry
is one check. Checks are attributed to a file by the row that passed them, else by where their words are.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extract.decode import read_source
from extract.pipeline import extract_text, unit_id
from extract.units import Gazetteer
from tracker.config import Config, load_config
from tracker.errors import UserError

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
KINDS = ("meeting", "ordered", "named-item", "unit-task", "figure", "due", "not-a-figure", "not-a-commitment")


@dataclass
class Check:
    """One gold entry's verdict."""

    kind: str
    label: str
    ok: bool
    file: str | None  # the file the check is about, when it can be told


@dataclass
class Rows:
    """What the extractor found in the whole corpus, as the database would hold it."""

    meetings: list[dict] = field(default_factory=list)
    commitments: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # unit_id → name
    texts: dict[str, str] = field(default_factory=dict)  # source_id (file name) → text


@dataclass
class Result:
    """All checks and the provenance count."""

    checks: list[Check]
    provenance_bad: int
    provenance_total: int

    @property
    def passed(self) -> int:
        return sum(c.ok for c in self.checks)

    @property
    def ratio(self) -> float:
        return self.passed / len(self.checks) if self.checks else 0.0

    def by_kind(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = {}
        for c in self.checks:
            t = out.setdefault(c.kind, [0, 0])
            t[0] += c.ok
            t[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items(), key=lambda kv: _kind_order(kv[0]))}

    def by_file(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = {}
        for c in self.checks:
            t = out.setdefault(c.file or "(whole set)", [0, 0])
            t[0] += c.ok
            t[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}


def _kind_order(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def strip_header(text: str) -> str:
    """The text without its '# ' header lines, as evaluate.sh does (grep -v '^# ')."""
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("# "))


def norm(s: object) -> str:
    """The scorer's normalisation: no white space, full-width ，：； as half-width."""
    return "".join(str(s or "").split()).replace("，", ",").replace("：", ":").replace("；", ";")


def extract_corpus(corpus: Path, gazetteer: Gazetteer, files: Sequence[str]) -> Rows:
    """Extract every listed file (header lines stripped) into one set of rows."""
    rows = Rows()
    for name in files:
        path = corpus / name
        if not path.exists():
            raise UserError(f"{path}: the gold file lists it but it is missing; copy it into {corpus}")
        text = strip_header(read_source(path).text)
        ex = extract_text(text, name, gazetteer)
        rows.meetings.extend(ex.meetings)
        rows.commitments.extend(ex.commitments)
        rows.figures.extend(ex.figures)
        rows.units.update({unit_id(n): n for n in ex.units})
        rows.texts[name] = text
    for e in gazetteer.entries:
        rows.units.setdefault(unit_id(e[1]), e[1])
    return rows


def score(rows: Rows, gold: dict) -> Result:
    """Every gold check, with the corpus scorer's rules."""
    checks: list[Check] = []
    texts = rows.texts
    units = rows.units

    def text_of(c: dict) -> str:
        return norm(c.get("title")) + "|" + norm(c.get("quote"))

    def unit_name(c: dict) -> str | None:
        uid = c.get("unit_id")
        return units.get(uid) if isinstance(uid, str) else None  # units are keyed by their id's text

    def where(*words: str) -> str | None:
        return next((f for f, t in texts.items() if all(norm(w) in norm(t) for w in words if w)), None)

    def first_file(hits: Iterable[dict]) -> str | None:
        return next((str(h["source_id"]) for h in hits), None)

    for date, hint in gold.get("meetings", []):
        if date.startswith("*"):
            hits = [m for m in rows.meetings if str(m["date"] or "").endswith(date[1:])]
        else:
            hits = [m for m in rows.meetings if str(m["date"] or "") == date]
        checks.append(
            Check("meeting", f"meeting {date} ({hint})", bool(hits), first_file(hits) or where(hint))
        )

    by_prefix = {f[:2]: f for f in texts}
    for group in gold.get("ordered", []):
        for i, item in enumerate(group["items"], 1):
            hits = [c for c in rows.commitments if c.get("ordinal") == i and norm(item) in text_of(c)]
            if group.get("unit"):
                hits = [c for c in hits if unit_name(c) in group["unit"]]
            label = f"{group['group']} #{i} {item}"
            checks.append(Check("ordered", label, bool(hits), by_prefix.get(group["group"][:2])))

    for name in gold.get("mentioned", []):
        hits = [
            c
            for c in rows.commitments
            if norm(name) in norm(c.get("title")) and len(norm(c.get("title"))) <= len(name) + 16
        ]
        checks.append(
            Check("named-item", f"item of its own: {name}", bool(hits), first_file(hits) or where(name))
        )

    for names, words in gold.get("unit_tasks", []):
        hits = [
            c
            for c in rows.commitments
            if unit_name(c) in names and any(w in norm(c.get("quote")) for w in words)
        ]
        file = first_file(hits) or next((where(n, w) for n in names for w in words if where(n, w)), None)
        checks.append(Check("unit-task", f"task owned by {names[0]} ({'/'.join(words)})", bool(hits), file))

    for value, measure, qual in gold.get("figures", []):
        hits = [
            f
            for f in rows.figures
            if f.get("value") is not None
            and abs(float(f["value"]) - value) < 1e-6
            and str(f.get("measure") or "").startswith(measure)
            and (f.get("qualifier") or None) == qual
        ]
        checks.append(
            Check("figure", f"figure {value:g} {measure} {qual or ''}".rstrip(), bool(hits), first_file(hits))
        )

    for words, date in gold.get("due", []):

        def due_ok(c: dict, date: str = date) -> bool:
            d = str(c.get("due_date") or "")
            return d.endswith(date[1:]) if date.startswith("*") else d == date

        hits = [c for c in rows.commitments if norm(words) in text_of(c) and due_ok(c)]
        checks.append(Check("due", f"due {date}: {words}", bool(hits), first_file(hits) or where(words)))

    for bad in gold.get("forbidden_figure_values", []):
        hits = [f for f in rows.figures if f.get("value") is not None and float(f["value"]) == bad]
        checks.append(Check("not-a-figure", f"no spurious figure {bad:g}", not hits, first_file(hits)))

    for words in gold.get("forbidden_commitments", []):
        hits = [c for c in rows.commitments if norm(words) in norm(c.get("title"))]
        checks.append(
            Check(
                "not-a-commitment", f"not a commitment: {words}", not hits, first_file(hits) or where(words)
            )
        )

    bad = total = 0
    for r in rows.commitments + rows.figures:
        total += 1
        t = texts.get(str(r.get("source_id")))
        if t is None or r.get("char_start") is None or t[r["char_start"] : r["char_end"]] != r.get("quote"):
            bad += 1
    return Result(checks, bad, total)


def evaluate(corpus: Path = CORPUS, config: Config | None = None) -> Result:
    """Extract and score the labelled corpus with a config's gazetteer (none: an empty one)."""
    gold_path = corpus / "gold.json"
    if not gold_path.exists():
        raise UserError(f"{gold_path}: no gold file; give the corpus folder with --corpus")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gaz = Gazetteer.from_config(config) if config else Gazetteer(())
    return score(extract_corpus(corpus, gaz, gold["files"]), gold)


def table(title: str, counts: dict[str, tuple[int, int]]) -> list[str]:
    """A Markdown table of pass counts."""
    lines = [f"| {title} | passed | checks | % |", "| --- | ---: | ---: | ---: |"]
    for k, (p, n) in counts.items():
        lines.append(f"| {k} | {p} | {n} | {p / n:.0%} |")
    return lines


def report(result: Result, verbose: bool = False) -> list[str]:
    """The printed report: failing (or all) checks, then by kind, by file and the total."""
    out = [("PASS " if c.ok else "FAIL ") + c.label for c in result.checks if verbose or not c.ok]
    out += ["", *table("kind", result.by_kind()), "", *table("file", result.by_file()), ""]
    prov = result.provenance_total - result.provenance_bad
    out.append(f"provenance: {prov}/{result.provenance_total} rows quote their exact source slice")
    out.append(f"overall: {result.passed}/{len(result.checks)} checks ({result.ratio:.0%})")
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the score; exit 1 below --threshold or with a bad quote, 2 for a user error."""
    p = argparse.ArgumentParser(prog="python -m extract.evaluate", description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=CORPUS, help=f"labelled corpus folder (default: {CORPUS})")
    p.add_argument(
        "--config",
        type=Path,
        default=Path("config.yaml"),
        help="config whose gazetteer is used, as `python -m extract FILES` does (default: config.yaml if present)",
    )
    p.add_argument("--no-config", action="store_true", help="extract with an empty gazetteer")
    p.add_argument("--threshold", type=float, default=0.0, help="exit 1 when the pass ratio is below it")
    p.add_argument("-v", "--verbose", action="store_true", help="print passing checks too")
    args = p.parse_args(argv)
    try:
        config = None if args.no_config or not args.config.exists() else load_config(args.config)
        result = evaluate(args.corpus, config)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    print("\n".join(report(result, args.verbose)))
    return 0 if result.ratio >= args.threshold and result.provenance_bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
