#!/usr/bin/env bash
# Makes sure a PostgreSQL server is installed and running on 127.0.0.1, with a `precog` role and a
# `precog_test` database. Idempotent: installs only when missing, starts only when stopped.
# Prints the connection string on stdout. See docs/STACK_NOTES (shared) for why each step is here.
# `scripts/postgres.sh stop` stops the server instead (fast shutdown: sessions are ended, nothing is waited for); the
# long database-outage run (scripts/chaos.sh) takes the real server away this way, then starts it with no argument.
set -euo pipefail

PG_USER=${PRECOG_PG_USER:-precog}
PG_PASSWORD=${PRECOG_PG_PASSWORD:-precog}
PG_DB=${PRECOG_PG_DB:-precog_test}
PG_PORT=${PRECOG_PG_PORT:-5432}

log() { echo "postgres.sh: $*" >&2; }

pg_version() { ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1; }

if [ -z "$(pg_version)" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
ver=$(pg_version)
[ -n "$ver" ] || { log "PostgreSQL did not install"; exit 1; }

if [ "${1:-}" = stop ]; then
  pg_ctlcluster "$ver" main stop -m fast >&2
  log "cluster $ver/main stopped"
  exit 0
fi

if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$ver main"; then
  log "creating cluster $ver/main"
  pg_createcluster "$ver" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -qx online; then
  log "starting cluster $ver/main"
  pg_ctlcluster "$ver" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $3}')
PG_PORT=${port:-$PG_PORT}

for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || { log "PostgreSQL is not accepting connections on 127.0.0.1:$PG_PORT"; exit 1; }

psql_admin() { (cd / && runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qAt "$@"); }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != "1" ]; then
  psql_admin -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD' CREATEDB" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE $PG_DB OWNER $PG_USER" >&2
fi

echo "Host=127.0.0.1;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=$PG_DB;Maximum Pool Size=40"
