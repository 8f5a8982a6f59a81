"""The settings of config.yaml as pydantic models: sources, the gazetteer of towns and departments, and every
section with its defaults (the README's table lists them)."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tracker.i18n import msg

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
    """Where the review log lives, and whether only items a person reviewed count."""

    log: FilePath = Path("data/review.jsonl")
    # true: charts, rankings, follow-up lists and packs count confirmed, edited and added items only
    required: bool = False
    # the per-installation key that signs each row of an exported review sheet (created on first use, 0600)
    sheet_key: FilePath = Path("data/review-sheet.key")


class LogSettings(_Strict):
    """Where the append-only logs (progress, review) are kept: JSONL files (the default) or PostgreSQL, for
    several dashboard servers that share them. The password never goes here: libpq reads PGPASSWORD or
    ~/.pgpass."""

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
    # sha256 of the bytes this config was parsed from: what a build records as the config it read, so a config
    # edited during the build marks the result stale
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
        groups: tuple[tuple[str, tuple[Town | Department, ...]], ...] = (
            ("towns", self.towns),
            ("departments", self.departments),
        )
        for group, units in groups:
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
