"""The build: read the config's sources, run the extractor, and write the database atomically.

It sits above `extract` (pure text → rows) and `tracker.store` (the DuckDB file), so neither of those
imports the other; the dashboard and the CLIs start builds through this package.
"""

from __future__ import annotations

from tracker.build.runner import (
    EXTRACTOR_VERSION,
    BuildInputs,
    build_warnings,
    built_inputs,
    config_sha256,
    extract_sources,
    failed_sources,
    is_stale,
    read_inputs,
    refresh,
    run_build,
)
from tracker.build.sources import extract_source

__all__ = [
    "EXTRACTOR_VERSION",
    "BuildInputs",
    "build_warnings",
    "built_inputs",
    "config_sha256",
    "extract_source",
    "extract_sources",
    "failed_sources",
    "is_stale",
    "read_inputs",
    "refresh",
    "run_build",
]
