"""Regression metrics (MSE, RMSE, MAE, MAPE, MSLE, cosine similarity, log-cosh) against NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import metrics
from tests.metrics.metric_check import check_metric, weighted_mean

RNG = np.random.default_rng(2)
EPSILON = 1e-7


def _normalize(x):
    return x / np.maximum(np.sqrt((x * x).sum(axis=-1, keepdims=True)), 1e-12)


PER_SAMPLE = {
    "MeanSquaredError": lambda t, p: ((p - t) ** 2).mean(-1),
    "MeanAbsoluteError": lambda t, p: np.abs(p - t).mean(-1),
    "MeanAbsolutePercentageError": lambda t, p: (
        100 * np.abs(t - p) / np.maximum(np.abs(t), EPSILON)
    ).mean(-1),
    "MeanSquaredLogarithmicError": lambda t, p: (
        (np.log1p(np.maximum(p, EPSILON)) - np.log1p(np.maximum(t, EPSILON))) ** 2
    ).mean(-1),
    "CosineSimilarity": lambda t, p: (_normalize(t) * _normalize(p)).sum(-1),
    "LogCoshError": lambda t, p: np.log(np.cosh(p - t)).mean(-1),
}
NAMES = {
    "MeanSquaredError": "mean_squared_error",
    "MeanAbsoluteError": "mean_absolute_error",
    "MeanAbsolutePercentageError": "mean_absolute_percentage_error",
    "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error",
    "CosineSimilarity": "cosine_similarity",
    "LogCoshError": "logcosh",
}


def _batches(positive=False):
    def data(*shape):
        values = RNG.normal(size=shape)
        return (np.abs(values) + 0.1 if positive else values).astype("float32")

    return [
        (data(5, 3), data(5, 3), RNG.uniform(0, 2, size=5).astype("float32")),
        (data(4, 3), data(4, 3), None),
        (data(3, 3), data(3, 3), RNG.uniform(0, 2, size=(3, 1)).astype("float32")),
    ]


@pytest.mark.parametrize("class_name", sorted(PER_SAMPLE))
def test_regression_metric_matches_numpy(class_name):
    per_sample = PER_SAMPLE[class_name]
    batches = _batches(positive=class_name == "MeanSquaredLogarithmicError")

    def reference(batches):
        values = [per_sample(np.float64(t), np.float64(p)) for t, p, _ in batches]
        weights = [None if w is None else np.reshape(w, -1) for _, _, w in batches]
        return weighted_mean(values, weights)

    cls = getattr(metrics, class_name)
    metric = check_metric(cls, batches, reference, rtol=1e-5, atol=1e-5)
    assert metric.name == NAMES[class_name]
    assert metric._direction == ("up" if class_name == "CosineSimilarity" else "down")


def test_root_mean_squared_error_is_the_root_of_the_weighted_mean():
    batches = _batches()

    def reference(batches):
        values = [(np.float64(p) - t) ** 2 for t, p, _ in batches]
        weights = [None if w is None else np.reshape(w, -1) for _, _, w in batches]
        return np.sqrt(weighted_mean(values, weights))

    metric = check_metric(metrics.RootMeanSquaredError, batches, reference)
    assert metric.get_config() == {"name": "root_mean_squared_error", "dtype": "float32"}


def test_root_mean_squared_error_matches_rank_one_targets():
    metric = metrics.RootMeanSquaredError()
    metric.update_state([1.0, 2.0], [[1.0], [4.0]])
    assert float(metric.result()) == pytest.approx(np.sqrt(2.0))


def test_cosine_similarity_takes_its_axis():
    metric = metrics.CosineSimilarity(axis=1)
    metric.update_state([[[1.0], [0.0]]], [[[1.0], [1.0]]])
    assert float(metric.result()) == pytest.approx(np.sqrt(0.5), rel=1e-5)
    assert metric.get_config()["axis"] == 1
