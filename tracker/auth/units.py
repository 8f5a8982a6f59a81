"""Unit names an account may hold: the config's towns and departments (and their aliases) and the units the
database found; an alias is stored as the unit's canonical name."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from tracker.config import Config, Department, Town
from tracker.errors import AccountsError
from tracker.i18n import Lang, t
from tracker.store import queries
from tracker.store.db import connect_readonly


def known_units(config: Config) -> dict[str, str]:
    """{name or alias: canonical unit name} from the config's gazetteer and the built database (if any)."""
    names: dict[str, str] = {}
    configured: tuple[Town | Department, ...] = (*config.towns, *config.departments)
    for unit in configured:
        names[unit.name] = unit.name
        for alias in unit.aliases:
            names.setdefault(alias, unit.name)
    path = config.database_path
    if path.is_file():
        try:
            con = connect_readonly(path)
        except duckdb.Error:
            return names  # a broken database: the gazetteer still names the units
        try:
            for name in queries.unit_options(con)["name"]:
                names.setdefault(str(name), str(name))
        except duckdb.Error:
            pass
        finally:
            con.close()
    return names


def canonical_units(config: Config, given: Iterable[str], lang: Lang = "zh") -> tuple[str, ...]:
    """The canonical names of `given` units, in order, without repeats; AccountsError for an unknown one."""
    known = known_units(config)
    out: list[str] = []
    for raw in given:
        name = raw.strip()
        if name not in known:
            shown = sorted(set(known.values()))
            listing = "、".join(shown[:40]) + (" …" if len(shown) > 40 else "") if shown else "—"
            raise AccountsError(t("auth.unknown_unit", lang, unit=name, known=listing))
        if known[name] not in out:
            out.append(known[name])
    return tuple(out)


def resolve_unit_ids(con: duckdb.DuckDBPyConnection | None, names: Iterable[str]) -> frozenset[str]:
    """The ids of these unit names in the database behind `con` (none without a database)."""
    if con is None:
        return frozenset()
    return frozenset(queries.unit_ids(con, names).values())
