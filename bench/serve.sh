# Sourced by the benchmarks: a server on a port, and a signed-in browser session.
#   serve BIN PORT LOG    starts `BIN serve` on 127.0.0.1:PORT (killed when the script exits),
#                         waits for /healthz; sets SERVER (its pid) and BASE (its address)
#   session NAME PASSWORD JAR   signs NAME in through the login form; prints the session cookie
serve() {
    "$1" serve --hostname 127.0.0.1 --port "$2" >"$3" 2>&1 &
    SERVER=$!
    BASE="http://127.0.0.1:$2"
    trap 'kill $SERVER 2>/dev/null || true' EXIT
    for _ in $(seq 1 60); do curl -sf "$BASE/healthz" >/dev/null && return 0; sleep 1; done
    echo "bench: the server did not start (see $3)" >&2
    return 1
}

session() {
    local csrf
    csrf=$(curl -s -c "$3" "$BASE/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -s -b "$3" -c "$3" -o /dev/null --data-urlencode "username=$1" --data-urlencode "password=$2" --data-urlencode "_csrf=$csrf" "$BASE/login"
    awk '$6 ~ /session/ {print $6"="$7}' "$3" | tail -1
}
