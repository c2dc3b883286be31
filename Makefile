# Orbit: two commands on a fresh machine (Python 3.11+).
#   make chat   set everything up and chat with the coach in this terminal (SQLite)
#   make test   set up the test tools and run the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= sqlite:///orbit.db

.PHONY: chat test setup setup-test lint bench clean

$(BIN)/orbit: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

setup: $(BIN)/orbit

$(VENV)/.test-deps: pyproject.toml $(BIN)/orbit $(wildcard tests/*/package-lock.json)
	$(BIN)/pip install --quiet -e '.[test]'
	@# Node test peers (Telegram Bot API emulator, Slack schemas); skipped without npm.
	@if command -v npm >/dev/null 2>&1; then \
	  for lock in tests/*/package-lock.json; do \
	    [ -f "$$lock" ] && npm ci --silent --no-audit --no-fund --prefix "$$(dirname $$lock)"; \
	  done; true; \
	else echo "npm not found: the Telegram/Slack end-to-end tests will be skipped"; fi
	@# Debian's system browser for the dashboard's browser tests and pdftoppm for the printed
	@# invitation; installed when apt-get can run as root, otherwise those tests skip.
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium chromium-driver"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -q && apt-get install -y -q $$missing) >/dev/null || echo "could not install$$missing"; \
	elif [ -n "$$missing" ]; then echo "missing:$$missing (the browser/PDF tests will be skipped)"; fi
	@touch $@

setup-test: $(VENV)/.test-deps

chat: setup
	$(BIN)/orbit migrate --db $(DB)
	$(BIN)/orbit chat --db $(DB)

test: setup-test
	$(BIN)/ruff check bot tests bench
	$(BIN)/orbit lessons check
	$(BIN)/pytest -q

lint: setup-test
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy bot/vocab bot/support bot/core bot/store bot/schedule bot/app
	$(BIN)/lint-imports

bench: setup-test
	$(BIN)/python -m bench.mapping_turns --students 1000

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache orbit.db orbit.db-wal orbit.db-shm
