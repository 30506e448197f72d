# lamina's set-up and checks. `make demo` trains a small model; `make test` runs everything CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BACKENDS ?= torch jax numpy
export TORCHINDUCTOR_CACHE_DIR ?= $(CURDIR)/.cache/torchinductor

.PHONY: install demo test lint typecheck test-backends bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[torch,jax,dev]'
	touch $@

install: $(VENV)/.installed

# Trains an MLP on scikit-learn's bundled digits with model.fit; prints the test accuracy.
demo: install
	$(BIN)/python examples/digits_cnn.py

lint: install
	$(BIN)/ruff check lamina tests examples bench
	$(BIN)/ruff format --check lamina tests examples bench

typecheck: install
	$(BIN)/mypy lamina

# The test suite and the docstring examples, once per backend; any failing backend fails.
test-backends: install
	@set -e; for b in $(BACKENDS); do \
		echo "=== backend: $$b ==="; \
		LAMINA_BACKEND=$$b $(BIN)/python -m pytest -q -n 2 tests; \
		LAMINA_BACKEND=$$b $(BIN)/python -m pytest -q -n 2 --doctest-modules lamina \
			$$(for o in $(BACKENDS); do [ $$o = $$b ] || echo --ignore=lamina/backend/$$o; done); \
	done

test: lint typecheck test-backends

# lamina's fit vs the engines' hand-written loops, one backend per process (noisy on 2 cores).
bench: install
	$(BIN)/python bench/fit_throughput.py --threads 1
