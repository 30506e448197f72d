"""Cropping1D through check_layer against slicing, in its one layout and each form
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


@pytest.mark.parametrize("data_format", ["channels_last"])
@pytest.mark.parametrize("cropping", [1, (2, 0), (1, 3)])
def test_cropping1d_matches_reference(cropping, data_format):
    pairs = _pairs(cropping, 1)
    axes = range(2, 3) if data_format == "channels_first" else range(1, 2)

    def reference(x, weights):
        index = [slice(None)] * x.ndim
        for axis, (before, after) in zip(axes, pairs):
            index[axis] = slice(before, x.shape[axis] - after)
        return x[tuple(index)]

    shape = layout(2, (7,), 3, data_format)
    layer = check_layer(
        layers.Cropping1D,
        {"cropping": cropping},
        input_shape=shape,
        expected_output_shape=reference(np.zeros(shape), {}).shape,
        expected_num_weights=0,
        reference=reference,
    )
    expected_config = tuple(pairs) if 1 > 1 else pairs[0]
    assert layer.get_config()["cropping"] == expected_config


def test_cropping1d_keras_example_and_config():
    x = np.arange(12).reshape(2, 3, 2)
    layer = layers.Cropping1D(cropping=1)
    assert ops.convert_to_numpy(layer(x)).tolist() == [[[2, 3]], [[8, 9]]]
    config = layer.get_config()
    assert config["cropping"] == (1, 1) and "data_format" not in config
    assert layers.Cropping1D.from_config(config).cropping == ((1, 1),)
