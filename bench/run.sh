#!/usr/bin/env bash
# make bench: the KPI and import benchmarks on PostgreSQL and SQLite, each against its floor
# measured in the same run. Prints results; bench/README.md records the latest ones.
#   BENCH_CASES_PER_YEAR (default 250000: ~1M cases and ~1.3M reports over 2023–2026)
#   BENCH_IMPORT_ROWS    (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cases_per_year=${BENCH_CASES_PER_YEAR:-250000}
import_rows=${BENCH_IMPORT_ROWS:-1000000}
work=$(mktemp -d /tmp/safeguard-bench.XXXXXX)
# A directory of its own: the server runs as the postgres user, which cannot enter $work.
pgdir=$(mktemp -d /tmp/safeguard-bench-pg.XXXXXX)
cleanup() { bash scripts/postgres.sh stop "$pgdir"; rm -rf "$work" "$pgdir"; }
trap cleanup EXIT

echo "== build (release)"
[ -n "${BENCH_SKIP_BUILD:-}" ] || swift build -c release --product safeguard 2>&1 | tail -1
bin="$root/.build/release/safeguard"
command -v psql >/dev/null && command -v sqlite3 >/dev/null || {
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-client sqlite3; }
pgurl=$(bash scripts/postgres.sh start "$pgdir")

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(date -u +%Y-%m-%d)"
# Wall time of a command in seconds; a failing command stops the benchmark (a failed run is no measurement).
seconds() { local s=$(date +%s.%N); "$@" >/dev/null || { echo "bench: failed: $*" >&2; exit 1; }; echo "$(date +%s.%N) - $s" | bc; }
only=${BENCH_ONLY:-all}   # all | kpi | import

for engine in postgres sqlite; do
    [ "$only" = import ] && break
    echo "== KPI benchmark on $engine"
    export SAFEGUARD_DEMO=0 SAFEGUARD_DATA_DIR="$work/data-$engine"
    if [ "$engine" = postgres ]; then export DATABASE_URL="$pgurl"; else unset DATABASE_URL; fi
    "$bin" migrate >/dev/null
    t=$(seconds "$bin" generate records --cases-per-year "$cases_per_year" --from 2023-01-01 --to 2026-11-28)
    echo "generated the synthetic history in ${t}s"
    "$bin" bench kpi --period 2026-Q1 --iterations 20
    "$bin" bench kpi --period 2025 --iterations 10
done

[ "$only" = kpi ] && exit 0
echo "== import benchmark ($import_rows rows)"
csv="$work/cases.csv"
python3 bench/make-cases-csv.py "$import_rows" "$csv" >/dev/null
header=$(head -1 "$csv")
# Floor tables: the same file loaded raw into text columns by the database's own bulk loader.
pg() { psql -q -v ON_ERROR_STOP=1 "$pgurl" "$@"; }
for engine in postgres sqlite; do
    export SAFEGUARD_DEMO=0 SAFEGUARD_DATA_DIR="$work/import-$engine"
    if [ "$engine" = postgres ]; then
        export DATABASE_URL="$pgurl"
        pg -c "DROP SCHEMA public CASCADE" -c "CREATE SCHEMA public"
    else
        unset DATABASE_URL
    fi
    "$bin" migrate >/dev/null
    ours=$(seconds "$bin" import cases "$csv")
    imported=$([ "$engine" = postgres ] && psql -tA "$pgurl" -c "SELECT COUNT(*) FROM criminal_cases" \
        || sqlite3 "$SAFEGUARD_DATA_DIR/safeguard.sqlite" "SELECT COUNT(*) FROM criminal_cases")
    [ "$imported" = "$import_rows" ] || { echo "bench: $engine imported $imported of $import_rows rows" >&2; exit 1; }
    if [ "$engine" = postgres ]; then
        pg -c "CREATE TABLE floor_cases (code text, article text, clause text, unit text, occurred text, discovered text, solved text, suspects text, summary text)"
        floor=$(seconds pg -c "\\copy floor_cases FROM '$csv' WITH (FORMAT csv, HEADER true)")
        tool="psql \\copy"
    else
        db="$SAFEGUARD_DATA_DIR/safeguard.sqlite"
        sqlite3 "$db" "CREATE TABLE floor_cases (code text, article text, clause text, unit text, occurred text, discovered text, solved text, suspects text, summary text)"
        floor=$(seconds sqlite3 "$db" ".import --csv --skip 1 $csv floor_cases")
        tool="sqlite3 .import"
    fi
    echo "$engine: safeguard import ${ours}s ($(echo "$import_rows / $ours" | bc) rows/s); $tool ${floor}s ($(echo "$import_rows / $floor" | bc) rows/s); safeguard at $(echo "scale=1; 100 * $floor / $ours" | bc)% of the floor's speed"
done
