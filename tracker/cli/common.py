"""What every `python -m tracker` command shares: one-line argument errors, dates, the config and database."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import duckdb

from tracker.build import is_stale, run_build
from tracker.config import DEFAULT_CONFIG, Config, load_config
from tracker.errors import UserError
from tracker.store.db import connect_readonly


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one-line UserErrors (exit 2), not usage dumps."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError(f"{self.prog.removeprefix('python -m tracker ')}: {message} (see {self.prog} --help)")


def iso_date(text: str) -> dt.date:
    """Parse YYYY-MM-DD for argparse."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def load(args: argparse.Namespace) -> tuple[Config, Path]:
    """The config and a database that exists: --db as given, else the config's, built when missing or stale."""
    config = load_config(args.config, must_exist=args.config != DEFAULT_CONFIG)
    if args.db is not None:
        if not args.db.is_file():
            raise UserError(
                f"--db {args.db}: file not found; build it with: python -m extract --db {args.db}"
            )
        return config, args.db
    path = config.database_path
    if is_stale(config, path):
        print(f"building {path} from the sources in {args.config} …", file=sys.stderr)
        run_build(config, path)
    return config, path


def open_db(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, with a clear error when the file is not a tracker database."""
    try:
        return connect_readonly(path)
    except duckdb.Error as e:
        raise UserError(
            f"{path}: cannot open the database ({e}); rebuild it with python -m extract"
        ) from None


def check_out(path: Path, suffixes: tuple[str, ...]) -> Path:
    """Validate an output path's extension and folder before doing any work."""
    if path.suffix.lower() not in suffixes:
        raise UserError(f"--out '{path}' must end in {' or '.join(suffixes)}")
    if not path.parent.is_dir():
        raise UserError(f"--out '{path}': folder '{path.parent}' does not exist; create it first")
    return path
