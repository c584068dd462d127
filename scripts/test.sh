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

fuzz_prepare() {  # the venv (before two runs could both install into it) and the PostgreSQL database to fuzz
    (source tests/venv.sh tests/fuzz/requirements.txt fuzz-requirements 'import schemathesis')
    postgres_url safeguard >/dev/null
    fuzz_url=$(bash scripts/postgres.sh createdb "$pgdir" safeguard_fuzz)
    mkdir -p artifacts/fuzz
}
fuzz_run() {  # fuzz_run ENGINE [run.sh args…]: one engine's fuzzing, its own server on a free port
    local engine=$1
    shift
    # 15 examples per operation here (at least 1,000 requests a role and engine still required);
    # `make fuzz` keeps run.sh's default of 40 for a deeper search.
    FUZZ_MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-15} FUZZ_ARTIFACTS=artifacts/fuzz/$engine bash tests/fuzz/run.sh "$@" >artifacts/fuzz/$engine.log 2>&1
}
fuzz_stage() {  # both engines at once
    fuzz_prepare
    fuzz_run sqlite & local sqlite=$!
    fuzz_run postgres --database-url "$fuzz_url" & local postgres=$!
    local a=0 b=0
    wait $sqlite || a=$?
    wait $postgres || b=$?
    sed 's/^/[SQLite] /' artifacts/fuzz/sqlite.log
    sed 's/^/[PostgreSQL] /' artifacts/fuzz/postgres.log
    [ $a -eq 0 ] && [ $b -eq 0 ]
}
# Server tests and fuzzing as two pipelines at once, crossed: SQLite's tests (the shorter, ~120 s)
# then PostgreSQL's fuzzing (the longer, ~175 s); PostgreSQL's tests (~210 s) then SQLite's fuzzing
# (~125 s). No core waits while the other pipeline still has work (docs/testing.md keeps the stage times).
pipeline_stage() {
    local logs=artifacts/tests
    mkdir -p "$logs"
    local url
    url=$(postgres_url safeguard)
    echo "PostgreSQL at ${url%%@*}@…"
    fuzz_prepare
    local filter=()
    wants core || filter=(--filter SafeguardServerTests)
    ( start=$SECONDS; run_tests "$logs/sqlite.log" "${filter[@]}" || exit 10
      echo "[SQLite] tests $((SECONDS - start)) s"; start=$SECONDS
      fuzz_run postgres --database-url "$fuzz_url" || exit 20; echo "[PostgreSQL] fuzzing $((SECONDS - start)) s" ) & local first=$!
    ( start=$SECONDS; SAFEGUARD_TEST_DATABASE_URL="$url" run_tests "$logs/postgres.log" --filter SafeguardServerTests || exit 10
      echo "[PostgreSQL] tests $((SECONDS - start)) s"; start=$SECONDS
      fuzz_run sqlite || exit 20; echo "[SQLite] fuzzing $((SECONDS - start)) s" ) & local second=$!
    local a=0 b=0
    wait $first || a=$?
    wait $second || b=$?
    show "SQLite" "$logs/sqlite.log" $((a == 10 ? 1 : 0))
    show "PostgreSQL" "$logs/postgres.log" $((b == 10 ? 1 : 0))
    # A fuzzing run's summary, or all of it when it failed.
    [ $a -ne 10 ] && sed 's/^/[PostgreSQL] /' artifacts/fuzz/postgres.log 2>/dev/null | tail -n $([ $a -eq 0 ] && echo 8 || echo 100000)
    [ $b -ne 10 ] && sed 's/^/[SQLite] /' artifacts/fuzz/sqlite.log 2>/dev/null | tail -n $([ $b -eq 0 ] && echo 8 || echo 100000)
    [ $a -eq 0 ] && [ $b -eq 0 ]
}

stage "build" swift build --build-tests
if wants server && wants fuzz; then
    stage "server tests, then fuzzing, per engine (SQLite and PostgreSQL at once)" pipeline_stage
else
    if wants server; then
        stage "core tests + server tests on SQLite and PostgreSQL (at once)" server_stage
    elif wants core; then
        stage "core unit tests" swift test --skip-build --filter SafeguardCoreTests
    fi
    if wants fuzz; then stage "API fuzzing on SQLite and PostgreSQL (at once)" fuzz_stage; fi
fi
if wants browser; then stage "browser tests" bash tests/browser/run.sh; fi
