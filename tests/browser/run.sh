#!/usr/bin/env bash
# Runs the browser tests (Playwright + pytest) against the already-built debug binary.
# Usage: bash tests/browser/run.sh [extra pytest args]
# Exit code: pytest's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
source "$ROOT/tests/venv.sh" "$ROOT/tests/browser/requirements.txt" browser-requirements 'import playwright.sync_api, pytest, axe_playwright_python'

if [ ! -x "$CHROMIUM" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "run.sh: $CHROMIUM missing; installing chromium"
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
    fi
    if [ ! -x "$CHROMIUM" ]; then
        echo "run.sh: Chromium not found at $CHROMIUM (install the 'chromium' package)" >&2
        exit 1
    fi
fi

mkdir -p "$ROOT/artifacts"

set +e
"$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/browser "$@"
status=$?
set -e
exit "$status"
