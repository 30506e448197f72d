"""Sample weights, masks and reductions: how weights broadcast against loss values (per
sample, per timestep, trailing 1s, higher rank), masked averages, and the error messages."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import SymbolicTensor, losses, ops
from lamina.losses.reduction import (
    REDUCTIONS,
    reduce_values,
    reduce_weighted_values,
    standardize_reduction,
)

RNG = np.random.default_rng(0)


def numpy_of(x):
    return np.asarray(ops.convert_to_numpy(x))


def sequence_batch(batch=3, time=4, features=2):
    y_true = RNG.normal(size=(batch, time, features)).astype("float32")
    y_pred = RNG.normal(size=(batch, time, features)).astype("float32")
    values = ((y_true.astype("float64") - y_pred) ** 2).mean(-1)  # (batch, time)
    return y_true, y_pred, values


def test_per_sample_weights_apply_to_every_timestep():
    y_true, y_pred, values = sequence_batch()
    weights = np.array([0.0, 1.0, 2.0])
    got = losses.MeanSquaredError()(y_true, y_pred, sample_weight=weights)
    np.testing.assert_allclose(numpy_of(got), (values * weights[:, None]).mean(), rtol=1e-5)
    got = losses.MeanSquaredError(reduction=None)(y_true, y_pred, sample_weight=weights)
    np.testing.assert_allclose(numpy_of(got), values * weights[:, None], rtol=1e-5)


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean_with_sample_weight"])
def test_per_timestep_weights(reduction):
    y_true, y_pred, values = sequence_batch()
    weights = RNG.uniform(size=values.shape)
    weights[0, 2:] = 0.0  # Padding.
    loss = losses.MeanSquaredError(reduction=reduction)
    want = {
        "sum_over_batch_size": (values * weights).mean(),
        "sum": (values * weights).sum(),
        "mean_with_sample_weight": (values * weights).sum() / weights.sum(),
    }[reduction]
    for shaped in (weights, weights[..., None]):
        got = loss(y_true, y_pred, sample_weight=shaped)
        np.testing.assert_allclose(numpy_of(got), want, rtol=1e-5)


def test_weights_with_trailing_one_keep_the_values_shape():
    values = np.array([1.0, 2.0, 3.0], "float32")
    got = reduce_weighted_values(
        values, sample_weight=np.array([[1.0], [0.0], [2.0]]), reduction=None
    )
    assert tuple(ops.shape(got)) == (3,)
    np.testing.assert_allclose(numpy_of(got), [1.0, 0.0, 6.0])
    got = reduce_weighted_values(values[:, None], np.array([1.0, 0.0, 2.0]), reduction=None)
    assert tuple(ops.shape(got)) == (3, 1)


def test_scalar_weight_scales_everything():
    y_true, y_pred, values = sequence_batch()
    got = losses.MeanSquaredError(reduction="sum")(y_true, y_pred, sample_weight=0.5)
    np.testing.assert_allclose(numpy_of(got), 0.5 * values.sum(), rtol=1e-5)


def test_weights_of_higher_rank_are_averaged_over_their_extra_axes():
    values = np.array([2.0, 4.0], "float32")
    weights = np.array([[1.0, 0.0], [1.0, 1.0]])
    got = reduce_weighted_values(values, sample_weight=weights, reduction=None)
    np.testing.assert_allclose(numpy_of(got), [1.0, 4.0])


def test_mean_with_sample_weight_divides_by_the_broadcast_weights():
    y_true, y_pred, values = sequence_batch()
    weights = np.array([1.0, 3.0, 0.0])
    loss = losses.MeanSquaredError(reduction="mean_with_sample_weight")
    got = loss(y_true, y_pred, sample_weight=weights)
    want = (values * weights[:, None]).sum() / (weights.sum() * values.shape[1])
    np.testing.assert_allclose(numpy_of(got), want, rtol=1e-5)
    # Without weights it is the plain mean; with all-zero weights, 0 rather than nan.
    np.testing.assert_allclose(numpy_of(loss(y_true, y_pred)), values.mean(), rtol=1e-5)
    got = loss(y_true, y_pred, sample_weight=np.zeros(3))
    assert float(numpy_of(got)) == 0.0


@pytest.mark.parametrize(
    "reduction", ["sum_over_batch_size", "mean", "sum", "mean_with_sample_weight"]
)
def test_mask_leaves_entries_out(reduction):
    values = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "float32")
    mask = np.array([[True, True, False], [True, False, False]])
    weights = np.array([1.0, 2.0])
    weighted = values * weights[:, None] * mask
    want = {
        "sum_over_batch_size": weighted.sum() / mask.sum(),
        "mean": weighted.sum() / mask.sum(),
        "sum": weighted.sum(),
        "mean_with_sample_weight": weighted.sum() / (weights[:, None] * mask).sum(),
    }[reduction]
    got = reduce_weighted_values(values, sample_weight=weights, mask=mask, reduction=reduction)
    np.testing.assert_allclose(numpy_of(got), want, rtol=1e-6)


def test_fully_masked_batch_gives_zero():
    values = np.ones((2, 2), "float32")
    got = reduce_weighted_values(values, mask=np.zeros((2, 2), bool))
    assert float(numpy_of(got)) == 0.0


def test_scalar_and_empty_values_are_returned_unreduced():
    scalar = ops.convert_to_tensor(2.0)
    assert float(numpy_of(reduce_values(scalar, reduction="sum_over_batch_size"))) == 2.0
    empty = ops.zeros((0,))
    assert tuple(ops.shape(reduce_values(empty, reduction="sum"))) == (0,)
    assert float(numpy_of(reduce_values(ops.zeros((0, 3)), reduction="mean"))) == 0.0


def test_reductions_are_the_keras_ones():
    assert REDUCTIONS == (
        "sum_over_batch_size",
        "sum",
        "mean",
        "mean_with_sample_weight",
        "none",
        None,
    )
    for reduction in REDUCTIONS:
        assert standardize_reduction(reduction) == reduction


def test_unknown_reduction_is_rejected():
    with pytest.raises(ValueError, match=r"Loss: invalid reduction 'auto'\. Expected one of"):
        standardize_reduction("auto")


def test_mismatched_sample_weight_names_the_loss_and_shapes():
    y_true = np.zeros((4, 3), "float32")
    with pytest.raises(
        ValueError,
        match=r"MeanSquaredError 'mean_squared_error': sample_weight of shape \(3,\) does not "
        r"match loss values of shape \(4,\)",
    ):
        losses.MeanSquaredError()(y_true, y_true, sample_weight=np.ones(3))


def test_symbolic_weights_and_masks_give_a_scalar_spec():
    values = SymbolicTensor((None, 4), "float32")
    for reduction in ("sum_over_batch_size", "sum", "mean_with_sample_weight"):
        got = reduce_weighted_values(
            values,
            sample_weight=SymbolicTensor((None,), "float32"),
            mask=SymbolicTensor((None, 4), "bool"),
            reduction=reduction,
        )
        assert isinstance(got, SymbolicTensor) and got.shape == ()
    got = reduce_weighted_values(
        values, sample_weight=SymbolicTensor((None,), "float32"), reduction=None
    )
    assert got.shape == (None, 4)
