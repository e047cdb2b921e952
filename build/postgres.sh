#!/usr/bin/env bash
# A throw-away PostgreSQL server for the fleet's tests, benchmark and sample (MLNetAnomaly.Orleans).
#   eval "$(build/postgres.sh start [DIR] [PORT])"   # starts it, creates the database with the fleet's schema, and
#                                                     # prints: export MLNETANOMALY_POSTGRES='Host=...;Database=...'
#   build/postgres.sh stop [DIR]
# Uses the PostgreSQL found on PATH or under /usr/lib/postgresql/*/bin; as root, runs the server as the postgres user.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
action=${1:?usage: postgres.sh start|stop [DIR] [PORT]}
dir=${2:-${TMPDIR:-/tmp}/mlnet-anomaly-postgres}
port=${3:-55432}
database=mlnet_anomaly_fleet

bin=$(dirname "$(command -v pg_ctl 2>/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)")
if [[ ! -x $bin/pg_ctl ]]; then
  echo "postgres.sh: no PostgreSQL server found (pg_ctl)" >&2
  exit 3
fi
as_owner() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case $action in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    if [[ ! -f $dir/PG_VERSION ]]; then
      if ! as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-locale >"$dir.initdb.log" 2>&1; then
        cat "$dir.initdb.log" >&2
        exit 3
      fi
    fi
    if as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      port=$(sed -n 4p "$dir/postmaster.pid")   # already running: its port
    else
      # The first free port from PORT on (another server, or another run, may hold it).
      for _ in $(seq 20); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
        port=$((port + 1))
      done
      if ! as_owner "$bin/pg_ctl" -D "$dir" -w -l "$dir/server.log" \
          -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=200" start >&2; then
        cat "$dir/server.log" >&2
        exit 3
      fi
    fi
    psql=("$(command -v "$bin/psql" || command -v psql)" -X -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q)
    if [[ -z $("${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'") ]]; then
      "${psql[@]}" -d postgres -c "CREATE DATABASE $database" >&2
    fi
    "${psql[@]}" -d "$database" -f "$root/src/MLNetAnomaly.Orleans/Sql/PostgreSQL.sql" >&2
    # A small pool per process: a test run holds several silos (each a pool) and the server takes 200 connections.
    echo "export MLNETANOMALY_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=$database;Maximum Pool Size=20'"
    ;;
  stop)
    if [[ -f $dir/PG_VERSION ]]; then
      as_owner "$bin/pg_ctl" -D "$dir" -m fast stop >&2 || true
    fi
    ;;
  *)
    echo "usage: postgres.sh start|stop [DIR] [PORT]" >&2
    exit 2
    ;;
esac
