"""AveragePooling1D through check_layer against the direct-loop reference, in both data formats,
with odd sizes, strides and 'same' padding."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.layers.pooling.pool_reference import check_pooling

CASES = [
    {"pool_size": 2},
    {"pool_size": 3, "strides": 2},
    {"pool_size": 3, "strides": 2, "padding": "same"},
    {"pool_size": 2, "strides": 1, "padding": "same"},
    {"pool_size": 4, "strides": 3, "padding": "SAME"},
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("kwargs", CASES)
def test_average_pooling1d_matches_reference(kwargs, data_format):
    check_pooling(layers.AveragePooling1D, "average", (7,), data_format, **kwargs)


def test_average_pooling1d_keras_example_values():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0], dtype="float32").reshape(1, 5, 1)
    valid = layers.AveragePooling1D(pool_size=2, strides=1)(x)
    same = layers.AveragePooling1D(pool_size=2, strides=1, padding="same")(x)
    assert ops.convert_to_numpy(valid)[0, :, 0].tolist() == [1.5, 2.5, 3.5, 4.5]
    assert ops.convert_to_numpy(same)[0, :, 0].tolist() == [1.5, 2.5, 3.5, 4.5, 5.0]
    assert layers.AvgPool1D is layers.AveragePooling1D


def test_average_pooling1d_averages_integers_in_floatx():
    layer = layers.AveragePooling1D(pool_size=2)
    y = layer(np.array([[[1], [2], [4], [7]]], dtype="int32"))
    assert ops.dtype(y) == "float32"
    assert layer(lamina.SymbolicTensor((None, 4, 1), "int32")).dtype == "float32"
    assert ops.convert_to_numpy(y)[0, :, 0].tolist() == [1.5, 5.5]
