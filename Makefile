# Two commands do everything on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
CONFIG ?= config/default.yaml

.PHONY: setup run test test-fast lint lab bench demo clean help

help:
	@echo "make run    set up .venv and run the whole notebook pipeline on the synthetic demo corpus"
	@echo "make test   set up .venv and run the test suite (everything; what CI runs)"
	@echo "make test-fast  the tests not marked slow"
	@echo "make lab    open the notebooks in JupyterLab"
	@echo "make bench  run the benchmarks (needs ../shared)"
	@echo "make lint   ruff"

# Environment: venv + pinned dependencies + offline NLTK data + a Jupyter kernel for this interpreter.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev,bench,dask]"
	$(PY) -m warsignals.nltk_setup
	$(PY) -c "from warsignals.runner import ensure_kernel; print('kernel:', ensure_kernel())"
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(VENV)/bin/warsignals run --config $(CONFIG)

test: setup
	$(VENV)/bin/pytest -q

test-fast: setup
	$(VENV)/bin/pytest -q -m "not slow"

lint: setup
	$(VENV)/bin/ruff check src tests bench

lab: setup
	$(VENV)/bin/jupyter lab notebooks/

bench: setup
	for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

demo: setup
	$(VENV)/bin/warsignals demo -o data/demo

clean:
	rm -rf runs figures/[0-9]* figures/latest data/demo .pytest_cache
