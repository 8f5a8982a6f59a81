# Shared install steps, sourced by scripts/start.sh and scripts/test.sh.
# Installs Debian's chromium and CJK fonts when missing, then a virtualenv with pinned packages.
# (grep reads all of fc-list's output: with -q it would stop early, and pipefail would count the SIGPIPE as missing.)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${TRACKER_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need_apt+=(fonts-noto-cjk)
# a TrueType CJK font that reportlab can embed in briefing PDFs (Noto CJK is OpenType/CFF)
fc-list 2>/dev/null | grep -i "WenQuanYi Micro Hei" >/dev/null || need_apt+=(fonts-wqy-microhei)
# the tests start throwaway PostgreSQL servers (the logs' second store); the dashboard itself does not need one
if [ "${REQUIREMENTS:-}" = "requirements-dev.txt" ] && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 \
  && ! command -v pg_ctl >/dev/null 2>&1; then
  need_apt+=(postgresql)
fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "Installing system packages: ${need_apt[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Missing system packages: ${need_apt[*]}; apt-get is not available here." >&2
    echo "Install them with your system's package manager (Chromium, Noto CJK fonts; PostgreSQL for the tests)," >&2
    echo "or set BROWSER_PATH to a Chromium binary. Chart export and browser tests need them." >&2
  fi
fi

if [ ! -x "$PY" ]; then
  python3 -m venv "$VENV"
fi
"$PY" -m pip install -q --disable-pip-version-check -r "$ROOT/$REQUIREMENTS" 2>&1 | grep -v "is ignored: it is neither" || true
"$PY" -c "import streamlit, duckdb, pandas, plotly, yaml, pydantic" || { echo "Python packages failed to install; see pip's output above." >&2; exit 1; }
