"""Crossentropy losses: logits and probabilities, label smoothing, axes, per-class alpha,
ignore_class, stability at extreme inputs, and one test per error message."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import SymbolicTensor, losses, ops
from tests.losses import reference

RNG = np.random.default_rng(0)


def numpy_of(x):
    return np.asarray(ops.convert_to_numpy(x))


def close(got, want, tolerance=2e-5):
    np.testing.assert_allclose(numpy_of(got), want, rtol=tolerance, atol=tolerance)


def binary_batch(shape=(4, 3)):
    y = RNG.integers(0, 2, size=shape).astype("float32")
    return y, RNG.uniform(0.05, 0.95, size=shape).astype("float32"), RNG.normal(size=shape)


def categorical_batch(shape=(4, 5)):
    y = np.eye(shape[-1], dtype="float32")[RNG.integers(0, shape[-1], size=shape[:-1])]
    p = RNG.uniform(0.05, 1, size=shape)
    return y, (p / p.sum(-1, keepdims=True)).astype("float32"), RNG.normal(size=shape)


@pytest.mark.parametrize("smoothing", [0.0, 0.1, 0.5])
@pytest.mark.parametrize("from_logits", [False, True])
def test_binary_crossentropy(from_logits, smoothing):
    y, probabilities, logits = binary_batch()
    p = logits.astype("float32") if from_logits else probabilities
    kwargs = {"from_logits": from_logits, "label_smoothing": smoothing}
    close(losses.binary_crossentropy(y, p, **kwargs), reference.binary_crossentropy(y, p, **kwargs))
    loss = losses.BinaryCrossentropy(**kwargs)
    close(loss(y, p), reference.binary_crossentropy(y, p, **kwargs).mean())


@pytest.mark.parametrize("balancing", [False, True])
@pytest.mark.parametrize("from_logits", [False, True])
def test_binary_focal_crossentropy(from_logits, balancing):
    y, probabilities, logits = binary_batch()
    p = logits.astype("float32") if from_logits else probabilities
    kwargs = {
        "apply_class_balancing": balancing,
        "alpha": 0.4,
        "gamma": 3.0,
        "from_logits": from_logits,
        "label_smoothing": 0.2,
    }
    want = reference.binary_focal_crossentropy(y, p, **kwargs)
    close(losses.binary_focal_crossentropy(y, p, **kwargs), want)
    close(losses.BinaryFocalCrossentropy(**kwargs)(y, p), want.mean())


def test_binary_focal_with_gamma_zero_is_binary_crossentropy():
    y, p, _ = binary_batch()
    close(
        losses.binary_focal_crossentropy(y, p, gamma=0.0),
        numpy_of(losses.binary_crossentropy(y, p)),
    )


def test_binary_crossentropy_axis_and_rank_matching():
    y = RNG.integers(0, 2, size=(2, 3, 4)).astype("float32")
    p = RNG.uniform(0.1, 0.9, size=(2, 3, 4)).astype("float32")
    close(losses.binary_crossentropy(y, p, axis=1), reference.binary_crossentropy(y, p, axis=1))
    # (batch,) targets against (batch, 1) predictions: one value per sample.
    got = losses.binary_crossentropy(y[:, 0, 0], p[:, 0, :1])
    assert tuple(ops.shape(got)) == (2,)


@pytest.mark.parametrize("smoothing", [0.0, 0.3])
@pytest.mark.parametrize("from_logits", [False, True])
def test_categorical_crossentropy(from_logits, smoothing):
    y, probabilities, logits = categorical_batch()
    p = logits.astype("float32") if from_logits else probabilities
    kwargs = {"from_logits": from_logits, "label_smoothing": smoothing}
    want = reference.categorical_crossentropy(y, p, **kwargs)
    close(losses.categorical_crossentropy(y, p, **kwargs), want)
    close(losses.CategoricalCrossentropy(**kwargs)(y, p), want.mean())


def test_categorical_crossentropy_on_another_class_axis():
    y, p, _ = categorical_batch((2, 3, 4))
    y, p = np.moveaxis(y, -1, 1), np.moveaxis(p, -1, 1)
    kwargs = {"axis": 1, "label_smoothing": 0.1}
    close(
        losses.categorical_crossentropy(y, p, **kwargs),
        reference.categorical_crossentropy(y, p, **kwargs),
    )
    got = losses.CategoricalFocalCrossentropy(reduction=None, **kwargs)(y, p)
    close(got, reference.categorical_focal_crossentropy(y, p, **kwargs))


@pytest.mark.parametrize("from_logits", [False, True])
def test_categorical_focal_crossentropy(from_logits):
    y, probabilities, logits = categorical_batch()
    p = logits.astype("float32") if from_logits else probabilities
    for alpha in (0.25, [0.1, 0.2, 0.3, 0.2, 0.2]):
        kwargs = {"alpha": alpha, "gamma": 1.5, "from_logits": from_logits, "label_smoothing": 0.1}
        want = reference.categorical_focal_crossentropy(y, p, **kwargs)
        close(losses.categorical_focal_crossentropy(y, p, **kwargs), want)
        close(losses.CategoricalFocalCrossentropy(**kwargs)(y, p), want.mean())


@pytest.mark.parametrize("from_logits", [False, True])
def test_sparse_categorical_crossentropy(from_logits):
    _, probabilities, logits = categorical_batch()
    p = logits.astype("float32") if from_logits else probabilities
    labels = RNG.integers(0, 5, size=4)
    want = reference.sparse_categorical_crossentropy(labels, p, from_logits=from_logits)
    for y in (labels, labels.astype("int32"), labels.astype("float32"), labels[:, None]):
        close(losses.sparse_categorical_crossentropy(y, p, from_logits=from_logits), want)
        close(losses.SparseCategoricalCrossentropy(from_logits=from_logits)(y, p), want.mean())


def test_sparse_categorical_crossentropy_on_another_class_axis():
    _, p, _ = categorical_batch((2, 3, 4))
    p = np.moveaxis(p, -1, 1)
    labels = RNG.integers(0, 4, size=(2, 3))
    close(
        losses.sparse_categorical_crossentropy(labels, p, axis=1),
        reference.sparse_categorical_crossentropy(labels, p, axis=1),
    )


def test_ignore_class_entries_count_nowhere():
    logits = RNG.normal(size=(2, 4, 5)).astype("float32")
    labels = np.array([[1, 255, 3, 255], [0, 2, 255, 4]])  # 255: padding, not a class.
    values = reference.sparse_categorical_crossentropy(labels, logits, True, ignore_class=255)
    valid = labels != 255
    got = losses.sparse_categorical_crossentropy(labels, logits, from_logits=True, ignore_class=255)
    close(got, values)
    assert np.all(numpy_of(got)[~valid] == 0.0)
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=255)
    close(loss(labels, logits), values.sum() / valid.sum())
    weights = np.array([1.0, 3.0])
    want = (values * weights[:, None]).sum() / valid.sum()
    close(loss(labels, logits, sample_weight=weights), want)
    summed = losses.SparseCategoricalCrossentropy(True, ignore_class=255, reduction="sum")
    close(summed(labels, logits), values.sum())
    unreduced = losses.SparseCategoricalCrossentropy(True, ignore_class=255, reduction=None)
    close(unreduced(labels, logits), values)


def test_ignore_class_with_probabilities_and_negative_label():
    _, p, _ = categorical_batch((3, 4))
    labels = np.array([2, -1, 0])
    loss = losses.SparseCategoricalCrossentropy(ignore_class=-1)
    values = reference.sparse_categorical_crossentropy(labels, p, ignore_class=-1)
    close(loss(labels, p), values.sum() / 2)


def test_probabilities_are_clipped_and_logits_stable():
    ones, zeros = np.ones((1, 2), "float32"), np.zeros((1, 2), "float32")
    got = numpy_of(losses.binary_crossentropy(ones, zeros))
    np.testing.assert_allclose(got, -np.log(reference.EPSILON), rtol=1e-3)
    got = numpy_of(losses.binary_crossentropy(ones, np.full((1, 2), -100.0), from_logits=True))
    np.testing.assert_allclose(got, 100.0, rtol=1e-5)
    logits = np.array([[1000.0, -1000.0]], "float32")
    got = numpy_of(losses.categorical_crossentropy([[0.0, 1.0]], logits, from_logits=True))
    np.testing.assert_allclose(got, 2000.0, rtol=1e-5)


def test_class_axis_of_size_one_warns():
    with pytest.warns(
        SyntaxWarning, match="categorical_crossentropy: y_pred has a class axis of size 1"
    ):
        losses.categorical_crossentropy(np.ones((2, 1)), np.ones((2, 1)))


def test_shape_mismatch_names_the_loss():
    with pytest.raises(
        ValueError,
        match=r"binary_crossentropy: y_true and y_pred must have the same shape, received "
        r"y_true.shape=\(2, 3\) and y_pred.shape=\(2, 4\)",
    ):
        losses.BinaryCrossentropy()(np.zeros((2, 3)), np.full((2, 4), 0.5))
    with pytest.raises(ValueError, match="categorical_crossentropy: y_true and y_pred must have"):
        losses.categorical_crossentropy(np.zeros((2, 1)), np.full((2, 3), 0.5))


def test_sparse_label_shape_mismatch_names_the_loss():
    with pytest.raises(
        ValueError,
        match=r"sparse_categorical_crossentropy: y_true must hold one class index per "
        r"prediction, shape \(2,\)",
    ):
        losses.sparse_categorical_crossentropy(np.zeros((3,)), np.full((2, 4), 0.25))


def test_sparse_scalar_prediction_is_rejected():
    with pytest.raises(
        ValueError, match="sparse_categorical_crossentropy: y_pred must have a class axis"
    ):
        losses.sparse_categorical_crossentropy(np.zeros(()), np.zeros(()))


def test_categorical_scalar_prediction_is_rejected():
    with pytest.raises(ValueError, match="categorical_crossentropy: y_pred must have a class axis"):
        losses.categorical_crossentropy(np.zeros(()), np.zeros(()))


def test_boolean_axis_is_rejected():
    with pytest.raises(
        ValueError, match="categorical_crossentropy: axis must be an int, received True"
    ):
        losses.categorical_crossentropy(np.ones((2, 2)), np.ones((2, 2)), axis=True)


@pytest.mark.parametrize(
    "cls",
    [
        losses.BinaryCrossentropy,
        losses.BinaryFocalCrossentropy,
        losses.CategoricalCrossentropy,
        losses.CategoricalFocalCrossentropy,
    ],
)
def test_label_smoothing_outside_zero_one_is_rejected(cls):
    with pytest.raises(
        ValueError,
        match=rf"{cls.__name__} '\w+': label_smoothing must be a number in \[0, 1\], received 1.5",
    ):
        cls(label_smoothing=1.5)


def test_non_integer_ignore_class_is_rejected():
    with pytest.raises(
        ValueError,
        match="SparseCategoricalCrossentropy 'sparse_categorical_crossentropy': ignore_class "
        "must be an int or None, received 0.5",
    ):
        losses.SparseCategoricalCrossentropy(ignore_class=0.5)


def test_ignore_class_on_symbolic_inputs():
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
    got = loss(SymbolicTensor((None, 5), "int32"), SymbolicTensor((None, 5, 3), "float32"))
    assert isinstance(got, SymbolicTensor) and (got.shape, got.dtype) == ((), "float32")
    unreduced = losses.SparseCategoricalCrossentropy(ignore_class=-1, reduction=None)
    got = unreduced(SymbolicTensor((None, 5), "int32"), SymbolicTensor((None, 5, 3), "float32"))
    assert got.shape == (None, 5)
