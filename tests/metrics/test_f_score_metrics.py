"""FBetaScore and F1Score against NumPy counts of thresholded predictions."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import metrics
from tests.metrics.metric_check import check_metric

RNG = np.random.default_rng(6)
EPSILON = 1e-7


def _reference(batches, average, beta, threshold):
    tp = fp = fn = support = 0.0
    for y_true, y_pred, weights in batches:
        y_true, y_pred = np.float64(y_true), np.float64(y_pred)
        if threshold is None:
            predicted = (y_pred >= y_pred.max(axis=1, keepdims=True)) & (np.abs(y_pred) > 1e-9)
        else:
            predicted = y_pred > threshold
        predicted = predicted.astype("float64")
        w = np.ones((len(y_true), 1)) if weights is None else np.float64(weights)[:, None]
        axis = None if average == "micro" else 0
        tp = tp + (predicted * y_true * w).sum(axis)
        fp = fp + (predicted * (1 - y_true) * w).sum(axis)
        fn = fn + ((1 - predicted) * y_true * w).sum(axis)
        support = support + (y_true * w).sum(axis)
    precision = tp / (tp + fp + EPSILON)
    recall = tp / (tp + fn + EPSILON)
    score = (1 + beta**2) * precision * recall / (beta**2 * precision + recall + EPSILON)
    if average == "weighted":
        return (score * support / (support.sum() + EPSILON)).sum()
    return score if average is None else np.mean(score)


def _batches():
    return [
        (
            RNG.integers(0, 2, size=(6, 3)).astype("float32"),
            RNG.uniform(size=(6, 3)).astype("float32"),
            weights,
        )
        for weights in (RNG.uniform(0, 2, size=6).astype("float32"), None)
    ]


@pytest.mark.parametrize(
    "average, beta, threshold",
    [(None, 1.0, 0.5), ("micro", 2.0, 0.4), ("macro", 0.5, None), ("weighted", 1.0, 0.6)],
)
def test_fbeta_score_matches_numpy(average, beta, threshold):
    batches = _batches()

    def make():
        return metrics.FBetaScore(average=average, beta=beta, threshold=threshold)

    metric = check_metric(
        make, batches, lambda b: _reference(b, average, beta, threshold), atol=1e-5
    )
    assert metric.get_config() == {
        "name": "fbeta_score",
        "dtype": "float32",
        "average": average,
        "beta": beta,
        "threshold": threshold,
    }


def test_f1_score_is_fbeta_with_beta_one():
    batches = _batches()
    metric = check_metric(
        lambda: metrics.F1Score(average="macro", threshold=0.5),
        batches,
        lambda b: _reference(b, "macro", 1.0, 0.5),
        atol=1e-5,
    )
    assert "beta" not in metric.get_config() and metric.name == "f1_score"


def test_an_all_zero_prediction_row_predicts_nothing():
    metric = metrics.F1Score()
    metric.update_state([[1, 0], [0, 1]], [[0.0, 0.0], [0.2, 0.7]])
    np.testing.assert_allclose(np.asarray(metric.result(), "float64"), [0.0, 1.0], atol=1e-5)


def test_rejects_an_unknown_average():
    with pytest.raises(ValueError, match="FBetaScore 'fbeta_score': average must be one of"):
        metrics.FBetaScore(average="samples")


@pytest.mark.parametrize("beta", [0.0, -1.0, "2"])
def test_rejects_a_non_positive_beta(beta):
    with pytest.raises(ValueError, match="beta must be a float > 0"):
        metrics.FBetaScore(beta=beta)


@pytest.mark.parametrize("threshold", [0.0, 1.5])
def test_rejects_a_threshold_outside_zero_one(threshold):
    with pytest.raises(ValueError, match=r"F1Score 'f1_score': threshold must be None or a float"):
        metrics.F1Score(threshold=threshold)


def test_rejects_inputs_that_are_not_two_dimensional():
    with pytest.raises(ValueError, match=r"expected inputs of shape \(batch, num_classes\)"):
        metrics.F1Score().update_state([1, 0], [0.3, 0.6])
