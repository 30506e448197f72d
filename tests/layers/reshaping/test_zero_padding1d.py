"""ZeroPadding1D through check_layer against numpy.pad, in both data formats and each form
of `padding`."""

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
@pytest.mark.parametrize("padding", [1, (2, 0), (1, 3)])
def test_zero_padding1d_matches_reference(padding, data_format):
    pairs = _pairs(padding, 1)
    axes = range(2, 3) if data_format == "channels_first" else range(1, 2)

    def reference(x, weights):
        widths = [(0, 0)] * x.ndim
        for axis, pair in zip(axes, pairs):
            widths[axis] = pair
        return np.pad(x, widths)

    shape = layout(2, (7,), 3, data_format)
    layer = check_layer(
        layers.ZeroPadding1D,
        {"padding": padding, "data_format": data_format},
        input_shape=shape,
        expected_output_shape=reference(np.zeros(shape), {}).shape,
        expected_num_weights=0,
        reference=reference,
    )
    expected_config = tuple(pairs) if 1 > 1 else pairs[0]
    assert layer.get_config()["padding"] == expected_config


def test_zero_padding1d_keras_example_keeps_integers():
    x = np.arange(12).reshape(2, 2, 3)
    y = layers.ZeroPadding1D(padding=2)(x)
    assert ops.dtype(y) == ops.dtype(ops.convert_to_tensor(x))
    np.testing.assert_array_equal(ops.convert_to_numpy(y), np.pad(x, ((0, 0), (2, 2), (0, 0))))
    assert layers.ZeroPadding1D().get_config()["padding"] == (1, 1)
