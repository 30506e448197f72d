"""get_accuracy_for and get_metric_for: Keras 3's choice of accuracy and compile names."""

from __future__ import annotations

import pytest

from lamina import losses, metrics


@pytest.mark.parametrize(
    "y_true_shape, y_pred_shape, class_name",
    [
        ((8, 1), (8, 1), "BinaryAccuracy"),
        ((8,), (8, 1), "BinaryAccuracy"),
        ((8,), (8, 10), "SparseCategoricalAccuracy"),
        ((8, 1), (8, 10), "SparseCategoricalAccuracy"),
        ((8, 5), (8, 5, 10), "SparseCategoricalAccuracy"),
        ((8, 10), (8, 10), "CategoricalAccuracy"),
        ((None, 10), (None, 10), "CategoricalAccuracy"),
    ],
)
def test_accuracy_follows_the_shapes(y_true_shape, y_pred_shape, class_name):
    # The loss does not override shapes that decide (Keras 3's rule).
    metric = metrics.get_accuracy_for("binary_crossentropy", y_true_shape, y_pred_shape)
    if class_name != "BinaryAccuracy":
        assert type(metric).__name__ == class_name
    assert type(metrics.get_accuracy_for(None, y_true_shape, y_pred_shape)).__name__ == class_name


@pytest.mark.parametrize(
    "loss, class_name",
    [
        ("binary_crossentropy", "BinaryAccuracy"),
        ("BinaryCrossentropy", "BinaryAccuracy"),
        (losses.BinaryCrossentropy(), "BinaryAccuracy"),
        (losses.sparse_categorical_crossentropy, "SparseCategoricalAccuracy"),
        (losses.SparseCategoricalCrossentropy(from_logits=True), "SparseCategoricalAccuracy"),
        ("categorical_crossentropy", "CategoricalAccuracy"),
        ("mse", "CategoricalAccuracy"),
        (None, "CategoricalAccuracy"),
    ],
)
def test_accuracy_follows_the_loss_when_shapes_are_unknown(loss, class_name):
    metric = metrics.get_accuracy_for(loss, None, (None, None))
    assert type(metric).__name__ == class_name and metric.name == "accuracy"


def test_get_metric_for_names_metrics_after_the_string():
    accuracy = metrics.get_metric_for("acc", (4,), (4, 3))
    assert type(accuracy).__name__ == "SparseCategoricalAccuracy" and accuracy.name == "acc"
    assert metrics.get_metric_for("mse").name == "mse"
    assert type(metrics.get_metric_for("AUC")).__name__ == "AUC"
    assert metrics.get_metric_for(None) is None


def test_get_metric_for_wraps_functions():
    wrapped = metrics.get_metric_for(metrics.binary_accuracy)
    assert isinstance(wrapped, metrics.MeanMetricWrapper) and wrapped.name == "binary_accuracy"
    wrapped = metrics.get_metric_for("huber")
    assert isinstance(wrapped, metrics.MeanMetricWrapper) and wrapped.name == "huber"


def test_get_metric_for_keeps_instances():
    metric = metrics.Precision(name="p")
    assert metrics.get_metric_for(metric) is metric and metric.name == "p"
