# One task runner for people, CI and hooks.  `make serve` and `make test` install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build validate test test-fast lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

validate: setup
	$(BIN)/roadmaps validate

build: setup
	$(BIN)/mkdocs build --strict

serve: setup
	$(BIN)/mkdocs build --strict
	@echo "Сайт собран в site/; откройте http://127.0.0.1:8000/"
	$(BIN)/python -m http.server --directory site --bind 127.0.0.1 8000

test: setup
	bash scripts/ensure-chromium.sh
	$(BIN)/ruff check roadmaps hooks macros tests benchmarks
	$(BIN)/pytest -q

test-fast: setup
	$(BIN)/pytest -q -m "not browser and not slow"

lint: setup
	$(BIN)/ruff check roadmaps hooks macros tests benchmarks

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site .pytest_cache benchmarks/out
