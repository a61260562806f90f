#!/usr/bin/env bash
# Every test: types, unit, integration (real PostgreSQL and Redis), browser (real Chromium).
# Creates its own databases and Redis key prefix and removes only those when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
eval "$(bash scripts/services.sh)"

RUN_ID="$(date +%s)_$$"
export TEST_RUN_ID="$RUN_ID"
export TEST_DB_PREFIX="ipm_t_${RUN_ID}"
export QUEUE_PREFIX="ipmtest_${RUN_ID}"

cleanup() {
  set +e
  node scripts/test-cleanup.mjs >/dev/null 2>&1 || node scripts/test-cleanup.mjs
}
trap cleanup EXIT

echo "== typecheck"
npx tsc --noEmit

echo "== build"
NODE_ENV=production npx remix build >/dev/null

echo "== unit and integration tests (vitest)"
npx vitest run

echo "== browser tests (playwright, Chromium)"
npx playwright test
