#!/usr/bin/env bash
# The app as production runs it, for the browser tests: a fresh database of this test run (demo data
# seeded), a BullMQ worker, and the web process. The worker stops when the web process does.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${TEST_PG_ADMIN_URL:?run through npm test}" "${TEST_DB_PREFIX:?run through npm test}"
DB="${TEST_DB_PREFIX}_e2e_$(date +%s)"
node -e '
  const postgres = require("postgres");
  const sql = postgres(process.env.TEST_PG_ADMIN_URL, { onnotice: () => {} });
  sql.unsafe(`create database "${process.argv[1]}" template template0 encoding UTF8 lc_ctype \x27C.UTF-8\x27 lc_collate \x27C.UTF-8\x27`).then(() => sql.end());
' "$DB"
export DATABASE_URL="${TEST_PG_ADMIN_URL%/*}/$DB"
export REDIS_URL="${TEST_REDIS_URL}"
export QUEUE_PREFIX="${QUEUE_PREFIX}:e2e"
export SESSION_SECRET="e2e-session-secret-0123456789"
export SEED_DEMO=true
export NODE_ENV=production
export APP_ORIGIN="http://127.0.0.1:${PORT}"
export UPLOAD_DIR="tests/.artifacts/uploads" REPORT_DIR="tests/.artifacts/reports" MAIL_DIR="tests/.artifacts/mail"
# The browser tests' webhook receivers listen on loopback, which production otherwise refuses.
export WEBHOOK_ALLOW_PRIVATE_TARGETS=true

npx tsx jobs/worker.ts &
WORKER=$!
trap 'kill -TERM $WORKER 2>/dev/null; wait $WORKER 2>/dev/null' EXIT
npx tsx server.ts
