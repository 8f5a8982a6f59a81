"""Warnings every page shows above its content: log lines or batches that readers skip, and build warnings
(an empty source). Each names the file and line, so a person can fix it."""

from __future__ import annotations

from collections.abc import Hashable

import streamlit as st

from tracker.app.plaintext import md
from tracker.build import build_warnings
from tracker.build.review import review_store
from tracker.config import Config
from tracker.errors import UserError
from tracker.i18n import error_text, message
from tracker.progress.log import open_progress_log
from tracker.store.logfile import LogProblem, RecordLog

MAX_SHOWN = 10


@st.cache_resource(max_entries=8, show_spinner=False)
def _log_problems(_log: RecordLog, where: str, log_key: Hashable) -> list[LogProblem]:
    """The skipped lines of a log, read once per version of it (log_key; `where` names the file or table) and
    kept across the query caches' clearing, like the status table: reading a long log takes seconds. Only the
    problems are wanted: the entries are not turned into dicts (a read after an entry decodes the new lines only)."""
    return list(_log.read().problems)


def data_warnings(config: Config, log_key: tuple | None, meta: dict[str, str], lang: str) -> list[str]:
    """Every warning about the data, in `lang`: the progress and review logs' skipped lines, then the build's."""
    out: list[str] = []
    try:
        log = open_progress_log(config)
        out += [p.text(lang) for p in _log_problems(log, str(log), log_key)]
    except UserError as e:  # the log cannot be read at all: say so here, the pages say it again
        out.append(error_text(e, lang))
    try:
        review = review_store(config)
        out += [p.text(lang) for p in _log_problems(review, str(review), review.version())]
    except UserError as e:
        out.append(error_text(e, lang))
    for w in build_warnings(meta):
        out.append(message(str(w["code"]), lang, **{k: v for k, v in w.items() if k != "code"}))
    return out


def show_data_warnings(config: Config, log_key: tuple | None, meta: dict[str, str], lang: str) -> None:
    """One warning box listing what needs attention (at most MAX_SHOWN lines, then a count)."""
    items = data_warnings(config, log_key, meta, lang)
    if not items:
        return
    lines = [f"- {md(x)}" for x in items[:MAX_SHOWN]]
    if len(items) > MAX_SHOWN:
        lines.append(f"- {md(message('safe.and_n_more', lang, n=len(items) - MAX_SHOWN))}")
    st.warning(md(message("safe.data_warnings", lang, n=len(items))) + "\n\n" + "\n".join(lines))
