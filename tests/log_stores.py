"""The two stores of the record logs, for tests that run the same checks against both: a JSONL file in a
temporary folder, and PostgreSQL in a schema of its own (dropped after the test) on the session's server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker.progress.log import ProgressEntry
from tracker.store.logfile import JsonlLog, R, RecordLog


@dataclass
class Store:
    """One store: `log()` opens a log in it; `add_raw` writes a record by hand, as a person (or a bug) could."""

    kind: str  # jsonl | postgres
    folder: Path
    url: str = ""
    schema: str = ""

    def log(self, model: type[R], name: str = "progress") -> RecordLog[R]:
        """The log `name` of `model` records in this store."""
        if self.kind == "jsonl":
            return JsonlLog(self.folder / f"{name}.jsonl", model)
        from tracker.store.pglog import PostgresLog

        return PostgresLog(self.url, model, name, schema=self.schema)

    def progress(self, name: str = "progress") -> RecordLog[ProgressEntry]:
        """A progress log in this store."""
        return self.log(ProgressEntry, name)

    def add_raw(self, text: str, name: str = "progress") -> None:
        """Append one stored record exactly as given, bypassing every check of the writer (a hand edit)."""
        if self.kind == "jsonl":
            with open(self.folder / f"{name}.jsonl", "ab") as f:
                f.write(text.encode("utf-8") + b"\n")
            return
        import psycopg
        from psycopg import sql

        self.log(ProgressEntry, name).create()  # type: ignore[attr-defined]
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("INSERT INTO {}.records (log, record) VALUES (%s, %s::json)").format(
                    sql.Identifier(self.schema)
                ),
                (name, text),
            )

    def stored(self, name: str = "progress") -> list[str]:
        """Every stored record's text, in order (the file's lines; the table's rows)."""
        return [r.text for r in self.log(ProgressEntry, name).raw_records().records]

    def config_lines(self) -> str:
        """The `logs:` section of a config.yaml that keeps the logs in this store."""
        if self.kind == "jsonl":
            return "logs:\n  store: jsonl\n"
        return f"logs:\n  store: postgres\n  postgres_url: {self.url}\n  postgres_schema: {self.schema}\n"
