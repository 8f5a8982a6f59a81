"""Add source entries to config.yaml while keeping its comments and layout (ruamel.yaml round-trip).

The new entries are rendered by ruamel.yaml in the file's own indentation and inserted after the last
source entry, so every other line of the file stays byte for byte as the user wrote it; when there is no
block list to insert into (no `sources:` yet, or `sources: []`), the document is round-tripped whole.
The result is always validated with tracker.config, and must leave every other setting unchanged.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from tracker.config import Config, parse_config
from tracker.errors import ConfigError
from tracker.i18n import InLanguage, msg


def _yaml(indent: int = 2, offset: int = 2) -> YAML:
    y = YAML()  # round-trip
    y.preserve_quotes = True
    y.width = 4096
    y.representer.ignore_aliases = lambda *args: True  # one --date for several files: no &id001 anchors
    y.indent(mapping=indent, sequence=indent + offset if offset else indent, offset=offset)
    return y


def _entry(values: Mapping[str, object]) -> CommentedMap:
    m = CommentedMap()
    for k, v in values.items():
        if v is not None:
            m[k] = v
    return m


def add_sources(text: str, entries: Sequence[Mapping[str, object]], path: Path) -> str:
    """The config text with `entries` appended under `sources:`; ConfigError when the file cannot be parsed."""
    try:
        _, map_indent, seq_offset = load_yaml_guess_indent(text)
        data = _yaml().load(text)
    except YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = msg("safe.add_yaml_where", line=mark.line + 1, column=mark.column + 1) if mark else ""
        problem = InLanguage("en", str(getattr(e, "problem", None) or e).split("\n")[0])
        raise ConfigError(code="safe.add_yaml", file=str(path), where=where, problem=problem) from None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise ConfigError(code="safe.add_not_mapping", file=str(path))
    seq = data.get("sources")
    if isinstance(seq, CommentedSeq) and len(seq) and not seq.fa.flow_style():
        return _insert(text, data, seq, entries)
    # no block list to extend: round-trip the whole document
    if not isinstance(seq, CommentedSeq):
        seq = CommentedSeq()
        data["sources"] = seq
    seq.fa.set_block_style()
    seq.extend(_entry(e) for e in entries)
    out = io.StringIO()
    _yaml(map_indent or 2, seq_offset if seq_offset is not None else 2).dump(data, out)
    return out.getvalue()


def _insert(text: str, data: CommentedMap, seq: CommentedSeq, entries: Sequence[Mapping[str, object]]) -> str:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    last_line, item_col = seq.lc.item(len(seq) - 1)
    dash_col = lines[last_line].rfind("-", 0, item_col + 1)
    dash_col = max(dash_col, 0)
    sources_line = data.lc.key("sources")[0]
    later = [data.lc.key(k)[0] for k in data if data.lc.key(k)[0] > sources_line]
    end = min(later) if later else len(lines)
    while end > last_line + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    out = io.StringIO()
    _yaml(item_col - dash_col if item_col > dash_col else 2, 0).dump([_entry(e) for e in entries], out)
    newline = "\r\n" if lines[last_line].endswith("\r\n") else "\n"
    block = [" " * dash_col + ln + newline for ln in out.getvalue().splitlines()]
    return "".join(lines[:end] + block + lines[end:])


def check_only_sources_added(old: Config, new_text: str, path: Path, n_new: int) -> Config:
    """Validate the new text with tracker.config; it must equal the old config plus `n_new` sources."""
    sha = hashlib.sha256(new_text.encode("utf-8")).hexdigest()  # the build records the text it was made from
    new = parse_config(yaml.safe_load(new_text), path, sha)
    same_rest = new.model_dump(exclude={"sources"}) == old.model_dump(exclude={"sources"})
    if (
        not same_rest
        or new.sources[: len(old.sources)] != old.sources
        or len(new.sources) != len(old.sources) + n_new
    ):
        raise ConfigError(code="safe.add_changes_other", file=str(path))
    return new
