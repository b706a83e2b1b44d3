# Two commands do everything on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
CONFIG ?= config/default.yaml

CHROMIUM ?= /usr/bin/chromium

.PHONY: setup run run-demo readme-figure test test-fast lint lab bench demo clean help chromium

help:
	@echo "make run    set up .venv and run the whole notebook pipeline on the shipped official corpora"
	@echo "make run-demo  the same on the synthetic demo corpus (planted, known answers)"
	@echo "make readme-figure  copy the latest run's corrected_rates figure and table to docs/figures (README)"
	@echo "make test   set up .venv and run the test suite (everything; what CI runs)"
	@echo "make test-fast  the tests not marked slow"
	@echo "make lab    open the notebooks in JupyterLab"
	@echo "make bench  run the benchmarks (needs ../shared)"
	@echo "make lint   ruff (package, tests, benchmarks and notebooks)"

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

run-demo: setup
	$(VENV)/bin/warsignals run --config $(CONFIG) --demo

# The README's lead figure is the default run's corrected_rates (tests/test_default_run.py redraws it byte for byte).
readme-figure:
	test -f figures/latest/corrected_rates.png || { echo "no figures/latest: make run first"; exit 1; }
	mkdir -p docs/figures
	cp figures/latest/corrected_rates.png figures/latest/corrected_rates.csv docs/figures/

test: setup chromium
	$(VENV)/bin/pytest -q -n auto --dist loadfile

# Headless Chromium for tests/test_browser.py (JupyterLab and the run report in a real browser): the distribution's
# package, installed when missing and we are root; otherwise that test skips and says why.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing chromium (apt-get) for the browser test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium \
			>/dev/null || echo "chromium could not be installed: tests/test_browser.py will be skipped"; \
	else echo "no $(CHROMIUM) and not root: tests/test_browser.py will be skipped (apt-get install chromium)"; fi

test-fast: setup
	$(VENV)/bin/pytest -q -n auto --dist loadfile -m "not slow"

lint: setup
	$(VENV)/bin/ruff check src tests bench notebooks

lab: setup
	$(VENV)/bin/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

bench: setup
	for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

demo: setup
	$(VENV)/bin/warsignals demo -o data/demo

clean:
	rm -rf runs figures/[0-9]* figures/latest data/demo .pytest_cache
