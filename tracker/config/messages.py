"""A pydantic validation error as a sentence for the person editing the file: the key, the value, why it is
wrong, in the reader's language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic_core import ErrorDetails

from tracker.i18n import LABELS, InLanguage, Lang, Msg, msg


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


def value_reason(err: ErrorDetails) -> Msg:
    """Why a value is bad (one pydantic error), as a message in the reader's language; for other files read
    with pydantic models (the accounts file)."""
    return _reason(err)


def _reason(err: ErrorDetails) -> Msg:
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


def describe(err: ErrorDetails, path: Path) -> Msg:
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
