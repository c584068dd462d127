#!/usr/bin/env bash
# Fuzzes the JSON API with schemathesis against the already-built binary, from its own OpenAPI
# document (GET /openapi.json, written in Resources/openapi.yaml).
#
# Usage: bash tests/fuzz/run.sh [--database-url URL]
#
# With --database-url, use a throwaway PostgreSQL database: an empty one gets the demo accounts
# on the first start, and the fuzzer writes thousands of rows into it.
#
# - starts `${SAFEGUARD_BINARY:-.build/debug/safeguard} serve` on a free loopback port with a fresh
#   temporary data directory (SQLite; PostgreSQL when --database-url is given);
# - runs schemathesis once per account of FUZZ_USERS, `thuongtruc` (standing office) then `hongbang`
#   (commune officer): every check, every phase (examples, coverage, fuzzing, stateful), a fixed
#   seed; just before each run the CLI reactivates that account and issues its bearer token, and
#   /api/v1/me must show the role and unit it had when the server started, before and after the run;
# - fails (exit 1) on any check failure or schemathesis error, any 5xx answer, fewer requests than
#   FUZZ_MIN_REQUESTS per run, a run's account no longer what it was, or a server that died or is
#   no longer the process it started as.
# Reports (JUnit, NDJSON, VCR cassette, console log, server log) go to artifacts/fuzz/.
#
# Knobs (environment): SAFEGUARD_BINARY, FUZZ_SEED (799), FUZZ_MAX_EXAMPLES (40), FUZZ_WORKERS (1),
# FUZZ_MIN_REQUESTS (1000), FUZZ_READY_TIMEOUT (180 s), FUZZ_USERS ("thuongtruc hongbang"),
# FUZZ_EXTRA_ARGS (more `schemathesis run` arguments, split on spaces), FUZZ_ARTIFACTS
# (artifacts/fuzz).
#
# The fuzzer can lock itself out: with the standing office's token it calls /api/v1/users, where
# deactivating an account or resetting its password revokes that account's tokens (its own too, for a
# reset) and a PUT changes its role and unit. It finds `thuongtruc` and `hongbang` without help:
# schemathesis reuses values from responses (GET /api/v1/users, /api/v1/me); unguarded, a run of
# only /api/v1/users reset its own password half-way and got 401 for the rest, which no check flags
# (and schemathesis.toml's `usernames` dictionary now names them on purpose). Hence three guards,
# and still no operation excluded:
# - before each run the CLI reactivates the run's account (`safeguard user reactivate`) and issues its
#   token then (`safeguard token issue`), so nothing an earlier run did to it lasts; the run stops if
#   /api/v1/me shows another role or unit than at the start (nothing the CLI can undo);
# - a schemathesis `before_call` hook (written to the temporary directory, FUZZ_GUARD_* variables)
#   sends PUT /api/v1/users/{username}, .../deactivate, .../reset-password and .../reset-two-factor
#   (which also resets the password) aimed at an account of
#   FUZZ_USERS to the decoy account `fuzz-decoy` (created with the CLI) instead — except deactivating
#   the run's own account, which the server refuses (422) and stays tested. Each redirect is logged
#   in REPORT_DIR/guarded.txt;
# - after each run its token must still answer /api/v1/me with the same role and unit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

usage() { sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

DB_URL=""
while [ $# -gt 0 ]; do
    case "$1" in
        --database-url) [ $# -ge 2 ] || { usage >&2; exit 2; }; DB_URL="$2"; shift 2 ;;
        --database-url=*) DB_URL="${1#*=}"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

source "$ROOT/tests/venv.sh" "$ROOT/tests/fuzz/requirements.txt" fuzz-requirements 'import schemathesis'
ST="$VENV/bin/schemathesis"

BIN="${SAFEGUARD_BINARY:-.build/debug/safeguard}"
case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
if [ ! -x "$BIN" ]; then
    echo "run.sh: no server binary at $BIN (build it first, or set SAFEGUARD_BINARY)" >&2
    exit 1
fi

SEED="${FUZZ_SEED:-799}"
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-40}"
# One worker: with two, a run here once failed inside schemathesis with CPython 3.11's "SystemError: AST
# constructor recursion depth mismatch" (seen 2026-12-04, coverage phase, GET /api/v1/alerts) — an
# interpreter error under threads, not a finding about the server.
WORKERS="${FUZZ_WORKERS:-1}"
MIN_REQUESTS="${FUZZ_MIN_REQUESTS:-1000}"
READY_TIMEOUT="${FUZZ_READY_TIMEOUT:-180}"
USERS="${FUZZ_USERS:-thuongtruc hongbang}"
# Extra schemathesis arguments, split on spaces (e.g. FUZZ_EXTRA_ARGS="--exclude-path /api/v1/x").
read -r -a EXTRA_ARGS <<<"${FUZZ_EXTRA_ARGS:-}"

ARTIFACTS="${FUZZ_ARTIFACTS:-$ROOT/artifacts/fuzz}"
mkdir -p "$ARTIFACTS"
# Only this script's own files from an earlier run.
rm -rf "$ARTIFACTS/server.log" "$ARTIFACTS/token-issue.log" "$ARTIFACTS"/token-*.txt
for user in $USERS; do rm -rf "${ARTIFACTS:?}/$user"; done
SERVER_LOG="$ARTIFACTS/server.log"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/safeguard-fuzz.XXXXXX")"
SERVER_PID=""

cleanup() {
    local status=$?
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The server's and the CLI's environment: the same database for both.
export SAFEGUARD_DATA_DIR="$WORK/data"
export SAFEGUARD_DEMO_PASSWORD="fuzz-Demo-2026!"
export SAFEGUARD_WARNING_INTERVAL=0
export SAFEGUARD_RESOURCES="${SAFEGUARD_RESOURCES:-$ROOT/Resources}"
if [ -n "$DB_URL" ]; then export DATABASE_URL="$DB_URL"; else unset DATABASE_URL; fi
mkdir -p "$SAFEGUARD_DATA_DIR"

PORT="$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"

echo "run.sh: starting $BIN on $BASE (data $SAFEGUARD_DATA_DIR, database: ${DB_URL:+PostgreSQL}${DB_URL:-SQLite})"
"$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

# The end of the server log; after a crash, the crash line and the crashed thread's first frames
# (Swift's backtrace ends in registers and images, which say little).
server_tail() {
    if grep -q 'crashed:$' "$SERVER_LOG" 2>/dev/null; then
        echo "----- server crash ($SERVER_LOG) -----" >&2
        grep -m2 -E '^\*\*\* ' "$SERVER_LOG" >&2 || true
        sed -n '/crashed:$/,/^\.\.\.$/p' "$SERVER_LOG" | head -n 16 | cut -c1-300 >&2
        echo "----- log lines before the crash -----" >&2
        sed -n '/^\*\*\* /q;p' "$SERVER_LOG" | tail -n 10 >&2
    else
        echo "----- last server log lines ($SERVER_LOG) -----" >&2
        tail -n 40 "$SERVER_LOG" >&2 || true
    fi
}

started=$(date +%s)
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/readyz" || true)" = "200" ]; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "run.sh: the server exited before it was ready" >&2; server_tail; exit 1
    fi
    if [ $(( $(date +%s) - started )) -ge "$READY_TIMEOUT" ]; then
        echo "run.sh: the server was not ready within ${READY_TIMEOUT}s" >&2; server_tail; exit 1
    fi
    sleep 0.5
done
# Who the server is, read once it answers (before that the pid may still be the forked shell).
SERVER_EXE="$(readlink "/proc/$SERVER_PID/exe" 2>/dev/null || true)"
SERVER_START="$(cut -d' ' -f22 "/proc/$SERVER_PID/stat" 2>/dev/null || true)"
echo "run.sh: server ready after $(( $(date +%s) - started ))s, pid $SERVER_PID ($SERVER_EXE)"

# The server must still be the very process started above, answering on its port.
server_same() {
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "run.sh: server process $SERVER_PID is gone" >&2; return 1; }
    local exe start
    exe="$(readlink "/proc/$SERVER_PID/exe" 2>/dev/null || true)"
    start="$(cut -d' ' -f22 "/proc/$SERVER_PID/stat" 2>/dev/null || true)"
    if [ "$exe" != "$SERVER_EXE" ] || [ "$start" != "$SERVER_START" ]; then
        echo "run.sh: pid $SERVER_PID is no longer the server started (exe '$exe', start $start)" >&2; return 1
    fi
    if grep -q ' Z ' <(cut -d')' -f2 "/proc/$SERVER_PID/stat" 2>/dev/null | cut -c1-3); then
        echo "run.sh: server process $SERVER_PID is a zombie (it died)" >&2; return 1
    fi
    if command -v ss >/dev/null 2>&1; then
        local owner
        owner="$(ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true)"
        if [ -n "$owner" ] && [ "$owner" != "$SERVER_PID" ]; then
            echo "run.sh: port $PORT is served by pid $owner, not $SERVER_PID" >&2; return 1
        fi
    fi
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$BASE/readyz" || true)" = "200" ] \
        || { echo "run.sh: the server no longer answers /readyz with 200" >&2; return 1; }
}

# The accounts the runs use, as they are before any run: role and unit ("-" for none), from
# `safeguard user list` (username, role, unit, active|disabled, tab-separated).
"$BIN" user list >"$WORK/users.tsv" 2>>"$ARTIFACTS/token-issue.log" \
    || { echo "run.sh: 'safeguard user list' failed" >&2; cat "$ARTIFACTS/token-issue.log" >&2; exit 1; }
declare -A EXPECTED
for user in $USERS; do
    account="$(awk -F'\t' -v name="$user" '$1 == name { print $2 "\t" $3 }' "$WORK/users.tsv")"
    [ -n "$account" ] || { echo "run.sh: no account '$user' in 'safeguard user list'" >&2; exit 1; }
    EXPECTED[$user]="$account"
done

# The decoy that account changes aimed at those accounts are sent to (see the top of this file).
DECOY="fuzz-decoy"
if ! awk -F'\t' -v name="$DECOY" '$1 == name { found = 1 } END { exit !found }' "$WORK/users.tsv"; then
    "$BIN" user add "$DECOY" --role leader --display-name "Fuzz decoy" >>"$ARTIFACTS/token-issue.log" 2>&1 \
        || { echo "run.sh: 'safeguard user add $DECOY' failed" >&2; cat "$ARTIFACTS/token-issue.log" >&2; exit 1; }
fi
GUARD_HOOKS="$WORK/guard_hooks.py"
cat >"$GUARD_HOOKS" <<'PY'
"""tests/fuzz/run.sh's guard: account changes aimed at the accounts whose tokens the runs use go to a decoy.

PUT /api/v1/users/{username}, .../deactivate, .../reset-password and .../reset-two-factor on an account of
FUZZ_GUARD_ACCOUNTS (compared lower-cased, as the server finds usernames) are sent for
FUZZ_GUARD_DECOY instead; deactivating FUZZ_GUARD_SELF, the run's own account, is left alone (the
server refuses it with 422). Each redirect is appended to FUZZ_GUARD_LOG.
"""
import os

import schemathesis

PROTECTED = {name.lower() for name in os.environ.get("FUZZ_GUARD_ACCOUNTS", "").split()}
SELF = os.environ.get("FUZZ_GUARD_SELF", "").lower()
DECOY = os.environ["FUZZ_GUARD_DECOY"]
LOG = os.environ.get("FUZZ_GUARD_LOG")
GUARDED = {
    ("PUT", "/api/v1/users/{username}"),
    ("POST", "/api/v1/users/{username}/deactivate"),
    ("POST", "/api/v1/users/{username}/reset-password"),
    ("POST", "/api/v1/users/{username}/reset-two-factor"),
}


@schemathesis.hook
def before_call(context, case, **kwargs):
    operation = (case.method.upper(), case.operation.path)
    if operation not in GUARDED or not isinstance(case.path_parameters, dict):
        return
    name = case.path_parameters.get("username")
    if not isinstance(name, str) or name.lower() not in PROTECTED:
        return
    if operation[1].endswith("/deactivate") and name.lower() == SELF:
        return
    case.path_parameters["username"] = DECOY
    if LOG:
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"{operation[0]} {operation[1]}: {name!r} -> {DECOY}\n")
PY

# "ROLE<tab>UNIT" of the token's account as /api/v1/me answers (UNIT "-" for none), or why not.
role_and_unit() {
    curl -s --max-time 30 -w '\n%{http_code}' -H "Authorization: Bearer $1" "$BASE/api/v1/me" | "$VENV/bin/python" -c '
import json, sys
*body, status = sys.stdin.read().split("\n")
try:
    me = json.loads("\n".join(body))
    print(me["role"] + "\t" + (me.get("unit") or "-") if status == "200" else f"HTTP {status}")
except (ValueError, KeyError, TypeError):
    print(f"HTTP {status}, no account in the answer")'
}

# Just before each run: the account reactivated and its token issued then, so that nothing an
# earlier run did to it (deactivated it, reset its password: both revoke its tokens) lasts; and it
# must still have the role and unit it started with.
prepare_account() {
    local user=$1 out token me got
    "$BIN" user reactivate "$user" >>"$ARTIFACTS/token-issue.log" 2>&1 \
        || { echo "run.sh: 'safeguard user reactivate $user' failed" >&2; tail -n 20 "$ARTIFACTS/token-issue.log" >&2; return 1; }
    out="$("$BIN" token issue "$user" 2>>"$ARTIFACTS/token-issue.log")" \
        || { echo "run.sh: 'safeguard token issue $user' failed" >&2; tail -n 20 "$ARTIFACTS/token-issue.log" >&2; return 1; }
    token="$(printf '%s\n' "$out" | grep -E '^sg_[A-Za-z0-9_-]+$' | tail -n1 || true)"
    [ -n "$token" ] || { echo "run.sh: no token in the output of 'token issue $user': $out" >&2; return 1; }
    printf '%s\n' "$token" > "$ARTIFACTS/token-$user.txt"
    me="$(curl -s --max-time 30 -H "Authorization: Bearer $token" "$BASE/api/v1/me" || true)"
    echo "run.sh: token for $user: ${token:0:10}… → /api/v1/me: $me"
    got="$(role_and_unit "$token")"
    if [ "$got" != "${EXPECTED[$user]}" ]; then
        echo "run.sh: $user is '${got//$'\t'/, }' now, not '${EXPECTED[$user]//$'\t'/, }' (role, unit) as at the start: something changed the account the guard should have kept" >&2
        return 1
    fi
    TOKEN="$token"
}

failed=0
summary=()
for user in $USERS; do
    dir="$ARTIFACTS/$user"
    mkdir -p "$dir"
    echo
    TOKEN=""
    if ! prepare_account "$user"; then
        summary+=("$user: not run (its account could not be prepared)")
        failed=1
        continue
    fi
    echo "===== schemathesis as $user (seed $SEED, max-examples $MAX_EXAMPLES, workers $WORKERS) ====="
    t0=$(date +%s)
    set +e
    SCHEMATHESIS_HOOKS="$GUARD_HOOKS" FUZZ_GUARD_ACCOUNTS="$USERS" FUZZ_GUARD_SELF="$user" FUZZ_GUARD_DECOY="$DECOY" \
    FUZZ_GUARD_LOG="$dir/guarded.txt" \
    "$ST" --no-color --config-file "$ROOT/tests/fuzz/schemathesis.toml" run "$BASE/openapi.json" \
        --header "Authorization: Bearer $TOKEN" \
        --checks all \
        --phases examples,coverage,fuzzing,stateful \
        --mode all \
        --seed "$SEED" \
        --max-examples "$MAX_EXAMPLES" \
        --generation-database none \
        --continue-on-failure \
        --workers "$WORKERS" \
        --request-timeout 30 \
        --suppress-health-check all \
        --output-sanitize false \
        --report junit,ndjson,vcr \
        --report-dir "$dir" \
        "${EXTRA_ARGS[@]}" \
        2>&1 | tee "$dir/schemathesis.log"
    st_status=${PIPESTATUS[0]}
    set -e
    t1=$(date +%s)
    # Group the failures (failures.md / failures.json) and count requests and 5xx answers.
    echo "----- failures by operation and check (details: $dir/failures.md) -----"
    "$VENV/bin/python" "$ROOT/tests/fuzz/summarise.py" "$dir" --token "$TOKEN" >"$dir/summary.txt" || true
    cat "$dir/summary.txt"
    read -r _ requests _ server_errors < <(tail -n1 "$dir/summary.txt")
    case "$requests$server_errors" in *[!0-9]*|"") requests=0; server_errors=0; failed=1 ;; esac
    guarded=$(cat "$dir/guarded.txt" 2>/dev/null | wc -l)
    line="$user: schemathesis exit $st_status, $((t1 - t0))s, $requests requests, $server_errors answers ≥ 500, $guarded sent to $DECOY"
    summary+=("$line")
    if [ "$st_status" -ne 0 ]; then failed=1; fi
    if [ "$server_errors" -gt 0 ]; then echo "run.sh: $user: $server_errors server errors (5xx)" >&2; failed=1; fi
    if [ "$requests" -lt "$MIN_REQUESTS" ]; then echo "run.sh: $user: only $requests requests (< $MIN_REQUESTS)" >&2; failed=1; fi
    # The token must work to the end as the same account: a run that lost it got 401 for the rest,
    # which no check flags, and one whose role changed tested another role.
    after="$(role_and_unit "$TOKEN")"
    if [ "$after" != "${EXPECTED[$user]}" ]; then
        echo "run.sh: $user: at the end of its run its token gives '${after//$'\t'/, }', not '${EXPECTED[$user]//$'\t'/, }': the run locked itself out or changed its own account" >&2
        failed=1
    fi
    if ! server_same; then failed=1; server_tail; break; fi
done

echo
echo "===== fuzz summary ====="
for line in "${summary[@]}"; do echo "$line"; done
if server_same; then
    echo "server: pid $SERVER_PID alive and ready at the end"
else
    failed=1
    server_tail
fi
grep -E '\[ (ERROR|CRITICAL) \]|Fatal error|fatalError' "$SERVER_LOG" | tail -n 20 >&2 || true
echo "total: $(( $(date +%s) - started ))s from the server's start; reports: $ARTIFACTS"
exit "$failed"
