#!/usr/bin/env bash
# Installs, builds and starts the app on the embedded defaults: PGlite in ./.data, jobs in-process,
# offline payments. Demo data is seeded on the first start. No services needed.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
NODE_ENV=production npm run build
exec env NODE_ENV=production PORT="${PORT:-3000}" node --enable-source-maps build/server.js
