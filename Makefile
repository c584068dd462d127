# Safeguard — two commands for a fresh machine:
#   make run    build, create the embedded database on first start, serve http://127.0.0.1:8080
#   make test   install what the tests need, run unit, SQLite, PostgreSQL and browser tests
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: run build test deps

run: build
	.build/debug/safeguard serve --hostname $(HOST) --port $(PORT)

build:
	swift build --product safeguard

deps:
	bash scripts/install-test-deps.sh

test: deps
	bash scripts/test.sh

# One stage at a time (docs/testing.md): the core's unit tests; the server tests on SQLite and
# PostgreSQL; the browser tests.
.PHONY: test-core test-server test-browser
test-core:
	bash scripts/test.sh core
test-server: deps
	bash scripts/test.sh server
test-browser: deps
	bash scripts/test.sh browser

# The API fuzzed by schemathesis against the debug build (SQLite); make test does it on both engines.
.PHONY: fuzz
fuzz: build
	bash tests/fuzz/run.sh

.PHONY: bench
bench:
	bash bench/run.sh
