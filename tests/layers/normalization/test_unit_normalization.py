"""UnitNormalization against NumPy, with one axis and several, zero inputs, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.support.layer_check import check_layer


def _unit_norm(x, axes):
    squared = np.sum(np.square(x), axis=axes, keepdims=True)
    return x / np.sqrt(np.maximum(squared, 1e-12))


def test_unit_normalization_basics():
    check_layer(
        layers.UnitNormalization,
        {},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: _unit_norm(x, (2,)),
    )


def test_unit_normalization_axis_list():
    check_layer(
        layers.UnitNormalization,
        {"axis": [1, 2]},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        reference=lambda x, w: _unit_norm(x, (1, 2)),
    )


def test_unit_normalization_keeps_zero_rows_finite():
    out = ops.convert_to_numpy(layers.UnitNormalization()(np.zeros((2, 3), "float32")))
    np.testing.assert_array_equal(out, np.zeros((2, 3)))


def test_unit_normalization_rejects_axis_out_of_range():
    with pytest.raises(ValueError, match=r"UnitNormalization 'un': axis 2 is out of range"):
        layers.UnitNormalization(axis=2, name="un")(np.ones((2, 3), "float32"))


def test_unit_normalization_rejects_bad_axis_type():
    with pytest.raises(TypeError, match=r"UnitNormalization 'un': axis must be an int or"):
        layers.UnitNormalization(axis=1.5, name="un")
