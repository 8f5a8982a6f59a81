"""Work-tracking dashboard for local government: shared code (config, database, queries, charts)."""
