"""Every review action goes through `record`: check it against the current database, then append it to the
review log as one batch (all or nothing), as the acting user.

The command line, the review spreadsheet and the dashboard build `Request`s and call `record(…, user=…)`;
who may do what (roles, a unit editor's own units) is checked in `_check_allowed`, the one place for it.
Problems are `Problem`s (column, value, how to fix it, and the spreadsheet row when there is one); `record`
raises `ReviewRefused` naming all of them and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from extract.units import Gazetteer
from tracker.auth import User, require
from tracker.cells import is_missing
from tracker.config import Config
from tracker.errors import AccessDenied, UserError
from tracker.i18n import Lang, Msg, msg, t
from tracker.progress.log import Problem, parse_date
from tracker.review import match
from tracker.review.log import (
    KINDS,
    MAX_QUOTE,
    MAX_TITLE,
    MAX_WHY,
    ROLES,
    Anchor,
    ReviewEntry,
    Source,
    Values,
)
from tracker.review.reattach import anchor_of, new_add_id
from tracker.review.replay import unit_kind
from tracker.store import queries
from tracker.store.logfile import RecordLog

ROLE_WORDS = {
    "lead": "lead",
    "牵头": "lead",
    "牵头单位": "lead",
    "主责": "lead",
    "responsible": "responsible",
    "责任": "responsible",
    "责任单位": "responsible",
    "support": "support",
    "配合": "support",
    "配合单位": "support",
    "协助": "support",
    "协办": "support",
}
KIND_WORDS = {
    "要求": "requirement",
    "领导要求": "requirement",
    "重点领域": "focus_area",
    "项目": "project",
    "项目/清单事项": "project",
    "清单事项": "project",
    "任务": "task",
    "单位任务": "task",
    "诉求": "request",
    "单位诉求": "request",
}
CLEAR_WORDS = ("none", "无", "-", "—", "（无）", "清除")


class ReviewRefused(UserError):
    """A review action (or a sheet of them) was refused; nothing was written."""

    def __init__(self, problems: Sequence[Problem], summary: Msg) -> None:
        super().__init__(summary)
        self.problems = list(problems)


@dataclass(frozen=True)
class Request:
    """One action a person asks for: the item, the action, its raw values (as typed), why, and where it came
    from (a spreadsheet row)."""

    action: str
    commitment_id: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)
    why: str = ""
    row: int | None = None


@dataclass
class Known:
    """What the checks need from the current database: every item (with its state), sources, meetings, units,
    orphans."""

    items: pd.DataFrame  # queries.review_items
    texts: dict[str, str]
    meetings: set[str]
    units: dict[str, str]  # name -> unit_id
    orphans: set[str]
    gazetteer: Gazetteer
    owners: dict[str, dict[str, str]] = field(default_factory=dict)  # queries.commitment_owners

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, config: Config) -> Known:
        """Read the current state of the review from a (read-only) database connection."""
        items = queries.review_items(con)
        texts = queries.source_texts(con)
        meetings = set(queries.meeting_options(con)["meeting_id"])
        units = queries.unit_options(con)
        orphans = set(queries.review_orphans(con)["commitment_id"])
        owners = queries.commitment_owners(con, list(items["commitment_id"]))
        return cls(
            items.set_index("commitment_id", drop=False),
            texts,
            meetings,
            dict(zip(units["name"], units["unit_id"], strict=True)),
            orphans,
            Gazetteer.from_config(config),
            owners,
        )

    def item(self, cid: str) -> dict[str, Any] | None:
        if cid not in self.items.index:
            return None
        return {str(k): (None if is_missing(v) else v) for k, v in self.items.loc[cid].to_dict().items()}

    def live(self, cid: str) -> bool:
        it = self.item(cid)
        return it is not None and it["review_state"] not in ("rejected", "merged") and bool(it["located"])


def _text(v: object) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(_text(x) for x in v)
    if v is None or is_missing(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


# --- parsing what a person typed ------------------------------------------------------------------------


def parse_owners(raw: object, known: Known) -> tuple[list[dict[str, str]] | None, Msg | None]:
    """Owners from 'A:lead, B' / 'A（牵头）、B（配合）' or a list of such; the first without a role leads when
    none is marked lead. Names are checked against the gazetteer, the units found in the sources and the
    endings of unit names (局, 委, 办, 镇, 乡, 街道 …)."""
    parts: list[str] = []
    for piece in raw if isinstance(raw, (list, tuple)) else [raw]:
        parts += [p.strip() for p in re.split(r"[,，、;；\n]", _text(piece)) if p.strip()]
    if not parts:
        return [], None
    out: list[dict[str, str]] = []
    for p in parts:
        m = re.fullmatch(r"(.+?)\s*(?:[:：]\s*(\S+)|[（(]\s*([^）)]+?)\s*[）)])?", p)
        assert m is not None
        name, role_word = m[1].strip(), (m[2] or m[3] or "").strip()
        role = ROLE_WORDS.get(role_word.lower()) if role_word else None
        if role_word and role is None:
            return None, msg("review.rsn_role", role=role_word, roles="/".join(ROLES))
        canonical = resolve_unit(name, known)
        if canonical is None:
            return None, msg("review.rsn_unit", unit=name)
        if any(o["unit"] == canonical for o in out):
            return None, msg("review.rsn_unit_twice", unit=canonical)
        out.append({"unit": canonical, "role": role or ""})
    if sum(o["role"] == "lead" for o in out) > 1:
        return None, msg("review.rsn_two_leads")
    has_lead = any(o["role"] == "lead" for o in out)
    for i, o in enumerate(out):
        if not o["role"]:
            o["role"] = "lead" if not has_lead and i == 0 else "responsible"
    return out, None


def resolve_unit(name: str, known: Known) -> str | None:
    """The canonical name of a unit, or None when `name` does not look like a unit."""
    hit = known.gazetteer.lookup(name)
    if hit is not None:
        return hit[0]
    if name in known.units:
        return name
    kind, suffix = unit_kind(name)
    return name if suffix is not None and len(name) > len(suffix) else None


def parse_kind(raw: object) -> str | None:
    """A commitment kind from its code or its Chinese label."""
    s = _text(raw)
    return s if s in KINDS else KIND_WORDS.get(s)


def _clears(raw: object) -> bool:
    return _text(raw).lower() in CLEAR_WORDS


# --- checking requests ----------------------------------------------------------------------------------


Bad = Callable[[str, object, Msg], None]  # records a problem: the column, the value as given, the reason


@dataclass
class _Checked:
    entries: list[dict[str, Any]] = field(default_factory=list)  # ReviewEntry fields, without time and batch
    problems: list[Problem] = field(default_factory=list)


def _parent_ok(known: Known, cid: str | None, parent: str, source_id: str) -> Msg | None:
    if not known.live(parent):
        return msg("review.rsn_parent_unknown")
    p = known.item(parent)
    assert p is not None
    if p["source_id"] != source_id:
        return msg("review.rsn_parent_other_source")
    seen = set()
    cur: str | None = parent
    while cur and cur not in seen:  # the new parent may not sit under the item itself
        if cur == cid:
            return msg("review.rsn_parent_cycle")
        seen.add(cur)
        it = known.item(cur)
        cur = it["parent_id"] if it else None
    return None


def _edit_values(r: Request, known: Known, item: Mapping[str, Any] | None, bad: Bad) -> dict[str, Any]:
    """Checked new values of an edit or an add (only the keys given)."""
    out: dict[str, Any] = {}
    v = r.values
    if "title" in v:
        title = _text(v["title"])
        if not title:
            bad("title", v["title"], msg("review.rsn_title_empty"))
        elif len(title) > MAX_TITLE:
            bad("title", title[:20] + "…", msg("review.rsn_too_long", n=len(title), max=MAX_TITLE))
        else:
            out["title"] = title
    if "kind" in v:
        kind = parse_kind(v["kind"])
        if kind is None:
            bad("kind", v["kind"], msg("review.rsn_kind", kinds="/".join(KINDS)))
        else:
            out["kind"] = kind
    if "owners" in v:
        owners, why = parse_owners(v["owners"], known)
        if why is not None:
            bad("owners", v["owners"], why)
        else:
            out["owners"] = owners
    if "due_date" in v:
        if _clears(v["due_date"]) or _text(v["due_date"]) == "":
            out["due_date"] = None
        else:
            d = parse_date(v["due_date"])
            if d is None:
                bad("due_date", v["due_date"], msg("review.rsn_date"))
            else:
                out["due_date"] = d.isoformat()
    if "parent_id" in v:
        if _clears(v["parent_id"]) or _text(v["parent_id"]) == "":
            out["parent_id"] = None
        else:
            parent = _text(v["parent_id"])
            source = str(item["source_id"]) if item else _text(v.get("source_id"))
            why = _parent_ok(known, item["commitment_id"] if item else None, parent, source)
            if why is not None:
                bad("parent_id", parent, why)
            else:
                out["parent_id"] = parent
    if "ordinal" in v:
        if _clears(v["ordinal"]) or _text(v["ordinal"]) == "":
            out["ordinal"] = None
        else:
            try:
                n = int(_text(v["ordinal"]))
                if n < 0:
                    raise ValueError
                out["ordinal"] = n
            except ValueError:
                bad("ordinal", v["ordinal"], msg("review.rsn_ordinal"))
    return out


def check(requests: Sequence[Request], known: Known) -> _Checked:
    """Check every request against the database; the entries to write, or every problem."""
    out = _Checked()
    seen: dict[str, int | None] = {}
    for r in requests:
        probs: list[Problem] = []

        def bad(
            column: str, value: object, reason: Msg, r: Request = r, probs: list[Problem] = probs
        ) -> None:
            probs.append(Problem(column, _text(value), reason, r.row))

        cid = _text(r.commitment_id)
        why = _text(r.why)
        if len(why) > MAX_WHY:
            bad("why", why[:20] + "…", msg("review.rsn_too_long", n=len(why), max=MAX_WHY))
        entry: dict[str, Any] = {"action": r.action, "commitment_id": cid, "why": why}
        if r.action != "add":  # one row (or one command) per item; a row may edit and decide at once
            if cid in seen and seen[cid] != r.row:
                bad("commitment_id", cid, msg("review.rsn_twice", other=seen[cid] or "?"))
            seen.setdefault(cid, r.row)
        item = known.item(cid) if cid else None
        if r.action in ("confirm", "reject", "reopen", "edit", "merge"):
            if item is None:
                bad("commitment_id", cid, msg("review.rsn_unknown_id"))
            else:
                entry["anchor"] = anchor_of(item)
        if r.action == "reject" and not why:
            bad("why", "", msg("review.rsn_why_reject"))
        if r.action == "reopen" and item is not None and item["review_state"] not in ("rejected", "merged"):
            bad("commitment_id", cid, msg("review.rsn_not_rejected"))
        if r.action == "edit" and item is not None:
            if not known.live(cid):
                bad("commitment_id", cid, msg("review.rsn_not_live", state=item["review_state"]))
            values = _edit_values(r, known, item, bad)
            if not values and not probs:
                bad("commitment_id", cid, msg("review.rsn_nothing_to_edit"))
            entry["values"] = values
            entry["old"] = {k: _old_value(item, k, known) for k in values}
        elif r.action == "merge" and item is not None:
            into = _text(r.values.get("into"))
            if not known.live(cid):
                bad("commitment_id", cid, msg("review.rsn_not_live", state=item["review_state"]))
            if not into or into == cid:
                bad("into", into, msg("review.rsn_into_self"))
            elif not known.live(into):
                bad("into", into, msg("review.rsn_into_unknown"))
            entry["values"] = {"into": into}
        elif r.action in ("reattach", "close"):
            if cid not in known.orphans:
                bad("commitment_id", cid, msg("review.rsn_not_orphan"))
            if r.action == "reattach":
                into = _text(r.values.get("into"))
                if not known.live(into):
                    bad("into", into, msg("review.rsn_into_unknown"))
                entry["values"] = {"into": into}
            elif not why:
                bad("why", "", msg("review.rsn_why_close"))
        elif r.action == "add":
            entry.update(_add_entry(r, known, bad))
        elif r.action not in ("confirm", "reject", "reopen"):
            raise ValueError(f"unknown review action {r.action!r}")
        if probs:
            out.problems += probs
        else:
            out.entries.append(entry)
    return out


def _old_value(item: Mapping[str, Any], key: str, known: Known) -> Any:
    if key == "owners":
        return item.get("owners_text") or None
    v = item.get(key)
    if isinstance(v, (dt.date, pd.Timestamp)):
        return pd.Timestamp(v).date().isoformat()
    return v if isinstance(v, (str, int, float)) or v is None else str(v)


def _add_entry(r: Request, known: Known, bad: Bad) -> dict[str, Any]:
    """The values of an add: the words located in the source (or none: given orally), and the item's values."""
    v = r.values
    source_id = _text(v.get("source_id"))
    text = known.texts.get(source_id)
    if text is None:
        bad("source_id", source_id, msg("review.rsn_source", sources="、".join(sorted(known.texts)) or "—"))
        return {}
    words = _text(v.get("quote"))
    values: dict[str, Any] = {"source_id": source_id}
    found: match.Located | None = None
    if words:
        if len(words) > MAX_QUOTE:
            bad("quote", words[:20] + "…", msg("review.rsn_too_long", n=len(words), max=MAX_QUOTE))
            return {}
        found = match.locate(text, words, _int_or_none(v.get("char_start")))
        if found is None:
            bad("quote", words[:30], msg("review.rsn_not_in_source", source=source_id))
            return {}
        same = known.items[
            (known.items["source_id"] == source_id)
            & (known.items["char_start"] == found.start)
            & (known.items["char_end"] == found.end)
            & ~known.items["review_state"].isin(["rejected", "merged"])
        ]
        if len(same):
            bad("quote", words[:30], msg("review.rsn_already_item", id=str(same.iloc[0]["commitment_id"])))
            return {}
        values.update(quote=found.quote, char_start=found.start, char_end=found.end)
    else:
        if not _text(v.get("title")):
            bad("title", "", msg("review.rsn_oral_needs_title"))
        values.update(quote="", char_start=0, char_end=0)
    meeting = _text(v.get("meeting_id"))
    if meeting:
        if meeting not in known.meetings:
            bad("meeting_id", meeting, msg("review.rsn_meeting"))
        values["meeting_id"] = meeting
    rest = {k: v[k] for k in ("title", "kind", "owners", "due_date", "parent_id", "ordinal") if k in v}
    values.update(
        _edit_values(Request("add", "", {**rest, "source_id": source_id}, row=r.row), known, None, bad)
    )
    if "title" not in values and found is not None:  # words were given and found
        values["title"] = found.quote[:60]
    anchor = Anchor(
        source_id=source_id,
        quote=values["quote"],
        char_start=values["char_start"],
        char_end=values["char_end"],
        title=values.get("title", ""),
        meeting_id=meeting or None,
    )
    return {"commitment_id": new_add_id(), "values": values, "anchor": anchor}


def _int_or_none(v: object) -> int | None:
    try:
        return int(_text(v)) if _text(v) else None
    except ValueError:
        return None


# --- who may ----------------------------------------------------------------------------------------


def _new_owners(values: Mapping[str, Any] | None, known: Known) -> dict[str, str]:
    """{unit id: name} of the owners an add or an edit names (units the database does not know are left out)."""
    out: dict[str, str] = {}
    for o in (values or {}).get("owners") or ():
        name = o.get("unit") if isinstance(o, Mapping) else getattr(o, "unit", None)
        if name in known.units:
            out[known.units[name]] = str(name)
    return out


def check_allowed(
    user: User | None, entries: Sequence[Mapping[str, Any]], known: Known, lang: Lang = "zh"
) -> User:
    """`user` when they may make every one of these entries, else AccessDenied (nothing is written): an
    administrator reviews everything; a unit editor the items its units hold (a merge: both items; an add or a
    change of owners: one of its units stays an owner); orphans are settled by administrators only; viewers and
    nobody review nothing."""
    if user is None or user.role not in ("admin", "editor"):
        require(user, "review", {}, lang=lang)  # refuses: nobody signed in, or a viewer
    assert user is not None
    if user.role == "admin":
        return user
    for e in entries:
        cid, action = str(e["commitment_id"]), e["action"]
        if action in ("reattach", "close"):
            raise AccessDenied(t("review.orphans_admin_only", lang, user=user.label))
        if action == "add":
            require(user, "review", _new_owners(e.get("values"), known), commitment=cid or "+", lang=lang)
            continue
        targets = [cid]
        if action == "merge":
            targets.append(str((e.get("values") or {}).get("into") or ""))
        for target in targets:
            require(user, "review", known.owners.get(target, {}), commitment=target, lang=lang)
        if action == "edit" and (e.get("values") or {}).get("owners"):  # not handed off to other units
            require(user, "review", _new_owners(e.get("values"), known), commitment=cid, lang=lang)
    return user


# --- recording ------------------------------------------------------------------------------------------


class AlreadyImported(UserError):
    """The same review sheet (by content) is already in the log; importing it again needs 'again'."""


def record(
    log: RecordLog[ReviewEntry],
    requests: Sequence[Request],
    known: Known,
    *,
    user: User | None,
    source: Source,
    now: dt.datetime | None = None,
    import_sha256: str | None = None,
    import_name: str = "",
    again: bool = False,
    lang: Lang = "zh",
) -> list[ReviewEntry]:
    """Check every request, then append them as one batch as the signed-in `user` (all or nothing);
    ReviewRefused names every problem, AccessDenied a request the user may not make (see check_allowed).
    Returns the entries written (an add's new id is its commitment_id)."""
    checked = check(requests, known)
    if checked.problems:
        bad_rows = len({(p.row, p.column) for p in checked.problems})
        raise ReviewRefused(checked.problems, msg("review.refused", n=bad_rows))
    writer = check_allowed(user, checked.entries, known, lang)
    if not checked.entries:
        return []

    def prepare(current: Sequence[ReviewEntry]) -> list[ReviewEntry]:
        if import_sha256 and not again:
            earlier = next((e for e in current if e.import_sha256 == import_sha256), None)
            if earlier is not None:
                raise AlreadyImported(
                    code="safe.import_again",
                    file=import_name or "?",
                    when=earlier.entered_at[:16].replace("T", " "),
                    by=earlier.entered_by or "?",
                )
        stamp = (now or dt.datetime.now(dt.UTC)).astimezone().isoformat(timespec="seconds")
        return [
            ReviewEntry(
                entry_id=uuid.uuid4().hex,
                commitment_id=e["commitment_id"],
                action=e["action"],
                values=Values(**e.get("values", {})),
                why=e.get("why", ""),
                entered_by=writer.id,
                entered_at=stamp,
                source=source,
                import_sha256=import_sha256,
                anchor=e.get("anchor"),
                old=e.get("old") or None,
            )
            for e in checked.entries
        ]

    return log.append_batch(prepare)
