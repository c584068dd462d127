#!/usr/bin/env bash
# The task board under load: the standing office's /tasks (counts per status over every assignment
# of the city and the first page, late first) with every plan task given monthly to its units and to
# every commune-level unit (the issue's "114 communes × the plan's tasks × 12 months"), 16
# concurrent users for 20 s with wrk, on PostgreSQL; the reference in the same run is the same
# server's /healthz (no database) — what the framework alone costs.
#   bash bench/board.sh BIN DATABASE_URL WORKDIR
set -euo pipefail
bin=$1 url=$2 work=$3
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk; }
export DATABASE_URL="$url" SAFEGUARD_DEMO=0 SAFEGUARD_DATA_DIR="$work/board" SAFEGUARD_WARNING_INTERVAL=0
psql -q "$url" -c "SET client_min_messages = warning" -c "DROP SCHEMA public CASCADE" -c "CREATE SCHEMA public"
"$bin" migrate >/dev/null
"$bin" generate assignments --recurrence monthly:14 --every-locality 2>/dev/null | tail -1
# Steady state: statistics and the visibility map as autovacuum would leave them after a bulk load.
psql -q "$url" -c "VACUUM ANALYZE assignments"
password="board-bench-$RANDOM-password"
echo "$password" | "$bin" user add office --role standing-office --unit 31-CATP --password-stdin >/dev/null 2>&1
port=8097
source bench/serve.sh
serve "$bin" $port "$work/board-server.log"
cookie=$(session office "$password" "$work/cookies")
check=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/tasks" | grep -o 'Chưa hoàn thành, quá hạn: [0-9]*' | head -1)
[ -n "$check" ] || { echo "board: could not sign in or read the board" >&2; exit 1; }
echo "signed in as the standing office; the board shows \"$check\""
curl -s -o /dev/null -H "Cookie: $cookie" "http://127.0.0.1:$port/tasks"   # warm-up
echo -n "board  /tasks (16 users, 20 s):   "
wrk -t2 -c16 -d20s -s bench/wrk-latency.lua -H "Cookie: $cookie" "http://127.0.0.1:$port/tasks" | tail -1
echo -n "floor  /healthz (16 users, 20 s): "
wrk -t2 -c16 -d20s -s bench/wrk-latency.lua "http://127.0.0.1:$port/healthz" | tail -1
