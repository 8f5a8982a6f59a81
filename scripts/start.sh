#!/usr/bin/env bash
# Install everything and start the dashboard on the data in config.yaml (the seed page by default).
# It listens on 127.0.0.1 only (.streamlit/config.toml); `python -m tracker serve` refuses another address
# until accounts or OIDC sign-in are set up (docs/accounts.md, "Serving to an office network").
set -euo pipefail
REQUIREMENTS=requirements.txt
source "$(dirname "$0")/_setup.sh"
cd "$ROOT"
exec "$PY" -m tracker serve "$@"
