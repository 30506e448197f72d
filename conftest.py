"""Shared by the tests and `pytest --doctest-modules lamina`: XLA flags; training doctests skip
on numpy.

The numpy backend is inference-only (NumPy has no gradients), so a docstring example that calls
fit / evaluate / train_on_batch / test_on_batch runs on torch and jax only.
"""

from __future__ import annotations

import os

import pytest

# Tests check lamina's results, not XLA's optimizer: compiling at optimization level 0 gives the
# same programs' results and cuts the jax suite's compile time by about a third. A flag the
# caller sets wins. (jax reads XLA_FLAGS when its backend starts, after this file is imported.)
os.environ.setdefault("XLA_FLAGS", "--xla_backend_optimization_level=0")
if os.environ.get("PYTEST_XDIST_WORKER"):
    # One engine thread per test worker: torch slows down badly when threads outnumber cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")

_TRAINING_CALLS = (".fit(", ".evaluate(", ".train_on_batch(", ".test_on_batch(")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("LAMINA_BACKEND") != "numpy":
        return
    skip = pytest.mark.skip(reason="trains a model; the numpy backend is inference-only")
    for item in items:
        test = getattr(item, "dtest", None)
        if test is None:
            continue
        if any(call in example.source for example in test.examples for call in _TRAINING_CALLS):
            item.add_marker(skip)
