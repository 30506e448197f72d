"""`lamina.activations.relu`'s negative_slope / max_value / threshold combinations against
Keras 3's piecewise definition, integer inputs and errors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from lamina import activations, ops

# Exact boundaries (0, 1, 2.5, 6) sit among the samples.
X = np.array([-7.0, -2.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.5, 3.0, 6.0, 8.0], dtype="float32")


def _relu_reference(x, negative_slope, max_value, threshold):
    # Keras 3's definition, valid while threshold <= max_value.
    x = x.astype(np.float64)
    capped = x if max_value is None else np.minimum(x, max_value)
    return np.where(x > threshold, capped, negative_slope * (x - threshold))


@pytest.mark.parametrize(
    ("negative_slope", "max_value", "threshold"),
    list(itertools.product([0.0, 0.3], [None, 6.0, 2.5], [0.0, 1.0])),
)
def test_relu_combinations(negative_slope, max_value, threshold):
    y = activations.relu(
        ops.convert_to_tensor(X),
        negative_slope=negative_slope,
        max_value=max_value,
        threshold=threshold,
    )
    expected = _relu_reference(X, negative_slope, max_value, threshold)
    assert ops.dtype(y) == "float32"
    np.testing.assert_allclose(ops.convert_to_numpy(y), expected, rtol=1e-6, atol=1e-6)


def test_relu_negative_threshold_keeps_inputs_above_it():
    # Between a negative threshold and 0 the input passes through unless max_value clips at 0.
    x = ops.convert_to_tensor(np.array([-2.0, -0.5, 0.5], dtype="float32"))
    unbounded = activations.relu(x, threshold=-1.0, negative_slope=0.5)
    bounded = activations.relu(x, threshold=-1.0, negative_slope=0.5, max_value=3.0)
    assert ops.convert_to_numpy(unbounded).tolist() == [-0.5, -0.5, 0.5]
    assert ops.convert_to_numpy(bounded).tolist() == [-0.5, 0.0, 0.5]


@pytest.mark.parametrize("max_value", [None, 6, 3])
def test_relu_keeps_integer_dtype(max_value):
    x = ops.convert_to_tensor(np.array([-4, 0, 5, 9], dtype="int32"))
    y = activations.relu(x, max_value=max_value)
    cap = 100 if max_value is None else max_value
    assert ops.dtype(y) == "int32"
    assert ops.convert_to_numpy(y).tolist() == [0, 0, min(5, cap), min(9, cap)]


def test_relu_rejects_negative_max_value():
    with pytest.raises(
        ValueError, match=r"relu expected max_value >= 0 or None, received max_value=-1\.0"
    ):
        activations.relu(ops.ones((2,)), max_value=-1.0)
