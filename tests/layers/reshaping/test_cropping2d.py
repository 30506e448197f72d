"""Cropping2D through check_layer against slicing, in both data formats and each form
of `cropping`."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.layers.pooling.pool_reference import layout
from tests.support.layer_check import check_layer


def _pairs(value, rank):
    if isinstance(value, int):
        return [(value, value)] * rank
    if rank == 1:
        return [tuple(value)]
    return [(v, v) if isinstance(v, int) else tuple(v) for v in value]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("cropping", [1, (1, 2), ((2, 0), (0, 3))])
def test_cropping2d_matches_reference(cropping, data_format):
    pairs = _pairs(cropping, 2)
    axes = range(2, 4) if data_format == "channels_first" else range(1, 3)

    def reference(x, weights):
        index = [slice(None)] * x.ndim
        for axis, (before, after) in zip(axes, pairs):
            index[axis] = slice(before, x.shape[axis] - after)
        return x[tuple(index)]

    shape = layout(2, (6, 7), 3, data_format)
    layer = check_layer(
        layers.Cropping2D,
        {"cropping": cropping, "data_format": data_format},
        input_shape=shape,
        expected_output_shape=reference(np.zeros(shape), {}).shape,
        expected_num_weights=0,
        reference=reference,
    )
    expected_config = tuple(pairs) if 2 > 1 else pairs[0]
    assert layer.get_config()["cropping"] == expected_config


def test_cropping2d_keras_example_and_default():
    y = layers.Cropping2D(cropping=((2, 2), (4, 4)))(np.ones((2, 28, 28, 3), "float32"))
    assert ops.shape(y) == (2, 24, 20, 3)
    assert layers.Cropping2D().get_config()["cropping"] == ((0, 0), (0, 0))
