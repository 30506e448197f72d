"""Rescaling: the affine formula, per-channel scales in both data formats, dtypes, errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.support.layer_check import check_layer


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_rescaling_basics():
    check_layer(
        layers.Rescaling,
        {"scale": 0.5, "offset": -1.0},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: x * 0.5 - 1.0,
    )


def test_rescaling_per_channel_scale_channels_last():
    layer = layers.Rescaling([1.0, 2.0, 3.0], offset=[0.0, 1.0, 2.0])
    x = np.arange(12, dtype="float32").reshape(1, 2, 2, 3)
    expected = x * np.array([1.0, 2.0, 3.0]) + np.array([0.0, 1.0, 2.0])
    np.testing.assert_allclose(_numpy(layer(x)), expected)
    assert layer.get_config()["scale"] == [1.0, 2.0, 3.0]


def test_rescaling_per_channel_scale_channels_first():
    lamina.config.set_image_data_format("channels_first")
    try:
        layer = layers.Rescaling([1.0, 10.0])
        x = np.ones((1, 2, 3, 3), "float32")
        y = _numpy(layer(x))
    finally:
        lamina.config.set_image_data_format("channels_last")
    np.testing.assert_allclose(y[0, 0], 1.0)
    np.testing.assert_allclose(y[0, 1], 10.0)


def test_rescaling_casts_integer_inputs_to_floats():
    layer = layers.Rescaling(1 / 255)
    y = layer(np.array([0, 255], "uint8"))
    assert ops.dtype(y) == "float32"
    np.testing.assert_allclose(_numpy(y), [0.0, 1.0], rtol=1e-6)
    symbolic = layer(lamina.Input((3,), dtype="uint8"))
    assert symbolic.dtype == "float32"


def test_rescaling_rejects_non_numeric_scale():
    with pytest.raises(TypeError, match="Rescaling 'bad': scale must be a float"):
        layers.Rescaling("big", name="bad")
