#!/usr/bin/env bash
# A throwaway PostgreSQL on 127.0.0.1 for tests and benchmarks.
#   scripts/postgres.sh start DIR   initdb + start in DIR, print the DATABASE_URL
#   scripts/postgres.sh createdb DIR NAME   one more empty database on it, print its DATABASE_URL
#   scripts/postgres.sh stop DIR    stop the server started in DIR
# initdb refuses to run as root, so the server runs as the `postgres` user.
set -euo pipefail
action=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
start)
    port=${PGPORT_TEST:-54329}
    while (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
    mkdir -p "$dir"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
    echo "$port" >"$dir/port"
    "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres \
        -c "CREATE ROLE safeguard LOGIN CREATEDB CREATEROLE PASSWORD 'safeguard'" -c "CREATE DATABASE safeguard OWNER safeguard" >/dev/null
    echo "postgres://safeguard:safeguard@127.0.0.1:$port/safeguard"
    ;;
createdb)
    # createdb DIR NAME: an empty database NAME owned by safeguard on the server started in DIR; prints its URL.
    port=$(cat "$dir/port")
    "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE $3 OWNER safeguard" >/dev/null
    echo "postgres://safeguard:safeguard@127.0.0.1:$port/$3"
    ;;
stop)
    [ -d "$dir/data" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
