"""Reads the progress widgets need beside the dashboard's queries: which commitments exist, for checking an
imported progress sheet's rows against the database."""

from __future__ import annotations

import duckdb


def commitment_ids(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Every commitment id in the database (the ids an imported progress row may name)."""
    rows = con.cursor().execute("SELECT commitment_id FROM commitments").fetchall()
    return frozenset(r[0] for r in rows)
