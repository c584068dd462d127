# Sourced by the test runners: the shared virtual environment at .venv, with one requirements
# file installed — only when it changed since the last install or its module does not import.
#   source tests/venv.sh REQUIREMENTS_FILE STAMP_NAME IMPORT_CHECK
# Sets VENV.
venv_reqs=$1 venv_stamp_name=$2 venv_check=$3
VENV="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.venv"
if [ ! -x "$VENV/bin/python" ]; then
    echo "venv: creating $VENV"
    python3 -m venv "$VENV"
fi
venv_stamp="$VENV/.$venv_stamp_name.sha256"
venv_want="$(sha256sum "$venv_reqs" | cut -d' ' -f1)"
if [ "$venv_want" != "$(cat "$venv_stamp" 2>/dev/null || true)" ] || ! "$VENV/bin/python" -c "$venv_check" >/dev/null 2>&1; then
    echo "venv: installing $venv_reqs"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$venv_reqs"
    echo "$venv_want" > "$venv_stamp"
fi
