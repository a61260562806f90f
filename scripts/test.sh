#!/usr/bin/env bash
# Every test: types, unit, integration (real PostgreSQL and Redis), browser (real Chromium).
# Creates its own databases and Redis key prefix and removes only those when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f tests/.artifacts/vitest.json tests/.artifacts/playwright.json

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
NODE_ENV=production npm run build >/dev/null

echo "== unit and integration tests (vitest)"
mkdir -p tests/.artifacts
npx vitest run --reporter=default --reporter=json --outputFile.json=tests/.artifacts/vitest.json

echo "== browser tests (playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=tests/.artifacts/playwright.json npx playwright test --reporter=list,json

echo "== summary"
node scripts/test-summary.mjs
