"""Dropout: identity in inference, drop statistics and reproducibility in training, errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.support.layer_check import check_layer


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_dropout_basics():
    check_layer(
        layers.Dropout,
        {"rate": 0.5, "seed": 3},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: x,
    )


def test_dropout_with_noise_shape_config():
    layer = check_layer(
        layers.Dropout,
        {"rate": 0.2, "noise_shape": (None, 1, 4)},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        reference=lambda x, w: x,
    )
    assert layer.get_config()["noise_shape"] == (None, 1, 4)


def test_dropout_training_statistics():
    rate = 0.3
    y = _numpy(layers.Dropout(rate, seed=1)(np.ones((200, 100), "float32"), training=True))
    assert abs(float(np.mean(y == 0.0)) - rate) < 0.02
    np.testing.assert_allclose(y[y != 0.0], 1.0 / (1.0 - rate), rtol=1e-6)


def test_dropout_noise_shape_drops_whole_features():
    layer = layers.Dropout(0.5, noise_shape=(None, 1, None), seed=2)
    y = _numpy(layer(np.ones((8, 5, 6), "float32"), training=True))
    np.testing.assert_array_equal(y, np.broadcast_to(y[:, :1, :], y.shape))
    assert 0.0 < float(np.mean(y == 0.0)) < 1.0


def test_dropout_is_reproducible_with_an_int_seed():
    x = np.ones((4, 50), "float32")
    first, second = layers.Dropout(0.5, seed=7), layers.Dropout(0.5, seed=7)
    a1, a2 = _numpy(first(x, training=True)), _numpy(first(x, training=True))
    np.testing.assert_array_equal(a1, _numpy(second(x, training=True)))
    np.testing.assert_array_equal(a2, _numpy(second(x, training=True)))
    assert not np.array_equal(a1, a2)


def test_dropout_rate_zero_is_identity_in_training():
    x = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_array_equal(_numpy(layers.Dropout(0.0)(x, training=True)), x)


def test_dropout_keeps_the_mask():
    layer = layers.Dropout(0.5)
    mask = np.array([True, False])
    assert layer.supports_masking and layer.compute_mask(None, mask) is mask


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5, "0.5", True])
def test_dropout_rejects_bad_rate(rate):
    with pytest.raises(
        ValueError, match=r"Dropout 'drop': rate must be a float in \[0, 1\), received rate="
    ):
        layers.Dropout(rate, name="drop")
