"""Dice and Tversky: axes, and which of alpha / beta weighs false positives."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import losses, ops
from tests.losses import reference

RNG = np.random.default_rng(0)


def numpy_of(x):
    return np.asarray(ops.convert_to_numpy(x))


@pytest.mark.parametrize("axis", [None, 1, (1, 2), [1, 2, 3]])
def test_dice_and_tversky_axes(axis):
    y_true, y_pred = reference.mask_inputs(RNG, (2, 3, 4, 1))
    numpy_axis = tuple(axis) if isinstance(axis, list) else axis
    got = losses.dice(y_true, y_pred, axis=axis)
    np.testing.assert_allclose(numpy_of(got), reference.dice(y_true, y_pred, numpy_axis), rtol=1e-5)
    got = losses.Tversky(0.2, 0.8, axis=axis, reduction=None)(y_true, y_pred)
    want = reference.tversky(y_true, y_pred, 0.2, 0.8, numpy_axis)
    np.testing.assert_allclose(numpy_of(got), want, rtol=1e-5)


def test_alpha_weighs_false_positives_and_beta_false_negatives():
    y_true = np.array([[1.0, 1.0, 0.0, 0.0]], "float32")
    one_false_positive = np.array([[1.0, 1.0, 1.0, 0.0]], "float32")
    one_false_negative = np.array([[1.0, 0.0, 0.0, 0.0]], "float32")
    loss = losses.Tversky(alpha=1.0, beta=0.0)
    assert float(numpy_of(loss(y_true, one_false_negative))) == pytest.approx(0.0, abs=1e-6)
    assert float(numpy_of(loss(y_true, one_false_positive))) == pytest.approx(1 / 3, rel=1e-5)


def test_tversky_with_equal_weights_is_dice():
    y_true, y_pred = reference.mask_inputs(RNG, (3, 5))
    np.testing.assert_allclose(
        numpy_of(losses.tversky(y_true, y_pred, axis=1)),
        numpy_of(losses.dice(y_true, y_pred, axis=1)),
        rtol=1e-5,
    )
