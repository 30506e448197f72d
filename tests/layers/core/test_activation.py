"""Activation through check_layer, its config, mask pass-through and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.support.layer_check import check_layer


def test_activation_relu():
    check_layer(
        layers.Activation,
        {"activation": "relu"},
        input_shape=(2, 3),
        expected_output_shape=(2, 3),
        expected_num_weights=0,
        reference=lambda x, w: np.maximum(x, 0.0),
    )


def test_activation_callable_and_config():
    layer = layers.Activation(lamina.activations.tanh)
    out = layer(np.array([[-1.0, 0.5]], "float32"))
    np.testing.assert_allclose(lamina.ops.convert_to_numpy(out), np.tanh([[-1.0, 0.5]]), 1e-6)
    assert layer.get_config()["activation"] == "tanh"
    assert layers.Activation.from_config(layer.get_config()).activation is lamina.activations.tanh


def test_activation_passes_mask_through():
    layer = layers.Activation("sigmoid")
    mask = np.array([True, False])
    assert layer.supports_masking
    assert layer.compute_mask(np.zeros((2, 3), "float32"), mask) is mask


def test_activation_rejects_unknown_name():
    with pytest.raises(ValueError, match=r"Unknown activation 'nope'"):
        layers.Activation("nope")
