#!/usr/bin/env bash
# Installs what `make test` needs on a fresh Debian machine: a PostgreSQL server (started by the
# tests on loopback, never as a system service), Chromium for the browser test, zlib headers, and
# LibreOffice Writer, with which the browser test turns the Word report into a PDF; and aiosmtpd
# (PyPI), the SMTP sink the notification tests send reminder e-mails to (scripts/notify-sinks.py).
set -euo pipefail
missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != "0" ]; then
        echo "install-test-deps: missing ${missing[*]}; run as root or install them" >&2
        exit 1
    fi
    echo "install-test-deps: installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install -q --disable-pip-version-check aiosmtpd
command -v openssl >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openssl; }
# The Debian package may start a cluster of its own; the tests use a throwaway one instead.
