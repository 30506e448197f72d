"""Dense through check_layer, with hand-set weights against the formula, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.support.layer_check import check_layer


def test_dense_basics():
    check_layer(
        layers.Dense,
        {"units": 4},
        input_shape=(2, 3),
        expected_output_shape=(2, 4),
        expected_num_weights=2,
        expected_num_trainable_weights=2,
        reference=lambda x, w: x @ w["kernel"] + w["bias"],
    )


def test_dense_no_bias_relu_on_rank_3():
    check_layer(
        layers.Dense,
        {"units": 5, "use_bias": False, "activation": "relu"},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 5),
        expected_num_weights=1,
        reference=lambda x, w: np.maximum(x @ w["kernel"], 0.0),
    )


def test_dense_with_hand_set_weights():
    layer = layers.Dense(2)
    layer.build((None, 3))
    kernel = np.arange(6, dtype="float32").reshape(3, 2)
    layer.set_weights([kernel, np.array([1.0, -1.0], "float32")])
    out = lamina.ops.convert_to_numpy(layer(np.ones((1, 3), "float32")))
    np.testing.assert_allclose(out, [[7.0, 8.0]])
    assert [w.path for w in layer.weights] == [f"{layer.name}/kernel", f"{layer.name}/bias"]


def test_dense_rejects_bad_units():
    with pytest.raises(ValueError, match=r"Dense '.*': units must be a positive int, received 0"):
        layers.Dense(0)


def test_dense_rejects_wrong_last_axis_after_build():
    layer = layers.Dense(2, name="proj")
    layer(np.ones((1, 3), "float32"))
    with pytest.raises(
        ValueError,
        match=r"Dense 'proj': expected axis -1 of size 3, but received an input of shape \(1, 4\)",
    ):
        layer(np.ones((1, 4), "float32"))
    with pytest.raises(ValueError, match=r"Dense 'proj': expected axis -1 of size 3.*\(None, 5\)"):
        layer(lamina.SymbolicTensor((None, 5)))


def test_dense_rejects_unknown_last_axis():
    with pytest.raises(ValueError, match=r"needs a known last axis"):
        layers.Dense(2)(lamina.SymbolicTensor((None, None)))
