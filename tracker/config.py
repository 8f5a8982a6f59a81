"""Load and validate config.yaml: the sources to extract and the gazetteer of towns and departments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tracker.errors import ConfigError

DEFAULT_CONFIG = Path("config.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Town(_Strict):
    """A town-level unit (乡/镇/街道) with the other names reports use for it."""

    name: str = Field(min_length=2)
    kind: Literal["街道", "镇", "乡"]
    aliases: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _name_ends_with_kind(self) -> Town:
        if not self.name.endswith(self.kind):
            raise ValueError(f"town name '{self.name}' should end with its kind '{self.kind}'")
        return self


class Department(_Strict):
    """A city department or office with the other names reports use for it."""

    name: str = Field(min_length=2)
    aliases: tuple[str, ...] = ()


class Source(_Strict):
    """One report file; the meetings in it are found by the extractor."""

    path: Path
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.\-]+$")
    title: str | None = None
    date: dt.date | None = None
    year: int | None = Field(default=None, ge=1949, le=2100)
    encoding: str | None = None
    original_name: str | None = None  # the file's name before `python -m extract add` copied it

    @field_validator("path")
    @classmethod
    def _txt(cls, v: Path) -> Path:
        if str(v).strip() == "":
            raise ValueError("path must name a report file (.txt, .docx, .pdf or .html)")
        return v

    @property
    def source_id(self) -> str:
        """Stable id: the configured id, else the file name without extension."""
        return self.id or self.path.stem


DUE_KEYWORDS = ("year_end", "half_year_end", "quarter_end", "none")
_DUE_HELP = f"use one of {', '.join(DUE_KEYWORDS)} or a whole number of days after the meeting"


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
                raise ValueError("a number of days after the meeting cannot be negative")
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
                f"behind_yellow_points ({self.behind_yellow_points}) must not exceed "
                f"behind_red_points ({self.behind_red_points})"
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
            raise ValueError("at least one of completion, timeliness, reporting must be above 0")
        return self


class ProgressSettings(_Strict):
    """Where the progress log lives, default due dates, colour rules and ranking scores."""

    log: Path = Path("data/progress.jsonl")
    due_defaults: DueDefaults = DueDefaults()
    rules: StatusRules = StatusRules()
    ranking: RankingScoring = RankingScoring()


class AuthSettings(_Strict):
    """Accounts: where the local accounts file lives and whether viewing needs a signed-in user."""

    users_file: Path = Path("data/users.yaml")
    require_login_to_view: bool = False


class Config(_Strict):
    """The whole config file."""

    city: str = "舞钢市"
    language: Literal["zh", "en"] = "zh"
    database: Path = Path("data/tracker.duckdb")
    sources: tuple[Source, ...] = ()
    towns: tuple[Town, ...] = ()
    departments: tuple[Department, ...] = ()
    progress: ProgressSettings = ProgressSettings()
    auth: AuthSettings = AuthSettings()
    base_dir: Path = Field(default=Path("."), exclude=True)
    config_file: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _unique(self) -> Config:
        seen: dict[str, str] = {}
        for i, s in enumerate(self.sources):
            if s.source_id in seen:
                raise ValueError(
                    f"sources[{i}] has id '{s.source_id}', already used by {seen[s.source_id]}; "
                    "give one of them a distinct 'id'"
                )
            seen[s.source_id] = f"sources[{i}]"
        names: dict[str, str] = {}
        for group, units in (("towns", self.towns), ("departments", self.departments)):
            for i, u in enumerate(units):
                for n in (u.name, *u.aliases):
                    if n in names:
                        raise ValueError(
                            f"{group}[{i}] uses the name '{n}', already used by {names[n]}; "
                            "each name or alias may belong to one unit only"
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
    def users_file_path(self) -> Path:
        """The local accounts file (git-ignored; see docs/accounts.md)."""
        return self.resolve(self.auth.users_file)


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _describe(err: dict) -> str:
    key = _loc(tuple(p for p in err["loc"] if p not in ("function-after", "function-before")))
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"Setting '{key}' is not a known setting; check its spelling (see the README's config table)"
    if kind == "missing":
        return f"Setting '{key}' is required but missing"
    msg = err["msg"].removeprefix("Value error, ")
    if key == "(top level)":
        return msg
    return f"Setting '{key}' has a bad value {err.get('input')!r}: {msg}"


def parse_config(data: object, path: Path) -> Config:
    """Validate parsed YAML; raise ConfigError naming the file, key and problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the file must be a mapping of settings, not {type(data).__name__}")
    try:
        return Config(**data, base_dir=path.parent, config_file=path)
    except ValidationError as e:
        first = e.errors()[0]
        more = len(e.errors()) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise ConfigError(f"{path}: {_describe(first)}{tail}") from None


def load_config(path: Path | str = DEFAULT_CONFIG, *, must_exist: bool = False) -> Config:
    """Read and validate a config file; a missing file means defaults unless must_exist."""
    path = Path(path)
    if not path.exists():
        if must_exist:
            raise ConfigError(f"{path}: config file not found; pass --config with the right path")
        return Config(base_dir=path.parent)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not valid UTF-8 at byte {e.start}; save the file as UTF-8") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(e, "problem", None) or str(e)
        raise ConfigError(f"{path}: {where}YAML syntax error: {problem}") from None
    return parse_config(data, path)
