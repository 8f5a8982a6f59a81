#!/usr/bin/env bash
# Install what the tests need and run them; extra arguments go to pytest.
set -euo pipefail
REQUIREMENTS=requirements-dev.txt
source "$(dirname "$0")/_setup.sh"
cd "$ROOT"
"$PY" -m ruff check .
"$VENV/bin/lint-imports" --no-cache --no-logo  # the layering of docs/architecture.md
exec "$PY" -m pytest "$@"
