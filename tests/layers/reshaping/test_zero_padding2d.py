"""ZeroPadding2D through check_layer against numpy.pad, in both data formats and each form
of `padding`."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
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
@pytest.mark.parametrize("padding", [1, (1, 2), ((1, 0), (2, 3))])
def test_zero_padding2d_matches_reference(padding, data_format):
    pairs = _pairs(padding, 2)
    axes = range(2, 4) if data_format == "channels_first" else range(1, 3)

    def reference(x, weights):
        widths = [(0, 0)] * x.ndim
        for axis, pair in zip(axes, pairs):
            widths[axis] = pair
        return np.pad(x, widths)

    shape = layout(2, (6, 7), 3, data_format)
    layer = check_layer(
        layers.ZeroPadding2D,
        {"padding": padding, "data_format": data_format},
        input_shape=shape,
        expected_output_shape=reference(np.zeros(shape), {}).shape,
        expected_num_weights=0,
        reference=reference,
    )
    expected_config = tuple(pairs) if 2 > 1 else pairs[0]
    assert layer.get_config()["padding"] == expected_config


def test_zero_padding2d_defaults_and_integer_inputs():
    layer = layers.ZeroPadding2D()
    assert layer.get_config()["padding"] == ((1, 1), (1, 1))
    y = layer(np.ones((1, 2, 2, 1), "int32"))
    assert ops.dtype(y) == "int32"
    assert layer(lamina.SymbolicTensor((None, 2, 2, 1), "int32")).dtype == "int32"
    assert ops.convert_to_numpy(y)[0, :, :, 0].sum() == 4 and ops.shape(y) == (1, 4, 4, 1)
