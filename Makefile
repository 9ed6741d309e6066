# Two commands set everything up on a fresh machine:
#   make site   — virtual environment from pinned dependencies, then the demo site in site/
#   make test   — the same environment plus test tools, then the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test check serve golden benchmark demo-data clean chromium pango

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test: requirements-test.lock $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-test.lock
	$(BIN)/pip install --quiet --no-deps -e tests/plugins/satisfied_share
	touch $@

# The PDF reports (WeasyPrint) need Debian's pango; installed here when missing.
pango:
	@ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || { \
	  echo "Installing Debian's pango for the PDF reports"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }

# The browser tests drive Debian's Chromium (no browser download); installed here when missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

site: $(VENV)/.runtime pango
	$(BIN)/transparency build --data data --out site

check: $(VENV)/.runtime
	$(BIN)/transparency check --data data

serve: $(VENV)/.runtime
	$(BIN)/transparency serve --data data

# Two workers (pyproject.toml: -n auto) that share one build of each demo site and one chart cache.
test: $(VENV)/.test chromium pango
	$(BIN)/python -m pytest --durations=10

# Rewrites tests/golden/ from the sites in tests/fixtures/: only on purpose, and say so in the commit.
golden: $(VENV)/.test
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -n0 tests/test_golden.py

benchmark: $(VENV)/.test
	$(BIN)/python tools/benchmark.py $(or $(SIZE),demo)

demo-data: $(VENV)/.runtime
	$(BIN)/python tools/make_demo_data.py

clean:
	rm -rf $(VENV) site .cache
