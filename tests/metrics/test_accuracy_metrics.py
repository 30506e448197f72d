"""Accuracy functions and metrics against NumPy comparisons."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import metrics, ops
from lamina.metrics.accuracy_functions import accuracy
from tests.metrics.metric_check import check_metric, weighted_mean

RNG = np.random.default_rng(1)


def _scores(*shape):
    return RNG.uniform(size=shape).astype("float32")


def _labels(num_classes, *shape):
    return RNG.integers(0, num_classes, size=shape).astype("int32")


def _one_hot(labels, num_classes):
    return np.eye(num_classes, dtype="float32")[labels]


def _weights(size):
    return RNG.uniform(0.0, 2.0, size=size).astype("float32")


def _check_mean_of(make, batches, per_sample):
    """Checks a MeanMetricWrapper whose per-sample values are `per_sample(y_true, y_pred)`."""

    def reference(batches):
        values = [per_sample(np.asarray(b[0]), np.asarray(b[1])) for b in batches]
        return weighted_mean(values, [b[2] if len(b) > 2 else None for b in batches])

    return check_metric(make, batches, reference)


def _top_k_hits(true_class, scores, k):
    target_scores = np.take_along_axis(scores, true_class[:, None], axis=1)
    return ((scores > target_scores).sum(axis=1) < k).astype("float64")


def test_accuracy_counts_exact_matches():
    batches = [
        (_labels(3, 6, 1), _labels(3, 6, 1), _weights(6)),
        (_labels(3, 4), _labels(3, 4, 1), None),
        (_labels(3, 5, 2).astype("float32"), _labels(3, 5, 2).astype("float32"), _weights(5)),
    ]

    def per_sample(y_true, y_pred):
        return (y_true.reshape(len(y_true), -1) == y_pred.reshape(len(y_pred), -1)).mean(1)

    metric = _check_mean_of(metrics.Accuracy, batches, per_sample)
    assert metric.name == "accuracy" and metric._direction == "up"


@pytest.mark.parametrize("threshold", [0.5, 0.3])
def test_binary_accuracy_thresholds_predictions(threshold):
    batches = [
        (_labels(2, 6, 1), _scores(6, 1), _weights(6)),
        (_labels(2, 4), _scores(4, 1), None),
        (_labels(2, 5, 3).astype("float32"), _scores(5, 3), _weights(5)),
    ]

    def per_sample(y_true, y_pred):
        y_true = y_true.reshape(len(y_true), -1)
        return ((y_pred.reshape(len(y_pred), -1) > threshold) == y_true).mean(axis=1)

    metric = _check_mean_of(
        lambda: metrics.BinaryAccuracy(threshold=threshold), batches, per_sample
    )
    assert metric.get_config() == {
        "name": "binary_accuracy",
        "dtype": "float32",
        "threshold": threshold,
    }


def test_categorical_accuracy_compares_arg_maxes():
    batches = [
        (_one_hot(_labels(4, 6), 4), _scores(6, 4), _weights(6)),
        (_one_hot(_labels(4, 3), 4), _scores(3, 4), None),
    ]

    def per_sample(y_true, y_pred):
        return (y_true.argmax(-1) == y_pred.argmax(-1)).astype("float64")

    _check_mean_of(metrics.CategoricalAccuracy, batches, per_sample)


def test_sparse_categorical_accuracy_accepts_both_label_shapes():
    batches = [
        (_labels(4, 6), _scores(6, 4), _weights(6)),
        (_labels(4, 3, 1), _scores(3, 4), None),
        (_labels(4, 5).astype("float32"), _scores(5, 4), _weights(5)),
    ]

    def per_sample(y_true, y_pred):
        return (y_true.reshape(-1) == y_pred.argmax(-1)).astype("float64")

    _check_mean_of(metrics.SparseCategoricalAccuracy, batches, per_sample)


@pytest.mark.parametrize("k", [1, 2])
def test_top_k_categorical_accuracy(k):
    batches = [
        (_one_hot(_labels(5, 6), 5), _scores(6, 5), _weights(6)),
        (_one_hot(_labels(5, 4), 5), _scores(4, 5), None),
    ]

    def per_sample(y_true, y_pred):
        return _top_k_hits(y_true.argmax(-1), y_pred, k)

    metric = _check_mean_of(lambda: metrics.TopKCategoricalAccuracy(k=k), batches, per_sample)
    assert metric.get_config()["k"] == k


@pytest.mark.parametrize("k", [1, 3])
def test_sparse_top_k_categorical_accuracy(k):
    batches = [
        (_labels(5, 6), _scores(6, 5), _weights(6)),
        (_labels(5, 4, 1), _scores(4, 5), None),
    ]

    def per_sample(y_true, y_pred):
        return _top_k_hits(y_true.reshape(-1), y_pred, k)

    _check_mean_of(lambda: metrics.SparseTopKCategoricalAccuracy(k=k), batches, per_sample)


def test_sparse_top_k_from_sorted_ids_reads_the_first_k_ids():
    ids = np.array([[2, 0, 1], [1, 2, 0], [0, 1, 2]], dtype="int32")
    batches = [(np.array([0, 0, 2], "int32"), ids, np.array([1.0, 1.0, 2.0], "float32"))]

    def reference(batches):
        return (1.0 + 0.0 + 0.0) / 4.0

    metric = check_metric(
        lambda: metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True),
        batches,
        reference,
    )
    assert metric.get_config()["from_sorted_ids"] is True


def test_accuracy_functions_return_one_value_per_sample():
    y_true, y_pred = _one_hot(_labels(3, 4, 2), 3), _scores(4, 2, 3)
    assert ops.shape(metrics.categorical_accuracy(y_true, y_pred)) == (4, 2)
    assert ops.shape(metrics.top_k_categorical_accuracy(y_true, y_pred, k=2)) == (4, 2)
    sparse = metrics.sparse_top_k_categorical_accuracy(_labels(3, 4, 2), y_pred, k=1)
    assert ops.shape(sparse) == (4, 2)
    assert ops.shape(metrics.sparse_categorical_accuracy(_labels(3, 4, 1), _scores(4, 3))) == (4,)
    assert ops.shape(accuracy([[1, 2], [3, 4]], [[1, 0], [3, 4]])) == (2,)
    assert ops.shape(metrics.binary_accuracy([1, 0], [[0.7], [0.2]])) == (2,)


@pytest.mark.parametrize("threshold", [0.0, 1.0, -0.5])
def test_binary_accuracy_rejects_a_threshold_outside_zero_one(threshold):
    with pytest.raises(ValueError, match="BinaryAccuracy 'binary_accuracy': threshold must be"):
        metrics.BinaryAccuracy(threshold=threshold)


def test_binary_accuracy_rejects_a_non_number_threshold():
    with pytest.raises(TypeError, match="threshold must be a number in \\(0, 1\\), received '0.5'"):
        metrics.BinaryAccuracy(threshold="0.5")


@pytest.mark.parametrize(
    "make", [metrics.TopKCategoricalAccuracy, metrics.SparseTopKCategoricalAccuracy]
)
def test_top_k_metrics_reject_a_non_positive_k(make):
    with pytest.raises(ValueError, match="k must be a positive int, received 0"):
        make(k=0)
