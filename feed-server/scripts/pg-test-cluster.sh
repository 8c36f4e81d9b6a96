#!/usr/bin/env bash
# Creates a throwaway PostgreSQL cluster for the feed-server test suite and prints its URL on stdout.
#   url=$(feed-server/scripts/pg-test-cluster.sh start)   -> postgres://feed@127.0.0.1:PORT/feed_test
#   feed-server/scripts/pg-test-cluster.sh stop <dir>      (the dir is printed on stderr by start)
# Runs initdb/pg_ctl as the `postgres` user when invoked as root (PostgreSQL refuses to run as root).
set -euo pipefail

PG_BIN="${PG_BIN:-}"
if [[ -z "$PG_BIN" ]]; then
  for d in /usr/lib/postgresql/*/bin; do [[ -x "$d/initdb" ]] && PG_BIN="$d"; done
fi
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
  echo "pg-test-cluster: initdb not found; install Debian's postgresql (apt-get install -y postgresql) or set PG_BIN" >&2
  exit 1
fi

as_pg() {
  if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd="${1:-start}"
case "$cmd" in
  start)
    dir="$(mktemp -d /tmp/feed-pg.XXXXXX)"
    [[ "$(id -u)" == "0" ]] && chown postgres "$dir"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
      || node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U feed --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U feed feed_test
    echo "pg-test-cluster: data dir $dir (stop with: $0 stop $dir)" >&2
    echo "postgres://feed@127.0.0.1:$port/feed_test"
    ;;
  stop)
    dir="${2:?usage: $0 stop <dir>}"
    case "$dir" in /tmp/feed-pg.*) ;; *) echo "refusing to remove $dir" >&2; exit 1;; esac
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop <dir>" >&2; exit 2;;
esac
