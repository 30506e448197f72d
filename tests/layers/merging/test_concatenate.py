"""Concatenate and `concatenate` against NumPy, its mask rule, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.layers.merging.merge_check import check_merge_layer


def test_concatenate_last_axis():
    check_merge_layer(
        layers.Concatenate,
        {},
        [(2, 3), (2, 4), (2, 1)],
        (2, 8),
        lambda *xs: np.concatenate(xs, axis=-1),
    )


def test_concatenate_middle_axis():
    check_merge_layer(
        layers.Concatenate,
        {"axis": 1},
        [(2, 3, 4), (2, 2, 4)],
        (2, 5, 4),
        lambda x, y: np.concatenate([x, y], axis=1),
    )


def test_concatenate_unknown_axis_size_gives_none():
    layer = layers.Concatenate(axis=1)
    assert layer.compute_output_shape([(None, None, 4), (None, 2, None)]) == (None, None, 4)


def test_concatenate_functional_form_and_config():
    x = np.array([[1.0, 2.0]], "float32")
    out = layers.concatenate([x, x], axis=0, name="joined")
    assert ops.convert_to_numpy(out).tolist() == [[1.0, 2.0], [1.0, 2.0]]
    assert layers.Concatenate(axis=2).get_config()["axis"] == 2


def test_concatenate_accepts_a_list_of_one():
    x = np.array([[1.0, 2.0]], "float32")
    assert ops.convert_to_numpy(layers.Concatenate()([x])).tolist() == [[1.0, 2.0]]


def test_concatenate_mask_follows_the_keras_rule():
    x = np.ones((1, 3, 2), "float32")
    y = np.ones((1, 3, 4), "float32")
    mask_x = np.array([[True, False, False]])
    mask_y = np.array([[True, True, False]])
    layer = layers.Concatenate()
    # Each mask is broadcast over its input's last axis, the masks are joined along that axis,
    # then `any` reduces it: a step stays unmasked where some input keeps it.
    mask = layer.compute_mask([x, y], [mask_x, mask_y])
    assert ops.convert_to_numpy(mask).tolist() == [[True, True, False]]
    # An unmasked input counts as all true.
    mask = layer.compute_mask([x, y], [mask_x, None])
    assert ops.convert_to_numpy(mask).tolist() == [[True, True, True]]
    assert layer.compute_mask([x, y], [None, None]) is None
    # Along the time axis the masks are concatenated, then reduced over the last axis.
    along_time = layers.Concatenate(axis=1).compute_mask([x, x], [mask_x, mask_y])
    assert ops.convert_to_numpy(along_time).tolist() == [[True, False, False, True, True, False]]


def test_concatenate_rejects_mismatched_non_axis_dims():
    with pytest.raises(
        ValueError,
        match=r"Concatenate 'cat': the inputs must have the same size on every axis except the "
        r"concatenation axis -1, but received shapes \(2, 3, 4\) and \(2, 5, 4\) \(they differ "
        r"on axis 1\)",
    ):
        layers.Concatenate(name="cat")(
            [np.ones((2, 3, 4), "float32"), np.ones((2, 5, 4), "float32")]
        )


def test_concatenate_rejects_different_ranks():
    with pytest.raises(ValueError, match=r"Concatenate 'cat2': the inputs must all have the same"):
        layers.Concatenate(name="cat2")(
            [lamina.SymbolicTensor((None, 3)), lamina.SymbolicTensor((None, 3, 1))]
        )


def test_concatenate_rejects_axis_out_of_range():
    with pytest.raises(ValueError, match=r"Concatenate 'cat3': axis 2 is out of range for inputs"):
        layers.Concatenate(axis=2, name="cat3")(
            [lamina.SymbolicTensor((None, 3)), lamina.SymbolicTensor((None, 3))]
        )


def test_concatenate_rejects_non_int_axis():
    with pytest.raises(TypeError, match=r"Concatenate '.*': axis must be an int, received 'x'"):
        layers.Concatenate(axis="x")


def test_concatenate_rejects_a_single_tensor():
    with pytest.raises(ValueError, match=r"Concatenate 'one' expected a list of at least 1"):
        layers.Concatenate(name="one")(np.ones((2, 3), "float32"))


class _MaskAsFloat(lamina.layers.Layer):
    """Returns the mask it receives as floats: lets a model's output show the mask flow."""

    def call(self, inputs, mask=None):
        if mask is None:
            return ops.ones_like(ops.sum(inputs, axis=-1))
        return ops.cast(mask, "float32")


def test_concatenate_mask_flows_through_a_functional_model():
    left, right = lamina.Input(shape=(3, 2)), lamina.Input(shape=(3, 4))
    model = lamina.Model([left, right], _MaskAsFloat()(layers.Concatenate()([left, right])))
    masks = [np.array([[True, False, False]]), np.array([[False, False, True]])]
    out = model([np.ones((1, 3, 2), "float32"), np.ones((1, 3, 4), "float32")], mask=masks)
    assert ops.convert_to_numpy(out).tolist() == [[1.0, 0.0, 1.0]]
