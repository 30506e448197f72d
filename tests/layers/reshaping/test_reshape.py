"""Reshape through check_layer, with an inferred -1, unknown sizes, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.support.layer_check import check_layer


def test_reshape_with_inferred_axis():
    check_layer(
        layers.Reshape,
        {"target_shape": (-1, 2)},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 6, 2),
        expected_num_weights=0,
        reference=lambda x, w: x.reshape(2, 6, 2),
    )


def test_reshape_fixed_target_and_config():
    layer = layers.Reshape([2, 3])
    out = layer(np.arange(12, dtype="float32").reshape(2, 6))
    np.testing.assert_array_equal(
        lamina.ops.convert_to_numpy(out), np.arange(12, dtype="float32").reshape(2, 2, 3)
    )
    assert layer.get_config()["target_shape"] == (2, 3)


def test_reshape_unknown_input_sizes():
    assert layers.Reshape((-1, 2))(lamina.SymbolicTensor((None, None))).shape == (None, None, 2)
    assert layers.Reshape((3, 2)).compute_output_shape((None, None, 6)) == (None, 3, 2)


def test_reshape_rejects_size_mismatch():
    with pytest.raises(
        ValueError,
        match=r"Reshape 'r': target_shape \(4, 2\) needs 8 values per sample, but received an "
        r"input of shape \(None, 6\) with 6",
    ):
        layers.Reshape((4, 2), name="r")(lamina.SymbolicTensor((None, 6)))


def test_reshape_rejects_indivisible_size_with_inferred_axis():
    with pytest.raises(ValueError, match=r"Reshape 'r': .* needs a multiple of 4 values .*7 val"):
        layers.Reshape((-1, 4), name="r")(np.ones((2, 7), "float32"))


def test_reshape_rejects_later_input_of_wrong_size():
    layer = layers.Reshape((2, 3), name="r")
    layer(lamina.SymbolicTensor((None, None)))
    with pytest.raises(ValueError, match=r"Reshape 'r': target_shape \(2, 3\) needs 6 values"):
        layer(np.ones((2, 5), "float32"))


def test_reshape_rejects_two_inferred_axes():
    with pytest.raises(ValueError, match=r"Reshape '.*': target_shape must be a tuple of posi"):
        layers.Reshape((-1, -1))


def test_reshape_rejects_non_tuple_target():
    with pytest.raises(ValueError, match=r"at most one -1 \(without the batch axis\), received 6"):
        layers.Reshape(6)
