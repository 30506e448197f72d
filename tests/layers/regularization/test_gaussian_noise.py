"""GaussianNoise: identity in inference, additive N(0, stddev**2) noise in training, errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.support.layer_check import check_layer


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_gaussian_noise_basics():
    check_layer(
        layers.GaussianNoise,
        {"stddev": 0.5, "seed": 1},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: x,
    )


def test_gaussian_noise_training_statistics():
    x = np.full((200, 100), 3.0, "float32")
    noise = _numpy(layers.GaussianNoise(0.4, seed=2)(x, training=True)) - x
    assert abs(float(noise.mean())) < 0.01
    assert abs(float(noise.std()) - 0.4) < 0.01


def test_gaussian_noise_is_reproducible_with_an_int_seed():
    x = np.zeros((3, 5), "float32")
    a = _numpy(layers.GaussianNoise(1.0, seed=5)(x, training=True))
    b = _numpy(layers.GaussianNoise(1.0, seed=5)(x, training=True))
    np.testing.assert_array_equal(a, b)


def test_gaussian_noise_casts_integer_inputs_when_training():
    y = layers.GaussianNoise(1.0, seed=0)(np.zeros((2, 3), "int32"), training=True)
    assert ops.dtype(y) == "float32"


@pytest.mark.parametrize("stddev", [-1.0, float("nan"), None])
def test_gaussian_noise_rejects_bad_stddev(stddev):
    with pytest.raises(
        ValueError, match=r"GaussianNoise 'gn': stddev must be a non-negative finite number"
    ):
        layers.GaussianNoise(stddev, name="gn")
