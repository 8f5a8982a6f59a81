"""Unit rankings: completion, timeliness and reporting per unit, scored fairly, with their labels."""

from __future__ import annotations

import duckdb
import pandas as pd

from tracker.cells import as_float, as_int, is_missing
from tracker.config import RankingScoring
from tracker.i18n import Lang, t
from tracker.store import queries
from tracker.vocabulary import DONE, NO_REPORT

RANKING_COLUMNS = [
    "rank",
    "tied",
    "group",
    "unit_id",
    "unit_name",
    "unit_kind",
    "score",
    "n_items",
    "n_reported",
    "n_done",
    "n_overdue",
    "n_red",
    "n_yellow",
    "completion",
    "reported_percent",
    "timeliness",
    "reporting",
]
RANKED, NOT_REPORTING, NO_ITEMS = "ranked", "not_reporting", "no_items"


def unit_rankings(rows: pd.DataFrame, units: pd.DataFrame, scoring: RankingScoring) -> pd.DataFrame:
    """Units scored by completion, timeliness and reporting (weights from the config), fairly:

    only units that have reported on at least one of their items are ranked (ties share a rank and are marked
    `tied`); units with items but no report at all are listed apart (`group` not_reporting, no rank), and units
    with no items under the filters are not ranked (`group` no_items). `rows` are commitment rows with unit_id,
    status, percent and reasons (the filtered rows a page or pack shows), so the ranking counts what they count.
    """
    return rank_units(ranking_inputs_of(rows), units, scoring)


def ranking_inputs_of(rows: pd.DataFrame) -> pd.DataFrame:
    """queries.RANKING_SQL over commitment rows (what queries.ranking_inputs gives for the database)."""
    cols = ("unit_id", "status", "percent", "reasons", "colour")
    x = pd.DataFrame(
        {c: (rows[c] if c in rows else pd.Series(None, index=rows.index, dtype=object)) for c in cols}
    )
    x["percent"] = pd.to_numeric(x["percent"], errors="coerce").astype("float64")
    for c in ("unit_id", "status", "reasons", "colour"):
        x[c] = x[c].astype(object).where(x[c].notna(), None)
    con = duckdb.connect()
    try:
        con.register("x", x)
        return con.execute(queries.RANKING_SQL, {"no_report": NO_REPORT, "done": DONE}).df()
    finally:
        con.close()


def rank_units(inputs: pd.DataFrame, units: pd.DataFrame, scoring: RankingScoring) -> pd.DataFrame:
    """The ranking (see unit_rankings) from per-unit counts and sums (queries.RANKING_SQL)."""
    rows_out = []
    wsum = scoring.completion + scoring.timeliness + scoring.reporting
    by = inputs.set_index("unit_id") if len(inputs) else None
    for u in units.to_dict("records"):
        n = as_int(by.at[u["unit_id"], "n_items"]) if by is not None and u["unit_id"] in by.index else 0
        rec: dict[str, object] = {
            "unit_id": u["unit_id"],
            "unit_name": u["name"],
            "unit_kind": u.get("kind"),
            "n_items": n,
            "group": NO_ITEMS,
        }
        if by is not None and n:  # n counts the unit's row of `by`
            a = by.loc[u["unit_id"]]
            n_reported, n_overdue = int(a["n_reported"]), int(a["n_overdue"])
            completion = float(a["sum_percent"]) / n / 100
            timeliness = int(a["n_timely"]) / n
            reporting = n_reported / n
            score = (
                100
                * (
                    scoring.completion * completion
                    + scoring.timeliness * timeliness
                    + scoring.reporting * reporting
                )
                / wsum
                - scoring.overdue_penalty * n_overdue
            )
            own = a["reported_percent"]
            rec.update(
                group=RANKED if n_reported else NOT_REPORTING,
                n_reported=n_reported,
                n_done=int(a["n_done"]),
                n_overdue=n_overdue,
                n_red=int(a["n_red"]),
                n_yellow=int(a["n_yellow"]),
                completion=round(completion, 4),
                reported_percent=None if own is None or pd.isna(own) else round(float(own), 1),
                timeliness=round(timeliness, 4),
                reporting=round(reporting, 4),
                score=round(score, 2) if n_reported else None,
            )
        rows_out.append(rec)
    out = pd.DataFrame(rows_out, columns=RANKING_COLUMNS)
    for c in ("n_reported", "n_done", "n_overdue", "n_red", "n_yellow"):
        out[c] = out[c].fillna(0).astype(int)
    for c in ("score", "completion", "reported_percent", "timeliness", "reporting"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    order = out["group"].map({RANKED: 0, NOT_REPORTING: 1, NO_ITEMS: 2})
    out = out.assign(_o=order, _s=-out["score"].fillna(0), _n=-out["n_items"])
    out = out.sort_values(["_o", "_s", "_n", "unit_name"], kind="stable").drop(columns=["_o", "_s", "_n"])
    ranked = out["group"] == RANKED
    out["rank"] = out["score"].where(ranked).rank(method="min", ascending=False).astype("Int64")
    out["tied"] = (ranked & out["rank"].duplicated(keep=False) & out["rank"].notna()).astype(bool)
    return out.reset_index(drop=True)


def rank_label(rank: object, tied: bool, lang: Lang | None = None) -> str:
    """A rank for display: 3, 并列3 / tied 3, or — for units that are not ranked."""
    if is_missing(rank):
        return "—"
    return t("rank_tied", lang, rank=as_int(rank)) if tied else str(as_int(rank))


def coverage_label(mean: object, n_reported: int, n_items: int, lang: Lang | None = None) -> str:
    """An average with the items it covers: 100%（10项中2项已填报）/ 100% (2 of 10 reported)."""
    if is_missing(mean):
        return t("avg_none", lang, reported=n_reported, items=n_items)
    return t("avg_of_reported", lang, mean=f"{as_float(mean):.0f}", reported=n_reported, items=n_items)
