"""PearsonCorrelation, ConcordanceCorrelation and their functions against NumPy formulas."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import metrics, ops
from tests.metrics.metric_check import assert_close, check_metric, weighted_mean

RNG = np.random.default_rng(8)


def pearson(y_true, y_pred, axis=-1):
    """Sample covariance over the product of the standard deviations, per slice."""
    y_true, y_pred = np.float64(y_true), np.float64(y_pred)
    true_centred = y_true - y_true.mean(axis=axis, keepdims=True)
    pred_centred = y_pred - y_pred.mean(axis=axis, keepdims=True)
    covariance = (true_centred * pred_centred).mean(axis=axis)
    return covariance / (y_true.std(axis=axis) * y_pred.std(axis=axis))


def concordance(y_true, y_pred, axis=-1):
    """Lin's coefficient: 2 cov / (var_true + var_pred + (mean_true - mean_pred)^2)."""
    y_true, y_pred = np.float64(y_true), np.float64(y_pred)
    true_mean, pred_mean = y_true.mean(axis=axis), y_pred.mean(axis=axis)
    covariance = (
        (y_true - y_true.mean(axis=axis, keepdims=True))
        * (y_pred - y_pred.mean(axis=axis, keepdims=True))
    ).mean(axis=axis)
    spread = y_true.var(axis=axis) + y_pred.var(axis=axis) + (true_mean - pred_mean) ** 2
    return 2 * covariance / spread


FUNCTIONS = {"PearsonCorrelation": pearson, "ConcordanceCorrelation": concordance}
NAMES = {
    "PearsonCorrelation": "pearson_correlation",
    "ConcordanceCorrelation": "concordance_correlation",
}


def _batches(shape):
    def data(size):
        return RNG.normal(size=(size, *shape)).astype("float32")

    def noisy(y_true):
        return (0.7 * y_true + 0.5 * RNG.normal(size=y_true.shape) + 0.2).astype("float32")

    batches = []
    for size, weights in ((5, "sample"), (4, None), (3, "column")):
        y_true = data(size)
        if weights == "sample":
            weights = RNG.uniform(0, 2, size=size).astype("float32")
        elif weights == "column":
            weights = RNG.uniform(0, 2, size=(size, 1)).astype("float32")
        batches.append((y_true, noisy(y_true), weights))
    return batches


@pytest.mark.parametrize("axis", [-1, 1])
@pytest.mark.parametrize("shape", [(6,), (3, 5)])
@pytest.mark.parametrize("class_name", sorted(FUNCTIONS))
def test_metric_matches_numpy(class_name, shape, axis):
    function = FUNCTIONS[class_name]
    batches = _batches(shape)

    def reference(batches):
        values = [function(t, p, axis=axis) for t, p, _ in batches]
        weights = [None if w is None else np.reshape(w, -1) for _, _, w in batches]
        return weighted_mean(values, weights)

    make = lambda: getattr(metrics, class_name)(axis=axis)  # noqa: E731
    metric = check_metric(make, batches, reference, rtol=1e-4, atol=1e-5)
    assert metric.name == NAMES[class_name]
    assert metric.get_config() == {"name": NAMES[class_name], "dtype": "float32", "axis": axis}
    assert metric._direction == "up"


@pytest.mark.parametrize("class_name", sorted(FUNCTIONS))
def test_metric_over_several_axes(class_name):
    function = FUNCTIONS[class_name]
    batches = [(t, p, None) for t, p, _ in _batches((3, 4))]

    def reference(batches):
        return weighted_mean([function(t, p, axis=(1, 2)) for t, p, _ in batches], [None] * 3)

    metric = getattr(metrics, class_name)(axis=(1, 2))
    for batch in batches:
        metric.update_state(*batch)
    assert_close(metric.result(), reference(batches), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("function_name", sorted(NAMES.values()))
def test_functions_match_numpy_per_slice(function_name):
    function = getattr(metrics, function_name)
    reference = FUNCTIONS[next(k for k, v in NAMES.items() if v == function_name)]
    y_true = RNG.normal(size=(4, 3, 6)).astype("float32")
    y_pred = (y_true + RNG.normal(size=y_true.shape)).astype("float32")
    for axis in (-1, 1, (1, 2)):
        got = function(y_true, y_pred, axis=axis)
        assert_close(got, reference(y_true, y_pred, axis=axis), rtol=1e-4, atol=1e-5)


def test_known_values():
    y_true = [[0, 1, 0.5], [1, 1, 0.2]]
    y_pred = [[0.1, 0.9, 0.5], [1, 0.9, 0.2]]
    assert_close(metrics.pearson_correlation(y_true, y_pred), [1.0, 0.99339927])
    assert_close(metrics.concordance_correlation(y_true, y_pred), [0.97560976, 0.98765432])
    metric = metrics.PearsonCorrelation()
    metric.update_state(y_true, y_pred)
    assert float(metric.result()) == pytest.approx(0.99669963, abs=1e-6)


def test_pearson_ignores_scale_and_shift_but_concordance_does_not():
    y_true = RNG.normal(size=(2, 8)).astype("float32")
    y_pred = 3.0 * y_true + 1.0
    assert_close(metrics.pearson_correlation(y_true, y_pred), [1.0, 1.0])
    assert (ops.convert_to_numpy(metrics.concordance_correlation(y_true, y_pred)) < 0.9).all()
    assert_close(metrics.concordance_correlation(y_true, y_true), [1.0, 1.0])
    assert_close(metrics.pearson_correlation(y_true, -y_true), [-1.0, -1.0])


def test_labels_with_a_trailing_axis_of_one_match_rank_one_predictions():
    y_true = RNG.normal(size=(6, 1)).astype("float32")
    y_pred = RNG.normal(size=(6,)).astype("float32")
    got = metrics.pearson_correlation(y_true, y_pred, axis=0)
    assert_close(got, pearson(y_true[:, 0], y_pred, axis=0))


def test_rejects_shapes_that_do_not_broadcast():
    with pytest.raises(ValueError, match="pearson_correlation: y_true and y_pred must have"):
        metrics.pearson_correlation(np.ones((2, 3)), np.ones((2, 4)))


@pytest.mark.parametrize("name", sorted(NAMES))
def test_get_resolves_class_and_function_names(name):
    assert type(metrics.get(name)).__name__ == name
    saved = metrics.serialize(getattr(metrics, NAMES[name]))
    assert saved["module"] == "keras.metrics" and saved["config"] == NAMES[name]
    assert metrics.deserialize(saved) is getattr(metrics, NAMES[name])
