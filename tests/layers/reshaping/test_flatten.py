"""Flatten through check_layer in both data formats, unknown sizes, and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.support.layer_check import check_layer


def test_flatten_channels_last():
    check_layer(
        layers.Flatten,
        {},
        input_shape=(2, 3, 4, 5),
        expected_output_shape=(2, 60),
        expected_num_weights=0,
        reference=lambda x, w: x.reshape(2, -1),
    )


def test_flatten_channels_first_moves_channels_last():
    layer = layers.Flatten(data_format="channels_first")
    x = np.arange(24, dtype="float32").reshape(2, 3, 2, 2)
    out = lamina.ops.convert_to_numpy(layer(x))
    np.testing.assert_array_equal(out, np.transpose(x, (0, 2, 3, 1)).reshape(2, -1))
    assert layer.get_config()["data_format"] == "channels_first"


def test_flatten_rank_1_and_unknown_sizes():
    out = layers.Flatten()(np.arange(3, dtype="float32"))
    assert lamina.ops.convert_to_numpy(out).tolist() == [[0.0], [1.0], [2.0]]
    assert layers.Flatten()(lamina.SymbolicTensor((None, None, 4))).shape == (None, None)
    assert layers.Flatten().compute_output_shape((None, 2, 3)) == (None, 6)


def test_flatten_rejects_unknown_data_format():
    with pytest.raises(ValueError, match=r"data_format must be one of"):
        layers.Flatten(data_format="channels_middle")


def test_flatten_rejects_scalars():
    with pytest.raises(ValueError, match=r"Flatten 'f': expected rank >= 1, but received .*\(\)"):
        layers.Flatten(name="f")(lamina.SymbolicTensor(()))
