"""Softmax layer: plain and masked, over one axis or several, against NumPy."""

from __future__ import annotations

import numpy as np

import lamina
from lamina import layers, ops
from tests.support.layer_check import check_layer


def _softmax(x, axis):
    shifted = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return shifted / np.sum(shifted, axis=axis, keepdims=True)


def test_softmax_basics():
    check_layer(
        layers.Softmax,
        {},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        reference=lambda x, w: _softmax(x, -1),
    )


def test_softmax_over_several_axes():
    check_layer(
        layers.Softmax,
        {"axis": (1, 2)},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        reference=lambda x, w: _softmax(x, (1, 2)),
    )


def test_softmax_with_mask():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 5)).astype("float32")
    mask = rng.integers(0, 2, size=(3, 5)).astype(bool)
    mask[:, 0] = True
    y = np.asarray(ops.convert_to_numpy(layers.Softmax()(x, mask=mask)))
    expected = _softmax(np.where(mask, x, -np.inf), -1)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(y[~mask], 0.0)


def test_softmax_broadcasts_the_mask():
    x = np.zeros((2, 2, 3), "float32")
    mask = np.array([[[True, False, True]], [[True, True, True]]])
    y = np.asarray(ops.convert_to_numpy(layers.Softmax()(x, mask=mask)))
    np.testing.assert_allclose(y[0], [[0.5, 0.0, 0.5]] * 2)
    np.testing.assert_allclose(y[1], np.full((2, 3), 1 / 3), rtol=1e-6)


def test_softmax_with_mask_check_layer():
    mask = np.array([[True, True, False, True]] * 2)
    check_layer(
        layers.Softmax,
        {},
        input_shape=(2, 4),
        call_kwargs={"mask": mask},
        expected_output_shape=(2, 4),
        reference=lambda x, w: _softmax(np.where(mask, x, -np.inf), -1),
    )


def test_softmax_receives_the_mask_in_a_functional_model():
    inputs = lamina.Input(shape=(3,))
    outputs = layers.Softmax()(inputs)
    model = lamina.Model(inputs, outputs)
    mask = np.array([[True, False, True]])
    y = np.asarray(ops.convert_to_numpy(model(np.zeros((1, 3), "float32"), mask=mask)))
    np.testing.assert_allclose(y, [[0.5, 0.0, 0.5]])
