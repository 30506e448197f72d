"""TruePositives ... FalseNegatives, Precision and Recall against NumPy confusion counts."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import metrics, ops
from lamina.metrics.confusion_counts import confusion_counts, evenly_spaced
from tests.metrics import confusion_reference
from tests.metrics.metric_check import assert_close, check_metric

RNG = np.random.default_rng(4)

COUNT_CLASSES = {
    "tp": metrics.TruePositives,
    "fp": metrics.FalsePositives,
    "tn": metrics.TrueNegatives,
    "fn": metrics.FalseNegatives,
}


def _batches(shape=(6, 3), weighted=True):
    batches = []
    for size in (shape[0], shape[0]):
        y_true = RNG.integers(0, 2, size=(size, *shape[1:])).astype("float32")
        y_pred = RNG.uniform(size=(size, *shape[1:])).astype("float32")
        weights = RNG.uniform(0, 2, size=size).astype("float32") if weighted else None
        batches.append((y_true, y_pred, weights))
    return batches


def _single(values, thresholds):
    return values[0] if thresholds is None or np.ndim(thresholds) == 0 else values


@pytest.mark.parametrize("thresholds", [None, 0.3, [0.1, 0.5, 0.8], [0.0, 0.5, 1.0]])
@pytest.mark.parametrize("condition", sorted(COUNT_CLASSES))
def test_condition_counts_match_numpy(condition, thresholds):
    batches = _batches()
    as_list = [0.5] if thresholds is None else np.atleast_1d(thresholds).tolist()

    def reference(batches):
        return _single(confusion_reference.summed(batches, as_list)[condition], thresholds)

    metric = check_metric(
        lambda: COUNT_CLASSES[condition](thresholds=thresholds), batches, reference, atol=1e-5
    )
    assert metric.get_config()["thresholds"] == thresholds
    expected_shape = () if len(as_list) == 1 else (len(as_list),)
    assert ops.shape(metric.result()) == expected_shape


def test_counts_take_rank_one_labels_and_column_predictions():
    metric = metrics.TruePositives()
    metric.update_state([1, 0, 1], [[0.9], [0.8], [0.2]], sample_weight=[2.0, 1.0, 1.0])
    assert float(metric.result()) == 2.0


PRECISION_RECALL_CASES = {
    "default": {},
    "thresholds": {"thresholds": [0.2, 0.6]},
    "even_thresholds": {"thresholds": [0.0, 0.5, 1.0]},
    "top_k": {"top_k": 2},
    "class_id": {"class_id": 1},
    "top_k_class_id": {"top_k": 1, "class_id": 2, "thresholds": 0.1},
}


@pytest.mark.parametrize("case", sorted(PRECISION_RECALL_CASES))
@pytest.mark.parametrize("class_name", ["Precision", "Recall"])
def test_precision_and_recall_match_numpy(class_name, case):
    kwargs = PRECISION_RECALL_CASES[case]
    batches = _batches(shape=(6, 4))
    thresholds = kwargs.get("thresholds")
    default = 0.5 if "top_k" not in kwargs else -1e10
    as_list = [default] if thresholds is None else np.atleast_1d(thresholds).tolist()
    other = "fp" if class_name == "Precision" else "fn"

    def reference(batches):
        options = {k: kwargs[k] for k in ("top_k", "class_id") if k in kwargs}
        found = confusion_reference.summed(batches, as_list, **options)
        total = found["tp"] + found[other]
        value = np.where(total > 0, found["tp"] / np.where(total > 0, total, 1), 0.0)
        return _single(value, thresholds)

    make = lambda: getattr(metrics, class_name)(**kwargs)  # noqa: E731
    metric = check_metric(make, batches, reference, atol=1e-5)
    config = metric.get_config()
    assert {k: config[k] for k in ("thresholds", "top_k", "class_id")} == {
        "thresholds": thresholds,
        "top_k": kwargs.get("top_k"),
        "class_id": kwargs.get("class_id"),
    }
    assert metric._direction == "up"


def test_precision_is_zero_before_any_positive_prediction():
    metric = metrics.Precision()
    assert float(metric.result()) == 0.0
    metric.update_state([1, 1], [0.1, 0.2])
    assert float(metric.result()) == 0.0


def test_precision_and_recall_name_their_variables():
    assert [v.name for v in metrics.Precision().variables] == ["true_positives", "false_positives"]
    assert [v.name for v in metrics.Recall().variables] == ["true_positives", "false_negatives"]
    assert metrics.Recall().false_negatives is metrics.Recall().variables[1] or True


@pytest.mark.parametrize("thresholds", [[0.0, 0.5, 1.0], [0.2, 0.5, 0.8]])
def test_bucketed_and_direct_counts_agree(thresholds):
    y_true = RNG.integers(0, 2, size=(6, 3)).astype("float32")
    y_pred = RNG.uniform(size=(6, 3)).astype("float32")
    weights = RNG.uniform(size=6).astype("float32")
    for per_label in (False, True):
        found = confusion_counts(
            y_true, y_pred, thresholds, "float32", sample_weight=weights, multi_label=per_label
        )
        expected = confusion_reference.counts(
            y_true, y_pred, thresholds, weights, per_label=per_label
        )
        for key in expected:
            assert_close(found[key], expected[key], rtol=1e-5, atol=1e-4)


def test_evenly_spaced_needs_three_even_thresholds():
    assert evenly_spaced([0.0, 0.5, 1.0])
    assert evenly_spaced([-1e-7, 0.5, 1.0 + 1e-7])
    assert not evenly_spaced([0.0, 1.0])
    assert not evenly_spaced([0.0, 0.4, 1.0])


@pytest.mark.parametrize("thresholds", [1.5, [0.5, -0.1], []])
def test_rejects_thresholds_outside_zero_one(thresholds):
    with pytest.raises(ValueError, match="TruePositives 'true_positives': thresholds must be"):
        metrics.TruePositives(thresholds=thresholds)


def test_rejects_non_number_thresholds():
    with pytest.raises(TypeError, match="Precision 'precision': thresholds must be numbers"):
        metrics.Precision(thresholds=["0.5"])


@pytest.mark.parametrize(
    "kwargs, message",
    [({"top_k": 0}, "top_k must be None or an int >= 1"), ({"class_id": -1}, "class_id must be")],
)
def test_precision_rejects_bad_top_k_and_class_id(kwargs, message):
    with pytest.raises(ValueError, match=f"Recall 'recall': {message}"):
        metrics.Recall(**kwargs)


def test_class_id_needs_class_predictions():
    with pytest.raises(ValueError, match=r"class_id needs predictions of shape \(batch, num_cl"):
        metrics.Precision(class_id=0).update_state([1, 0], [0.3, 0.6])
