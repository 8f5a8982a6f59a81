"""The 审核 page's widgets: per meeting, the items beside the highlighted source; confirm or reject in one click
(or many at once); an edit form with the quote in view; add an item by pasting words; orphans to settle.

Every action goes through `tracker.review.actions.record` as the reviewer named on the page, then
`tracker.build.refresh` brings the database up to date before the page reruns, so what a click changed is on
screen when the page comes back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from tracker.app import env
from tracker.app.auth import current_user, resolve
from tracker.app.context import PageContext
from tracker.app.highlight import CSS, Span, clip, context_html, highlight_html, region
from tracker.app.plaintext import md, quote_html
from tracker.auth import resolve_unit_ids
from tracker.build import refresh
from tracker.build.review import review_store
from tracker.cells import as_date, records
from tracker.errors import UserError
from tracker.i18n import Lang, format_date, kind_label, localize, t
from tracker.progress.due import due_label
from tracker.review.actions import Known, Request, ReviewRefused, record
from tracker.review.log import KINDS, LIVE_STATES
from tracker.review.match import locate
from tracker.review.sheet import owners_cell
from tracker.store import queries

FLASH = "_review_flash"
PENDING = "_review_pending"
EDITING = "_review_editing"
PICKED = "review_pick_"
LOOSE = "source:"  # the meeting box's key for a source's items that belong to no meeting


def label(key: str, lang: Lang, **fields: object) -> str:
    """A review label in `lang` (tracker.i18n keys 'review.<key>')."""
    return t(f"review.{key}", lang, **fields)


def _now() -> dt.datetime:
    """Now, on the dashboard's day ($TRACKER_TODAY stands in for today in tests and demos)."""
    now = dt.datetime.now().astimezone()
    today = env.today()
    return now if today == now.date() else dt.datetime.combine(today, now.time()).astimezone()


def ask(requests: Sequence[Request], done: str) -> None:
    """A button's callback: queue `requests` for the page's next run (callbacks run before the script, so a
    click is not lost when the run starts over)."""
    st.session_state[PENDING] = (list(requests), done)


def _ask_from(make: Callable[..., tuple[list[Request], str] | None], *args: Any) -> None:
    """A callback that builds its requests from the widgets' values at click time."""
    made = make(*args)
    if made is not None:
        ask(*made)


def run_pending(ctx: PageContext) -> None:
    """Carry out what a button queued (see ask)."""
    pending = st.session_state.pop(PENDING, None)
    if pending:
        act(ctx, *pending)


def act(ctx: PageContext, requests: Sequence[Request], done: str) -> bool:
    """Record `requests` as the signed-in user (who must be allowed to review them), bring the database up to
    date and rerun; show the problems instead when they are refused. False when nothing was written."""
    lang = ctx.lang
    try:
        known = Known.load(ctx.con, ctx.config)
        user = current_user(ctx.config, lang)  # the accounts file as it is now, not the last run's user
        if user is not None:
            user = resolve(user, lambda names: resolve_unit_ids(ctx.con, names))
        record(review_store(ctx.config), requests, known, user=user, source="form", now=_now(), lang=lang)
        with st.spinner(label("ui_updating", lang)):
            refresh(ctx.config)
    except ReviewRefused as e:
        st.error(
            label("ui_not_saved", lang) + "\n\n" + "\n".join(f"- {md(p.localized(lang))}" for p in e.problems)
        )
        return False
    except UserError as e:
        st.error(md(localize(e, lang)))
        return False
    st.session_state[FLASH] = done
    st.session_state.pop(EDITING, None)
    for key in [k for k in st.session_state if str(k).startswith(PICKED)]:
        del st.session_state[key]
    st.rerun()
    return True


def _text(v: object) -> str | None:
    """A text cell, None for a missing one (pandas gives NaN or None)."""
    return v if isinstance(v, str) and v else None


def _item_line(r: dict[str, Any], lang: Lang) -> str:
    parts = [
        label(f"state_{r['review_state']}", lang),
        kind_label(r["kind"], lang),
        owners_cell(r.get("owners_text"), lang) or "—",
        due_label(r.get("shown_due_date", r.get("due_date")), r.get("shown_due_source"), lang),
    ]
    return " · ".join(md(p) for p in parts)


def review_page(ctx: PageContext) -> None:
    """The whole page body."""
    lang = ctx.lang
    st.title(t("page_review", lang))
    st.caption(label("ui_intro", lang))
    if ctx.user is None or ctx.user.role == "viewer":  # who may review: tracker.review.actions.check_allowed
        st.info(
            md(
                t("auth.need_sign_in", lang, action=t("auth.action_review", lang))
                if ctx.user is None
                else t("auth.viewer_refused", lang, action=t("auth.action_review", lang), user=ctx.user.label)
            )
        )
    else:
        st.caption(md(t("auth.form_as", lang, user=ctx.user.label)))
    run_pending(ctx)
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(md(flash))
    orphans_panel(ctx)
    counts = ctx.call(queries.review_counts)
    if counts.empty:
        st.info(t("no_meetings", lang))
        return
    names, sources = {}, {}
    for r in counts.itertuples():
        waiting = label("ui_waiting_n", lang, n=int(r.unreviewed))
        if isinstance(r.meeting_id, str):
            key, head = (
                r.meeting_id,
                f"{format_date(as_date(r.date), lang) if as_date(r.date) else t('date_unknown', lang)} {r.title}",
            )
        else:  # items of a source that the extractor put under no meeting
            key, head = LOOSE + str(r.source_id), label("ui_no_meeting", lang, source=r.title)
        names[key], sources[key] = f"{head}（{waiting}）", str(r.source_id)
    choice = st.selectbox(
        label("ui_meeting", lang),
        list(names),
        format_func=lambda m: names.get(m, m),
        key="review_meeting",
        placeholder=t("choose_one", lang),
    )
    meeting_id = None if choice.startswith(LOOSE) else choice
    view = st.radio(
        label("ui_show", lang),
        ["unreviewed", "all", "out"],
        format_func=lambda v: label(f"ui_show_{v}", lang),
        horizontal=True,
        key="review_view",
    )
    items = ctx.call(queries.review_items, meeting_id, (), sources[choice])
    states = {"unreviewed": ("unreviewed",), "all": LIVE_STATES, "out": ("rejected", "merged")}[view]
    shown = items[items["review_state"].isin(states) & items["located"]]
    left, right = st.columns([3, 2])
    with left:
        item_list(ctx, shown, items, view)
        add_panel(ctx, meeting_id, sources[choice])
    with right:
        source_panel(ctx, items)


def item_list(ctx: PageContext, shown: pd.DataFrame, items: pd.DataFrame, view: str) -> None:
    """Each item with one-click buttons, a tick box for bulk decisions, and the edit form under the one edited."""
    lang = ctx.lang
    if shown.empty:
        st.info(label("ui_nothing_here", lang))
        return
    st.markdown(f"**{label('ui_items', lang, n=len(shown))}**")
    if view != "out":
        b1, b2, b3 = st.columns([1, 1, 2])
        b3.text_input(
            label("ui_reject_why", lang), value=label("ui_reject_default", lang), key="review_bulk_why"
        )
        ids = list(shown["commitment_id"])
        picked = [cid for cid in ids if st.session_state.get(PICKED + cid)]
        # labels stay the same from run to run: a widget whose label changes is a new widget to Streamlit
        b1.button(
            label("ui_confirm_picked", lang), key="review_bulk_confirm", on_click=_ask_from,
            args=(_bulk, "confirm", ids, lang),
        )  # fmt: skip
        b2.button(
            label("ui_reject_picked", lang), key="review_bulk_reject", on_click=_ask_from,
            args=(_bulk, "reject", ids, lang),
        )  # fmt: skip
        st.caption(label("ui_picked_n", lang, n=len(picked)))
    for r in records(shown):
        cid = r["commitment_id"]
        with st.container(border=True):
            top = st.columns([0.06, 0.94])
            if view != "out":
                top[0].checkbox(label("ui_pick", lang), key=PICKED + cid, label_visibility="collapsed")
            top[1].markdown(f"**{md(r['title'])}**  \n{_item_line(r, lang)}")
            st.caption(
                f"{cid}"
                + (
                    f" · {label('ui_was', lang, title=md(r['extracted_title']))}"
                    if r.get("extracted_title") and r["extracted_title"] != r["title"]
                    else ""
                )
            )
            buttons = st.columns(4)
            if view == "out":
                done = label("ui_done_reopen", lang, title=r["title"])
                buttons[0].button(
                    label("action_reopen", lang), key=f"review-reopen-{cid}", on_click=ask,
                    args=([Request("reopen", cid)], done),
                )  # fmt: skip
                continue
            buttons[0].button(
                label("action_confirm", lang), key=f"review-confirm-{cid}", type="primary", on_click=ask,
                args=([Request("confirm", cid)], label("ui_done_confirm", lang, n=1)),
            )  # fmt: skip
            buttons[1].button(
                label("action_reject", lang), key=f"review-reject-{cid}", on_click=_ask_from,
                args=(_bulk, "reject", [cid], lang, True),
            )  # fmt: skip
            buttons[2].button(
                label("action_edit", lang), key=f"review-edit-{cid}", on_click=st.session_state.__setitem__,
                args=(EDITING, cid),
            )  # fmt: skip
            if st.session_state.get(EDITING) == cid:
                edit_form(ctx, r, items)


def _bulk(
    action: str, ids: Sequence[str], lang: Lang, all_given: bool = False
) -> tuple[list[Request], str] | None:
    """Confirm or reject the ticked items (or all `ids` when `all_given`), with the reason typed above."""
    picked = list(ids) if all_given else [c for c in ids if st.session_state.get(PICKED + c)]
    if not picked:
        return None
    why = str(st.session_state.get("review_bulk_why") or label("ui_reject_default", lang))
    reqs = [Request(action, c, {}, why if action == "reject" else "") for c in picked]
    return reqs, label(f"ui_done_{action}", lang, n=len(picked))


def _unit_names(ctx: PageContext) -> list[str]:
    units = ctx.call(queries.unit_options)
    return sorted(units["name"])


def _owners_of(text: object) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"lead": [], "responsible": [], "support": []}
    if isinstance(text, str) and text:
        for part in text.split(", "):
            name, _, role = part.rpartition(":")
            out.setdefault(role or "responsible", []).append(name)
    return out


def edit_form(ctx: PageContext, r: dict[str, Any], items: pd.DataFrame) -> None:
    """Change title, kind, owners with roles, due date, parent or ordinal, or merge into another item; the
    quote stays in view."""
    lang, cid = ctx.lang, r["commitment_id"]
    st.markdown(f"**{label('ui_quote', lang)}**")
    st.html(quote_html(r["quote"] or label("oral", lang)))
    units = _unit_names(ctx)
    owners = _owners_of(r.get("owners_text"))
    others = items[
        (items["commitment_id"] != cid) & items["review_state"].isin(LIVE_STATES) & items["located"]
    ]
    titles = dict(zip(others["commitment_id"], others["title"], strict=True))
    k = f"review-form-{cid}-"
    with st.form(f"review-form-{cid}"):
        st.text_input(label("field_title", lang), value=r["title"], key=k + "title")
        st.selectbox(
            label("field_kind", lang), KINDS, index=KINDS.index(r["kind"]) if r["kind"] in KINDS else 3,
            format_func=lambda x: kind_label(x, lang), key=k + "kind", placeholder=t("choose_one", lang),
        )  # fmt: skip
        lead = owners["lead"][0] if owners["lead"] and owners["lead"][0] in units else ""
        st.selectbox(
            label("role_lead", lang), ["", *units], index=([""] + units).index(lead), key=k + "lead",
            format_func=lambda u: u or t("choose_none", lang), placeholder=t("choose_one", lang),
        )  # fmt: skip
        st.multiselect(
            label("role_responsible", lang), units, default=[u for u in owners["responsible"] if u in units],
            key=k + "resp", placeholder=t("choose_many", lang),
        )  # fmt: skip
        st.multiselect(
            label("role_support", lang),
            units,
            default=[u for u in owners["support"] if u in units],
            key=k + "supp",
            placeholder=t("choose_many", lang),
        )
        due0 = as_date(r.get("due_date"))
        st.checkbox(label("ui_no_due", lang), value=due0 is None, key=k + "no_due")
        st.date_input(label("field_due_date", lang), value=due0 or env.today(), key=k + "due")
        parent0 = _text(r.get("parent_id"))  # kept when it is not among this meeting's live items
        parents = ["", *titles] + ([parent0] if parent0 and parent0 not in titles else [])
        st.selectbox(
            label("field_parent_id", lang), parents,
            index=parents.index(parent0) if parent0 else 0,
            format_func=lambda p: md(titles.get(p, label("ui_top_level", lang))), key=k + "parent",
            placeholder=t("choose_one", lang),
        )  # fmt: skip
        st.selectbox(
            label("ui_merge_into", lang), ["", *titles], format_func=lambda p: md(titles.get(p, label("ui_no_merge", lang))),
            key=k + "into", placeholder=t("choose_one", lang),
        )  # fmt: skip
        st.text_input(label("ui_why", lang), key=k + "why")
        st.form_submit_button(
            label("ui_save", lang), type="primary", on_click=_ask_from, args=(_edit_requests, r, owners, lang)
        )


def _edit_requests(
    r: dict[str, Any], owners: dict[str, list[str]], lang: Lang
) -> tuple[list[Request], str] | None:
    """The edit (only what changed) and the merge the form asks for, read from its widgets."""
    cid = r["commitment_id"]
    k = f"review-form-{cid}-"
    v = {
        name: st.session_state.get(k + name)
        for name in ("title", "kind", "lead", "resp", "supp", "no_due", "due", "parent", "into", "why")
    }
    values: dict[str, Any] = {}
    title = str(v["title"] or "")
    if title.strip() != r["title"]:
        values["title"] = title
    if v["kind"] != r["kind"]:
        values["kind"] = v["kind"]
    new_owners = (
        [f"{u}:lead" for u in ([v["lead"]] if v["lead"] else [])]
        + [f"{u}:responsible" for u in v["resp"] or []]
        + [f"{u}:support" for u in v["supp"] or []]
    )
    old_owners = [f"{u}:{role}" for role in ("lead", "responsible", "support") for u in owners.get(role, [])]
    if sorted(new_owners) != sorted(old_owners):
        values["owners"] = new_owners
    due0 = as_date(r.get("due_date"))
    new_due = None if v["no_due"] else v["due"]
    if new_due != due0:
        values["due_date"] = "none" if new_due is None else new_due.isoformat()
    if (v["parent"] or None) != _text(r.get("parent_id")):
        values["parent_id"] = v["parent"] or "none"
    why = str(v["why"] or "")
    requests = [Request("edit", cid, values, why)] if values else []
    if v["into"]:
        requests.append(Request("merge", cid, {"into": v["into"]}, why))
    if not requests:
        st.session_state[FLASH] = label("ui_nothing_changed", lang)
        return None
    return requests, label("ui_done_edit", lang, title=title)


def add_panel(ctx: PageContext, meeting_id: str | None, source_id: str) -> None:
    """Add an item the extractor missed: paste its words, see them found and highlighted, then add."""
    lang = ctx.lang
    with st.expander(label("ui_add_title", lang), expanded=bool(st.session_state.get("review_add_words"))):
        words = st.text_area(
            label("ui_add_words", lang), key="review_add_words", help=label("ui_add_help", lang)
        )
        src = ctx.call(queries.source, source_id)
        if not words.strip() or src is None:
            return
        found = locate(src["text"], words)
        if found is None:
            st.warning(label("ui_add_not_found", lang))
            return
        how = label(f"ui_found_{found.how}", lang, score=f"{found.score:g}")
        st.caption(label("ui_found_at", lang, a=found.start, b=found.end) + " · " + how)
        st.html(CSS + context_html(src["text"], found.start, found.end))
        units = _unit_names(ctx)
        with st.form("review-add-form"):
            st.text_input(
                label("field_title", lang), value=found.quote[:60].replace("\n", ""), key="review-add-title"
            )
            st.selectbox(
                label("field_kind", lang), KINDS, index=3, format_func=lambda x: kind_label(x, lang),
                key="review-add-kind", placeholder=t("choose_one", lang),
            )  # fmt: skip
            st.selectbox(
                label("role_lead", lang), ["", *units], key="review-add-lead",
                format_func=lambda u: u or t("choose_none", lang), placeholder=t("choose_one", lang),
            )  # fmt: skip
            st.text_input(label("ui_why", lang), key="review-add-why")
            base = {
                "source_id": source_id,
                "quote": found.quote,
                "char_start": found.start,
                "meeting_id": meeting_id,
            }
            st.form_submit_button(
                label("ui_add", lang), type="primary", on_click=_ask_from, args=(_add_requests, base, lang)
            )


def _add_requests(base: dict[str, Any], lang: Lang) -> tuple[list[Request], str]:
    """The add the form asks for, read from its widgets; the pasted words are cleared."""
    title = str(st.session_state.get("review-add-title") or "")
    values = {**base, "title": title, "kind": st.session_state.get("review-add-kind")}
    lead = st.session_state.get("review-add-lead")
    if lead:
        values["owners"] = [f"{lead}:lead"]
    st.session_state["review_add_words"] = ""
    why = str(st.session_state.get("review-add-why") or "")
    return [Request("add", "", values, why)], label("ui_done_add", lang, title=title)


def source_panel(ctx: PageContext, items: pd.DataFrame) -> None:
    """The meeting's part of its source, every item of it highlighted (the one being edited outlined)."""
    lang = ctx.lang
    if items.empty:
        return
    src = ctx.call(queries.source, str(items.iloc[0]["source_id"]))
    if src is None:
        st.warning(t("no_source_text", lang))
        return
    st.markdown(f"**{t('source_text', lang)}**")
    located = items[items["located"] & (items["char_end"] > items["char_start"])]
    spans = [
        Span(
            "commitment",
            r["commitment_id"],
            int(r["char_start"]),
            int(r["char_end"]),
            f"{r['title']} · " + label(f"state_{r['review_state']}", lang),
        )
        for r in records(located)
    ]
    a, b = region(src["text"], spans)
    st.html(
        CSS
        + highlight_html(
            src["text"][a:b],
            clip(spans, a, b),
            {"commitment": t("span_commitment", lang)},
            focus=st.session_state.get(EDITING),
        )
    )


def orphans_panel(ctx: PageContext) -> None:
    """Entries left without an item after a source changed: re-attach each to an item, or close it."""
    lang = ctx.lang
    orphans = ctx.call(queries.review_orphans)
    if orphans.empty:
        return
    live = ctx.call(queries.review_items)
    live = live[live["review_state"].isin(LIVE_STATES) & live["located"]]
    from tracker.review.apply import orphan_candidates

    with st.expander(label("ui_orphans_title", lang, n=len(orphans)), expanded=True):
        st.caption(label("ui_orphans_help", lang))
        rows = live.to_dict("records")
        titles = dict(zip(live["commitment_id"], live["title"], strict=True))
        for o in orphans.to_dict("records"):
            cid = o["commitment_id"]
            with st.container(border=True, key=f"review-orphan-{cid}"):
                st.markdown(f"**{md(cid)}** · {md(label('orphan_' + o['reason'], lang))}")
                st.html(quote_html(o["quote"] or label("quote_unknown", lang)))
                st.caption(label("ui_orphan_counts", lang, r=int(o["n_review"]), p=int(o["n_progress"])))
                best = [c.commitment_id for c in orphan_candidates(rows, o)]
                choices = best + [c for c in titles if c not in best]
                st.selectbox(
                    label("ui_reattach_to", lang),
                    choices,
                    key=f"review-to-{cid}",
                    format_func=lambda c: md(f"{titles.get(c, c)} ({c})"),
                    placeholder=t("choose_one", lang),
                )
                c1, c2 = st.columns(2)
                c1.button(
                    label("action_reattach", lang), key=f"review-reattach-{cid}", on_click=_ask_from,
                    args=(_orphan_request, "reattach", cid, lang),
                )  # fmt: skip
                c2.text_input(label("ui_why", lang), key=f"review-close-why-{cid}")
                c2.button(
                    label("action_close", lang), key=f"review-close-{cid}", on_click=_ask_from,
                    args=(_orphan_request, "close", cid, lang),
                )  # fmt: skip


def _orphan_request(action: str, cid: str, lang: Lang) -> tuple[list[Request], str]:
    if action == "reattach":
        to = st.session_state.get(f"review-to-{cid}")
        return [Request("reattach", cid, {"into": to})], label("ui_done_reattach", lang)
    why = str(st.session_state.get(f"review-close-why-{cid}") or "")
    return [Request("close", cid, {}, why)], label("ui_done_close", lang)
