"""SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall and RecallAtPrecision
against NumPy confusion counts at the same thresholds."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import metrics, ops
from tests.metrics import confusion_reference
from tests.metrics.metric_check import check_metric

RNG = np.random.default_rng(21)

#: class name -> (target argument, constrained rate, dependent rate)
CLASSES = {
    "SensitivityAtSpecificity": ("specificity", "specificity", "sensitivity"),
    "SpecificityAtSensitivity": ("sensitivity", "sensitivity", "specificity"),
    "PrecisionAtRecall": ("recall", "sensitivity", "precision"),
    "RecallAtPrecision": ("precision", "precision", "sensitivity"),
}


def _thresholds(num_thresholds):
    if num_thresholds == 1:
        return [0.5]
    inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [0.0] + inner + [1.0]


def _ratio(numerator, denominator):
    return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), 0.0)


def _reference(class_name, value, num_thresholds=200, class_id=None):
    _, constrained_name, dependent_name = CLASSES[class_name]

    def reference(batches):
        counts = confusion_reference.summed(batches, _thresholds(num_thresholds), class_id=class_id)
        tp, fp, tn, fn = (counts[key] for key in ("tp", "fp", "tn", "fn"))
        rates = {
            "sensitivity": _ratio(tp, tp + fn),
            "specificity": _ratio(tn, tn + fp),
            "precision": _ratio(tp, tp + fp),
        }
        feasible = rates[constrained_name] >= value
        return rates[dependent_name][feasible].max() if feasible.any() else 0.0

    return reference


def _batches(shape=(16,), weighted=True):
    batches = []
    for size in (shape[0], shape[0] // 2):
        y_true = RNG.integers(0, 2, size=(size, *shape[1:])).astype("float32")
        y_pred = RNG.uniform(size=(size, *shape[1:])).astype("float32")
        weights = RNG.uniform(0, 2, size=size).astype("float32") if weighted else None
        batches.append((y_true, y_pred, weights))
    return batches


CASES = {
    "default": ({}, (16,), True),
    "unweighted": ({}, (16,), False),
    "one_threshold": ({"num_thresholds": 1}, (16,), True),
    "two_thresholds": ({"num_thresholds": 2}, (16,), True),
    "few_thresholds": ({"num_thresholds": 7}, (16,), False),
    "class_id": ({"class_id": 1}, (12, 3), True),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("value", [0.3, 0.8])
@pytest.mark.parametrize("class_name", sorted(CLASSES))
def test_metric_matches_numpy(class_name, value, case):
    kwargs, shape, weighted = CASES[case]
    argument = CLASSES[class_name][0]
    batches = _batches(shape, weighted)
    reference = _reference(class_name, value, **kwargs)
    make = lambda: getattr(metrics, class_name)(value, **kwargs)  # noqa: E731
    metric = check_metric(make, batches, reference, atol=1e-5)
    config = metric.get_config()
    assert config[argument] == value
    assert config["num_thresholds"] == kwargs.get("num_thresholds", 200)
    assert config["class_id"] == kwargs.get("class_id")
    assert getattr(metric, argument) == value
    assert metric._direction == "up"


@pytest.mark.parametrize("class_name", sorted(CLASSES))
def test_unreachable_target_gives_zero(class_name):
    # All labels positive: specificity and its counts are 0 everywhere; with only negative
    # labels, recall and precision are 0 everywhere.
    metric = getattr(metrics, class_name)(1.0)
    constrained = CLASSES[class_name][1]
    labels = [1.0, 1.0, 1.0] if constrained == "specificity" else [0.0, 0.0, 0.0]
    metric.update_state(labels, [0.2, 0.6, 0.9])
    reference = _reference(class_name, 1.0)([(np.array(labels), np.array([0.2, 0.6, 0.9]))])
    assert float(metric.result()) == reference == 0.0


@pytest.mark.parametrize(
    "class_name, weights, expected",
    [
        ("SensitivityAtSpecificity", None, 0.5),
        ("SensitivityAtSpecificity", [1, 1, 2, 2, 1], 1 / 3),
        ("SpecificityAtSensitivity", None, 2 / 3),
        ("SpecificityAtSensitivity", [1, 1, 2, 2, 2], 0.5),
        ("PrecisionAtRecall", None, 0.5),
        ("PrecisionAtRecall", [2, 2, 2, 1, 1], 1 / 3),
    ],
)
def test_known_values(class_name, weights, expected):
    metric = getattr(metrics, class_name)(0.5)
    metric.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], sample_weight=weights)
    assert float(metric.result()) == pytest.approx(expected, abs=1e-6)


def test_recall_at_precision_known_values():
    metric = metrics.RecallAtPrecision(0.8)
    metric.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    assert float(metric.result()) == 0.5
    metric.reset_state()
    metric.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], sample_weight=[1, 0, 0, 1])
    assert float(metric.result()) == 1.0


def test_predictions_at_zero_count_as_negative_at_every_threshold():
    metric = metrics.SensitivityAtSpecificity(0.0, num_thresholds=3)
    metric.update_state([1, 1, 0], [0.0, 0.0, 0.0])
    counts = [ops.convert_to_numpy(v.value).tolist() for v in metric.variables]
    assert counts == [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]


def test_state_variables_are_the_four_counts_per_threshold():
    metric = metrics.PrecisionAtRecall(0.5, num_thresholds=11)
    assert [v.name for v in metric.variables] == [
        "true_positives",
        "false_positives",
        "true_negatives",
        "false_negatives",
    ]
    assert all(tuple(v.shape) == (11,) for v in metric.variables)
    assert metric.thresholds[:3] == [0.0, 0.1, 0.2] and metric.thresholds[-1] == 1.0


@pytest.mark.parametrize("class_name", sorted(CLASSES))
def test_get_and_deserialize_resolve_by_name(class_name):
    argument = CLASSES[class_name][0]
    restored = metrics.get({"class_name": class_name, "config": {argument: 0.25}})
    assert type(restored).__name__ == class_name
    assert restored.get_config()[argument] == 0.25


@pytest.mark.parametrize("class_name", sorted(CLASSES))
@pytest.mark.parametrize("value", [-0.1, 1.5, "0.5", True, None])
def test_rejects_a_target_outside_zero_one(class_name, value):
    argument = CLASSES[class_name][0]
    with pytest.raises(ValueError, match=f"{class_name} '.*': {argument} must be a number in"):
        getattr(metrics, class_name)(value)


@pytest.mark.parametrize("num_thresholds", [0, -3, 2.5, None, True])
def test_rejects_bad_num_thresholds(num_thresholds):
    with pytest.raises(ValueError, match="num_thresholds must be an int > 0"):
        metrics.RecallAtPrecision(0.5, num_thresholds=num_thresholds)


def test_rejects_a_negative_class_id():
    with pytest.raises(ValueError, match="class_id must be None or an int >= 0"):
        metrics.SpecificityAtSensitivity(0.5, class_id=-1)


def test_class_id_needs_class_predictions():
    metric = metrics.PrecisionAtRecall(0.5, class_id=0)
    with pytest.raises(ValueError, match=r"class_id needs predictions of shape \(batch, num_cl"):
        metric.update_state([1, 0], [0.3, 0.6])
