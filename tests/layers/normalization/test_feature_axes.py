"""The axis helpers shared by the normalization layers."""

from __future__ import annotations

import numpy as np

from lamina import layers, ops
from lamina.layers.normalization.feature_axes import (
    axis_sizes,
    broadcast_parameter,
    check_axis_argument,
    resolve_axes,
)


def test_axes_resolve_in_the_order_given():
    layer = layers.LayerNormalization()
    assert check_axis_argument(layer, (2, 1)) == [2, 1]
    axes = resolve_axes(layer, [-1, 1], (None, 3, 4))
    assert axes == [2, 1]
    assert axis_sizes((None, 3, 4), axes) == (4, 3)


def test_broadcast_parameter_places_sizes_on_their_axes():
    parameter = ops.convert_to_tensor(np.arange(12, dtype="float32").reshape(4, 3))
    out = broadcast_parameter(parameter, [2, 1], 3, "float32")
    assert tuple(ops.shape(out)) == (1, 3, 4)
    vector = ops.convert_to_tensor(np.ones(3, "float32"))
    assert tuple(ops.shape(broadcast_parameter(vector, [1], 4, "float32"))) == (1, 3, 1, 1)
