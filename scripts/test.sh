#!/usr/bin/env bash
# Install what the tests need and run them; extra arguments go to pytest. At the end it prints how long pytest
# took and the target that run is held to on a 2-core machine: the fast tier (-m 'not slow', for every edit)
# within 3 minutes, the whole suite (property tests, fuzzing and browser tests included) within 10 minutes for
# all of .ci/run.
#   scripts/test.sh -m 'not slow'     # the fast tier
#   scripts/test.sh -q                # everything (what CI runs)
set -euo pipefail
REQUIREMENTS=requirements-dev.txt
source "$(dirname "$0")/_setup.sh"
cd "$ROOT"
"$PY" -m ruff check .
"$VENV/bin/lint-imports" --no-cache --no-logo  # the layering of docs/architecture.md
"$VENV/bin/mypy"  # types of tracker/ and extract/ ([tool.mypy] in pyproject.toml), no ignores
# Compiled modules are kept (__pycache__, ignored by git): without them every test process and every
# `python -m extract` a test starts compiles the project again (the environment may say not to write them).
unset PYTHONDONTWRITEBYTECODE

tier="whole suite" target=600
case " $* " in *" not slow "* | *"-m not slow"* | *"-m=not slow"*) tier="fast tier (-m 'not slow')" target=180 ;; esac
start=$SECONDS
status=0
# one pytest worker per core (pytest-xdist); a test file runs in one worker, so its module fixtures are made once
"$PY" -m pytest -n "${TEST_WORKERS:-auto}" --dist loadfile "$@" || status=$?
elapsed=$((SECONDS - start))
verdict="within"
[ "$elapsed" -le "$target" ] || verdict="OVER"
echo "tests: ${tier} took ${elapsed} s; target ${target} s on 2 cores (${verdict})"
exit "$status"
