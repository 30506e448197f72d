"""GlobalMaxPooling3D through check_layer against NumPy's max over the spatial axes, in both
data formats, with and without keepdims."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers
from tests.layers.pooling.pool_reference import layout
from tests.support.layer_check import check_layer


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_global_max_pooling3d_matches_reference(data_format, keepdims):
    axes = tuple(range(2, 5)) if data_format == "channels_first" else tuple(range(1, 4))

    def reference(x, weights):
        return np.max(x, axis=axes, keepdims=keepdims)

    shape = layout(2, (3, 4, 5), 3, data_format)
    expected = np.max(np.zeros(shape), axis=axes, keepdims=keepdims).shape
    layer = check_layer(
        layers.GlobalMaxPooling3D,
        {"data_format": data_format, "keepdims": keepdims},
        input_shape=shape,
        expected_output_shape=expected,
        expected_num_weights=0,
        reference=reference,
    )
    assert layer.get_config()["keepdims"] is keepdims
    assert layers.GlobalMaxPool3D is layers.GlobalMaxPooling3D
