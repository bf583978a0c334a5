# Two commands for a newcomer: `make run` (the bot) and `make check` (lint, types, tests).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run check test lint install bench bench-scale golden

# constraints.txt pins the runtime libraries: the same versions as the Docker image.
$(BIN)/wpsbot: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(BIN)/wpsbot

run: install
	$(BIN)/wpsbot

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

test: install
	$(BIN)/pytest

check: lint test

bench: install
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_ask.py
	$(BIN)/python benchmarks/bench_ack.py
	$(BIN)/python benchmarks/bench_hostile.py

# Extraction's golden files (tests/data/golden): regenerate after changing a rule, review the diff.
golden: install
	$(BIN)/python -m tests.golden

# Not in CI, nor in `make bench`: loading 30,000 generated documents takes minutes.
bench-scale: install
	$(BIN)/python benchmarks/bench_scale.py
