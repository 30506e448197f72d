"""AveragePooling2D through check_layer against the direct-loop reference, in both data formats,
with odd sizes, strides and 'same' padding."""

from __future__ import annotations

import pytest

from lamina import layers
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
def test_average_pooling2d_matches_reference(kwargs, data_format):
    check_pooling(layers.AveragePooling2D, "average", (7, 5), data_format, **kwargs)
