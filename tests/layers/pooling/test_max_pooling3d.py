"""MaxPooling3D through check_layer against the direct-loop reference, in both data formats,
with odd sizes, strides and 'same' padding."""

from __future__ import annotations

import pytest

from lamina import layers
from tests.layers.pooling.pool_reference import check_pooling

CASES = [
    {"pool_size": 2},
    {"pool_size": (3, 2, 2), "strides": (2, 1, 1)},
    {"pool_size": 2, "padding": "same"},
    {"pool_size": (2, 3, 2), "strides": (1, 2, 3), "padding": "same"},
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("kwargs", CASES)
def test_max_pooling3d_matches_reference(kwargs, data_format):
    check_pooling(layers.MaxPooling3D, "max", (5, 4, 3), data_format, **kwargs)
