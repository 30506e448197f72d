"""R2Score against NumPy sums (plain, per output, variance-weighted and adjusted)."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import metrics
from tests.metrics.metric_check import check_metric

RNG = np.random.default_rng(7)


def _reference(batches, aggregation="uniform_average", num_regressors=0):
    y_true = np.concatenate([np.float64(t).reshape(len(t), -1) for t, _, _ in batches])
    y_pred = np.concatenate([np.float64(p).reshape(len(p), -1) for _, p, _ in batches])
    weights = np.concatenate(
        [np.ones(len(t)) if w is None else np.float64(w) for t, _, w in batches]
    )[:, None]
    mean = (weights * y_true).sum(0) / weights.sum(0)
    total = (weights * (y_true - mean) ** 2).sum(0)
    residual = (weights * (y_true - y_pred) ** 2).sum(0)
    raw = 1 - residual / total
    if aggregation == "uniform_average":
        score = raw.mean()
    elif aggregation == "variance_weighted_average":
        score = (total * raw).sum() / total.sum()
    else:
        score = raw
    n = y_true.size
    if num_regressors and n - num_regressors - 1 > 0:
        score = 1 - (1 - score) * (n - 1) / (n - num_regressors - 1)
    return score


def _batches(outputs=2):
    return [
        (
            RNG.normal(size=(6, outputs)).astype("float32"),
            RNG.normal(size=(6, outputs)).astype("float32"),
            weights,
        )
        for weights in (RNG.uniform(0.5, 2, size=6).astype("float32"), None)
    ]


@pytest.mark.parametrize("aggregation", [None, "uniform_average", "variance_weighted_average"])
def test_r2_score_matches_numpy(aggregation):
    batches = _batches()
    metric = check_metric(
        lambda: metrics.R2Score(class_aggregation=aggregation),
        batches,
        lambda b: _reference(b, aggregation),
        rtol=1e-4,
        atol=1e-5,
    )
    assert metric.get_config()["class_aggregation"] == aggregation
    assert [v.name for v in metric.variables] == [
        "num_samples",
        "squared_sum",
        "sum",
        "residual",
        "count",
    ]


def test_adjusted_r2_score_matches_numpy():
    batches = _batches(outputs=1)
    check_metric(
        lambda: metrics.R2Score(num_regressors=3),
        batches,
        lambda b: _reference(b, num_regressors=3),
        rtol=1e-4,
        atol=1e-5,
    )


def test_adjusted_r2_score_falls_back_with_too_few_samples():
    plain, adjusted = metrics.R2Score(), metrics.R2Score(num_regressors=5)
    for metric in (plain, adjusted):
        metric.update_state([[1.0], [4.0], [3.0]], [[2.0], [4.0], [4.0]])
    assert float(adjusted.result()) == pytest.approx(float(plain.result()))


def test_rejects_an_unknown_class_aggregation():
    with pytest.raises(ValueError, match="R2Score 'r2_score': class_aggregation must be one of"):
        metrics.R2Score(class_aggregation="mean")


@pytest.mark.parametrize("num_regressors", [-1, 1.5])
def test_rejects_a_bad_number_of_regressors(num_regressors):
    with pytest.raises(ValueError, match="num_regressors must be an int >= 0"):
        metrics.R2Score(num_regressors=num_regressors)


def test_rejects_inputs_that_are_not_two_dimensional():
    with pytest.raises(ValueError, match=r"R2Score 'r2_score' expected inputs of shape"):
        metrics.R2Score().update_state(np.ones((2, 3, 1)), np.ones((2, 3, 2)))
