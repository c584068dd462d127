#!/usr/bin/env bash
# Periodic reporting at the city's scale, on PostgreSQL: every commune-level unit and department
# reporting on three forms (the two shipped ones and a copy of the commune form) for every closed
# month/quarter of the year, all approved, then:
#  - the consolidated city report for a quarter as Word (GET /reports/city.docx), 10 times in a row;
#    reference: the same roll-up as one hand-written SQL query (EXPLAIN ANALYZE's execution time);
#  - a filled Excel form uploaded by a ward's officer (checked cell by cell and stored), 20 times;
#    reference: the same values posted as a plain form to the autosave route;
#  - the completeness matrix (units × 12 months) under 16 users with wrk; reference: /healthz.
#   bash bench/reports.sh BIN DATABASE_URL WORKDIR
set -euo pipefail
bin=$1 url=$2 work=$3
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk; }
export DATABASE_URL="$url" SAFEGUARD_DEMO=0 SAFEGUARD_DATA_DIR="$work/reports" SAFEGUARD_WARNING_INTERVAL=0
psql -q "$url" -c "SET client_min_messages = warning" -c "DROP SCHEMA public CASCADE" -c "CREATE SCHEMA public"
"$bin" migrate >/dev/null
sed -e 's/^code: commune_monthly/code: commune_monthly_security/' -e 's/^title: .*/title: Báo cáo tháng thử nghiệm (bản sao biểu mẫu cấp xã)/' \
    Resources/Data/report-forms/commune-monthly.yaml > "$work/form3.yaml"
"$bin" import form "$work/form3.yaml" 2>/dev/null | tail -1
"$bin" generate reports 2>/dev/null | tail -1
psql -q "$url" -c "ANALYZE"
year=$(date +%Y) quarter="$(date +%Y)-Q1"
password="reports-bench-$RANDOM-password"
for user in "office standing-office 31-CATP" "ward commune-officer 11311"; do
    set -- $user
    echo "$password" | "$bin" user add "$1" --role "$2" --unit "$3" --password-stdin >/dev/null 2>&1
done
port=8096
source bench/serve.sh
serve "$bin" $port "$work/reports-server.log"
base=$BASE
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %.0f ms, max %.0f ms (n=%d)", a[int((NR+1)/2)]*1000, a[NR]*1000, NR}'; }
office=$(session office "$password" "$work/office.jar")
ward=$(session ward "$password" "$work/ward.jar")

echo "reports: $(psql -tA "$url" -c "SELECT COUNT(*) FROM report_submissions") approved, $(psql -tA "$url" -c "SELECT COUNT(*) FROM report_values") values"
curl -sf -o "$work/city.docx" -H "Cookie: $office" "$base/reports/city.docx?period=$quarter" || { echo "bench: the city report failed" >&2; exit 1; }
echo -n "city report $quarter as Word (10 runs):   "
for _ in $(seq 1 10); do curl -s -o /dev/null -w "%{time_total}\n" -H "Cookie: $office" "$base/reports/city.docx?period=$quarter"; done | stats
echo ", $(stat -c %s "$work/city.docx") bytes"
periods=$(psql -tA "$url" -c "SELECT string_agg(quote_literal(p), ',') FROM (SELECT DISTINCT period AS p FROM report_submissions WHERE period BETWEEN '$year-M01' AND '$year-M03' OR period = '$quarter') q")
echo -n "reference: the roll-up as one SQL query: "
psql -tA "$url" -c "EXPLAIN ANALYZE SELECT s.form_code, v.key, SUM(CASE WHEN v.value ~ '^[0-9.]+\$' THEN v.value::numeric END), COUNT(DISTINCT s.unit_code)
  FROM report_values v JOIN report_submissions s ON s.id = v.submission_id
  WHERE s.state = 'approved' AND s.period IN ($periods) GROUP BY 1, 2" | sed -n 's/Execution Time: //p'

open=$(curl -s -H "Cookie: $ward" "$base/reports" | grep -o 'href="/reports/commune_monthly/[^"]*"' | head -1 | sed 's/href="\(.*\)"/\1/')
[ -n "$open" ] || { echo "bench: no open report for the ward" >&2; exit 1; }
curl -sf -o "$work/template.xlsx" -H "Cookie: $ward" "$base$open/template.xlsx"
python3 bench/fill-report.py "$work/template.xlsx" "$work/filled.xlsx"
csrf=$(curl -s -H "Cookie: $ward" "$base$open" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
code=$(curl -s -o /dev/null -w "%{http_code}" -H "Cookie: $ward" -F "_csrf=$csrf" -F "file=@$work/filled.xlsx" "$base$open/upload")
[ "$code" = 303 ] || { echo "bench: the upload answered $code" >&2; exit 1; }
echo -n "Excel upload of a filled form (20 runs):   "
for _ in $(seq 1 20); do curl -s -o /dev/null -w "%{time_total}\n" -H "Cookie: $ward" -F "_csrf=$csrf" -F "file=@$work/filled.xlsx" "$base$open/upload"; done | stats
echo
form=$(python3 - "$work/filled.xlsx" <<'PY'
import re, sys, urllib.parse, zipfile
text = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode()
pairs = []
for row in re.findall(r'<row r="\d+">(.*?)</row>', text)[1:]:
    cells = dict(re.findall(r'<c r="([A-Z]+)\d+" t="inlineStr"(?: s="\d+")?><is><t xml:space="preserve">(.*?)</t>', row))
    if cells.get("A", "").startswith("#") or not cells.get("C"):
        continue
    pairs.append(("v[%s]" % cells["A"], cells["C"]))
print(urllib.parse.urlencode(pairs))
PY
)
echo -n "reference: the same values as a form post: "
for _ in $(seq 1 20); do curl -s -o /dev/null -w "%{time_total}\n" -H "Cookie: $ward" -H "X-CSRF-Token: $csrf" --data "$form" "$base$open/draft"; done | stats
echo
echo -n "completeness matrix ($year, 16 users, 20 s): "
wrk -t2 -c16 -d20s -s bench/wrk-latency.lua -H "Cookie: $office" "$base/reports/commune_monthly/completeness?year=$year" | tail -1
echo -n "floor /healthz (16 users, 20 s):           "
wrk -t2 -c16 -d20s -s bench/wrk-latency.lua "$base/healthz" | tail -1
