"""BasePooling's argument checks and error messages, shared by the six pooling layers."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers


def test_rejects_wrong_input_rank():
    layer = layers.MaxPooling2D(name="pool")
    with pytest.raises(ValueError, match=r"MaxPooling2D 'pool': expected rank 4, .*\(2, 5, 3\)"):
        layer(np.ones((2, 5, 3), "float32"))
    with pytest.raises(ValueError, match=r"MaxPooling2D 'pool': expected rank 4, .*\(None, 5\)"):
        layer(lamina.SymbolicTensor((None, 5)))


def test_rejects_pool_larger_than_valid_input():
    match = (
        r"AveragePooling2D 'avg': pool_size \(3, 3\) is larger than the spatial size \(2, 5\) "
        r"of the input of shape \(1, 2, 5, 4\) \(padding='valid'\)"
    )
    with pytest.raises(ValueError, match=match):
        layers.AveragePooling2D(3, name="avg")(np.ones((1, 2, 5, 4), "float32"))
    with pytest.raises(ValueError, match=r"AveragePooling2D 'avg': pool_size \(3, 3\)"):
        layers.AveragePooling2D(3, name="avg")(lamina.SymbolicTensor((None, 2, 5, 4)))
    with pytest.raises(ValueError, match=r"AveragePooling2D 'avg': pool_size"):
        layers.AveragePooling2D(3, name="avg").compute_output_shape((1, 2, 5, 4))


def test_rejects_pool_larger_than_input_on_a_later_call():
    layer = layers.MaxPooling1D(4, name="late")
    layer(np.ones((1, 8, 2), "float32"))
    match = r"MaxPooling1D 'late': pool_size \(4,\) is larger than .*\(1, 3, 2\)"
    with pytest.raises(ValueError, match=match):
        layer(np.ones((1, 3, 2), "float32"))


def test_same_padding_accepts_pool_larger_than_input():
    y = layers.MaxPooling1D(4, padding="same")(np.arange(3, dtype="float32").reshape(1, 3, 1))
    assert lamina.ops.convert_to_numpy(y)[0, :, 0].tolist() == [2.0]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"data_format": "channels_middle"}, r"data_format must be 'channels_last' or 'chan"),
        ({"padding": "causal"}, r"padding must be 'valid' or 'same', received 'causal'"),
        ({"pool_size": 0}, r"pool_size must be a positive int or a tuple of 2 .* pool_size=0"),
        ({"pool_size": (2, 2, 2)}, r"pool_size must be .* received pool_size=\(2, 2, 2\)"),
        ({"strides": (1, -1)}, r"strides must be a positive int .* strides=\(1, -1\)"),
    ],
)
def test_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=r"MaxPooling2D 'bad': " + match):
        layers.MaxPooling2D(name="bad", **kwargs)


def test_data_format_defaults_to_global_setting():
    lamina.config.set_image_data_format("channels_first")
    try:
        layer = layers.AveragePooling2D()
    finally:
        lamina.config.set_image_data_format("channels_last")
    assert layer.data_format == "channels_first"
    assert layer.compute_output_shape((2, 3, 8, 6)) == (2, 3, 4, 3)


def test_unknown_spatial_sizes_stay_unknown():
    y = layers.MaxPooling2D(3, strides=2)(lamina.SymbolicTensor((None, None, 9, 4)))
    assert y.shape == (None, None, 4, 4)
