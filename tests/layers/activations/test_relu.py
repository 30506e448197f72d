"""ReLU and LeakyReLU layers against NumPy formulas, and their errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.support.layer_check import check_layer


def _relu_reference(x, max_value=None, negative_slope=0.0, threshold=0.0):
    y = np.where(x >= threshold, x, negative_slope * (x - threshold))
    return y if max_value is None else np.minimum(y, max_value)


def test_relu_basics():
    check_layer(
        layers.ReLU,
        {},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: np.maximum(x, 0.0),
    )


def test_relu_with_cap_slope_and_threshold():
    kwargs = {"max_value": 1.0, "negative_slope": 0.2, "threshold": 0.5}
    check_layer(
        layers.ReLU,
        kwargs,
        input_shape=(4, 6),
        expected_output_shape=(4, 6),
        reference=lambda x, w: _relu_reference(x, **kwargs),
    )


def test_relu_values():
    layer = layers.ReLU(max_value=6.0, negative_slope=0.5, threshold=1.0)
    y = ops.convert_to_numpy(layer(np.array([-2.0, 0.5, 3.0, 10.0], "float32")))
    np.testing.assert_allclose(y, [-1.5, -0.25, 3.0, 6.0])


@pytest.mark.parametrize("argument", ["max_value", "negative_slope", "threshold"])
def test_relu_rejects_negative_arguments(argument):
    with pytest.raises(
        ValueError, match=rf"ReLU 'r': {argument} must be a number >= 0, received {argument}=-1"
    ):
        layers.ReLU(**{argument: -1.0}, name="r")


def test_relu_rejects_none_threshold():
    with pytest.raises(ValueError, match=r"ReLU 'r': threshold must be a number >= 0"):
        layers.ReLU(threshold=None, name="r")


def test_leaky_relu_basics():
    check_layer(
        layers.LeakyReLU,
        {"negative_slope": 0.1},
        input_shape=(2, 5),
        expected_output_shape=(2, 5),
        expected_num_weights=0,
        reference=lambda x, w: np.where(x >= 0, x, 0.1 * x),
    )


def test_leaky_relu_default_slope_and_keras2_alpha():
    x = np.array([-10.0, 2.0], "float32")
    np.testing.assert_allclose(ops.convert_to_numpy(layers.LeakyReLU()(x)), [-3.0, 2.0])
    layer = layers.LeakyReLU(alpha=0.5)
    assert layer.negative_slope == 0.5
    assert layer.get_config()["negative_slope"] == 0.5


def test_leaky_relu_rejects_negative_slope():
    with pytest.raises(
        ValueError, match=r"LeakyReLU 'l': negative_slope must be a number >= 0, received"
    ):
        layers.LeakyReLU(-0.1, name="l")
