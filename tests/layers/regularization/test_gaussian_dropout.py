"""GaussianDropout: identity in inference, N(1, rate / (1 - rate)) factors in training."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.support.layer_check import check_layer


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_gaussian_dropout_basics():
    check_layer(
        layers.GaussianDropout,
        {"rate": 0.4, "seed": 1},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: x,
    )


def test_gaussian_dropout_training_statistics():
    rate = 0.2
    x = np.full((200, 100), 2.0, "float32")
    factors = _numpy(layers.GaussianDropout(rate, seed=3)(x, training=True)) / 2.0
    assert abs(float(factors.mean()) - 1.0) < 0.01
    assert abs(float(factors.std()) - np.sqrt(rate / (1.0 - rate))) < 0.01


def test_gaussian_dropout_is_reproducible_with_an_int_seed():
    x = np.ones((3, 5), "float32")
    a = _numpy(layers.GaussianDropout(0.5, seed=5)(x, training=True))
    b = _numpy(layers.GaussianDropout(0.5, seed=5)(x, training=True))
    np.testing.assert_array_equal(a, b)


def test_gaussian_dropout_rejects_bad_rate():
    with pytest.raises(
        ValueError, match=r"GaussianDropout 'gd': rate must be a float in \[0, 1\), received"
    ):
        layers.GaussianDropout(-0.5, name="gd")
