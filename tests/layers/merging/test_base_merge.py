"""Merge's shared rules: input counts, shape and batch checks, mask flow, broadcasting ranks."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from lamina.layers.merging.base_merge import Merge


class _MaskAsFloat(lamina.layers.Layer):
    """Returns the mask it receives as floats: lets a model's output show the mask flow."""

    def call(self, inputs, mask=None):
        if mask is None:
            return ops.ones_like(ops.sum(inputs, axis=-1))
        return ops.cast(mask, "float32")


def test_rejects_a_single_tensor_not_in_a_list():
    with pytest.raises(
        ValueError,
        match=r"Add 'solo' expected a list of at least 2 inputs, but received a single input of "
        r"shape \(2, 3\)",
    ):
        layers.Add(name="solo")(np.ones((2, 3), "float32"))


def test_rejects_a_single_symbolic_tensor():
    with pytest.raises(ValueError, match=r"Maximum 'solo_max' expected a list of at least 2"):
        layers.Maximum(name="solo_max")(lamina.SymbolicTensor((None, 3)))


def test_rejects_incompatible_shapes_naming_both():
    with pytest.raises(
        ValueError,
        match=r"Add 'mismatch': the inputs have incompatible shapes \(2, 3\) and \(2, 4\): axis "
        r"sizes 3 and 4 differ",
    ):
        layers.Add(name="mismatch")([np.ones((2, 3), "float32"), np.ones((2, 4), "float32")])


def test_rejects_incompatible_symbolic_shapes():
    with pytest.raises(ValueError, match=r"incompatible shapes \(None, 5, 3\) and \(None, 4, 3\)"):
        layers.Multiply()(
            [lamina.SymbolicTensor((None, 5, 3)), lamina.SymbolicTensor((None, 4, 3))]
        )


def test_rejects_different_batch_sizes():
    with pytest.raises(
        ValueError,
        match=r"Average 'batches': the inputs must share their batch size \(axis 0\), but "
        r"received shapes \[\(2, 3\), \(4, 3\)\]",
    ):
        layers.Average(name="batches")([np.ones((2, 3), "float32"), np.ones((4, 3), "float32")])


def test_unknown_sizes_take_the_known_ones():
    shape = layers.Add().compute_output_shape([(None, None, 3), (None, 4, 1), (None, 1, None)])
    assert shape == (None, 4, 3)


def test_subclass_without_merge_function_says_what_to_implement():
    with pytest.raises(NotImplementedError, match=r"must implement _merge_function"):
        Merge(name="bare")([np.ones((1, 2), "float32"), np.ones((1, 2), "float32")])


def test_output_mask_is_the_and_of_input_masks():
    first = np.array([[True, True, False]])
    second = np.array([[True, False, False]])
    x = np.ones((1, 3, 2), "float32")
    mask = layers.Add().compute_mask([x, x], [first, second])
    assert ops.convert_to_numpy(mask).tolist() == [[True, False, False]]
    assert ops.convert_to_numpy(layers.Add().compute_mask([x, x], [None, second])).tolist() == [
        [True, False, False]
    ]
    assert layers.Add().compute_mask([x, x], [None, None]) is None
    assert layers.Add().compute_mask([x, x], None) is None


def test_masks_flow_through_a_functional_model():
    left, right = lamina.Input(shape=(3, 2)), lamina.Input(shape=(3, 2))
    model = lamina.Model([left, right], _MaskAsFloat()(layers.Add()([left, right])))
    x = np.ones((1, 3, 2), "float32")
    masks = [np.array([[True, True, False]]), np.array([[False, True, True]])]
    out = model([x, x], mask=masks)
    assert ops.convert_to_numpy(out).tolist() == [[0.0, 1.0, 0.0]]
