"""UpSampling3D through check_layer against the direct-loop nearest-neighbour reference, in both
data formats."""

from __future__ import annotations

import pytest

from lamina import layers
from tests.layers.pooling.pool_reference import layout, upsample_nearest
from tests.support.layer_check import check_layer


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("size", [2, (2, 1, 3)])
def test_up_sampling3d_matches_reference(size, data_format):
    sizes = (size,) * 3 if isinstance(size, int) else size

    def reference(x, weights):
        return upsample_nearest(x, sizes, data_format)

    shape = layout(2, (3, 2, 1), 2, data_format)
    layer = check_layer(
        layers.UpSampling3D,
        {"size": size, "data_format": data_format},
        input_shape=shape,
        expected_output_shape=layout(2, (3 * sizes[0], 2 * sizes[1], sizes[2]), 2, data_format),
        expected_num_weights=0,
        reference=reference,
    )
    assert layer.get_config()["size"] == sizes
