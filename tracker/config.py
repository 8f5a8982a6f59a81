"""Load and validate config.yaml: the sources to extract and the gazetteer of towns and departments."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tracker.errors import ConfigError
from tracker.i18n import LABELS, InLanguage, Lang, Msg, msg, normalise_language

DEFAULT_CONFIG = Path("config.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _plain_path(v: object) -> object:
    """A path must be printable text: a NUL or another control character is refused, not passed to the OS."""
    if isinstance(v, str) and any(ord(c) < 0x20 or ord(c) == 0x7F for c in v):
        raise PydanticCustomError(
            "control_chars", "a path must not contain control characters such as a NUL byte"
        )
    return v


FilePath = Annotated[Path, BeforeValidator(_plain_path)]


class Town(_Strict):
    """A town-level unit (乡/镇/街道) with the other names reports use for it."""

    name: str = Field(min_length=2)
    kind: Literal["街道", "镇", "乡"]
    aliases: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _name_ends_with_kind(self) -> Town:
        if not self.name.endswith(self.kind):
            raise ValueError(msg("cfg_town_kind_suffix", name=self.name, kind=self.kind))
        return self


class Department(_Strict):
    """A city department or office with the other names reports use for it."""

    name: str = Field(min_length=2)
    aliases: tuple[str, ...] = ()


MIN_YEAR, MAX_YEAR = 1949, 2100  # the years a report's `year` and `date` may name


class Source(_Strict):
    """One report file; the meetings in it are found by the extractor."""

    path: FilePath
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.\-]+$")
    title: str | None = None
    date: dt.date | None = None
    year: int | None = Field(default=None, ge=MIN_YEAR, le=MAX_YEAR)
    encoding: str | None = None
    original_name: str | None = None  # the file's name before `python -m extract add` copied it
    added_by: str | None = None  # the account that added it (`extract add --user`, the upload page)

    @field_validator("path")
    @classmethod
    def _txt(cls, v: Path) -> Path:
        if str(v).strip() in ("", "."):
            raise ValueError(msg("cfg_source_path_empty"))
        return v

    @field_validator("date")
    @classmethod
    def _date_in_range(cls, v: dt.date | None) -> dt.date | None:
        # the same years as `year`: a report dated 9999-12-31 is a typing slip, and the dates it gives
        # (and the due dates counted from them) would overflow every later date calculation
        if v is not None and not MIN_YEAR <= v.year <= MAX_YEAR:
            raise ValueError(msg("cfg_date_range", low=MIN_YEAR, high=MAX_YEAR))
        return v

    @field_validator("encoding")
    @classmethod
    def _text_encoding(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            known = codecs.lookup(v)._is_text_encoding  # base64, zlib, rot13 … are not text encodings
        except (LookupError, ValueError):
            known = False
        if not known:
            raise PydanticCustomError(
                "not_text_encoding",
                "not a known text encoding; use e.g. utf-8, gb18030 or utf-16, or leave it out",
            )
        return v

    @property
    def source_id(self) -> str:
        """Stable id: the configured id, else the file name without extension."""
        return self.id or self.path.stem


DUE_KEYWORDS = ("year_end", "half_year_end", "quarter_end", "none")
MAX_DUE_DAYS = 3660  # ten years: a longer default deadline is a slip, and past year 9999 dates overflow
_DUE_HELP = msg("cfg_due_rule", keywords=", ".join(DUE_KEYWORDS))


class DueDefaults(_Strict):
    """Default due date per commitment kind: a DUE_KEYWORDS word or a number of days after the meeting."""

    requirement: str | int = "year_end"
    focus_area: str | int = "year_end"
    project: str | int = "year_end"
    task: str | int = "year_end"
    request: str | int = "year_end"

    @field_validator("*", mode="before")
    @classmethod
    def _rule(cls, v: object) -> str | int:
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise ValueError(_DUE_HELP)
        if isinstance(v, str) and v.strip().isdigit():
            v = int(v.strip())
        if isinstance(v, int):
            if v < 0:
                raise ValueError(msg("cfg_due_negative"))
            if v > MAX_DUE_DAYS:
                raise ValueError(msg("cfg_due_too_many", max=MAX_DUE_DAYS))
            return v
        if v not in DUE_KEYWORDS:
            raise ValueError(_DUE_HELP)
        return v


class StatusRules(_Strict):
    """When a commitment that is not done turns red or yellow (days and percentage points)."""

    behind_red_points: float = Field(default=30, ge=0, le=100)
    behind_yellow_points: float = Field(default=15, ge=0, le=100)
    due_soon_days: int = Field(default=14, ge=0)
    silent_days: int = Field(default=30, ge=1)
    silent_colour: Literal["yellow", "red"] = "yellow"

    @model_validator(mode="after")
    def _order(self) -> StatusRules:
        if self.behind_yellow_points > self.behind_red_points:
            raise ValueError(
                msg("cfg_behind_order", yellow=self.behind_yellow_points, red=self.behind_red_points)
            )
        return self


class RankingScoring(_Strict):
    """Unit ranking: weighted completion, timeliness and reporting rates minus a penalty per overdue item."""

    completion: float = Field(default=0.5, ge=0)
    timeliness: float = Field(default=0.3, ge=0)
    reporting: float = Field(default=0.2, ge=0)
    overdue_penalty: float = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _some_weight(self) -> RankingScoring:
        if self.completion + self.timeliness + self.reporting <= 0:
            raise ValueError(msg("cfg_ranking_weights"))
        return self


class ProgressSettings(_Strict):
    """Where the progress log lives, default due dates, colour rules and ranking scores."""

    log: FilePath = Path("data/progress.jsonl")
    # true: a unit's 已完成 waits for an administrator's 销号 before it counts as done (docs/progress.md)
    require_signoff: bool = True
    signoff_log: FilePath = Path("data/signoff.jsonl")  # 销号 / 退回 decisions (append-only, kept)
    # 延期申请 and their decisions; 交办单 made (已交办): append-only, kept
    extension_log: FilePath = Path("data/extensions.jsonl")
    assignment_log: FilePath = Path("data/assignments.jsonl")
    due_defaults: DueDefaults = DueDefaults()
    rules: StatusRules = StatusRules()
    ranking: RankingScoring = RankingScoring()


class ReviewSettings(_Strict):
    """Where the review log lives, and whether only reviewed items count (issue 10)."""

    log: FilePath = Path("data/review.jsonl")
    # true: charts, rankings, follow-up lists and packs count confirmed, edited and added items only
    required: bool = False
    # the per-installation key that signs each row of an exported review sheet (created on first use, 0600)
    sheet_key: FilePath = Path("data/review-sheet.key")


class LogSettings(_Strict):
    """Where the append-only logs (progress, review) are kept: JSONL files (the default) or PostgreSQL, for
    several dashboard servers (issue 14). The password never goes here: libpq reads PGPASSWORD or ~/.pgpass."""

    store: Literal["jsonl", "postgres"] = "jsonl"
    postgres_url: str | None = None
    postgres_schema: str = Field(default="tracker", pattern=r"^[a-z_][a-z0-9_]{0,62}$")


class AttachmentSettings(_Strict):
    """佐证材料: where their bytes live with the JSONL store (content-addressed; PostgreSQL keeps them in a table
    with logs.store: postgres), how large one may be, how many one entry may carry, and which kinds are taken."""

    folder: FilePath = Path("data/attachments")
    max_mb: float = Field(default=20, gt=0, le=500)
    max_files: int = Field(default=10, ge=1, le=100)
    types: tuple[Literal["image", "pdf", "word", "excel"], ...] = ("image", "pdf", "word", "excel")


class Webhook(_Strict):
    """A unit's group robot for reminders: 企业微信 (wecom) or 钉钉 (dingtalk). The robot's key / access token is
    never in the config: `secret_env` names the environment variable holding it (and `sign_env` a 钉钉 signing
    secret, when the robot uses 加签)."""

    unit: str = Field(min_length=1)
    kind: Literal["wecom", "dingtalk"]
    url: str = Field(pattern=r"^https?://")
    secret_env: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    sign_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")


class SmtpSettings(_Strict):
    """The mail server reminders go through; the password comes from the environment (`password_env`)."""

    host: str | None = None
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    user: str | None = None
    password_env: str = Field(default="TRACKER_SMTP_PASSWORD", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    timeout_s: float = Field(default=30, gt=0, le=600)


class RemindSettings(_Strict):
    """催办: which items a reminder names (due within before_days, overdue, silent for silent_days), how it is
    sent (e-mail to the units' accounts through smtp, group robots per unit) and where each send is recorded."""

    before_days: int = Field(default=7, ge=0, le=365)
    silent_days: int = Field(default=30, ge=1, le=3650)
    sender: str | None = None
    smtp: SmtpSettings = SmtpSettings()
    webhooks: tuple[Webhook, ...] = ()
    log: FilePath = Path("data/reminders.jsonl")


class AuthSettings(_Strict):
    """Accounts: where the local accounts file lives and whether viewing needs a signed-in user."""

    users_file: FilePath = Path("data/users.yaml")
    require_login_to_view: bool = False
    max_failed_sign_ins: int = Field(default=5, ge=1, le=1000)  # per account name, within lockout_minutes
    lockout_minutes: float = Field(default=5, gt=0, le=24 * 60)


class Limits(_Strict):
    """What a reader accepts from one report file: bounds on size, unpacking and parsing, so a hostile or broken
    file is refused with a sentence instead of exhausting memory or time (docs/guarantees.md, "Limits")."""

    max_file_mb: float = Field(default=50, gt=0, le=4096)  # any report file, before it is read
    max_unpacked_mb: float = Field(default=200, gt=0, le=16384)  # a .docx/.xlsx (zip): all entries unpacked
    max_zip_entries: int = Field(default=5000, ge=1, le=1_000_000)  # a .docx/.xlsx (zip): files inside
    max_pdf_pages: int = Field(default=500, ge=1, le=100_000)
    max_html_mb: float = Field(default=20, gt=0, le=4096)  # a web page's size (it is parsed twice)
    max_html_depth: int = Field(default=200, ge=10, le=10_000)  # elements nested in one another
    source_seconds: float = Field(default=120, gt=0, le=86_400)  # a build's time for one source


class Config(_Strict):
    """The whole config file."""

    city: str = "舞钢市"
    language: Literal["zh", "en"] = "zh"
    database: FilePath = Path("data/tracker.duckdb")
    build_workers: int = Field(default=0, ge=0)  # processes that extract; 0: one per core
    sources: tuple[Source, ...] = ()
    towns: tuple[Town, ...] = ()
    departments: tuple[Department, ...] = ()
    progress: ProgressSettings = ProgressSettings()
    review: ReviewSettings = ReviewSettings()
    logs: LogSettings = LogSettings()
    # folders outside the project folder that paths may point into (absolute, or relative to the config)
    allowed_folders: tuple[FilePath, ...] = ()
    auth: AuthSettings = AuthSettings()
    limits: Limits = Limits()
    attachments: AttachmentSettings = AttachmentSettings()
    remind: RemindSettings = RemindSettings()
    base_dir: Path = Field(default=Path("."), exclude=True)
    config_file: Path | None = Field(default=None, exclude=True)
    # sha256 of the bytes this config was parsed from: what a build records as the config it read (issue 12)
    config_sha256: str | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _unique(self) -> Config:
        seen: dict[str, str] = {}
        for i, s in enumerate(self.sources):
            if s.source_id in seen:
                raise ValueError(
                    msg(
                        "cfg_duplicate_source_id",
                        where=f"sources[{i}]",
                        id=s.source_id,
                        other=seen[s.source_id],
                    )
                )
            seen[s.source_id] = f"sources[{i}]"
        names: dict[str, str] = {}
        for group, units in (("towns", self.towns), ("departments", self.departments)):
            for i, u in enumerate(units):
                for n in (u.name, *u.aliases):
                    if n in names:
                        raise ValueError(
                            msg("cfg_duplicate_name", where=f"{group}[{i}]", name=n, other=names[n])
                        )
                    names[n] = f"{group}[{i}]"
        return self

    def resolve(self, p: Path) -> Path:
        """A path from the config, relative to the config file's folder."""
        return p if p.is_absolute() else self.base_dir / p

    @property
    def database_path(self) -> Path:
        return self.resolve(self.database)

    @property
    def progress_log_path(self) -> Path:
        """The append-only progress log (kept; never inside the rebuilt database)."""
        return self.resolve(self.progress.log)

    @property
    def review_log_path(self) -> Path:
        """The append-only review log (kept; never inside the rebuilt database)."""
        return self.resolve(self.review.log)

    def files(self, database: Path | None = None) -> list[tuple[str, Path]]:
        """Every file the config names, as (setting, path): database, logs, each source."""
        out = [
            ("database", database if database is not None else self.database_path),
            ("progress.log", self.progress_log_path),
            ("review.log", self.review_log_path),
            ("progress.signoff_log", self.resolve(self.progress.signoff_log)),
            ("progress.extension_log", self.resolve(self.progress.extension_log)),
            ("remind.log", self.resolve(self.remind.log)),
            ("progress.assignment_log", self.resolve(self.progress.assignment_log)),
            ("auth.users_file", self.users_file_path),
        ]
        out += [(f"sources[{i}].path", self.resolve(s.path)) for i, s in enumerate(self.sources)]
        return out

    @property
    def sheet_key_path(self) -> Path:
        """The key that signs review-sheet rows (kept out of git; see docs/review.md)."""
        return self.resolve(self.review.sheet_key)

    @property
    def users_file_path(self) -> Path:
        """The local accounts file (git-ignored; see docs/accounts.md)."""
        return self.resolve(self.auth.users_file)


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# pydantic error types with a sentence of our own (fields from the error's ctx); others keep pydantic's
_REASONS = {
    "literal_error": "cfg_reason_literal",
    "string_too_short": "cfg_reason_too_short",
    "int_parsing": "cfg_reason_int",
    "int_type": "cfg_reason_int",
    "int_from_float": "cfg_reason_int",
    "float_parsing": "cfg_reason_number",
    "float_type": "cfg_reason_number",
    "greater_than_equal": "cfg_reason_ge",
    "greater_than": "cfg_reason_gt",
    "less_than_equal": "cfg_reason_le",
    "string_pattern_mismatch": "cfg_reason_pattern",
    "date_from_datetime_parsing": "cfg_reason_date",
    "date_parsing": "cfg_reason_date",
    "date_type": "cfg_reason_date",
    "bool_parsing": "cfg_reason_bool",
    "bool_type": "cfg_reason_bool",
    "string_type": "cfg_reason_text",
    "tuple_type": "cfg_reason_list",
    "list_type": "cfg_reason_list",
    "dict_type": "cfg_reason_mapping",
    "model_type": "cfg_reason_mapping",
    "model_attributes_type": "cfg_reason_mapping",
    "path_type": "cfg_reason_path",
}


def value_reason(err: dict) -> Msg:
    """Why a value is bad (one pydantic error), as a message in the reader's language; for other files read
    with pydantic models (the accounts file)."""
    return _reason(err)


def _reason(err: dict) -> Msg:
    """Why a value is bad, as a message in the reader's language."""
    ctx = err.get("ctx") or {}
    if (
        isinstance(ctx.get("error"), ValueError)
        and ctx["error"].args
        and isinstance(ctx["error"].args[0], Msg)
    ):
        return ctx["error"].args[0]
    key = _REASONS.get(err["type"])
    if key is None and f"safe.why_{err['type']}" in LABELS:  # our own validators' error types
        return msg(f"safe.why_{err['type']}")
    if key is None:
        return msg("cfg_reason_other", detail=InLanguage("en", err["msg"].removeprefix("Value error, ")))
    fields = {k: v for k, v in ctx.items() if k != "error"}
    if "expected" in fields:  # pydantic's "'zh' or 'en'"
        fields["expected"] = _Choices(str(fields["expected"]))
    return msg(key, **fields)


class _Choices:
    """pydantic's list of allowed values ("'a', 'b' or 'c'") in the reader's language."""

    def __init__(self, text: str) -> None:
        self.text = text

    def localized(self, lang: Lang) -> str:
        return self.text if lang == "en" else self.text.replace(" or ", " 或 ").replace("', '", "'、'")


def _printable(text: str) -> str:
    """A name from the file on one line: control characters (a line break in a quoted key) as escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _describe(err: dict, path: Path) -> Msg:
    key = _printable(_loc(tuple(p for p in err["loc"] if p not in ("function-after", "function-before"))))
    kind = err["type"]
    if kind == "extra_forbidden":
        return msg("cfg_unknown_setting", path=path, key=key)
    if kind == "missing":
        return msg("cfg_missing_setting", path=path, key=key)
    if not key:
        return msg("cfg_problem", path=path, problem=_reason(err))
    value = err.get("input")
    shown = repr(value.isoformat() if isinstance(value, dt.date) else value)  # a date as the file writes it
    return msg("cfg_bad_value", path=path, key=key, value=shown, reason=_reason(err))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _real_paths(paths: list[Path]) -> list[str]:
    """os.path.realpath of many paths with each folder resolved once (a project may name 100,000 sources):
    a file's real path is its folder's real path and its name, unless the name is itself a link."""
    folders: dict[str, str] = {}
    out = []
    for p in paths:
        full = os.path.abspath(p)
        folder, name = os.path.split(full)
        if name in ("", ".", "..") or os.path.islink(full):
            out.append(os.path.realpath(full))
            continue
        real = folders.get(folder)
        if real is None:
            real = folders[folder] = os.path.realpath(folder)
        out.append(os.path.join(real, name))
    return out


def _inside_text(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_inside(config: Config, reals: list[str] | None = None) -> None:
    """Refuse config paths that leave the project folder (the config's own), unless allowed_folders names
    the folder they are in; symbolic links are followed, so a link cannot lead out either. (`reals`: the real
    paths of config.files(), when already known.)"""
    home = config.base_dir.resolve()
    allowed = [str(home), *(str(config.resolve(f).resolve()) for f in config.allowed_folders)]
    named = config.files()
    for (setting, path), real in zip(named, reals or _real_paths([p for _, p in named]), strict=True):
        if not any(_inside_text(real, folder) for folder in allowed):
            raise ConfigError(
                code="safe.config_outside",
                file=str(config.config_file or "config.yaml"),
                setting=setting,
                path=str(path),
                home=str(home),
                lang=config.language,
            )


def check_logs(config: Config) -> None:
    """Refuse a PostgreSQL log store without a URL, a URL that does not parse, and a URL holding a password
    (the config is kept in version control; the password belongs in PGPASSWORD or ~/.pgpass)."""
    logs = config.logs
    file = str(config.config_file or "config.yaml")
    if logs.store == "postgres" and not (logs.postgres_url or "").strip():
        raise ConfigError(code="safe.config_pg_no_url", file=file, lang=config.language)
    if logs.postgres_url is None:
        return
    from psycopg import Error as PgError  # only for a config that names a server
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(logs.postgres_url)
    except PgError:
        raise ConfigError(code="safe.config_pg_bad_url", file=file, lang=config.language) from None
    if parts.get("password"):
        raise ConfigError(code="safe.config_pg_password", file=file, lang=config.language)


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def check_distinct(config: Config, database: Path | None = None, reals: list[str] | None = None) -> None:
    """Refuse a config in which the database, the logs, the config file and the sources are not all
    different files (a build would overwrite one of them): the same real path, or the same file through a
    hard link. The first such pair in the config's order is named; linear in the number of files."""
    named = config.files(database)
    if config.config_file is not None:
        named.append(("config", config.config_file))
    if reals is not None and config.config_file is not None:
        reals = [*reals, *_real_paths([config.config_file])]
    keys = [
        (("path", real), ("file", _file_id(p)))
        for (_, p), real in zip(named, reals or _real_paths([p for _, p in named]), strict=True)
    ]
    where: dict[tuple, list[int]] = {}
    for i, ks in enumerate(keys):
        for k in ks:
            if k[1] is not None:
                where.setdefault(k, []).append(i)
    for i, ks in enumerate(keys):
        later = [j for k in ks if k[1] is not None for j in where[k] if j > i]
        if later:
            first, second, b = named[i][0], named[min(later)][0], named[min(later)][1]
            raise ConfigError(
                code="safe.config_same_file",
                file=str(config.config_file or "config.yaml"),
                first=first,
                second=second,
                path=str(b),
                lang=config.language,
            )


class _YamlProblem(Exception):
    """Raised by the strict YAML loader; turned into a ConfigError naming the file."""

    def __init__(self, code: str, **fields: object) -> None:
        super().__init__(code)
        self.code, self.fields = code, fields


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


class _FastStrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
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
        kind = {list: "cfg_type_list", str: "cfg_type_str"}.get(type(data), "cfg_type_other")
        raise ConfigError(msg("cfg_not_mapping", path=path, kind=msg(kind)))
    try:
        config = Config(**data, base_dir=path.parent, config_file=path, config_sha256=sha256)
    except ValidationError as e:
        first = _describe(e.errors()[0], path)
        more = len(e.errors()) - 1
        raise ConfigError(msg("cfg_more_problems", first=first, n=more) if more else first) from None
    reals = _real_paths([p for _, p in config.files()])
    check_inside(config, reals)
    check_distinct(config, reals=reals)
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
    if kind == "colon" and getattr(e, "context_mark", None) is not None:
        line = e.context_mark.line + 1  # the key without a colon, not where the scanner gave up
        column = e.context_mark.column + 1
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
        raise ConfigError(code=e.code, file=str(path), **e.fields) from None
    except yaml.YAMLError as e:
        raise ConfigError(_yaml_error(e, text, path)) from None


def configured_language(path: Path | str = DEFAULT_CONFIG) -> Lang:
    """The `language` a config file asks for, read even from a file that does not validate (so its errors
    can be shown in that language); zh when the file is missing or says nothing."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "zh"
    try:
        data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - strings only: no dates to fail on
        if isinstance(data, dict):
            return normalise_language(data.get("language")) or "zh"
    except yaml.YAMLError:
        pass
    found = re.search(r"^language:\s*['\"]?(\w+)", text, re.MULTILINE)
    return (normalise_language(found.group(1)) if found else None) or "zh"
