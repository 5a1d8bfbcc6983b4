# Everything runs inside .venv, created here from pyproject.toml: nothing depends on what the
# machine happens to have installed besides python3 (>= 3.11).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
INPUT ?= raw
OUTPUT ?= cleaned
ARGS ?=
# Labelled pages (<case>/source.html, text.*.txt, truth.json) to train the shipped models on.
CORPUS ?= ../shared/evaldata/dev
# Browser innerText renderings of CORPUS kept outside it (tools/render_innertext.py); the shipped
# line model is trained on them too, when the folder exists.
RENDERINGS ?= /work/devcache/chromium

.PHONY: help venv run test test-fast lint eval bench train clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s "$$(printf '\t')"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)  ## create .venv and install the project with its dev tools

run: $(STAMP)  ## process raw/ into cleaned/ (INPUT=, OUTPUT=, ARGS= to change)
	$(PY) -m pipeline run --input $(INPUT) --output $(OUTPUT) $(ARGS)

test: $(STAMP)  ## run the test suite
	$(PY) -m pytest

test-fast: $(STAMP)  ## the test suite without the slow tests
	$(PY) -m pytest -m "not slow"

lint: $(STAMP)  ## ruff and mypy
	$(VENV)/bin/ruff check pipeline tests tools
	$(VENV)/bin/mypy

eval: $(STAMP)  ## score the pipeline on the bundled evaluation sample (writes eval-out/eval.json)
	$(PY) -m pipeline.evaluation $(ARGS)

bench: $(STAMP)  ## throughput and memory benchmark (writes bench-out/bench.json)
	$(PY) -m pipeline.bench $(ARGS)

train: $(STAMP)  ## retrain the shipped line model from CORPUS= (deterministic; writes pipeline/data/)
	$(PY) -m pipeline.train_text $(CORPUS) $(if $(wildcard $(RENDERINGS)),--renderings $(RENDERINGS))

clean:  ## remove outputs and caches (keeps .venv)
	rm -rf cleaned/articles cleaned/rejects cleaned/runs cleaned/.staging eval-out bench-out .pytest_cache .mypy_cache .ruff_cache
