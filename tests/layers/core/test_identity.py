"""Identity through check_layer, on nested inputs, and its mask pass-through."""

from __future__ import annotations

import numpy as np

import lamina
from lamina import layers
from tests.support.layer_check import check_layer


def test_identity_basics():
    check_layer(
        layers.Identity,
        {},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: x,
    )


def test_identity_returns_nested_inputs():
    a, b = np.ones((1, 2), "float32"), np.zeros((1, 3), "float32")
    out = layers.Identity()([a, b])
    np.testing.assert_array_equal(lamina.ops.convert_to_numpy(out[0]), a)
    np.testing.assert_array_equal(lamina.ops.convert_to_numpy(out[1]), b)
    spec = layers.Identity()([lamina.SymbolicTensor((None, 2)), lamina.SymbolicTensor((None, 3))])
    assert [s.shape for s in spec] == [(None, 2), (None, 3)]


def test_identity_passes_mask_through():
    mask = np.array([True, False])
    assert layers.Identity().compute_mask(np.zeros((2, 3), "float32"), mask) is mask
