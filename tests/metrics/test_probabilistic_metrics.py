"""Crossentropy, KL divergence, Poisson and hinge metrics against NumPy formulas."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import metrics
from tests.metrics.metric_check import check_metric, weighted_mean

RNG = np.random.default_rng(3)
EPSILON = 1e-7


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _bce(t, p, from_logits=False, label_smoothing=0.0):
    t = t * (1 - label_smoothing) + 0.5 * label_smoothing
    p = _sigmoid(p) if from_logits else p
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p)).mean(-1)


def _cce(t, p, from_logits=False, label_smoothing=0.0):
    t = t * (1 - label_smoothing) + label_smoothing / t.shape[-1]
    if from_logits:
        p = _softmax(p)
    else:
        p = np.clip(p / p.sum(-1, keepdims=True), EPSILON, 1 - EPSILON)
    return -(t * np.log(p)).sum(-1)


def _signed(t):
    return np.where(t == 0, -1.0, t)


CASES = {
    "kl_divergence": (
        metrics.KLDivergence,
        "probabilities",
        lambda t, p: (
            np.clip(t, EPSILON, 1) * np.log(np.clip(t, EPSILON, 1) / np.clip(p, EPSILON, 1))
        ).sum(-1),
    ),
    "poisson": (metrics.Poisson, "rates", lambda t, p: (p - t * np.log(p + EPSILON)).mean(-1)),
    "binary_crossentropy": (metrics.BinaryCrossentropy, "binary", _bce),
    "binary_crossentropy_logits_smoothed": (
        lambda: metrics.BinaryCrossentropy(from_logits=True, label_smoothing=0.2),
        "binary_logits",
        lambda t, p: _bce(t, p, from_logits=True, label_smoothing=0.2),
    ),
    "categorical_crossentropy": (metrics.CategoricalCrossentropy, "one_hot", _cce),
    "categorical_crossentropy_logits_smoothed": (
        lambda: metrics.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1),
        "one_hot_logits",
        lambda t, p: _cce(t, p, from_logits=True, label_smoothing=0.1),
    ),
    "sparse_categorical_crossentropy": (
        metrics.SparseCategoricalCrossentropy,
        "sparse",
        lambda t, p: _cce(np.eye(p.shape[-1])[t.astype(int)], p),
    ),
    "sparse_categorical_crossentropy_logits": (
        lambda: metrics.SparseCategoricalCrossentropy(from_logits=True),
        "sparse_logits",
        lambda t, p: _cce(np.eye(p.shape[-1])[t.astype(int)], p, from_logits=True),
    ),
    "hinge": (
        metrics.Hinge,
        "binary_scores",
        lambda t, p: np.maximum(1 - _signed(t) * p, 0).mean(-1),
    ),
    "squared_hinge": (
        metrics.SquaredHinge,
        "binary_scores",
        lambda t, p: (np.maximum(1 - _signed(t) * p, 0) ** 2).mean(-1),
    ),
    "categorical_hinge": (
        metrics.CategoricalHinge,
        "one_hot_scores",
        lambda t, p: np.maximum(0, 1 + ((1 - t) * p).max(-1) - (t * p).sum(-1)),
    ),
}


def _data(kind, size):
    classes = 4
    labels = RNG.integers(0, classes, size=size)
    one_hot = np.eye(classes)[labels]
    logits = RNG.normal(size=(size, classes))
    binary = RNG.integers(0, 2, size=(size, classes)).astype("float64")
    pairs = {
        "probabilities": (_softmax(RNG.normal(size=(size, classes))), _softmax(logits)),
        "rates": (RNG.poisson(2.0, size=(size, classes)), RNG.uniform(0.5, 3, (size, classes))),
        "binary": (binary, _sigmoid(logits)),
        "binary_logits": (binary, logits),
        "one_hot": (one_hot, _softmax(logits)),
        "one_hot_logits": (one_hot, logits),
        "sparse": (labels, _softmax(logits)),
        "sparse_logits": (labels, logits),
        "binary_scores": (binary, logits),
        "one_hot_scores": (one_hot, logits),
    }
    y_true, y_pred = pairs[kind]
    return y_true.astype("float32"), y_pred.astype("float32")


@pytest.mark.parametrize("case", sorted(CASES))
def test_probabilistic_metric_matches_numpy(case):
    make, kind, per_sample = CASES[case]
    batches = [
        (*_data(kind, 5), RNG.uniform(0, 2, size=5).astype("float32")),
        (*_data(kind, 3), None),
    ]

    def reference(batches):
        values = [per_sample(np.float64(t), np.float64(p)) for t, p, _ in batches]
        return weighted_mean(values, [w for _, _, w in batches])

    metric = check_metric(make, batches, reference, rtol=1e-5, atol=1e-5)
    assert metric._direction == "down"


def test_crossentropy_configs_hold_their_arguments():
    config = metrics.CategoricalCrossentropy(
        from_logits=True, label_smoothing=0.1, axis=1
    ).get_config()
    assert config == {
        "name": "categorical_crossentropy",
        "dtype": "float32",
        "from_logits": True,
        "label_smoothing": 0.1,
        "axis": 1,
    }
    assert metrics.SparseCategoricalCrossentropy().get_config() == {
        "name": "sparse_categorical_crossentropy",
        "dtype": "float32",
        "from_logits": False,
        "axis": -1,
    }
    assert metrics.BinaryCrossentropy().get_config() == {
        "name": "binary_crossentropy",
        "dtype": "float32",
        "from_logits": False,
        "label_smoothing": 0.0,
    }
