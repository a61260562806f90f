#!/usr/bin/env bash
# Every benchmark, one after another, against real PostgreSQL and Redis (started like the tests).
#   npm run bench                 all of them (the market load of 1,000,000 rows takes several minutes)
#   npm run bench -- matching     one of: valuation, matching, import, market, dashboard
# Each makes its own database and drops it at the end. Figures go to standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
eval "$(bash scripts/services.sh)"
export BENCH_PG_ADMIN_URL="$TEST_PG_ADMIN_URL"
which="${1:-all}"
run() { [ "$which" = all ] || [ "$which" = "$1" ]; }

if run valuation; then echo "== valuation"; npx tsx bench/valuation.ts --e2e; fi
if run matching; then echo "== matching"; npx tsx bench/matching.ts; fi
if run import; then echo "== asset import"; npx tsx bench/import.ts; fi
if run market; then
  echo "== market search"
  db="ipm_bench_market_$$"
  node -e 'const p=require("postgres")(process.env.TEST_PG_ADMIN_URL,{onnotice:()=>{}});p.unsafe(`create database "${process.argv[1]}" template template0 encoding UTF8 lc_ctype \x27C.UTF-8\x27 lc_collate \x27C.UTF-8\x27`).then(()=>p.end())' "$db"
  trap 'node -e '"'"'const p=require("postgres")(process.env.TEST_PG_ADMIN_URL,{onnotice:()=>{}});p.unsafe(`drop database if exists "${process.argv[1]}" with (force)`).then(()=>p.end())'"'"' "'"$db"'"' EXIT
  DATABASE_URL="${TEST_PG_ADMIN_URL%/*}/$db" npx tsx bench/market-data.ts "${BENCH_MARKET_ROWS:-1000000}"
  DATABASE_URL="${TEST_PG_ADMIN_URL%/*}/$db" npx tsx bench/market-search.ts
fi
if run dashboard; then echo "== dashboard and exports"; npx tsx bench/dashboard.ts; fi
