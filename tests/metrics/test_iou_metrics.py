"""IoU, BinaryIoU, MeanIoU, OneHotIoU and OneHotMeanIoU against a NumPy confusion matrix."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import metrics
from tests.metrics.metric_check import check_metric

RNG = np.random.default_rng(8)
EPSILON = 1e-7


def _reference(batches, num_classes, targets, ignore_class=None):
    matrix = np.zeros((num_classes, num_classes))
    for y_true, y_pred, weights in batches:
        y_true, y_pred = np.asarray(y_true).reshape(-1), np.asarray(y_pred).reshape(-1)
        w = np.ones(len(y_true)) if weights is None else np.float64(weights).reshape(-1)
        for t, p, weight in zip(y_true.astype(int), y_pred.astype(int), w):
            if t != ignore_class:
                matrix[t, p] += weight
    true_pos = np.diag(matrix)
    union = matrix.sum(0) + matrix.sum(1) - true_pos
    true_pos, union = true_pos[targets], union[targets]
    return (true_pos / (union + EPSILON)).sum() / ((union > 1e-9).sum() + EPSILON)


def _sparse_batches(num_classes, shape=(4, 3)):
    return [
        (
            RNG.integers(0, num_classes, size=shape),
            RNG.integers(0, num_classes, size=shape),
            weights,
        )
        for weights in (RNG.uniform(0, 2, size=shape).astype("float32"), None)
    ]


def test_iou_of_target_classes_matches_numpy():
    batches = _sparse_batches(4)
    metric = check_metric(
        lambda: metrics.IoU(num_classes=4, target_class_ids=[0, 2]),
        batches,
        lambda b: _reference(b, 4, [0, 2]),
    )
    assert metric.get_config() == {
        "name": "io_u",
        "dtype": "float32",
        "num_classes": 4,
        "target_class_ids": [0, 2],
        "ignore_class": None,
        "sparse_y_true": True,
        "sparse_y_pred": True,
        "axis": -1,
    }


def test_mean_iou_leaves_out_the_ignored_class():
    batches = _sparse_batches(3)
    metric = check_metric(
        lambda: metrics.MeanIoU(num_classes=3, ignore_class=1),
        batches,
        lambda b: _reference(b, 3, [0, 1, 2], ignore_class=1),
    )
    assert "target_class_ids" not in metric.get_config()


def test_binary_iou_thresholds_predictions():
    batches = [
        (RNG.integers(0, 2, size=8), RNG.uniform(size=8).astype("float32"), weights)
        for weights in (RNG.uniform(0, 2, size=8).astype("float32"), None)
    ]

    def reference(batches):
        thresholded = [(t, (p >= 0.3).astype(int), w) for t, p, w in batches]
        return _reference(thresholded, 2, [1])

    metric = check_metric(
        lambda: metrics.BinaryIoU(target_class_ids=[1], threshold=0.3), batches, reference
    )
    assert metric.get_config() == {
        "name": "binary_io_u",
        "dtype": "float32",
        "target_class_ids": [1],
        "threshold": 0.3,
    }


@pytest.mark.parametrize("mean", [False, True])
def test_one_hot_iou_arg_maxes_labels_and_scores(mean):
    batches = []
    for weights in (RNG.uniform(0, 2, size=6).astype("float32"), None):
        labels = RNG.integers(0, 3, size=6)
        batches.append((np.eye(3)[labels], RNG.uniform(size=(6, 3)).astype("float32"), weights))

    def reference(batches):
        sparse = [(t.argmax(-1), p.argmax(-1), w) for t, p, w in batches]
        return _reference(sparse, 3, [0, 1, 2] if mean else [1, 2])

    def make():
        if mean:
            return metrics.OneHotMeanIoU(num_classes=3)
        return metrics.OneHotIoU(num_classes=3, target_class_ids=[1, 2])

    metric = check_metric(make, batches, reference)
    assert "sparse_y_true" not in metric.get_config()


def test_classes_that_never_occur_are_left_out_of_the_mean():
    metric = metrics.MeanIoU(num_classes=3)
    metric.update_state([0, 0, 1], [0, 0, 1])
    assert float(metric.result()) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("num_classes", [0, 2.0])
def test_rejects_a_bad_number_of_classes(num_classes):
    with pytest.raises(ValueError, match="MeanIoU 'mean_io_u': num_classes must be an int >= 1"):
        metrics.MeanIoU(num_classes=num_classes)


@pytest.mark.parametrize("target_class_ids", [[], [3], [0, -1]])
def test_rejects_target_classes_out_of_range(target_class_ids):
    with pytest.raises(ValueError, match=r"target_class_ids must be a non-empty list of class ids"):
        metrics.IoU(num_classes=3, target_class_ids=target_class_ids)
