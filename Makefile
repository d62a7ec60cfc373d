# Two commands on a fresh machine: `make site` and `make test` (see README).
# Both create the virtual environment when it is missing or pyproject.toml changed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SITE_DIR ?= build/site
# The site's public address, once there is one: `make site SITE_URL=https://…/` fills the sitemap
# and gives every page a canonical link (left out by default: no address is published yet).
SITE_URL ?=
CHROMIUM ?= /usr/bin/chromium

.PHONY: site test test-quick lint serve validate browser-deps benchmark fuzz-long clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

validate: $(STAMP)
	$(BIN)/pam-recognition validate --root .

site: validate
	$(BIN)/pam-recognition site --root . --out $(SITE_DIR) $(if $(SITE_URL),--site-url $(SITE_URL))
	@echo "Site in $(SITE_DIR). Browse it with: python3 -m http.server -d $(SITE_DIR) 8000  (then http://127.0.0.1:8000/),"
	@echo "or run 'make serve' for a live preview that rebuilds on every change."

# Browser tests drive Debian's Chromium; install it when missing and we are allowed to.
browser-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; browser tests will be skipped"; \
	  else echo "warning: $(CHROMIUM) missing and not root; browser tests will be skipped"; fi; \
	fi

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

# The edit loop: everything except site builds, the browser and the long fuzzing (see tests/conftest.py).
test-quick: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not site and not slow"

# Quality gates (rules in pyproject.toml): lint and types. CI runs this before the tests.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

serve: $(STAMP)
	$(BIN)/pam-recognition serve --root .

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

fuzz-long: $(STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/test_fuzz.py -q

clean:
	rm -rf build .pytest_cache
