"""The one exception type for problems a user can fix, turned into a clean CLI message."""

from __future__ import annotations

from collections.abc import Callable, Mapping

# Installed by tracker.i18n (which sits above this module): renders a message key in a language.
Translator = Callable[[str, Mapping[str, object], "str | None"], str]
_translator: Translator | None = None


def set_translator(fn: Translator) -> None:
    """Let keyed errors render themselves through tracker.i18n (called once when it is imported)."""
    global _translator
    _translator = fn


class UserError(Exception):
    """A problem with input a person controls (config, source files, CSV), worded for them.

    A ready sentence (`UserError("…")`), a message (`UserError(msg("key", …))`) or a message key with its fields
    (`UserError(code="safe.x", path=…)`); the last two are shown in the current language; `lang` pins the language
    (e.g. the one a broken config asked for).
    """

    exit_code = 2

    def __init__(self, *args: object, code: str | None = None, lang: str | None = None, **fields: object):
        super().__init__(*args or ((code,) if code else ()))
        self.code = code
        self.fields = fields
        self.lang = lang

    def text(self, lang: str | None = None) -> str:
        """The message in `lang` (None: the error's own or the current language)."""
        if self.code is not None and _translator is not None:
            return _translator(self.code, self.fields, lang or self.lang)
        if len(self.args) == 1 and callable(getattr(self.args[0], "text", None)):  # a tracker.i18n.Msg
            return str(self.args[0].text(lang or self.lang))
        return super().__str__()

    def __str__(self) -> str:
        return self.text()


class ConfigError(UserError):
    """The config file is missing a key, has a wrong value or cannot be parsed."""


class SourceError(UserError):
    """A source report cannot be found or decoded."""


class AccessDenied(UserError):
    """The signed-in user (or nobody) may not do this; worded for them (tracker.auth.require)."""


class AccountsError(UserError):
    """The accounts file (auth.users_file) cannot be read, is malformed, or an account change is invalid."""
