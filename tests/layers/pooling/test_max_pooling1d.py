"""MaxPooling1D through check_layer against the direct-loop reference, in both data formats,
with odd sizes, strides and 'same' padding."""

from __future__ import annotations

import pytest

from lamina import layers
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
def test_max_pooling1d_matches_reference(kwargs, data_format):
    check_pooling(layers.MaxPooling1D, "max", (7,), data_format, **kwargs)


def test_max_pooling1d_defaults_config_and_alias():
    layer = layers.MaxPooling1D()
    config = layer.get_config()
    assert (config["pool_size"], config["strides"], config["padding"]) == ((2,), (2,), "valid")
    assert config["data_format"] == "channels_last"
    assert layers.MaxPool1D is layers.MaxPooling1D
    clone = layers.MaxPooling1D.from_config(config)
    assert clone.pool_size == (2,)
