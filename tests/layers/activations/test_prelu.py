"""PReLU: the alpha weight's shape (with shared axes), the formula, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.support.layer_check import check_layer


def _prelu(x, alpha):
    return np.where(x >= 0, x, alpha * x)


def test_prelu_basics():
    layer = check_layer(
        layers.PReLU,
        {"alpha_initializer": "random_uniform"},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=1,
        expected_num_trainable_weights=1,
        reference=lambda x, w: _prelu(x, w["alpha"]),
    )
    assert tuple(layer.alpha.shape) == (3, 4)
    assert layer.alpha.path == f"{layer.name}/alpha"


def test_prelu_shared_axes_through_check_layer():
    layer = check_layer(
        layers.PReLU,
        {"alpha_initializer": "random_uniform", "shared_axes": [1, 2]},
        input_shape=(2, 3, 4, 5),
        expected_output_shape=(2, 3, 4, 5),
        expected_num_weights=1,
        reference=lambda x, w: _prelu(x, w["alpha"]),
    )
    assert tuple(layer.alpha.shape) == (1, 1, 5)


@pytest.mark.parametrize(
    ("shared_axes", "alpha_shape"),
    [(None, (3, 4, 5)), (1, (1, 4, 5)), ([-1], (3, 4, 1)), ((2,), (3, 1, 5))],
)
def test_prelu_alpha_shape_with_shared_axes(shared_axes, alpha_shape):
    layer = layers.PReLU(shared_axes=shared_axes)
    layer.build((None, 3, 4, 5))
    assert tuple(layer.alpha.shape) == alpha_shape


def test_prelu_with_hand_set_alpha():
    layer = layers.PReLU(shared_axes=[1])
    layer.build((None, 2, 2))
    layer.set_weights([np.array([[0.5, 2.0]], "float32")])
    y = ops.convert_to_numpy(layer(np.array([[[-2.0, -2.0], [3.0, -1.0]]], "float32")))
    np.testing.assert_allclose(y, [[[-1.0, -4.0], [3.0, -2.0]]])


def test_prelu_config_round_trips_regularizer_and_constraint():
    layer = layers.PReLU(alpha_regularizer="l2", alpha_constraint="non_neg", shared_axes=2)
    config = layer.get_config()
    assert config["shared_axes"] == [2]
    clone = layers.PReLU.from_config(config)
    clone(np.ones((1, 3, 4), "float32"))
    assert tuple(clone.alpha.shape) == (3, 1)
    assert len(clone.losses) == 1


def test_prelu_rejects_batch_axis_in_shared_axes():
    with pytest.raises(
        ValueError,
        match=r"PReLU 'p': shared_axes must name axes 1 to 2 .*received shared_axes=\[0\]",
    ):
        layers.PReLU(shared_axes=[0], name="p")(lamina.SymbolicTensor((None, 3, 4)))


def test_prelu_rejects_unknown_non_shared_axis():
    with pytest.raises(ValueError, match=r"PReLU 'p' needs the size of every non-shared axis"):
        layers.PReLU(name="p")(lamina.SymbolicTensor((None, None, 4)))


def test_prelu_rejects_wrong_axis_size_after_build():
    layer = layers.PReLU(name="p")
    layer(np.ones((1, 3), "float32"))
    with pytest.raises(ValueError, match=r"PReLU 'p': expected axis 1 of size 3"):
        layer(lamina.SymbolicTensor((None, 5)))
