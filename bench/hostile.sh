#!/usr/bin/env bash
# Hostile input (issue 14): memory of a 50,000-row import (CSV and Excel, through the command line
# and the web preview), and 48 people reporting progress on one assignment at once, on PostgreSQL
# and SQLite. References in the same run: the same command on a 10-row file (what the process
# needs anyway) and the same reports sent by one writer.
#   bash bench/hostile.sh BIN DATABASE_URL WORKDIR
set -euo pipefail
bin=$1 url=$2 work=$3
cd "$(dirname "$0")/.."
source bench/serve.sh
rows=${BENCH_HOSTILE_ROWS:-50000}
mkdir -p "$work"
# Four files with numbers of their own (BM-, BX-, SM-, SX-), so every import is of new cases.
python3 bench/make-cases-csv.py "$rows" "$work/cases.csv" >/dev/null
python3 bench/make-cases-csv.py 10 "$work/small.csv" 11 >/dev/null
sed 's/^BM-/BX-/' "$work/cases.csv" >"$work/cases-x.csv" && python3 bench/make-xlsx.py "$work/cases-x.csv" "$work/cases.xlsx" >/dev/null
sed 's/^BM-/SX-/' "$work/small.csv" >"$work/small-x.csv" && python3 bench/make-xlsx.py "$work/small-x.csv" "$work/small.xlsx" >/dev/null
sed -i 's/^BM-/SM-/' "$work/small.csv"
# The largest CSV the import page takes (20 MB): about 19 MB of new cases.
python3 bench/make-cases-csv.py 240000 "$work/large.csv" 13 >/dev/null
sed -i 's/^BM-/LG-/' "$work/large.csv"
echo "files: $rows rows — CSV $(du -h "$work/cases.csv" | cut -f1), Excel $(du -h "$work/cases.xlsx" | cut -f1) (worksheet XML $(unzip -l "$work/cases.xlsx" xl/worksheets/sheet1.xml | awk 'NR==4 {printf "%.1f MB", $1/1e6}'))"

# Peak resident memory (MB) of one command.
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1/1024}'; }

for engine in postgres sqlite; do
    echo "== $engine"
    export SAFEGUARD_DEMO=0 SAFEGUARD_WARNING_INTERVAL=0 SAFEGUARD_DATA_DIR="$work/data-$engine"
    if [ "$engine" = postgres ]; then
        export DATABASE_URL="$url"
        psql -q "$url" -c "SET client_min_messages = warning" -c "DROP SCHEMA public CASCADE" -c "CREATE SCHEMA public"
    else
        unset DATABASE_URL
        rm -rf "$SAFEGUARD_DATA_DIR"
    fi
    "$bin" migrate >/dev/null 2>&1
    for kind in csv xlsx; do
        base=$(peak "$bin" import cases "$work/small.$kind")
        big=$(peak "$bin" import cases "$work/cases.$kind")
        echo "import $rows rows ($kind, command line): peak RSS ${big} MB; 10 rows: ${base} MB; ratio $(echo "scale=1; $big / $base" | bc)×"
    done

    # The web path: the preview of an upload (every row checked) as a commune officer would send it.
    password="hostile-bench-$RANDOM-pw"
    echo "$password" | "$bin" user add office --role standing-office --unit 31-CATP --password-stdin >/dev/null 2>&1
    echo "$password" | "$bin" user add hb --role commune-officer --unit 11311 --password-stdin >/dev/null 2>&1
    "$bin" generate assignments --recurrence monthly:14 --every-locality >/dev/null 2>&1
    token=$("$bin" token issue hb 2>/dev/null | tail -1)
    serve "$bin" 8098 "$work/server-$engine.log"
    server=$SERVER
    jar="$work/cookies-$engine"
    session office "$password" "$jar" >/dev/null
    csrf=$(curl -s -b "$jar" -c "$jar" "$BASE/records/import" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
    hwm() { awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$server/status; }
    before=$(hwm)
    s=$(date +%s.%N)
    code=$(curl -s -b "$jar" -o "$work/preview.html" -w '%{http_code}' -F "_csrf=$csrf" -F kind=cases -F "file=@$work/cases.xlsx" "$BASE/records/import")
    t=$(echo "$(date +%s.%N) - $s" | bc)
    echo "web preview of the $rows-row workbook: HTTP $code in ${t}s; server peak RSS ${before} MB before, $(hwm) MB after"
    s=$(date +%s.%N)
    code=$(curl -s -b "$jar" -o "$work/preview-large.html" -w '%{http_code}' -F "_csrf=$csrf" -F kind=cases -F "file=@$work/large.csv" "$BASE/records/import")
    t2=$(echo "$(date +%s.%N) - $s" | bc)
    echo "web preview of a $(du -h "$work/large.csv" | cut -f1) CSV (240,000 rows): HTTP $code in ${t2}s ($(echo "scale=1; $t2 / $t" | bc)× the $rows-row workbook's time for 4.8× the rows); server peak RSS $(hwm) MB"
    id=$(curl -s -H "Authorization: Bearer $token" "$BASE/api/v1/assignments?per_page=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
    python3 bench/writers.py "$BASE" "$token" "$id" 48 300
    kill $server; wait $server 2>/dev/null || true
    trap - EXIT
done
