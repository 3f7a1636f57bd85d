# The two README commands: `make map` and `make test`. Both set everything up first and are
# safe to run again.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: map test setup system clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
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
