# Fresh-machine entry points. Every target creates .venv/ itself and installs exactly the
# locked versions, hash-checked: requirements/build.txt (uv, setuptools), then runtime.txt or
# test.txt (`make lock` writes all three from pyproject.toml); node tools from package-lock.json.
PYTHON ?= python3
ENGINE ?= properdocs
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
BASE   := $(VENV)/.installed-base
TEST   := $(VENV)/.installed-test
NODE   := node_modules/.package-lock.json
REQ    := requirements
# Builds (this project, and any sdist) use the locked setuptools in .venv/.
INSTALL := $(UV) pip install --quiet --python $(BIN)/python --no-build-isolation
LOCK    := $(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes

.PHONY: site test test-quick lint check serve bench bench-quick schemas lock hooks install install-test clean system-deps

# pip only bootstraps the locked uv and setuptools (--isolated: no pip configuration of this
# machine or user plays a part); uv installs everything else.
$(UV): $(REQ)/build.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --isolated --disable-pip-version-check --quiet --require-hashes -r $(REQ)/build.txt
	touch $@

$(BASE): $(UV) pyproject.toml $(REQ)/runtime.txt
	$(INSTALL) --require-hashes -r $(REQ)/runtime.txt
	$(INSTALL) --no-deps -e .
	touch $@

$(TEST): $(BASE) $(REQ)/test.txt
	$(INSTALL) --require-hashes -r $(REQ)/test.txt
	touch $@

$(NODE): package.json package-lock.json | system-deps
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install: $(BASE)
install-test: system-deps $(TEST) $(NODE)

## make system-deps: install chromium, poppler-utils, fonts-noto-cjk, nodejs and npm when missing
## (as root or with `sudo -n`); otherwise print the one command to run, and stop
system-deps:
	@tools/system-deps.sh

## make site: build the guide into site/ (open site/index.html); ENGINE=zensical for the second engine
site: $(BASE)
	$(BIN)/kb build --engine $(ENGINE)

## make test: install missing system packages (or stop, naming the command), lint, run every test
## (unit, cli, project, site, browser). Run it before you push.
test: system-deps $(TEST) $(NODE) lint
	$(BIN)/python -m pytest

## make test-quick: the inner loop while you work (under 2 minutes): lint, then the unit and command
## tests without the browser and slow ones; needs no browser (node only, for tests/js/)
test-quick: lint
	$(BIN)/python -m pytest -q -m "not browser and not slow" tests/unit tests/cli

## make lint: the import layers (import-linter) and no unused import or variable (ruff F401, F841)
lint: $(TEST)
	$(BIN)/lint-imports
	$(BIN)/ruff check --quiet --select F401,F841 generator bench

## make check: validate content/ and rules/ only
check: $(BASE)
	$(BIN)/kb check

## make serve: live preview on http://127.0.0.1:8000 that regenerates on edits
serve: $(BASE)
	$(BIN)/kb serve

## make bench: the performance benchmark, 100 to 10,000 items (see README); make bench-quick: 100 and
## 1,000 items. Both need chromium (the search transfer sizes). BENCH_ARGS: more options of bench/run.py
bench: system-deps $(TEST)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-quick: system-deps $(TEST)
	$(BIN)/python bench/run.py --quick $(BENCH_ARGS)

## make schemas: regenerate schemas/ and the field reference in CONTRIBUTING.md
schemas: $(BASE)
	$(BIN)/kb docs

## make lock: re-resolve requirements/*.txt after a change to pyproject.toml or build.in,
## keeping every other pin (UPGRADE=1: newest versions of everything)
lock: $(UV)
	$(LOCK) $(if $(UPGRADE),--upgrade) pyproject.toml --extra test -o $(REQ)/test.txt
	$(LOCK) pyproject.toml -c $(REQ)/test.txt -o $(REQ)/runtime.txt
	$(LOCK) $(REQ)/build.in -c $(REQ)/test.txt -o $(REQ)/build.txt

## make hooks: install the pre-commit hooks of .pre-commit-config.yaml into .git/hooks
hooks: $(TEST)
	$(BIN)/pre-commit install

clean:
	rm -rf build site .pytest_cache
