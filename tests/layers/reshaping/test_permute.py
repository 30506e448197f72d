"""Permute through check_layer against numpy.transpose, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.support.layer_check import check_layer


def test_permute_rank_4():
    layer = check_layer(
        layers.Permute,
        {"dims": (3, 1, 2)},
        input_shape=(2, 3, 4, 5),
        expected_output_shape=(2, 5, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: np.transpose(x, (0, 3, 1, 2)),
    )
    assert layer.get_config()["dims"] == (3, 1, 2)


def test_permute_keeps_unknown_sizes():
    assert layers.Permute((2, 1))(lamina.SymbolicTensor((None, None, 3))).shape == (None, 3, None)


def test_permute_rejects_bad_dims():
    with pytest.raises(ValueError, match=r"Permute '.*': dims must hold each of 1, .*\(0, 1\)"):
        layers.Permute((0, 1))


def test_permute_rejects_wrong_input_rank():
    with pytest.raises(ValueError, match=r"Permute 'p': expected rank 3, but received .*\(2, 3\)"):
        layers.Permute((2, 1), name="p")(np.ones((2, 3), "float32"))
