# Fresh-machine entry points. Every target creates .venv/ itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BASE   := $(VENV)/.installed-base
TEST   := $(VENV)/.installed-test

.PHONY: site test check serve bench pdf schemas clean

$(BASE): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST): $(BASE)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## make site: build the guide into site/ (open site/index.html)
site: $(BASE)
	$(BIN)/kb build

## make test: check the import layers, then run every test (unit, cli, site, browser)
test: $(TEST)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

## make check: validate content/ and rules/ only
check: $(BASE)
	$(BIN)/kb check

## make serve: live preview on http://127.0.0.1:8000 that regenerates on edits
serve: $(BASE)
	$(BIN)/kb serve

## make bench: the performance benchmark (see README)
bench: $(TEST)
	$(BIN)/python bench/run.py

## make schemas: regenerate schemas/ and the field reference in CONTRIBUTING.md
schemas: $(BASE)
	$(BIN)/kb docs

clean:
	rm -rf build site .pytest_cache
