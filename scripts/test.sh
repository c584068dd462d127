#!/usr/bin/env bash
# Every test: core unit tests, server tests on SQLite, the same server tests on a throwaway
# PostgreSQL, the API fuzzed on both (schemathesis, tests/fuzz), and the browser test. Stops what
# it started, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

pgdir=$(mktemp -d /tmp/safeguard-pg.XXXXXX)
cleanup() { bash scripts/postgres.sh stop "$pgdir"; rm -rf "$pgdir"; }
trap cleanup EXIT

echo "== build"
swift build --build-tests

echo "== unit tests and server tests on SQLite"
swift test --skip-build

echo "== server tests on PostgreSQL"
url=$(bash scripts/postgres.sh start "$pgdir")
echo "PostgreSQL at ${url%%@*}@…"
SAFEGUARD_TEST_DATABASE_URL="$url" swift test --skip-build --filter SafeguardServerTests

echo "== API fuzzing (schemathesis) on SQLite"
FUZZ_ARTIFACTS=artifacts/fuzz/sqlite bash tests/fuzz/run.sh
echo "== API fuzzing on PostgreSQL"
fuzz_url=$(bash scripts/postgres.sh createdb "$pgdir" safeguard_fuzz)
FUZZ_ARTIFACTS=artifacts/fuzz/postgres bash tests/fuzz/run.sh --database-url "$fuzz_url"

echo "== browser tests"
bash tests/browser/run.sh
