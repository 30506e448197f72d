"""Maximum and `maximum` against NumPy: same shapes, broadcasting, three inputs, errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.layers.merging.merge_check import check_merge_layer


def test_maximum_two_inputs():
    check_merge_layer(layers.Maximum, {}, [(2, 3), (2, 3)], (2, 3), lambda x, y: np.maximum(x, y))


def test_maximum_three_inputs():
    check_merge_layer(
        layers.Maximum,
        {},
        [(2, 4), (2, 4), (2, 4)],
        (2, 4),
        lambda a, b, c: np.maximum(np.maximum(a, b), c),
    )


def test_maximum_broadcasts_lower_rank_after_batch_axis():
    check_merge_layer(
        layers.Maximum,
        {},
        [(2, 3, 4), (2, 4)],
        (2, 3, 4),
        lambda x, y: (lambda x, y: np.maximum(x, y))(x, y[:, None, :]),
    )


def test_maximum_functional_form():
    x = np.arange(6, dtype="float32").reshape(2, 3)
    y = np.ones((2, 1), "float32")
    expected = layers.Maximum()([x, y])
    out = layers.maximum([x, y], name="maximum_fn")
    np.testing.assert_allclose(
        lamina.ops.convert_to_numpy(out), lamina.ops.convert_to_numpy(expected)
    )


def test_maximum_rejects_a_single_input():
    with pytest.raises(ValueError, match=r"Maximum 'maximum_x' expected a list of at least 2"):
        layers.Maximum(name="maximum_x")([np.ones((2, 3), "float32")])
