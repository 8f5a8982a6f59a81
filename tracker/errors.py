"""The one exception type for problems a user can fix, turned into a clean CLI message."""

from __future__ import annotations


class UserError(Exception):
    """A problem with input a person controls (config, source files, CSV), worded for them."""

    exit_code = 2


class ConfigError(UserError):
    """The config file is missing a key, has a wrong value or cannot be parsed."""


class SourceError(UserError):
    """A source report cannot be found or decoded."""


class AccessDenied(UserError):
    """The signed-in user (or nobody) may not do this; worded for them (tracker.auth.require)."""


class AccountsError(UserError):
    """The accounts file (auth.users_file) cannot be read, is malformed, or an account change is invalid."""
