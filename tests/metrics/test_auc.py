"""AUC (ROC and PR, every summation method, multi-label, label weights) against NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import metrics
from tests.metrics import confusion_reference
from tests.metrics.metric_check import assert_close, check_metric

RNG = np.random.default_rng(5)
EPSILON = 1e-7


def _thresholds(num_thresholds=200, thresholds=None):
    if thresholds is None:
        thresholds = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [-EPSILON, *thresholds, 1 + EPSILON]


def _ratio(a, b):
    return np.where(b > 0, a / np.where(b > 0, b, 1), 0.0)


def _areas(c, curve, summation):
    """Per-interval areas (axis 0: thresholds) from confusion counts `c`."""
    tp, fp, tn, fn = c["tp"], c["fp"], c["tn"], c["fn"]
    if curve == "PR" and summation == "interpolation":
        positives = tp + fp
        dtp = tp[:-1] - tp[1:]
        dp = positives[:-1] - positives[1:]
        slope = _ratio(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * positives[1:]
        both = (positives[:-1] > 0) & (positives[1:] > 0)
        ratio = np.where(both, _ratio(positives[:-1], np.maximum(positives[1:], 0)), 1.0)
        return _ratio(slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0))
    recall = _ratio(tp, tp + fn)
    x, y = (_ratio(fp, fp + tn), recall) if curve == "ROC" else (recall, _ratio(tp, tp + fp))
    heights = {
        "interpolation": (y[:-1] + y[1:]) / 2,
        "minoring": np.minimum(y[:-1], y[1:]),
        "majoring": np.maximum(y[:-1], y[1:]),
    }[summation]
    return (x[:-1] - x[1:]) * heights


def _batches(labels=None):
    shape = (8,) if labels is None else (8, labels)
    return [
        (
            RNG.integers(0, 2, size=shape).astype("float32"),
            RNG.uniform(size=shape).astype("float32"),
            RNG.uniform(0, 2, size=8).astype("float32"),
        )
        for _ in range(2)
    ]


@pytest.mark.parametrize(
    "curve, summation",
    [
        ("ROC", "interpolation"),
        ("ROC", "minoring"),
        ("ROC", "majoring"),
        ("PR", "interpolation"),
        ("PR", "minoring"),
        ("PR", "majoring"),
    ],
)
def test_auc_matches_numpy(curve, summation):
    batches = _batches()
    kwargs = {"num_thresholds": 20, "curve": curve, "summation_method": summation}

    def reference(batches):
        counts = confusion_reference.summed(batches, _thresholds(20))
        return _areas(counts, curve, summation).sum()

    metric = check_metric(lambda: metrics.AUC(**kwargs), batches, reference, atol=1e-5)
    assert metric.name == "auc" and metric._direction == "up"
    assert len(metric.thresholds) == 20


def test_auc_with_explicit_thresholds_matches_numpy():
    inner = [0.1, 0.3, 0.35, 0.9]
    batches = _batches()

    def reference(batches):
        return _areas(
            confusion_reference.summed(batches, _thresholds(thresholds=inner)),
            "ROC",
            "interpolation",
        ).sum()

    metric = check_metric(lambda: metrics.AUC(thresholds=inner), batches, reference, atol=1e-5)
    assert metric.num_thresholds == 6
    assert metric.get_config()["thresholds"] == pytest.approx(inner)


@pytest.mark.parametrize("label_weights", [None, [1.0, 0.0, 3.0]])
def test_multi_label_auc_averages_the_labels(label_weights):
    batches = _batches(labels=3)

    def reference(batches):
        counts = confusion_reference.summed(batches, _thresholds(10), per_label=True)
        by_label = _areas(counts, "PR", "interpolation").sum(axis=0)
        if label_weights is None:
            return by_label.mean()
        return (by_label * label_weights).sum() / sum(label_weights)

    def make():
        return metrics.AUC(
            num_thresholds=10, curve="PR", multi_label=True, label_weights=label_weights
        )

    metric = check_metric(make, batches, reference, atol=1e-5)
    assert metric.num_labels == 3 and metric.get_config()["num_labels"] == 3


def test_label_weights_weight_pooled_values_when_not_multi_label():
    batches = _batches(labels=2)
    weights = np.array([2.0, 0.5])

    def reference(batches):
        weighted = [(t, p, w[:, None] * weights) for t, p, w in batches]
        return _areas(
            confusion_reference.summed(weighted, _thresholds(10)), "ROC", "interpolation"
        ).sum()

    check_metric(
        lambda: metrics.AUC(num_thresholds=10, label_weights=[2.0, 0.5]),
        batches,
        reference,
        atol=1e-5,
    )


def test_roc_auc_with_many_thresholds_approaches_the_rank_statistic():
    y_true = RNG.integers(0, 2, size=300)
    y_pred = np.clip(RNG.normal(0.4 + 0.2 * y_true, 0.2), 0, 1).astype("float32")
    metric = metrics.AUC(num_thresholds=1000)
    metric.update_state(y_true, y_pred)
    positives, negatives = y_pred[y_true == 1], y_pred[y_true == 0]
    wins = (positives[:, None] > negatives[None, :]).mean()
    assert float(metric.result()) == pytest.approx(wins, abs=2e-3)


def test_from_logits_applies_a_sigmoid():
    logits = RNG.normal(size=(8,)).astype("float32")
    labels = RNG.integers(0, 2, size=8).astype("float32")
    with_logits = metrics.AUC(num_thresholds=20, from_logits=True)
    with_probabilities = metrics.AUC(num_thresholds=20)
    with_logits.update_state(labels, logits)
    with_probabilities.update_state(labels, 1 / (1 + np.exp(-logits)))
    assert_close(with_logits.result(), with_probabilities.result())


def test_config_holds_the_curve_and_summation_names():
    config = metrics.AUC(curve="pr", summation_method="Majoring", num_thresholds=7).get_config()
    assert config == {
        "name": "auc",
        "dtype": "float32",
        "num_thresholds": 7,
        "curve": "PR",
        "summation_method": "majoring",
        "multi_label": False,
        "num_labels": None,
        "label_weights": None,
        "from_logits": False,
    }


def test_multi_label_state_is_built_on_the_first_batch():
    metric = metrics.AUC(num_thresholds=10, multi_label=True)
    assert metric.variables == []
    metric.reset_state()
    metric.update_state(np.ones((8, 3)), np.full((8, 3), 0.5))
    assert [v.shape for v in metric.variables] == [(10, 3)] * 4


@pytest.mark.parametrize("num_thresholds", [1, 0, 2.5])
def test_rejects_too_few_thresholds(num_thresholds):
    with pytest.raises(ValueError, match="AUC 'auc': num_thresholds must be an int > 1"):
        metrics.AUC(num_thresholds=num_thresholds)


def test_rejects_an_unknown_curve():
    with pytest.raises(ValueError, match="AUC 'auc': curve must be 'ROC' or 'PR', received 'AP'"):
        metrics.AUC(curve="AP")


def test_rejects_an_unknown_summation_method():
    with pytest.raises(ValueError, match="summation_method must be one of"):
        metrics.AUC(summation_method="trapezoid")


def test_rejects_negative_label_weights():
    with pytest.raises(ValueError, match="label_weights must be non-negative"):
        metrics.AUC(label_weights=[1.0, -1.0])


def test_multi_label_rejects_rank_one_predictions():
    with pytest.raises(ValueError, match=r"multi_label=True expected predictions of shape \(b"):
        metrics.AUC(multi_label=True).update_state([1, 0], [0.2, 0.8])
