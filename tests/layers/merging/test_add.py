"""Add and `add` against NumPy: same shapes, broadcasting, three inputs, errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.layers.merging.merge_check import check_merge_layer


def test_add_two_inputs():
    check_merge_layer(layers.Add, {}, [(2, 3), (2, 3)], (2, 3), lambda x, y: x + y)


def test_add_three_inputs():
    check_merge_layer(layers.Add, {}, [(2, 4), (2, 4), (2, 4)], (2, 4), lambda a, b, c: a + b + c)


def test_add_broadcasts_lower_rank_after_batch_axis():
    check_merge_layer(
        layers.Add,
        {},
        [(2, 3, 4), (2, 4)],
        (2, 3, 4),
        lambda x, y: (lambda x, y: x + y)(x, y[:, None, :]),
    )


def test_add_functional_form():
    x = np.arange(6, dtype="float32").reshape(2, 3)
    y = np.ones((2, 1), "float32")
    expected = layers.Add()([x, y])
    out = layers.add([x, y], name="add_fn")
    np.testing.assert_allclose(
        lamina.ops.convert_to_numpy(out), lamina.ops.convert_to_numpy(expected)
    )


def test_add_rejects_a_single_input():
    with pytest.raises(ValueError, match=r"Add 'add_x' expected a list of at least 2"):
        layers.Add(name="add_x")([np.ones((2, 3), "float32")])
