#!/usr/bin/env bash
# First-sight score of one corpus batch, with the extractor of a given commit (default: this working copy's HEAD).
#   usage (from anywhere): tests/corpus/score_batch.sh BATCH [COMMIT [REPO]]
#     BATCH: a folder under tests/corpus/batches (b01, b02, …)
#     COMMIT: the commit whose extractor to run; it is exported (git archive) to /tmp/extractor_<commit> first,
#             so a batch is scored by exactly that commit's code, never by uncommitted changes
#     REPO: the git worktree holding COMMIT (default: this one), e.g. ../other-worktree
# As evaluate.sh does: the `# ` header lines are stripped (a user's own file has none), all the batch's files are
# extracted in one build with `python -m extract --db FILE TEXT...`, and score.py scores the database against the
# batch's gold.json. If that build fails, the score is 0 for the whole batch (that is what a user gets); the script
# then also finds the reports that fail on their own, builds the rest, and prints a second score marked
# "crashing reports left out" (their checks count as failed), so the ledger can give both.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BATCH=$1; REPO=${3:-$(cd "$HERE/../.." && pwd)}
COMMIT=$(git -C "$REPO" rev-parse "${2:-HEAD}")
PY=${PY:-$(cd "$HERE/../.." && pwd)/.venv/bin/python}
ROOT=/tmp/extractor_$COMMIT
if [ ! -d "$ROOT" ]; then
  mkdir -p "$ROOT.part" && git -C "$REPO" archive "$COMMIT" | tar -x -C "$ROOT.part" && mv "$ROOT.part" "$ROOT"
fi
DIR=$HERE/batches/$BATCH; GOLD=$DIR/gold.json
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src"
files=$("$PY" -c "import json,sys;print(' '.join(json.load(open(sys.argv[1]))['files']))" "$GOLD")
for f in $files; do grep -v '^# ' "$DIR/$f" >"$tmp/src/$f"; done
echo "extractor commit: $COMMIT"
cd "$ROOT"
if "$PY" -m extract --db "$tmp/eval.duckdb" "$tmp"/src/*.txt >"$tmp/log" 2>&1; then
  "$PY" "$HERE/score.py" "$tmp/eval.duckdb" "$GOLD" "$tmp/src" 0 "$BATCH" || true
  exit 0
fi
echo "BUILD FAILED (first sight: 0 for the whole batch):"; tail -3 "$tmp/log"
mkdir -p "$tmp/ok"
for f in $files; do
  if "$PY" -m extract --db "$tmp/one.duckdb" "$tmp/src/$f" >"$tmp/one.log" 2>&1; then cp "$tmp/src/$f" "$tmp/ok/"
  else echo "crashes on its own: $f ($(tail -1 "$tmp/one.log"))"; fi
  rm -rf "$tmp/one.duckdb"*
done
"$PY" -m extract --db "$tmp/rest.duckdb" "$tmp"/ok/*.txt >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
"$PY" "$HERE/score.py" "$tmp/rest.duckdb" "$GOLD" "$tmp/ok" 0 "$BATCH (crashing reports left out)" || true
