"""Reading config.yaml: strict YAML (no duplicate keys, no impossible dates), syntax errors as a line and a
hint, then validation and the cross-setting checks."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import (
    ValidationError,
)

from tracker.config.checks import check_distinct, check_inside, check_logs, real_paths
from tracker.config.messages import describe
from tracker.config.settings import DEFAULT_CONFIG, Config
from tracker.errors import ConfigError
from tracker.i18n import InLanguage, Lang, Msg, msg, normalise_language


class _YamlProblem(Exception):
    """Raised by the strict YAML loader; turned into a ConfigError naming the file."""

    def __init__(self, code: str, **fields: Any) -> None:
        super().__init__(code)
        self.code, self.fields = code, fields

    def config_error(self, path: Path) -> ConfigError:
        """The problem as a ConfigError naming the file."""
        error = ConfigError(code=self.code, file=str(path))
        error.fields.update(self.fields)
        return error


class StrictLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses duplicate keys, keys that are not text and dates that do not exist."""


def _mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise _YamlProblem("safe.config_key_not_text", line=line, key=str(key_node.value))
        if key in seen:
            raise _YamlProblem("safe.config_duplicate_key", line=line, key=key, first=seen[key])
        seen[key] = line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


def _timestamp(loader: StrictLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise _YamlProblem("safe.config_bad_date", line=node.start_mark.line + 1, value=node.value) from None


StrictLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


if TYPE_CHECKING:
    _FastSafeLoader = yaml.CSafeLoader
else:  # PyYAML built without libyaml has no CSafeLoader: the pure-Python one, with the same interface
    _FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastStrictLoader(_FastSafeLoader):
    """StrictLoader's rules on libyaml's parser (a config naming 10,000 sources loads in a fraction of the
    time); any problem is read again with StrictLoader, so messages stay exactly the same."""


_FastStrictLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
_FastStrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _load_yaml(text: str) -> object:
    try:
        return yaml.load(text, Loader=_FastStrictLoader)  # noqa: S506 - a SafeLoader with libyaml
    except (yaml.YAMLError, _YamlProblem):
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass


def parse_config(data: object, path: Path, sha256: str | None = None) -> Config:
    """Validate parsed YAML; raise ConfigError naming the file, key and problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kinds: dict[type, str] = {list: "cfg_type_list", str: "cfg_type_str"}
        kind = kinds.get(type(data), "cfg_type_other")
        raise ConfigError(msg("cfg_not_mapping", path=path, kind=msg(kind)))
    try:
        config = Config(**data, base_dir=path.parent, config_file=path, config_sha256=sha256)
    except ValidationError as e:
        first = describe(e.errors()[0], path)
        more = len(e.errors()) - 1
        raise ConfigError(msg("cfg_more_problems", first=first, n=more) if more else first) from None
    named = config.files()  # made once: 10,000 sources are 10,000 paths to join
    reals = real_paths([p for _, p in named])
    check_inside(config, reals, named)
    check_distinct(config, reals=reals, named=named)
    check_logs(config)
    return config


# What the YAML parser said, mapped to a plain description and a hint (indentation, a colon, a tab …)
_YAML_KINDS = (
    ("cannot start any token", "tab"),
    ("could not find expected ':'", "colon"),
    ("mapping values are not allowed", "indent"),
    ("expected <block end>", "indent"),
    ("while parsing a flow", "bracket"),
    ("while scanning a quoted", "quote"),
)


def _key_without_colon(text: str, at: int) -> tuple[int, int] | None:
    """(line, column), 0-based, of a `key value` line just before line `at` that lacks its colon: the line
    the person must fix when the parser complains about the next one."""
    lines = text.splitlines()
    for i in range(min(at, len(lines)) - 1, -1, -1):
        raw = lines[i].split(" #")[0].rstrip()
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if ":" in stripped or stripped.startswith(("-", "[", "{", '"', "'")):
            return None
        return i, len(raw) - len(raw.lstrip())
    return None


def _yaml_error(e: yaml.YAMLError, text: str, path: Path) -> Msg:
    """A YAML syntax error as a message with the line, what looks wrong and how to fix it."""
    mark = getattr(e, "problem_mark", None)
    problem = str(getattr(e, "problem", None) or e).split("\n")[0]  # one line: the parser adds where, below
    said = f"{getattr(e, 'context', None) or ''} {problem}"
    kind = next((k for pattern, k in _YAML_KINDS if pattern in said), "other")
    if kind == "other" and "\t" in text:
        kind = "tab"
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    context_mark = e.context_mark if isinstance(e, yaml.MarkedYAMLError) else None
    if kind == "colon" and context_mark is not None:
        line = context_mark.line + 1  # the key without a colon, not where the scanner gave up
        column = context_mark.column + 1
    elif kind == "indent" and mark is not None:
        bare = _key_without_colon(text, mark.line)
        if bare is not None:  # `city 舞钢市` then `language: zh`: YAML read both lines as one key
            kind, line, column = "colon", bare[0] + 1, bare[1] + 1
    hint = msg(f"cfg_yaml_hint_{kind}", line=line or "?")
    where = msg("cfg_yaml_where", line=line, column=column) if mark else ""
    return msg(
        "cfg_yaml_error",
        path=path,
        where=where,
        problem=InLanguage("en", problem),
        what=msg(f"cfg_yaml_{kind}"),
        hint=hint,
    )


def load_config(path: Path | str = DEFAULT_CONFIG, *, must_exist: bool = False) -> Config:
    """Read and validate a config file; a missing file means defaults unless must_exist."""
    path = Path(path)
    if not path.exists():
        if must_exist:
            raise ConfigError(msg("cfg_not_found", path=path))
        return Config(base_dir=path.parent)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(msg("cfg_not_utf8", path=path, byte=e.start)) from None
    except OSError as e:
        raise ConfigError(code="safe.config_unreadable", file=str(path), reason=e.strerror) from None
    data = read_yaml(text, path)
    if data is None:  # an empty file (or only comments) is a slip, not "no sources and the default gazetteer"
        raise ConfigError(msg("cfg_empty", path=path))
    return parse_config(data, path, hashlib.sha256(raw).hexdigest())


def read_yaml(text: str, path: Path) -> object:
    """YAML text read strictly (StrictLoader); a ConfigError naming the file, the line and a hint for any
    problem. Also reads the accounts file (tracker.auth)."""
    try:
        return _load_yaml(text)
    except _YamlProblem as e:
        raise e.config_error(path) from None
    except yaml.YAMLError as e:
        raise ConfigError(_yaml_error(e, text, path)) from None


# libyaml's parser when it is there: the language of a config naming 10,000 sources is read in a tenth of the time
_BASE_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def configured_language(path: Path | str = DEFAULT_CONFIG) -> Lang:
    """The `language` a config file asks for, read even from a file that does not validate (so its errors
    can be shown in that language); zh when the file is missing or says nothing."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "zh"
    try:
        data = yaml.load(text, Loader=_BASE_LOADER)  # noqa: S506 - strings only: no dates to fail on
        if isinstance(data, dict):
            return normalise_language(data.get("language")) or "zh"
    except yaml.YAMLError:
        pass
    found = re.search(r"^language:\s*['\"]?(\w+)", text, re.MULTILINE)
    return (normalise_language(found.group(1)) if found else None) or "zh"
