"""The test PostgreSQL server starts, keeps UTF-8 text and serves several clients."""

from __future__ import annotations

import psycopg


def test_server_stores_chinese_text_for_two_clients(postgres_url: str) -> None:
    with (
        psycopg.connect(postgres_url, autocommit=True) as a,
        psycopg.connect(postgres_url, autocommit=True) as b,
    ):
        a.execute("CREATE TABLE t_probe (note text)")
        a.execute("INSERT INTO t_probe VALUES (%s)", ("由县发改委牵头",))
        assert b.execute("SELECT note FROM t_probe").fetchone() == ("由县发改委牵头",)
        a.execute("DROP TABLE t_probe")
