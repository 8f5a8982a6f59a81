"""A benchmark script's own section of docs/benchmarks.md, between its markers; the other sections stay as they are."""

from __future__ import annotations

from pathlib import Path


def write_section(out: Path, name: str, lines: list[str]) -> None:
    """Put `lines` between `<!-- name: begin -->` and `<!-- name: end -->` in `out` (appended the first time)."""
    begin, end = f"<!-- {name}: begin -->", f"<!-- {name}: end -->"
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    section = f"{begin}\n" + "\n".join(lines) + f"\n{end}"
    if begin in text and end in text:
        text = text[: text.index(begin)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    out.write_text(text, encoding="utf-8")
