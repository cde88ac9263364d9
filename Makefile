# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Both install what is missing (a virtualenv pinned by requirements.lock, Debian's tesseract-ocr when
# running as root) and are quick when everything is already there.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= data/towerkit.duckdb
SAMPLE ?= data/sample
DOCS   ?= 60

.PHONY: install system-deps demo test test-fast lint clean bench pg-start pg-stop

install: $(STAMP) system-deps

$(STAMP): requirements.lock pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# tesseract-ocr for the OCR route; chromium (make test only) for the report-rendering test.
system-deps:
	@sh scripts/system-deps.sh

demo: install
	$(BIN)/towerkit demo --sample $(SAMPLE) --docs $(DOCS) --db $(DB)

# Everything, the slow tests included (a bare pytest leaves them out: pyproject.toml).
test: install lint
	@sh scripts/system-deps.sh --browser
	$(BIN)/python -m pytest -m "slow or not slow"

# The checks STYLE.md asks for, with the settings in pyproject.toml: lint, formatting, strict types.
lint: install
	$(BIN)/ruff check towerkit
	$(BIN)/ruff format --check towerkit
	$(BIN)/mypy towerkit

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not notebooks and not browser"

bench: install
	$(BIN)/python benchmarks/bench_ingest.py

# A private PostgreSQL for a DuckLake catalog (docs/scale.md): installs Debian's postgresql as root when
# missing, listens on 127.0.0.1:$(PGPORT) only, and prints the conninfo for ducklake:postgres:CONNINFO.
PGDIR  ?= data/pg
PGPORT ?= 55432

pg-start:
	@sh scripts/pg-local.sh start $(PGDIR) $(PGPORT)

pg-stop:
	@sh scripts/pg-local.sh stop $(PGDIR)

clean:
	rm -rf $(VENV) data/sample data/towerkit.duckdb data/reports
