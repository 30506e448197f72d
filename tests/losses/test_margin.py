"""Hinge losses: {0, 1} targets are mapped to {-1, 1} (on the device), other targets kept."""

from __future__ import annotations

import numpy as np

from lamina import losses, ops
from tests.losses import reference

RNG = np.random.default_rng(0)


def numpy_of(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_binary_targets_are_mapped_to_signs():
    zero_one = RNG.integers(0, 2, size=(4, 3)).astype("float32")
    scores = RNG.normal(size=(4, 3)).astype("float32")
    for function in (losses.hinge, losses.squared_hinge):
        np.testing.assert_allclose(
            numpy_of(function(zero_one, scores)),
            numpy_of(function(2 * zero_one - 1, scores)),
            rtol=1e-6,
        )


def test_other_targets_are_used_as_they_are():
    targets = np.array([[0.0, 1.0, -1.0]], "float32")  # Not all 0/1: no mapping.
    scores = np.array([[0.5, 0.5, 0.5]], "float32")
    np.testing.assert_allclose(numpy_of(losses.hinge(targets, scores)), [(1 + 0.5 + 1.5) / 3])
    np.testing.assert_allclose(
        numpy_of(losses.squared_hinge(targets, scores)),
        reference.squared_hinge(targets, scores),
        rtol=1e-6,
    )


def test_categorical_hinge_is_zero_beyond_the_margin():
    targets = np.array([[0.0, 1.0], [0.0, 1.0]], "float32")
    scores = np.array([[0.0, 2.0], [1.0, 0.5]], "float32")
    np.testing.assert_allclose(numpy_of(losses.categorical_hinge(targets, scores)), [0.0, 1.5])
