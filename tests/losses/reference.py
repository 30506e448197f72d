"""Independent NumPy formulas for every loss (float64), and the inputs each loss is tested on.

`CASES` maps each loss function's name to its lamina function, its class, its reference and
an input factory, so the class and reduction tests run over every loss.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lamina import losses

EPSILON = 1e-7


def _smooth_binary(y, smoothing):
    return y * (1 - smoothing) + 0.5 * smoothing


def _smooth_categorical(y, smoothing, axis=-1):
    return y * (1 - smoothing) + smoothing / y.shape[axis]


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _log_softmax(x, axis=-1):
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _bce_elements(y, p, from_logits):
    if from_logits:
        return np.maximum(p, 0) - p * y + np.log1p(np.exp(-np.abs(p)))
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def mean_squared_error(y, p):
    return np.mean((y - p) ** 2, axis=-1)


def mean_absolute_error(y, p):
    return np.mean(np.abs(y - p), axis=-1)


def mean_absolute_percentage_error(y, p):
    return 100 * np.mean(np.abs((y - p) / np.maximum(np.abs(y), EPSILON)), axis=-1)


def mean_squared_logarithmic_error(y, p):
    return np.mean(
        (np.log(np.maximum(p, EPSILON) + 1) - np.log(np.maximum(y, EPSILON) + 1)) ** 2, axis=-1
    )


def cosine_similarity(y, p, axis=-1):
    def unit(v):
        return v / np.maximum(np.linalg.norm(v, axis=axis, keepdims=True), EPSILON)

    return -np.sum(unit(y) * unit(p), axis=axis)


def huber(y, p, delta=1.0):
    error = np.abs(p - y)
    values = np.where(error <= delta, 0.5 * error**2, delta * error - 0.5 * delta**2)
    return values.mean(axis=-1)


def log_cosh(y, p):
    return np.mean(np.log(np.cosh(p - y)), axis=-1)


def kl_divergence(y, p):
    y, p = np.clip(y, EPSILON, 1), np.clip(p, EPSILON, 1)
    return np.sum(y * np.log(y / p), axis=-1)


def poisson(y, p):
    return np.mean(p - y * np.log(p + EPSILON), axis=-1)


def binary_crossentropy(y, p, from_logits=False, label_smoothing=0.0, axis=-1):
    return _bce_elements(_smooth_binary(y, label_smoothing), p, from_logits).mean(axis=axis)


def binary_focal_crossentropy(
    y,
    p,
    apply_class_balancing=False,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    y = _smooth_binary(y, label_smoothing)
    probabilities = _sigmoid(p) if from_logits else p
    p_t = y * probabilities + (1 - y) * (1 - probabilities)
    values = (1 - p_t) ** gamma * _bce_elements(y, p, from_logits)
    if apply_class_balancing:
        values = values * (y * alpha + (1 - y) * (1 - alpha))
    return values.mean(axis=axis)


def categorical_crossentropy(y, p, from_logits=False, label_smoothing=0.0, axis=-1):
    y = _smooth_categorical(y, label_smoothing, axis)
    if from_logits:
        log_p = _log_softmax(p, axis)
    else:
        log_p = np.log(np.clip(p / p.sum(axis=axis, keepdims=True), EPSILON, 1 - EPSILON))
    return -np.sum(y * log_p, axis=axis)


def categorical_focal_crossentropy(
    y, p, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1
):
    y = _smooth_categorical(y, label_smoothing, axis)
    if from_logits:
        log_p = _log_softmax(p, axis)
        probabilities = np.exp(log_p)
    else:
        probabilities = np.clip(p / p.sum(axis=axis, keepdims=True), EPSILON, 1 - EPSILON)
        log_p = np.log(probabilities)
    return -np.sum(np.asarray(alpha) * (1 - probabilities) ** gamma * y * log_p, axis=axis)


def sparse_categorical_crossentropy(y, p, from_logits=False, ignore_class=None, axis=-1):
    labels = np.asarray(y).astype(np.int64)
    if labels.ndim == p.ndim:
        labels = labels[..., 0]
    valid = np.ones(labels.shape, bool) if ignore_class is None else labels != ignore_class
    one_hot = np.eye(p.shape[axis])[np.where(valid, labels, 0)]
    values = categorical_crossentropy(np.moveaxis(one_hot, -1, axis), p, from_logits, axis=axis)
    return np.where(valid, values, 0.0)


def _signed(y):
    return 2 * y - 1 if np.all((y == 0) | (y == 1)) else y


def hinge(y, p):
    return np.mean(np.maximum(1 - _signed(y) * p, 0), axis=-1)


def squared_hinge(y, p):
    return np.mean(np.maximum(1 - _signed(y) * p, 0) ** 2, axis=-1)


def categorical_hinge(y, p):
    positive = np.sum(y * p, axis=-1)
    negative = np.max((1 - y) * p, axis=-1)
    return np.maximum(negative - positive + 1, 0)


def dice(y, p, axis=None):
    intersection = np.sum(y * p, axis=axis)
    return 1 - 2 * intersection / (np.sum(y, axis=axis) + np.sum(p, axis=axis) + EPSILON)


def tversky(y, p, alpha=0.5, beta=0.5, axis=None):
    true_positives = np.sum(y * p, axis=axis)
    false_positives = np.sum((1 - y) * p, axis=axis)
    false_negatives = np.sum(y * (1 - p), axis=axis)
    denominator = true_positives + alpha * false_positives + beta * false_negatives + EPSILON
    return 1 - true_positives / denominator


def ctc(y, p):
    """CTC by the forward algorithm over the blank-extended label sequence (blank = 0)."""
    log_probabilities = _log_softmax(p)
    losses_per_sample = []
    for labels, log_p in zip(np.asarray(y).astype(int), log_probabilities):
        labels = labels[labels != 0]
        extended = [0]
        for label in labels:
            extended += [int(label), 0]
        alpha = np.full(len(extended), -np.inf)
        alpha[0] = log_p[0, 0]
        if len(extended) > 1:
            alpha[1] = log_p[0, extended[1]]
        for t in range(1, len(log_p)):
            previous = alpha.copy()
            for s, symbol in enumerate(extended):
                terms = [previous[s]]
                if s >= 1:
                    terms.append(previous[s - 1])
                if s >= 2 and symbol != 0 and symbol != extended[s - 2]:
                    terms.append(previous[s - 2])
                alpha[s] = np.logaddexp.reduce(terms) + log_p[t, symbol]
        final = alpha[-1] if len(extended) == 1 else np.logaddexp(alpha[-1], alpha[-2])
        losses_per_sample.append(-final)
    return np.array(losses_per_sample)


# Input factories: (rng, batch shape) -> (y_true, y_pred) as float32 NumPy arrays.
def real_inputs(rng, shape):
    return rng.normal(size=shape).astype("float32"), rng.normal(size=shape).astype("float32")


def positive_inputs(rng, shape):
    return (
        rng.uniform(0.1, 3, size=shape).astype("float32"),
        rng.uniform(0.1, 3, size=shape).astype("float32"),
    )


def binary_inputs(rng, shape):
    return (
        rng.integers(0, 2, size=shape).astype("float32"),
        rng.uniform(0.05, 0.95, size=shape).astype("float32"),
    )


def distribution_inputs(rng, shape):
    y = rng.uniform(0.05, 1, size=shape)
    p = rng.uniform(0.05, 1, size=shape)
    return (y / y.sum(-1, keepdims=True)).astype("float32"), (p / p.sum(-1, keepdims=True)).astype(
        "float32"
    )


def one_hot_inputs(rng, shape):
    labels = rng.integers(0, shape[-1], size=shape[:-1])
    y = np.eye(shape[-1], dtype="float32")[labels]
    p = rng.uniform(0.05, 1, size=shape)
    return y, (p / p.sum(-1, keepdims=True)).astype("float32")


def sparse_inputs(rng, shape):
    labels = rng.integers(0, shape[-1], size=shape[:-1]).astype("float32")
    p = rng.uniform(0.05, 1, size=shape)
    return labels, (p / p.sum(-1, keepdims=True)).astype("float32")


def sign_inputs(rng, shape):
    return (
        rng.choice([-1.0, 1.0], size=shape).astype("float32"),
        rng.normal(size=shape).astype("float32"),
    )


def mask_inputs(rng, shape):
    return (
        rng.integers(0, 2, size=shape).astype("float32"),
        rng.uniform(0, 1, size=shape).astype("float32"),
    )


def ctc_inputs(rng, shape):
    batch, time, classes = shape
    labels = rng.integers(1, classes, size=(batch, 3))
    labels[0, 2] = 0  # A shorter sequence, padded with the blank.
    return labels.astype("float32"), rng.normal(size=shape).astype("float32")


@dataclass
class Case:
    """One loss: its function, class, reference, inputs and arguments."""

    function: Callable[..., Any]
    cls: type
    reference: Callable[..., Any]
    inputs: Callable[..., Any]
    kwargs: dict[str, Any] = field(default_factory=dict)
    # Whether the loss gives one value per sample (else one scalar for the batch).
    per_sample: bool = True
    shape: tuple[int, ...] = (4, 3)


CASES = {
    "mean_squared_error": Case(
        losses.mean_squared_error, losses.MeanSquaredError, mean_squared_error, real_inputs
    ),
    "mean_absolute_error": Case(
        losses.mean_absolute_error, losses.MeanAbsoluteError, mean_absolute_error, real_inputs
    ),
    "mean_absolute_percentage_error": Case(
        losses.mean_absolute_percentage_error,
        losses.MeanAbsolutePercentageError,
        mean_absolute_percentage_error,
        positive_inputs,
    ),
    "mean_squared_logarithmic_error": Case(
        losses.mean_squared_logarithmic_error,
        losses.MeanSquaredLogarithmicError,
        mean_squared_logarithmic_error,
        positive_inputs,
    ),
    "cosine_similarity": Case(
        losses.cosine_similarity, losses.CosineSimilarity, cosine_similarity, real_inputs
    ),
    "huber": Case(losses.huber, losses.Huber, huber, real_inputs, {"delta": 0.7}),
    "log_cosh": Case(losses.log_cosh, losses.LogCosh, log_cosh, real_inputs),
    "kl_divergence": Case(
        losses.kl_divergence, losses.KLDivergence, kl_divergence, distribution_inputs
    ),
    "poisson": Case(losses.poisson, losses.Poisson, poisson, positive_inputs),
    "binary_crossentropy": Case(
        losses.binary_crossentropy,
        losses.BinaryCrossentropy,
        binary_crossentropy,
        binary_inputs,
        {"label_smoothing": 0.1},
    ),
    "binary_focal_crossentropy": Case(
        losses.binary_focal_crossentropy,
        losses.BinaryFocalCrossentropy,
        binary_focal_crossentropy,
        binary_inputs,
        {"apply_class_balancing": True, "gamma": 1.5},
    ),
    "categorical_crossentropy": Case(
        losses.categorical_crossentropy,
        losses.CategoricalCrossentropy,
        categorical_crossentropy,
        one_hot_inputs,
        {"label_smoothing": 0.2},
    ),
    "categorical_focal_crossentropy": Case(
        losses.categorical_focal_crossentropy,
        losses.CategoricalFocalCrossentropy,
        categorical_focal_crossentropy,
        one_hot_inputs,
        {"gamma": 1.5},
    ),
    "sparse_categorical_crossentropy": Case(
        losses.sparse_categorical_crossentropy,
        losses.SparseCategoricalCrossentropy,
        sparse_categorical_crossentropy,
        sparse_inputs,
    ),
    "hinge": Case(losses.hinge, losses.Hinge, hinge, sign_inputs),
    "squared_hinge": Case(losses.squared_hinge, losses.SquaredHinge, squared_hinge, sign_inputs),
    "categorical_hinge": Case(
        losses.categorical_hinge, losses.CategoricalHinge, categorical_hinge, one_hot_inputs
    ),
    "dice": Case(losses.dice, losses.Dice, dice, mask_inputs, {"axis": (1,)}),
    "tversky": Case(
        losses.tversky, losses.Tversky, tversky, mask_inputs, {"alpha": 0.3, "beta": 0.7}, False
    ),
    "ctc": Case(losses.ctc, losses.CTC, ctc, ctc_inputs, shape=(2, 6, 4)),
}
