#!/usr/bin/env bash
# The scale benchmark from a fresh clone: installs what it needs (as scripts/start.sh does), then runs
# scripts/bench_scale.py with any arguments given (e.g. --quick, --reports 1000 10000 30000). SYNTHETIC data only;
# the table goes to docs/benchmarks.md. Takes tens of minutes at the default sizes; run it by hand, not in CI.
set -euo pipefail
REQUIREMENTS=requirements.txt
source "$(dirname "$0")/_setup.sh"
cd "$ROOT"
exec "$PY" scripts/bench_scale.py "$@"
