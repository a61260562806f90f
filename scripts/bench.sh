#!/usr/bin/env bash
# Every benchmark, one after another, against real PostgreSQL (started like the tests). Each figure is
# measured beside its anchor or floor in the same run: min/median/max of 3 runs, the ratio, the load.
#   npm run bench                 all of them (the market load of 1,000,000 rows takes 20-25 minutes here)
#   npm run bench -- matching     one of: ssr, startup, valuation, matching, dashboard, market, import
# Each makes its own database and drops it at the end; BENCH_MARKET_DB=<name> searches a database
# bench/market-data.ts loaded before (kept). At the end the figures are printed as bench/README.md's table.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
eval "$(bash scripts/services.sh)"
export BENCH_PG_ADMIN_URL="$TEST_PG_ADMIN_URL"
export BENCH_RESULTS="${BENCH_RESULTS:-$(mktemp -t ipm-bench-XXXXXX.jsonl)}"
which="${1:-all}"
run() { [ "$which" = all ] || [ "$which" = "$1" ]; }
built() { [ -f build/server.js ] && [ -f build/index.js ] || npm run build >/dev/null; }
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

if run ssr; then echo "== SSR under load"; built; npx tsx bench/ssr.ts; fi
if run startup; then echo "== start-up"; built; npx tsx bench/startup.ts; fi
if run valuation; then echo "== valuation"; npx tsx bench/valuation.ts --e2e; fi
if run matching; then echo "== matching"; npx tsx bench/matching.ts; fi
if run dashboard; then echo "== dashboards and exports"; npx tsx bench/dashboard.ts; fi
if run market; then
  echo "== market search"
  if [ -n "${BENCH_MARKET_DB:-}" ]; then
    DATABASE_URL="${TEST_PG_ADMIN_URL%/*}/$BENCH_MARKET_DB" npx tsx bench/market-search.ts
  else
    db="ipm_bench_market_$$"
    node -e 'const p=require("postgres")(process.env.TEST_PG_ADMIN_URL,{onnotice:()=>{}});p.unsafe(`create database "${process.argv[1]}" template template0 encoding UTF8 lc_ctype \x27C.UTF-8\x27 lc_collate \x27C.UTF-8\x27`).then(()=>p.end())' "$db"
    trap 'node scripts/drop-database.mjs "'"$db"'"' EXIT
    DATABASE_URL="${TEST_PG_ADMIN_URL%/*}/$db" npx tsx bench/market-data.ts "${BENCH_MARKET_ROWS:-1000000}"
    DATABASE_URL="${TEST_PG_ADMIN_URL%/*}/$db" npx tsx bench/market-search.ts
  fi
fi
if run import; then echo "== asset import"; npx tsx bench/import.ts; fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== figures (bench/README.md)"
npx tsx bench/summary.ts "$BENCH_RESULTS"
