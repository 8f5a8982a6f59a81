"""Data access: the DuckDB schema, connections and atomic writes (db), and every read query (queries)."""
