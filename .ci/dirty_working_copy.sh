#!/usr/bin/env bash
# Change the working copy as a user would before the tests run: an administrator account, then a Word report
# added with `python -m extract add` (config.yaml, data/sources/, the database and its cache all change). The
# tests must not notice: they use their own copies (tests/fixtures/seed, tests/hermetic.py).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${TRACKER_VENV:-$PWD/.venv}/bin/python
export TRACKER_PASSWORD=ci-only-password-$RANDOM$RANDOM
echo "$TRACKER_PASSWORD" | "$PY" -m tracker users add ci-admin --role admin --password-stdin >/dev/null
doc=$(mktemp -d)/任务分解.docx
PYTHONPATH=. "$PY" -c 'import sys; from pathlib import Path; from tests.report_formats import make_docx
make_docx(Path("tests/fixtures/reports/13_dazhu_minsheng_shishi_fenjie.txt").read_text(encoding="utf-8"), Path(sys.argv[1]))' "$doc"
"$PY" -m extract add "$doc" --user ci-admin -q
echo "working copy changed as a user would: $(grep -c '^  - id:' config.yaml) sources in config.yaml"
