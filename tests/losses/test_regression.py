"""Regression losses beyond the shared reference table: broadcasting and rank matching,
dtypes, stability at large errors, zero targets and vectors, and the error messages."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import losses, ops
from tests.losses import reference

RNG = np.random.default_rng(0)


def numpy_of(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_trailing_one_is_matched_and_same_rank_shapes_broadcast():
    y_true = RNG.normal(size=(4,)).astype("float32")
    y_pred = RNG.normal(size=(4, 1)).astype("float32")
    got = losses.mean_squared_error(y_true, y_pred)
    np.testing.assert_allclose(numpy_of(got), (y_true - y_pred[:, 0]) ** 2, rtol=1e-6)
    wide = RNG.normal(size=(4, 3)).astype("float32")
    got = losses.mean_absolute_error(y_pred, wide)
    np.testing.assert_allclose(numpy_of(got), np.abs(y_pred - wide).mean(-1), rtol=1e-6)


def test_integer_inputs_compute_in_floatx_and_float64_stays():
    got = losses.mean_squared_error([[1, 2]], [[1, 4]])
    assert ops.dtype(got) == "float32"
    assert numpy_of(got).tolist() == [2.0]
    got = losses.mean_absolute_error(np.zeros((2, 2)), np.ones((2, 2)))
    assert ops.dtype(got) == "float64"


def test_log_cosh_does_not_overflow():
    errors = np.array([[1000.0, -1000.0, 1e-3]], "float32")
    got = numpy_of(losses.log_cosh(np.zeros_like(errors), errors))
    want = (2 * (1000 - np.log(2)) + 0.5e-6) / 3
    np.testing.assert_allclose(got, [want], rtol=1e-5)


def test_percentage_error_with_zero_targets_is_finite():
    got = numpy_of(losses.mean_absolute_percentage_error([[0.0, 2.0]], [[1.0, 1.0]]))
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(
        got,
        reference.mean_absolute_percentage_error(np.array([[0.0, 2.0]]), np.array([[1.0, 1.0]])),
        rtol=1e-5,
    )


def test_squared_log_error_clips_negative_values():
    got = losses.mean_squared_logarithmic_error([[-5.0, 1.0]], [[0.0, 1.0]])
    np.testing.assert_allclose(numpy_of(got), [0.0], atol=1e-7)


def test_cosine_similarity_axis_and_zero_vector():
    y_true = RNG.normal(size=(2, 3, 4)).astype("float32")
    y_pred = RNG.normal(size=(2, 3, 4)).astype("float32")
    got = losses.cosine_similarity(y_true, y_pred, axis=1)
    np.testing.assert_allclose(
        numpy_of(got), reference.cosine_similarity(y_true, y_pred, axis=1), rtol=1e-5
    )
    assert numpy_of(losses.cosine_similarity([[0.0, 0.0]], [[1.0, 2.0]])).tolist() == [0.0]
    got = losses.CosineSimilarity(axis=1, reduction=None)(y_true, y_pred)
    assert tuple(ops.shape(got)) == (2, 4)


@pytest.mark.parametrize("delta", [0.0, 0.5, 1.0, 3.0])
def test_huber_delta(delta):
    y_true, y_pred = reference.real_inputs(RNG, (4, 5))
    got = losses.huber(y_true, y_pred, delta=delta)
    np.testing.assert_allclose(
        numpy_of(got), reference.huber(y_true, y_pred, delta), rtol=1e-5, atol=1e-6
    )


def test_huber_rejects_negative_delta():
    with pytest.raises(
        ValueError, match=r"Huber 'huber_loss': delta must be a non-negative number, received -1"
    ):
        losses.Huber(delta=-1)


def test_shapes_that_do_not_broadcast_name_the_loss():
    with pytest.raises(
        ValueError,
        match=r"mean_squared_error: y_true and y_pred must have shapes that broadcast together, "
        r"received y_true.shape=\(2, 3\) and y_pred.shape=\(2, 4\)",
    ):
        losses.MeanSquaredError()(np.zeros((2, 3)), np.zeros((2, 4)))
