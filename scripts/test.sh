#!/usr/bin/env bash
# Every test, or the stages named: core (unit tests of SafeguardCore), server (server tests on
# SQLite, then on a throwaway PostgreSQL), fuzz (the API fuzzed on both engines by schemathesis,
# tests/fuzz), browser (Playwright on Chromium, tests/browser). Prints each stage's time and stops
# what it started, whatever happens.
#   bash scripts/test.sh                 every stage (make test)
#   bash scripts/test.sh core            make test-core
#   bash scripts/test.sh server          make test-server (with core: the core tests in the same run)
#   bash scripts/test.sh browser         make test-browser
set -euo pipefail
cd "$(dirname "$0")/.."
stages=${*:-core server fuzz browser}
wants() { [[ " $stages " == *" $1 "* ]]; }

pgdir=$(mktemp -d /tmp/safeguard-pg.XXXXXX)
timings=()
cleanup() {
    bash scripts/postgres.sh stop "$pgdir" 2>/dev/null || true
    rm -rf "$pgdir"
    if [ ${#timings[@]} -gt 0 ]; then printf '== stage times\n'; printf '  %s\n' "${timings[@]}"; fi
}
trap cleanup EXIT
stage() {  # stage NAME COMMAND...: runs and times one stage
    local name=$1 start=$SECONDS
    shift
    echo "== $name"
    "$@"
    timings+=("$(printf '%-34s %4d s' "$name" $((SECONDS - start)))")
}
postgres_url() { [ -f "$pgdir/port" ] || bash scripts/postgres.sh start "$pgdir" >/dev/null; echo "postgres://safeguard:safeguard@127.0.0.1:$(cat "$pgdir/port")/$1"; }

# The test bundle itself, as `swift test --skip-build` runs it: two runs at once (SwiftPM would
# make the second wait for the first's lock). Each test has a database of its own, so the SQLite
# and PostgreSQL runs share nothing.
tests_binary=.build/debug/SafeguardPackageTests.xctest
run_tests() {  # run_tests LOG [args…]: the Swift Testing tests matching args, output into LOG
    local log=$1
    shift
    "$tests_binary" --testing-library swift-testing "$@" >"$log" 2>&1
}
show() {  # show NAME LOG STATUS: a run's summary, or all of it when it failed
    if [ "$3" -eq 0 ]; then grep -E "^. Test run" "$2" | sed "s/^/[$1] /"; else sed "s/^/[$1] /" "$2"; fi
}
server_stage() {
    local logs=artifacts/tests
    mkdir -p "$logs"
    local url
    url=$(postgres_url safeguard)
    echo "PostgreSQL at ${url%%@*}@…"
    local filter=()
    wants core || filter=(--filter SafeguardServerTests)
    run_tests "$logs/sqlite.log" "${filter[@]}" & local sqlite=$!
    SAFEGUARD_TEST_DATABASE_URL="$url" run_tests "$logs/postgres.log" --filter SafeguardServerTests & local postgres=$!
    local a=0 b=0
    wait $sqlite || a=$?
    wait $postgres || b=$?
    show "SQLite" "$logs/sqlite.log" $a
    show "PostgreSQL" "$logs/postgres.log" $b
    [ $a -eq 0 ] && [ $b -eq 0 ]
}

stage "build" swift build --build-tests
if wants server; then
    stage "core tests + server tests on SQLite and PostgreSQL (at once)" server_stage
elif wants core; then
    stage "core unit tests" swift test --skip-build --filter SafeguardCoreTests
fi
fuzz_stage() {  # both engines at once: each run starts its own server on a free port
    # The venv first, so the two runs do not both install into it.
    (source tests/venv.sh tests/fuzz/requirements.txt fuzz-requirements 'import schemathesis')
    postgres_url safeguard >/dev/null
    local fuzz_url
    fuzz_url=$(bash scripts/postgres.sh createdb "$pgdir" safeguard_fuzz)
    mkdir -p artifacts/fuzz
    # 15 examples per operation here (at least 1,000 requests a role and engine still required);
    # `make fuzz` keeps run.sh's default of 40 for a deeper search.
    local examples=${FUZZ_MAX_EXAMPLES:-15}
    FUZZ_MAX_EXAMPLES=$examples FUZZ_ARTIFACTS=artifacts/fuzz/sqlite bash tests/fuzz/run.sh >artifacts/fuzz/sqlite.log 2>&1 & local sqlite=$!
    FUZZ_MAX_EXAMPLES=$examples FUZZ_ARTIFACTS=artifacts/fuzz/postgres bash tests/fuzz/run.sh --database-url "$fuzz_url" >artifacts/fuzz/postgres.log 2>&1 & local postgres=$!
    local a=0 b=0
    wait $sqlite || a=$?
    wait $postgres || b=$?
    sed 's/^/[SQLite] /' artifacts/fuzz/sqlite.log
    sed 's/^/[PostgreSQL] /' artifacts/fuzz/postgres.log
    [ $a -eq 0 ] && [ $b -eq 0 ]
}
if wants fuzz; then stage "API fuzzing on SQLite and PostgreSQL (at once)" fuzz_stage; fi
if wants browser; then stage "browser tests" bash tests/browser/run.sh; fi
