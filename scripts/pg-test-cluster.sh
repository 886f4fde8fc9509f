#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb in a temporary directory, UTF-8 locale
# (pg_trgm makes no trigrams of Japanese under the C locale), listening on loopback only, with
# trust authentication for the local test user. initdb and pg_ctl refuse to run as root, so they
# run as the postgres user.
#   pg-test-cluster.sh start STATE_DIR   -> writes STATE_DIR/url (postgresql://…/postgres)
#   pg-test-cluster.sh stop STATE_DIR    -> stops the server and removes its data
set -euo pipefail
cmd=${1:?start|stop}
state=${2:?state directory}
mkdir -p "$state"

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL server binaries not found: install the postgresql package (scripts/install-deps.sh)" >&2
  exit 1
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_cluster() {
  if [ -f "$state/datadir" ]; then
    data=$(cat "$state/datadir")
    if [ -d "$data" ]; then
      as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
      rm -rf "$(dirname "$data")"
    fi
  fi
  rm -f "$state/url" "$state/datadir"
}

case "$cmd" in
start)
  stop_cluster
  base=$(mktemp -d /tmp/madoguchi-pg.XXXXXX)
  chmod 755 "$base"
  data="$base/data"
  mkdir "$data" "$base/socket"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$base"
  echo "$data" > "$state/datadir"
  as_pg "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 || {
    cat "$state/initdb.log" >&2; exit 1; }
  # A free port on loopback.
  port=""
  for p in $(seq 55432 55532); do
    if ! (echo > /dev/tcp/127.0.0.1/$p) 2>/dev/null; then port=$p; break; fi
  done
  [ -n "$port" ] || { echo "no free port for PostgreSQL" >&2; exit 1; }
  as_pg "$bindir/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $base/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$base/server.log" >&2; exit 1; }
  echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$state/url"
  echo "PostgreSQL test cluster on 127.0.0.1:$port ($data)"
  ;;
stop)
  stop_cluster
  echo "PostgreSQL test cluster stopped"
  ;;
*)
  echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
