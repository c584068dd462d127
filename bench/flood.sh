#!/usr/bin/env bash
# A flood of citizens' reports from one address (issue 19), on PostgreSQL and SQLite: the portal
# must absorb it (proof of work, per-address and city-wide limits) while the officers' queue page
# keeps its p95 under 300 ms. Reference in the same run: the queue page timed with no flood.
#   bash bench/flood.sh BIN DATABASE_URL WORKDIR
set -euo pipefail
bin=$1 url=$2 work=$3
cd "$(dirname "$0")/.."
source bench/serve.sh
submissions=${BENCH_FLOOD_SUBMISSIONS:-2000}
workers=${BENCH_FLOOD_WORKERS:-8}
mkdir -p "$work"
for engine in postgres sqlite; do
    echo "== $engine"
    export SAFEGUARD_DEMO=0 SAFEGUARD_WARNING_INTERVAL=0 SAFEGUARD_DATA_DIR="$work/data-$engine"
    # The flooder pays the proof of work at this base difficulty (Python's hashlib is slower than a
    # phone's browser at 18 bits would need for 2,000 stamps in a bench run); the server raises it as the load grows.
    export SAFEGUARD_TIP_PROOF_BITS=${BENCH_FLOOD_PROOF_BITS:-12}
    # The bench's own address is the "load balancer", so the spread flood can claim other addresses.
    export SAFEGUARD_TRUSTED_PROXIES=127.0.0.1
    if [ "$engine" = postgres ]; then
        export DATABASE_URL="$url"
        psql -q "$url" -c "SET client_min_messages = warning" -c "DROP SCHEMA public CASCADE" -c "CREATE SCHEMA public"
        file=-
    else
        unset DATABASE_URL
        rm -rf "$SAFEGUARD_DATA_DIR"
        file="$SAFEGUARD_DATA_DIR/safeguard.sqlite"
    fi
    "$bin" migrate >/dev/null 2>&1
    password="flood-bench-$RANDOM-pw"
    echo "$password" | "$bin" user add hb --role commune-officer --unit 11311 --password-stdin >/dev/null 2>&1
    echo "$password" | "$bin" user add office --role standing-office --unit 31-CATP --password-stdin >/dev/null 2>&1
    serve "$bin" 8097 "$work/server-$engine.log"
    jar="$work/cookies-$engine"
    cookie=$(session hb "$password" "$jar")
    python3 bench/flood.py "$BASE" "$cookie" "$submissions" "$workers" "$file"
    # Then from many addresses: the proof of work's difficulty rises, the city-wide ceiling holds.
    python3 bench/flood.py "$BASE" "$cookie" "$submissions" "$workers" "$file" spread
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
done
