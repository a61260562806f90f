#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and Chromium are available for the tests: uses what already answers,
# otherwise starts it, installing with apt-get where it is missing. Prints the variables to export.
set -euo pipefail

PGPORT="${PGPORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
APT_UPDATED=0
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq >&2; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >&2
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- PostgreSQL -------------------------------------------------------------------------------
if [ -z "${TEST_PG_ADMIN_URL:-}" ]; then
  if ! port_open "$PGPORT"; then
    if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
      echo "services: installing PostgreSQL" >&2
      apt_install postgresql postgresql-contrib
    fi
    ver=$(ls /etc/postgresql | sort -n | tail -1)
    echo "services: starting PostgreSQL $ver" >&2
    as_root pg_ctlcluster "$ver" main start >&2 || true
    for _ in $(seq 1 30); do port_open "$PGPORT" && break; sleep 1; done
  fi
  # A role of our own, with a password, able to create (and drop) its own databases.
  as_root runuser -u postgres -- psql -p "$PGPORT" -qtAc \
    "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ipm_test') THEN CREATE ROLE ipm_test LOGIN CREATEDB PASSWORD 'ipm_test'; END IF; END \$\$;" >&2
  TEST_PG_ADMIN_URL="postgres://ipm_test:ipm_test@127.0.0.1:$PGPORT/postgres"
fi

# --- Redis ------------------------------------------------------------------------------------
if [ -z "${TEST_REDIS_URL:-}" ]; then
  if ! port_open "$REDIS_PORT"; then
    if ! command -v redis-server >/dev/null; then
      echo "services: installing Redis" >&2
      apt_install redis-server
    fi
    echo "services: starting Redis" >&2
    redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --maxmemory-policy noeviction >&2
    for _ in $(seq 1 30); do port_open "$REDIS_PORT" && break; sleep 0.5; done
  fi
  TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
fi

# --- Chromium and fonts (CJK text in pages and PDF reports) ------------------------------------
if [ ! -x /usr/bin/chromium ]; then
  echo "services: installing Chromium" >&2
  apt_install chromium
fi
if ! command -v pdfsig >/dev/null 2>&1; then
  # poppler's pdfsig: the independent checker of the platform's PDF signatures in the tests.
  echo "services: installing poppler-utils" >&2
  apt_install poppler-utils
fi
if ! ls /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc >/dev/null 2>&1; then
  # Only for how Chinese looks in screenshots; reports embed their own font from npm.
  echo "services: installing CJK fonts" >&2
  apt_install fonts-wqy-zenhei || echo "services: CJK fonts not installed (screenshots may show boxes)" >&2
fi

echo "export TEST_PG_ADMIN_URL='$TEST_PG_ADMIN_URL'"
echo "export TEST_REDIS_URL='$TEST_REDIS_URL'"
