"""RMSNormalization against NumPy, with one axis and several, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.support.layer_check import check_layer


def _rms_norm(x, axes, scale, epsilon=1e-6):
    mean_square = np.mean(np.square(x), axis=axes, keepdims=True)
    shape = [x.shape[a] if a in axes else 1 for a in range(x.ndim)]
    return x / np.sqrt(mean_square + epsilon) * scale.reshape(shape)


def test_rms_normalization_basics():
    layer = check_layer(
        layers.RMSNormalization,
        {},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=1,
        expected_num_trainable_weights=1,
        reference=lambda x, w: _rms_norm(x, (2,), w["scale"]),
    )
    assert [(w.name, w.shape) for w in layer.weights] == [("scale", (4,))]


def test_rms_normalization_axis_list():
    check_layer(
        layers.RMSNormalization,
        {"axis": [1, 2], "epsilon": 1e-3},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        reference=lambda x, w: _rms_norm(x, (1, 2), w["scale"], 1e-3),
    )


def test_rms_normalization_with_hand_set_scale():
    layer = layers.RMSNormalization(axis=[1, 2], epsilon=1e-3)
    layer.build((None, 2, 3))
    scale = np.arange(1, 7, dtype="float32").reshape(2, 3)
    layer.set_weights([scale])
    x = np.full((1, 2, 3), 2.0, "float32")
    out = ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(out, 2.0 / np.sqrt(4.0 + 1e-3) * scale[None], rtol=1e-5)


def test_rms_normalization_rejects_axis_out_of_range():
    with pytest.raises(ValueError, match=r"RMSNormalization 'rms': axis -3 is out of range"):
        layers.RMSNormalization(axis=-3, name="rms")(np.ones((2, 3), "float32"))


def test_rms_normalization_rejects_bad_axis_type():
    with pytest.raises(TypeError, match=r"RMSNormalization 'rms': axis must be an int or"):
        layers.RMSNormalization(axis=None, name="rms")
