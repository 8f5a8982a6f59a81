"""How a due date is told everywhere: stated in the text, assumed by a default rule (marked so), or none."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tracker.cells import is_missing, timestamp
from tracker.config import Config, DueDefaults
from tracker.i18n import Lang, current_language, kind_label, t

ASSUMED = "default"  # the due_source of a date the config's default rule set (status_v.due_source)
EXTENDED = "extended"  # a date an administrator's approval of a 延期申请 set (the original is in its history)


def _day(due: object) -> dt.date | None:
    """A date from whatever a frame holds (date, Timestamp, ISO text, NaT, None)."""
    if due is None or (not isinstance(due, str) and is_missing(due)):
        return None
    if isinstance(due, str):
        return dt.date.fromisoformat(due[:10]) if due.strip() else None
    return timestamp(due).date()


def due_label(due: object, due_source: object, lang: Lang) -> str:
    """2024-12-31 (stated), 2024-12-31（默认）(assumed by the default rule), 2024-12-31（已批准延期）(moved by an
    approved extension), or 无完成时限 (none)."""
    day = _day(due)
    if day is None:
        return t("due_none", lang)
    suffix = {ASSUMED: "due_assumed_suffix", EXTENDED: "loop.assign_extended"}.get(str(due_source))
    return day.isoformat() + (t(suffix, lang) if suffix else "")


def due_rule_label(kind: str, defaults: DueDefaults, lang: Lang | None = None) -> str:
    """The default due-date rule of a commitment kind in words (年底, 会后180天 …), for notes beside dates."""
    rule = getattr(defaults, kind, "year_end")
    if isinstance(rule, int):
        return t("due_rule_days", lang, n=rule)
    return t(f"due_rule_{rule}", lang)


def due_note(due_source: object, kind: str, defaults: DueDefaults, lang: Lang | None = None) -> str:
    """Where a due date comes from, for people: 原文写明, 默认：年底, or nothing for no date."""
    if due_source == "text":
        return t("due_src_text", lang)
    if due_source == "review":
        return t("due_src_review", lang)
    if due_source == "extended":
        return t("loop.due_src_extended", lang)
    if due_source == "default":
        return t("due_src_default", lang, rule=due_rule_label(kind, defaults, lang))
    return ""


def with_due_note(rows: pd.DataFrame, config: Config, lang: Lang | None = None) -> pd.DataFrame:
    """Rows with a `due_note` column saying whether each due date is stated in the text or assumed by default."""
    defaults = config.progress.due_defaults
    notes = [
        due_note(src, str(kind), defaults, lang)
        for src, kind in zip(rows.get("due_source", [None] * len(rows)), rows["kind"], strict=True)
    ]
    return rows.assign(due_note=notes)


def default_rules(config: Config, lang: Lang | None = None) -> str:
    """The default due-date rules in one line (领导要求：年底；单位任务：会后180天 …), shown where they apply."""
    lang = lang or current_language()
    defaults = config.progress.due_defaults
    parts = [
        t("due_rule_part", lang, kind=kind_label(k, lang), rule=due_rule_label(k, defaults, lang))
        for k in DueDefaults.model_fields
    ]
    return ("；" if lang == "zh" else "; ").join(parts)
