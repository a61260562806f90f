#!/usr/bin/env bash
# For development: run some tests with their own databases and Redis prefix, cleaned up afterwards.
#   bash scripts/dev-test.sh vitest run tests/integration/market.test.ts
#   bash scripts/dev-test.sh playwright test tests/e2e/market.spec.ts     (set E2E_PORT to run several at once)
# `npm test` runs everything; this is the quick loop.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/services.sh 2>/dev/null)"
RUN_ID="$(date +%s)_$$"
export TEST_RUN_ID="$RUN_ID" TEST_DB_PREFIX="ipm_t_${RUN_ID}" QUEUE_PREFIX="ipmtest_${RUN_ID}"
trap 'node scripts/test-cleanup.mjs >/dev/null 2>&1 || true' EXIT
tool="$1"; shift
# A build older than any source it is made from is rebuilt (tests may reach the server through helpers).
stale() { [ ! -f build/index.js ] || [ -n "$(find app db remix.config.js -newer build/index.js -type f -print -quit 2>/dev/null)" ]; }
if [ "$tool" = playwright ] || stale; then
  # One build at a time: several developers (or agents) may share this checkout.
  flock /tmp/ipm-build.lock env NODE_ENV=production npx remix build >/dev/null
fi
npx "$tool" "$@"
