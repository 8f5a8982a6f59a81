"""The progress domain: the append-only log, imports, and status rules, roll-up, ranking and follow-up."""
