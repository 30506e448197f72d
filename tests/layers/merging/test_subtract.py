"""Subtract and `subtract` against NumPy, and its exactly-two-inputs rule."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.layers.merging.merge_check import check_merge_layer


def test_subtract_two_inputs():
    check_merge_layer(layers.Subtract, {}, [(2, 3), (2, 3)], (2, 3), lambda x, y: x - y)


def test_subtract_broadcasts():
    check_merge_layer(layers.Subtract, {}, [(2, 1, 4), (2, 3, 1)], (2, 3, 4), lambda x, y: x - y)


def test_subtract_functional_form():
    x = np.array([[5.0, 7.0]], "float32")
    y = np.array([[1.0, 2.0]], "float32")
    out = layers.subtract([x, y])
    assert lamina.ops.convert_to_numpy(out).tolist() == [[4.0, 5.0]]


def test_subtract_rejects_three_inputs():
    x = np.ones((2, 3), "float32")
    with pytest.raises(
        ValueError, match=r"Subtract 'sub' expected a list of exactly 2 inputs, but received 3"
    ):
        layers.Subtract(name="sub")([x, x, x])
