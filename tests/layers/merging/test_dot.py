"""Dot and `dot` against NumPy einsum (Keras batch_dot semantics), and its errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.layers.merging.merge_check import check_merge_layer


def _l2_normalize(x: np.ndarray, axis: int) -> np.ndarray:
    norm = np.sqrt(np.maximum(np.sum(x * x, axis=axis, keepdims=True), 1e-7))
    return x / norm


def test_dot_vectors_gives_batch_by_one():
    check_merge_layer(
        layers.Dot,
        {"axes": 1},
        [(3, 4), (3, 4)],
        (3, 1),
        lambda x, y: np.sum(x * y, axis=1, keepdims=True),
    )


def test_dot_matrices_with_axis_pair():
    check_merge_layer(
        layers.Dot,
        {"axes": [1, 2]},
        [(2, 3, 4), (2, 5, 3)],
        (2, 4, 5),
        lambda x, y: np.einsum("bij,bki->bjk", x, y),
    )


def test_dot_negative_axes_and_mixed_ranks():
    check_merge_layer(
        layers.Dot,
        {"axes": -1},
        [(2, 3, 4), (2, 4)],
        (2, 3),
        lambda x, y: np.einsum("bij,bj->bi", x, y),
    )


def test_dot_normalize_gives_cosine_proximity():
    check_merge_layer(
        layers.Dot,
        {"axes": (2, 2), "normalize": True},
        [(2, 3, 4), (2, 5, 4)],
        (2, 3, 5),
        lambda x, y: np.einsum("bij,bkj->bik", _l2_normalize(x, 2), _l2_normalize(y, 2)),
    )


def test_dot_functional_form_and_config():
    x = np.array([[1.0, 2.0]], "float32")
    y = np.array([[3.0, 4.0]], "float32")
    assert ops.convert_to_numpy(layers.dot([x, y], axes=1)).tolist() == [[11.0]]
    config = layers.Dot(axes=(1, 2), normalize=True).get_config()
    assert (config["axes"], config["normalize"]) == ([1, 2], True)


def test_dot_has_no_output_mask():
    x = np.ones((1, 3, 2), "float32")
    assert layers.Dot(axes=2).compute_mask([x, x], [np.ones((1, 3), bool), None]) is None


def test_dot_rejects_incompatible_axes():
    with pytest.raises(
        ValueError,
        match=r"Dot 'dot_x': incompatible axes: input 0 of shape \(2, 3\) has size 3 on axis 1, "
        r"but input 1 of shape \(2, 4\) has size 4 on axis 1",
    ):
        layers.Dot(axes=1, name="dot_x")([np.ones((2, 3), "float32"), np.ones((2, 4), "float32")])


def test_dot_rejects_the_batch_axis():
    with pytest.raises(ValueError, match=r"Dot 'dot_b': axes=0 is invalid for input 0 of rank 2"):
        layers.Dot(axes=0, name="dot_b")(
            [lamina.SymbolicTensor((None, 3)), lamina.SymbolicTensor((None, 3))]
        )


def test_dot_rejects_rank_one_inputs():
    with pytest.raises(ValueError, match=r"invalid for input 1 of rank 1"):
        layers.Dot(axes=[1, 0])([np.ones((2, 3), "float32"), np.ones((2,), "float32")])


def test_dot_rejects_three_inputs():
    x = np.ones((2, 3), "float32")
    with pytest.raises(ValueError, match=r"Dot 'dot3' expected a list of exactly 2 inputs"):
        layers.Dot(axes=1, name="dot3")([x, x, x])


def test_dot_rejects_malformed_axes():
    with pytest.raises(ValueError, match=r"Dot '.*': axes must be an int or a list of 2 ints"):
        layers.Dot(axes=[1, 2, 3])
    with pytest.raises(TypeError, match=r"Dot '.*': axes must be an int or a list of 2 ints"):
        layers.Dot(axes="last")
