"""Load and validate config.yaml: the sources to extract and the gazetteer of towns and departments.

`settings` holds the models, `loading` reads the file (strict YAML, then validation), `messages` turns a
validation error into a sentence, `checks` makes the checks across settings. Import from here: these names are
the package's surface.
"""

from __future__ import annotations

from tracker.config.checks import check_distinct, check_inside, check_logs, real_paths
from tracker.config.loading import StrictLoader, configured_language, load_config, parse_config, read_yaml
from tracker.config.messages import describe, value_reason
from tracker.config.settings import (
    DEFAULT_CONFIG,
    DUE_KEYWORDS,
    MAX_DUE_DAYS,
    MAX_YEAR,
    MIN_YEAR,
    AttachmentSettings,
    AuthSettings,
    Config,
    Department,
    DueDefaults,
    FilePath,
    Limits,
    LogSettings,
    ProgressSettings,
    RankingScoring,
    RemindSettings,
    ReviewSettings,
    SmtpSettings,
    Source,
    StatusRules,
    Town,
    Webhook,
)
from tracker.errors import ConfigError

__all__ = [
    "DEFAULT_CONFIG",
    "DUE_KEYWORDS",
    "MAX_DUE_DAYS",
    "MAX_YEAR",
    "MIN_YEAR",
    "AttachmentSettings",
    "AuthSettings",
    "Config",
    "ConfigError",
    "Department",
    "DueDefaults",
    "FilePath",
    "Limits",
    "LogSettings",
    "ProgressSettings",
    "RankingScoring",
    "RemindSettings",
    "ReviewSettings",
    "SmtpSettings",
    "Source",
    "StatusRules",
    "StrictLoader",
    "Town",
    "Webhook",
    "check_distinct",
    "check_inside",
    "check_logs",
    "configured_language",
    "describe",
    "load_config",
    "parse_config",
    "read_yaml",
    "real_paths",
    "value_reason",
]
