# CareerPath — the two commands a user needs are `make run` and `make test`.
# Everything else is optional and works from a fresh clone too.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
RASA        := $(VENV)/bin/rasa
STAMPS      := $(VENV)/.stamps
KB_SOURCES  := $(wildcard careerpath/kb/sources/*.yml)
KB_CODE     := $(wildcard careerpath/kb/*.py careerpath/db/*.py careerpath/db/migrations/versions/*.py)
export PYTHONDONTWRITEBYTECODE := 1
# Keep TensorFlow quiet in the terminal chat; errors still show.
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help setup kb generate train run serve actions test test-stories test-fast validate crossval bench soak web \
        telegram-webhook browser clean eval lint format workspace

help:
	@echo "make run    - set everything up, train if needed, and chat in the terminal"
	@echo "make test   - the full test suite (what CI runs)"
	@echo "make serve  - action server + Rasa channels on :5005, no HTTP API unless RASA_API=1"
	@echo "make web    - the website demo with the chat widget"
	@echo "make workspace - the counselor workspace on :8001 (serve and web start it too)"
	@echo "make bench  - benchmarks (QUICK=1 for the smoke run)"
	@echo "make soak   - reliability suite: faults under load, counted from the database (~10 min)"
	@echo "make eval   - score the realistic corpus through the REST channel (CHECK=1: fail below targets)"
	@echo "make lint   - ruff (lint + format check) and mypy; make format fixes what ruff can"
	@echo "make validate | crossval | kb | generate | train | clean"

## ---- setup ---------------------------------------------------------------
# Runtime (requirements.txt) and tests/tooling (requirements-dev.txt, which includes the
# runtime) are pinned apart; setup installs both so every target below has what it needs.
setup: $(STAMPS)/installed $(STAMPS)/kb

$(STAMPS)/installed: requirements.txt requirements-dev.txt scripts/find_python.sh
	@python=$$(scripts/find_python.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
		echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --upgrade "pip<24.1"
	$(PY) -m pip install --quiet --progress-bar off -r requirements-dev.txt
	@mkdir -p $(STAMPS) && touch $@

# Validates the YAML sources and loads them into the database (idempotent).
$(STAMPS)/kb: $(STAMPS)/installed $(KB_SOURCES) $(KB_CODE)
	$(PY) -m careerpath.kb build
	@touch $@

kb: $(STAMPS)/installed
	$(PY) -m careerpath.kb build

# Regenerates the NLU lookup tables and FAQ examples from the knowledge base.
generate: setup
	$(PY) -m careerpath.kb generate

## ---- Rasa -----------------------------------------------------------------
# `rasa train` fingerprints data, domain and config and skips when nothing changed.
train: setup
	$(PY) scripts/rasa_quietly.py train --fixed-model-name careerpath --quiet

validate: setup
	$(RASA) data validate --fail-on-warnings

run: train
	@scripts/chat.sh

serve: train
	@scripts/serve.sh

actions: setup
	$(PY) -m actions.server

crossval: setup
	$(RASA) test nlu --cross-validation --folds 5 --out results/crossval

## ---- tests ------------------------------------------------------------------
browser:
	@scripts/ensure_browser.sh

# Lint first: it takes seconds and fails fast. The benchmark's smoke run is part of pytest
# (tests/test_bench_smoke.py, on the shared stack).
test: lint browser validate test-stories
	$(PY) -m pytest

# ruff (lint rules and formatting, pyproject.toml) over the whole repository, mypy over the
# library and the actions; all three always run, and lint fails if any of them does.
# `make format` applies ruff's safe fixes and the formatter.
lint: $(STAMPS)/installed
	@status=0; \
	echo "ruff check ."; $(VENV)/bin/ruff check . || status=1; \
	echo "ruff format --check ."; $(VENV)/bin/ruff format --check . || status=1; \
	echo "mypy (careerpath, actions)"; $(VENV)/bin/mypy || status=1; \
	exit $$status

# Safe fixes first (what cannot be fixed is listed, and the formatter still runs), then format.
format: $(STAMPS)/installed
	$(VENV)/bin/ruff check --fix --exit-zero .
	$(VENV)/bin/ruff format .

# Conversation tests (tests/test_stories.yml); fails on any wrong prediction.
test-stories: train
	$(RASA) test core --stories tests/test_stories.yml --fail-on-prediction-errors --out results/stories

# Library tests only: no Rasa model, no servers.
test-fast: setup browser
	$(PY) -m pytest -m "not e2e"

bench: train
	$(PY) -m bench $(if $(QUICK),--quick,)

# Faults under load with 50 simulated users (bench/soak/): a benchmark, not a test. Needs
# PostgreSQL and Redis on this machine for its second phase. Writes bench/results/soak.md.
soak: train
	$(PY) -m bench.soak $(if $(QUICK),--quick,)

# The understanding evaluation (tests/realistic/ through the real REST channel); writes
# var/eval/report.md and report.json. A measurement: exit 0 unless CHECK=1 and a target is missed.
eval: train
	$(PY) -m evaluation $(if $(CHECK),--check,)

web: train
	@scripts/web.sh

# The counselor workspace alone (make serve and make web start it too), on WORKSPACE_PORT (8001).
workspace: setup
	@$(PY) -m workspace demo-admin
	$(PY) -m workspace serve

telegram-webhook: setup
	$(PY) -m careerpath_rasa.channels.telegram.setup_webhook

clean:
	rm -rf $(VENV) .rasa models/*.tar.gz results bench/results var tests/output .ruff_cache .mypy_cache
