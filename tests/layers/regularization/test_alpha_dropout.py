"""AlphaDropout: identity in inference; keeps mean and variance in training; errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.support.layer_check import check_layer

_SATURATION = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_alpha_dropout_basics():
    check_layer(
        layers.AlphaDropout,
        {"rate": 0.3, "seed": 1},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: x,
    )


def test_alpha_dropout_keeps_mean_and_variance_by_its_affine_formula():
    rate = 0.2
    x = np.random.default_rng(0).normal(size=(200, 200)).astype("float32")
    y = _numpy(layers.AlphaDropout(rate, seed=4)(x, training=True))
    assert abs(float(y.mean())) < 0.02
    assert abs(float(y.var()) - 1.0) < 0.03
    a = ((1.0 - rate) * (1.0 + rate * _SATURATION**2)) ** -0.5
    b = -a * _SATURATION * rate
    dropped = np.isclose(y, a * _SATURATION + b, atol=1e-5)
    assert abs(float(dropped.mean()) - rate) < 0.01
    np.testing.assert_allclose(y[~dropped], a * x[~dropped] + b, rtol=1e-5, atol=1e-5)


def test_alpha_dropout_noise_shape_and_reproducibility():
    x = np.zeros((6, 4, 5), "float32")
    first = _numpy(layers.AlphaDropout(0.5, noise_shape=(None, 1, None), seed=2)(x, training=True))
    second = _numpy(layers.AlphaDropout(0.5, noise_shape=(None, 1, None), seed=2)(x, training=True))
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(first, np.broadcast_to(first[:, :1, :], first.shape))


def test_alpha_dropout_rejects_bad_rate():
    with pytest.raises(
        ValueError, match=r"AlphaDropout 'ad': rate must be a float in \[0, 1\), received"
    ):
        layers.AlphaDropout(1.0, name="ad")


def test_alpha_dropout_rejects_bad_noise_shape():
    layer = layers.AlphaDropout(0.5, noise_shape=(None, 3), name="ad")
    with pytest.raises(
        ValueError, match=r"AlphaDropout 'ad': noise_shape \(None, 3\) must have the rank"
    ):
        layer(np.zeros((2, 4), "float32"), training=True)
