"""Sum, Mean and MeanMetricWrapper against NumPy weighted sums and means."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import metrics, ops
from tests.metrics.metric_check import assert_close, check_metric, weighted_mean

RNG = np.random.default_rng(0)


def _values(*shape):
    return RNG.normal(size=shape).astype("float32")


def _weights(*shape):
    return RNG.uniform(0.0, 2.0, size=shape).astype("float32")


def test_sum_accumulates_weighted_values():
    batches = [(_values(4),), (_values(3, 2), _weights(3)), (_values(2), _weights(2))]

    def reference(batches):
        total = 0.0
        for batch in batches:
            values = np.asarray(batch[0], "float64")
            if len(batch) > 1:
                weights = np.asarray(batch[1], "float64").reshape(-1, *[1] * (values.ndim - 1))
                values = values * weights
            total += values.sum()
        return total

    check_metric(metrics.Sum, batches, reference)


def _keras_mean_terms(values, weights):
    """(total, count) one batch adds to Mean, for values (batch, d): a scalar weight makes the
    batch one sample; (batch,) and (batch, 1) weight rows; (batch, d) weights elements."""
    values = np.asarray(values, "float64")
    if weights is None:
        return values.mean(axis=1).sum(), len(values)
    weights = np.asarray(weights, "float64")
    if weights.ndim == 0:
        return values.mean() * weights, float(weights)
    weights = np.broadcast_to(weights.reshape(len(values), -1), values.shape)
    return (values * weights).mean(axis=1).sum(), weights.mean(axis=1).sum()


WEIGHT_SHAPES = {
    "none": None,
    "scalar": lambda size: (),
    "per_sample": lambda size: (size,),
    "column": lambda size: (size, 1),
    "per_element": lambda size: (size, 3),
}


@pytest.mark.parametrize("weights", sorted(WEIGHT_SHAPES))
def test_mean_matches_the_weighted_mean_per_sample(weights):
    shape_of = WEIGHT_SHAPES[weights]
    batches = []
    for size in (5, 2, 4):
        batch_weights = None if shape_of is None else _weights(*shape_of(size))
        batches.append((_values(size, 3), batch_weights))

    def reference(batches):
        terms = [_keras_mean_terms(values, weights) for values, weights in batches]
        return sum(t for t, _ in terms) / sum(c for _, c in terms)

    check_metric(metrics.Mean, batches, reference)


def test_mean_of_scalars_and_rank_three_values():
    batches = [(np.float32(2.0),), (_values(2, 3, 4),), (_values(4, 2, 2), _weights(4, 2))]

    def reference(batches):
        total, count = 0.0, 0.0
        for batch in batches:
            values = np.asarray(batch[0], "float64")
            if values.ndim == 0:
                total, count = total + float(values), count + 1
                continue
            if len(batch) == 1:
                total += values.reshape(len(values), -1).mean(axis=1).sum()
                count += len(values)
            else:
                weights = np.asarray(batch[1], "float64")
                weighted = values.mean(axis=2) * weights
                total += weighted.mean(axis=1).sum()
                count += weights.mean(axis=1).sum()
        return total / count

    check_metric(metrics.Mean, batches, reference)


def test_mean_is_zero_before_any_value_and_with_zero_weights():
    metric = metrics.Mean()
    assert float(metric.result()) == 0.0
    metric.update_state([1.0, 2.0], sample_weight=[0.0, 0.0])
    assert float(metric.result()) == 0.0


def test_mean_result_dtype_follows_the_metric_dtype():
    metric = metrics.Mean(dtype="float64")
    metric.update_state(np.array([1, 2], dtype="int32"))
    assert ops.dtype(metric.result()) == "float64"
    assert [v.dtype for v in metric.variables] == ["float64", "float64"]
    assert [v.path for v in metric.variables] == ["mean/total", "mean/count"]
    assert not any(v.trainable for v in metric.variables)


def _scaled_error(y_true, y_pred, scale=1.0):
    return ops.multiply(ops.abs(ops.subtract(y_pred, y_true)), scale)


def test_mean_metric_wrapper_averages_the_function_with_its_kwargs():
    batches = [
        (_values(4, 2), _values(4, 2), _weights(4)),
        (_values(3, 2), _values(3, 2), None),
    ]

    def reference(batches):
        values = [2.0 * np.abs(np.asarray(p, "float64") - t) for t, p, _ in batches]
        return weighted_mean(values, [w for _, _, w in batches])

    def make():
        return metrics.MeanMetricWrapper(_scaled_error, name="scaled", scale=2.0)

    metric = make()
    assert metric.name == "scaled"
    config = metric.get_config()
    assert config["scale"] == 2.0
    assert config["fn"]["config"] == "_scaled_error"
    custom = {"_scaled_error": _scaled_error}
    restored = metrics.deserialize(metrics.serialize(metric), custom_objects=custom)
    assert restored._fn is _scaled_error and restored.get_config() == config
    for batch in batches:
        metric.update_state(*batch)
    assert_close(metric.result(), reference(batches))


def test_mean_metric_wrapper_round_trips_a_builtin_function():
    metric = metrics.MeanMetricWrapper(metrics.mean_squared_error)
    assert metric.name == "mean_metric_wrapper"
    config = metric.get_config()
    assert config["fn"]["class_name"] == "function"
    assert config["fn"]["config"] == "mean_squared_error"
    restored = metrics.MeanMetricWrapper.from_config(config)
    assert restored._fn is metrics.mean_squared_error
    restored.update_state([[0.0, 1.0]], [[1.0, 1.0]])
    assert float(restored.result()) == pytest.approx(0.5)


def test_mean_metric_wrapper_rejects_a_non_callable():
    with pytest.raises(TypeError, match="MeanMetricWrapper expected a callable fn"):
        metrics.MeanMetricWrapper("not a function")
