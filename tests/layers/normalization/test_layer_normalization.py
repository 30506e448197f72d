"""LayerNormalization against NumPy: one axis, several axes, channels-first, RMS scaling,
mixed precision, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.support.layer_check import check_layer, make_input

RANDOM_INIT = {"gamma_initializer": "random_normal", "beta_initializer": "random_normal"}


def _layer_norm(x, axes, gamma=None, beta=None, epsilon=1e-3):
    mean = x.mean(axis=axes, keepdims=True)
    variance = x.var(axis=axes, keepdims=True)
    out = (x - mean) / np.sqrt(variance + epsilon)
    shape = [x.shape[a] if a in axes else 1 for a in range(x.ndim)]
    if gamma is not None:
        out = out * gamma.reshape(shape)
    if beta is not None:
        out = out + beta.reshape(shape)
    return out


def test_layer_normalization_basics():
    check_layer(
        layers.LayerNormalization,
        RANDOM_INIT,
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=2,
        expected_num_trainable_weights=2,
        reference=lambda x, w: _layer_norm(x, (2,), w["gamma"], w["beta"]),
    )


def test_layer_normalization_axis_list():
    layer = check_layer(
        layers.LayerNormalization,
        {"axis": [1, 2], **RANDOM_INIT},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        reference=lambda x, w: _layer_norm(x, (1, 2), w["gamma"], w["beta"]),
    )
    assert [w.shape for w in layer.weights] == [(3, 4), (3, 4)]
    assert layer.get_config()["axis"] == [1, 2]


def test_layer_normalization_channels_first():
    check_layer(
        layers.LayerNormalization,
        {"axis": 1, **RANDOM_INIT},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        reference=lambda x, w: _layer_norm(x, (1,), w["gamma"], w["beta"]),
    )


def test_layer_normalization_rms_scaling():
    def reference(x, w):
        rms = np.sqrt(np.mean(np.square(x), axis=-1, keepdims=True) + 1e-3)
        return x / rms * w["gamma"]

    layer = check_layer(
        layers.LayerNormalization,
        {"rms_scaling": True, "gamma_initializer": "random_normal"},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=1,
        reference=reference,
    )
    assert layer.weights[0].name == "gamma"


def test_layer_normalization_without_center_and_scale():
    check_layer(
        layers.LayerNormalization,
        {"center": False, "scale": False},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: _layer_norm(x, (2,)),
    )


def test_layer_normalization_mixed_precision_computes_in_float32():
    layer = layers.LayerNormalization(dtype="mixed_float16")
    x = make_input((2, 8), seed=5) * 100.0 + 1000.0
    out = layer(x)
    assert ops.dtype(out) == "float16"
    assert layer.gamma.dtype == "float32"
    expected = _layer_norm(x.astype("float16").astype("float32"), (1,))
    np.testing.assert_allclose(ops.convert_to_numpy(out), expected, rtol=2e-3, atol=2e-3)


def test_layer_normalization_rejects_axis_out_of_range():
    layer = layers.LayerNormalization(axis=[1, 3], name="ln")
    with pytest.raises(
        ValueError, match=r"LayerNormalization 'ln': axis 3 is out of range for inputs of rank 3"
    ):
        layer(np.ones((2, 3, 4), "float32"))


def test_layer_normalization_rejects_repeated_axis():
    with pytest.raises(ValueError, match=r"LayerNormalization 'ln': axis \[1, -1\] names an axis"):
        layers.LayerNormalization(axis=[1, -1], name="ln").build((2, 3))


def test_layer_normalization_rejects_bad_axis_type():
    with pytest.raises(
        TypeError, match=r"LayerNormalization 'ln': axis must be an int or a non-empty list"
    ):
        layers.LayerNormalization(axis="last", name="ln")
