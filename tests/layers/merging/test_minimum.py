"""Minimum and `minimum` against NumPy: same shapes, broadcasting, three inputs, errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.layers.merging.merge_check import check_merge_layer


def test_minimum_two_inputs():
    check_merge_layer(layers.Minimum, {}, [(2, 3), (2, 3)], (2, 3), lambda x, y: np.minimum(x, y))


def test_minimum_three_inputs():
    check_merge_layer(
        layers.Minimum,
        {},
        [(2, 4), (2, 4), (2, 4)],
        (2, 4),
        lambda a, b, c: np.minimum(np.minimum(a, b), c),
    )


def test_minimum_broadcasts_lower_rank_after_batch_axis():
    check_merge_layer(
        layers.Minimum,
        {},
        [(2, 3, 4), (2, 4)],
        (2, 3, 4),
        lambda x, y: (lambda x, y: np.minimum(x, y))(x, y[:, None, :]),
    )


def test_minimum_functional_form():
    x = np.arange(6, dtype="float32").reshape(2, 3)
    y = np.ones((2, 1), "float32")
    expected = layers.Minimum()([x, y])
    out = layers.minimum([x, y], name="minimum_fn")
    np.testing.assert_allclose(
        lamina.ops.convert_to_numpy(out), lamina.ops.convert_to_numpy(expected)
    )


def test_minimum_rejects_a_single_input():
    with pytest.raises(ValueError, match=r"Minimum 'minimum_x' expected a list of at least 2"):
        layers.Minimum(name="minimum_x")([np.ones((2, 3), "float32")])
