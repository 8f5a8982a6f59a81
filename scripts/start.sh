#!/usr/bin/env bash
# Install everything and start the dashboard on the data in config.yaml (the seed page by default).
set -euo pipefail
REQUIREMENTS=requirements.txt
source "$(dirname "$0")/_setup.sh"
cd "$ROOT"
exec "$PY" -m streamlit run dashboard.py --server.headless true "$@"
