"""MaxPooling2D through check_layer against the direct-loop reference, in both data formats,
with odd sizes, strides and 'same' padding."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.layers.pooling.pool_reference import check_pooling

CASES = [
    {"pool_size": (2, 2)},
    {"pool_size": (3, 2), "strides": (2, 1)},
    {"pool_size": (2, 3), "strides": 2, "padding": "same"},
    {"pool_size": 3, "strides": 1, "padding": "same"},
    {"pool_size": (4, 2), "strides": (3, 1), "padding": "same"},
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("kwargs", CASES)
def test_max_pooling2d_matches_reference(kwargs, data_format):
    check_pooling(layers.MaxPooling2D, "max", (7, 5), data_format, **kwargs)


def test_max_pooling2d_keras_example_values():
    x = np.arange(1.0, 10.0, dtype="float32").reshape(1, 3, 3, 1)
    y = layers.MaxPooling2D(pool_size=(2, 2), strides=(1, 1))(x)
    assert ops.convert_to_numpy(y)[0, :, :, 0].tolist() == [[5.0, 6.0], [8.0, 9.0]]
    assert layers.MaxPool2D is layers.MaxPooling2D


def test_max_pooling2d_keeps_integer_dtype():
    x = np.arange(16, dtype="int32").reshape(1, 4, 4, 1)
    layer = layers.MaxPooling2D()
    y = layer(x)
    assert ops.dtype(y) == "int32"
    assert layer(lamina.SymbolicTensor((None, 4, 4, 1), "int32")).dtype == "int32"
    assert ops.convert_to_numpy(y)[0, :, :, 0].tolist() == [[5, 7], [13, 15]]
