#!/usr/bin/env bash
# R reference runs for the early-warning benchmarks (Farrington speed on many unit series and the
# detection-quality table); the Swift side reads their outputs. See the headers of
# bench/r/farrington-speed.R and bench/r/detection-quality.R for the formats.
#   bash bench/early-warning-r.sh OUTDIR
#   SPEED_SERIES        series in the speed run (default 3321)
#   QUALITY_REPLICATES  series per scenario in the quality run (default 8)
# Installs R's surveillance package from Debian if it is missing; exits 3 when that is impossible.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bash bench/early-warning-r.sh OUTDIR" >&2; exit 2; }
outdir=$1
mkdir -p "$outdir"

echo "== machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%M:%SZ)"   # before OMP_NUM_THREADS, which nproc honours

# Single core by construction: R here uses the reference BLAS, but an optimised BLAS installed later
# would otherwise start threads and make the timings incomparable.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

if ! Rscript -e 'suppressMessages(library(surveillance))' >/dev/null 2>&1; then
    echo "== R package surveillance not found: installing r-cran-surveillance (Debian)"
    if ! command -v apt-get >/dev/null || [ "$(id -u)" -ne 0 ]; then
        echo "early-warning-r: cannot install R's surveillance package: apt-get is unavailable or we are not root." >&2
        echo "Install R and r-cran-surveillance (R 4.2.2 / surveillance 1.20.3 on Debian bookworm) and re-run." >&2
        exit 3
    fi
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends r-cran-surveillance; }; then
        echo "early-warning-r: apt-get could not install r-cran-surveillance; install it by hand and re-run." >&2
        exit 3
    fi
    Rscript -e 'suppressMessages(library(surveillance))' >/dev/null 2>&1 || {
        echo "early-warning-r: r-cran-surveillance installed but library(surveillance) still fails." >&2; exit 3; }
fi

echo "== $(Rscript -e 'cat(R.version.string)'); surveillance $(Rscript -e 'cat(format(packageVersion("surveillance")))' 2>/dev/null)"

# Wall time of a whole script (simulation and writing included); the detection-only seconds the
# benchmarks compare against are in the files the scripts write.
since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

echo "== Farrington speed (${SPEED_SERIES:-3321} series, last week)"
start=$(date +%s.%N)
Rscript bench/r/farrington-speed.R "$outdir" "${SPEED_SERIES:-3321}"
echo "farrington-speed.R: $(since "$start")s in total; detection only $(cat "$outdir/speed-r-seconds.txt")s"

echo "== detection quality (${QUALITY_REPLICATES:-8} replicates per scenario)"
start=$(date +%s.%N)
Rscript bench/r/detection-quality.R "$outdir" "${QUALITY_REPLICATES:-8}"
echo "detection-quality.R: $(since "$start")s in total; detection seconds per method:"
tail -n +2 "$outdir/quality-r-seconds.csv" | sed 's/^/  /; s/,/: /'
echo "== outputs in $outdir"
ls -l "$outdir"
