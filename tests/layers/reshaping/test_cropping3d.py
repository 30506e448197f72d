"""Cropping3D through check_layer against slicing, in both data formats and each form
of `cropping`."""

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
@pytest.mark.parametrize("cropping", [(1, 0, 1), ((1, 0), (0, 2), (2, 1))])
def test_cropping3d_matches_reference(cropping, data_format):
    pairs = _pairs(cropping, 3)
    axes = range(2, 5) if data_format == "channels_first" else range(1, 4)

    def reference(x, weights):
        index = [slice(None)] * x.ndim
        for axis, (before, after) in zip(axes, pairs):
            index[axis] = slice(before, x.shape[axis] - after)
        return x[tuple(index)]

    shape = layout(2, (4, 5, 6), 3, data_format)
    layer = check_layer(
        layers.Cropping3D,
        {"cropping": cropping, "data_format": data_format},
        input_shape=shape,
        expected_output_shape=reference(np.zeros(shape), {}).shape,
        expected_num_weights=0,
        reference=reference,
    )
    expected_config = tuple(pairs) if 3 > 1 else pairs[0]
    assert layer.get_config()["cropping"] == expected_config


def test_cropping3d_default_cropping():
    assert layers.Cropping3D().get_config()["cropping"] == ((1, 1), (1, 1), (1, 1))
    assert layers.Cropping3D().compute_output_shape((2, 3, 4, 5, 6)) == (2, 1, 2, 3, 6)
