"""ZeroPadding3D through check_layer against numpy.pad, in both data formats and each form
of `padding`."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers
from tests.layers.pooling.pool_reference import layout
from tests.support.layer_check import check_layer


def _pairs(value, rank):
    if isinstance(value, int):
        return [(value, value)] * rank
    if rank == 1:
        return [tuple(value)]
    return [(v, v) if isinstance(v, int) else tuple(v) for v in value]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("padding", [1, (1, 0, 2), ((1, 0), (0, 2), (3, 1))])
def test_zero_padding3d_matches_reference(padding, data_format):
    pairs = _pairs(padding, 3)
    axes = range(2, 5) if data_format == "channels_first" else range(1, 4)

    def reference(x, weights):
        widths = [(0, 0)] * x.ndim
        for axis, pair in zip(axes, pairs):
            widths[axis] = pair
        return np.pad(x, widths)

    shape = layout(2, (4, 5, 6), 3, data_format)
    layer = check_layer(
        layers.ZeroPadding3D,
        {"padding": padding, "data_format": data_format},
        input_shape=shape,
        expected_output_shape=reference(np.zeros(shape), {}).shape,
        expected_num_weights=0,
        reference=reference,
    )
    expected_config = tuple(pairs) if 3 > 1 else pairs[0]
    assert layer.get_config()["padding"] == expected_config


def test_zero_padding3d_default_padding():
    assert layers.ZeroPadding3D().get_config()["padding"] == ((1, 1), (1, 1), (1, 1))
    assert layers.ZeroPadding3D().compute_output_shape((2, 1, 2, 3, 4)) == (2, 3, 4, 5, 4)
