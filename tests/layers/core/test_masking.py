"""Masking through check_layer against a NumPy formula, its mask in a model, and config."""

from __future__ import annotations

import numpy as np

import lamina
from lamina import layers
from tests.support.layer_check import check_layer


def _padded(mask_value: float) -> np.ndarray:
    x = np.random.default_rng(0).normal(size=(2, 4, 3)).astype("float32")
    x[0, 1] = mask_value
    x[1, 3] = mask_value
    x[1, 0, 0] = mask_value  # one feature equal to mask_value does not mask the timestep
    return x


def _reference(x: np.ndarray, mask_value: float) -> np.ndarray:
    keep = np.any(x != mask_value, axis=-1, keepdims=True)
    return np.where(keep, x, 0.0)


def test_masking_zeroes_masked_timesteps():
    check_layer(
        layers.Masking,
        {"mask_value": -1.0},
        input_data=_padded(-1.0),
        expected_output_shape=(2, 4, 3),
        expected_num_weights=0,
        reference=lambda x, w: _reference(x, -1.0),
    )


def test_masking_compute_mask():
    x = _padded(0.0)
    mask = layers.Masking().compute_mask(lamina.ops.convert_to_tensor(x))
    expected = [[True, False, True, True], [True, True, True, False]]
    assert lamina.ops.convert_to_numpy(mask).tolist() == expected
    np.testing.assert_array_equal(lamina.ops.convert_to_numpy(mask), np.any(x != 0.0, axis=-1))


def test_masking_infinite_mask_value_gives_zeros_not_nan():
    x = _padded(np.inf)
    out = lamina.ops.convert_to_numpy(layers.Masking(mask_value=np.inf)(x))
    np.testing.assert_array_equal(out, _reference(x, np.inf))


def test_masking_mask_reaches_next_layer_in_sequential():
    seen = []

    def record(x, mask=None):
        seen.append(mask)
        return x

    model = lamina.Sequential([lamina.Input(shape=(4, 3)), layers.Masking(), layers.Lambda(record)])
    x = _padded(0.0)
    seen.clear()
    model(x)
    np.testing.assert_array_equal(lamina.ops.convert_to_numpy(seen[-1]), np.any(x != 0, axis=-1))


def test_masking_config():
    config = layers.Masking(mask_value=2.5, name="m").get_config()
    assert config["mask_value"] == 2.5
    assert layers.Masking.from_config(config).mask_value == 2.5
