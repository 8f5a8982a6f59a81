"""Turn meeting reports into DuckDB tables of meetings, commitments, units and figures, with quotes and spans."""
