"""AdaptiveMaxPooling1D through check_layer against the direct-loop bin reference, in both data
formats: sizes that divide (the fixed-window path), that don't, and outputs larger than inputs."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers
from tests.layers.pooling.pool_reference import adaptive_pool, layout
from tests.support.layer_check import check_layer, make_input
from tests.support.op_check import check_gradient


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    ("spatial", "output_size"),
    [
        ((7,), 3),
        ((6,), 3),
        ((3,), 5),
        ((7,), 1),
    ],
)
def test_adaptive_max_pooling1d_matches_reference(spatial, output_size, data_format):
    sizes = (output_size,) * 1 if isinstance(output_size, int) else output_size

    def reference(x, weights):
        return adaptive_pool(x, sizes, data_format, "max")

    x = make_input(layout(2, spatial, 3, data_format))
    layer = check_layer(
        layers.AdaptiveMaxPooling1D,
        {"output_size": output_size, "data_format": data_format},
        input_data=x,
        expected_output_shape=reference(x, {}).shape,
        expected_num_weights=0,
        reference=reference,
    )
    assert layer.get_config()["output_size"] == sizes


def test_adaptive_max_pooling1d_gradient():
    layer = layers.AdaptiveMaxPooling1D(3, dtype="float64")
    x = np.random.default_rng(0).normal(size=(1, 7, 2))

    def pooled(inputs):
        return layer(inputs)

    check_gradient(pooled, [x])
