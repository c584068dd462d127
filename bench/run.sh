#!/usr/bin/env bash
# make bench: the KPI and import benchmarks on PostgreSQL and SQLite, each against its floor
# measured in the same run. Prints results; bench/README.md records the latest ones.
#   BENCH_CASES_PER_YEAR (default 250000: ~1M cases and ~1.3M reports over 2023–2026)
#   BENCH_IMPORT_ROWS    (default 1000000)
#   BENCH_ONLY           all | kpi | import | early-warning | board | reports | hostile | flood
# The early-warning part reruns R's surveillance live (installing r-cran-surveillance if missing).
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
only=${BENCH_ONLY:-all}   # all | kpi | import | early-warning | board | reports | hostile | flood

if [ "$only" = all ] || [ "$only" = flood ]; then
    echo "== a flood of citizens' reports from one address, and the officers' queue (PostgreSQL, SQLite)"
    bash bench/flood.sh "$bin" "$pgurl" "$work/flood"
    [ "$only" = flood ] && exit 0
fi
if [ "$only" = all ] || [ "$only" = hostile ]; then
    echo "== hostile input: import memory, 48 writers on one assignment (PostgreSQL, SQLite)"
    bash bench/hostile.sh "$bin" "$pgurl" "$work/hostile"
    [ "$only" = hostile ] && exit 0
fi

if [ "$only" = all ] || [ "$only" = board ]; then
    echo "== task board under load (PostgreSQL, wrk)"
    bash bench/board.sh "$bin" "$pgurl" "$work"
    [ "$only" = board ] && exit 0
fi

if [ "$only" = all ] || [ "$only" = reports ]; then
    echo "== periodic reports: city report, Excel upload, completeness matrix (PostgreSQL)"
    bash bench/reports.sh "$bin" "$pgurl" "$work"
    [ "$only" = reports ] && exit 0
fi

if [ "$only" = all ] || [ "$only" = early-warning ]; then
    echo "== early-warning benchmark: R live, real data, then Safeguard on the same files"
    ew="$work/early-warning"
    bash bench/early-warning-r.sh "$ew"
    bash bench/real-data.sh "${BENCH_CACHE:-$root/.build/bench-cache}" "$ew"
    SAFEGUARD_DEMO=0 SAFEGUARD_DATA_DIR="$work/data-early-warning" "$bin" bench early-warning --dir "$ew" --iterations 5
    [ "$only" = early-warning ] && exit 0
fi

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
# References, each loaded by the database's own bulk loader:
#  - "same table": the rows Safeguard imported, exported in the table's own layout and loaded back into
#    criminal_cases with its indexes, constraints and counts triggers — what the issue compares against;
#  - "raw file": the CSV itself into a table of text columns with no index (the loader's top speed).
pg() { psql -q -v ON_ERROR_STOP=1 "$pgurl" "$@"; }
for engine in postgres sqlite; do
    export SAFEGUARD_DEMO=0 SAFEGUARD_DATA_DIR="$work/import-$engine"
    db="$SAFEGUARD_DATA_DIR/safeguard.sqlite"
    if [ "$engine" = postgres ]; then
        export DATABASE_URL="$pgurl"
        pg -c "SET client_min_messages = warning" -c "DROP SCHEMA public CASCADE" -c "CREATE SCHEMA public"
        count() { psql -tA "$pgurl" -c "SELECT COUNT(*) FROM criminal_cases"; }
    else
        unset DATABASE_URL
        count() { sqlite3 "$db" "SELECT COUNT(*) FROM criminal_cases"; }
    fi
    "$bin" migrate >/dev/null
    ours=$(seconds "$bin" import cases "$csv")
    [ "$(count)" = "$import_rows" ] || { echo "bench: $engine imported $(count) of $import_rows rows" >&2; exit 1; }
    table="$work/table-$engine"
    if [ "$engine" = postgres ]; then
        pg -c "\\copy criminal_cases TO '$table'" -c "SET client_min_messages = warning" -c "TRUNCATE criminal_cases, case_counts CASCADE"
        same=$(seconds pg -c "\\copy criminal_cases FROM '$table'")
        pg -c "CREATE TABLE floor_cases (code text, article text, clause text, unit text, occurred text, discovered text, solved text, suspects text, summary text)"
        raw=$(seconds pg -c "\\copy floor_cases FROM '$csv' WITH (FORMAT csv, HEADER true)")
        tool="psql \\copy"
    else
        sqlite3 -csv "$db" "SELECT * FROM criminal_cases" > "$table"
        sqlite3 "$db" "DELETE FROM criminal_cases; DELETE FROM case_counts;"
        same=$(seconds sqlite3 "$db" ".import --csv $table criminal_cases")
        sqlite3 "$db" "CREATE TABLE floor_cases (code text, article text, clause text, unit text, occurred text, discovered text, solved text, suspects text, summary text)"
        raw=$(seconds sqlite3 "$db" ".import --csv --skip 1 $csv floor_cases")
        tool="sqlite3 .import"
    fi
    [ "$(count)" = "$import_rows" ] || { echo "bench: $tool loaded $(count) of $import_rows rows" >&2; exit 1; }
    rate() { echo "$import_rows / $1" | bc; }
    echo "$engine: safeguard import ${ours}s ($(rate "$ours") rows/s)"
    echo "$engine: $tool, same rows into the same table ${same}s ($(rate "$same") rows/s): safeguard at $(echo "scale=1; 100 * $same / $ours" | bc)% of its speed"
    echo "$engine: $tool, the CSV into text columns ${raw}s ($(rate "$raw") rows/s): safeguard at $(echo "scale=1; 100 * $raw / $ours" | bc)% of its speed"
done
