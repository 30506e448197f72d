"""Doctest collection for `pytest --doctest-modules lamina`: examples that train skip on numpy.

The numpy backend is inference-only (NumPy has no gradients), so a docstring example that calls
fit / evaluate / train_on_batch / test_on_batch runs on torch and jax only.
"""

from __future__ import annotations

import os

import pytest

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
