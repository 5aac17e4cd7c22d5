# Two commands on a fresh machine:
#   make run    install into .venv, build the graph on the embedded store, serve it on http://127.0.0.1:8000
#   make test   install into .venv (with test tools), lint, check formatting and types, run the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-slow install lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/skillscape build
	$(BIN)/skillscape serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy src
	$(BIN)/python -m pytest -n auto --dist loadgroup

# the tests that read both full O*NET releases into a store (minutes; not part of `make test`)
test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow

bench: $(STAMP)
	$(BIN)/python benchmarks/build.py

clean:
	rm -rf data/build $(VENV)
