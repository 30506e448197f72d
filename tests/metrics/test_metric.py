"""The Metric base class: state variables, __call__, reset, stateless forms, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import metrics, ops
from tests.metrics.metric_check import assert_close, check_metric


class Maximum(metrics.Metric):
    """A custom metric: the largest value seen (state made with add_variable)."""

    def __init__(self, name=None, dtype=None):
        super().__init__(dtype=dtype, name=name)
        self.largest = self.add_variable((), "zeros", dtype=self.dtype, name="largest")

    def update_state(self, values):
        self.largest.assign(ops.maximum(self.largest.value, ops.max(values)))

    def result(self):
        return ops.copy(self.largest.value)


class MeanOfTwo(metrics.Metric):
    """Holds two metrics; their variables are its own."""

    def __init__(self, name=None, dtype=None):
        super().__init__(dtype=dtype, name=name)
        self.first = metrics.Mean(name="first")
        self.second = metrics.Sum(name="second")
        self.extra = self.add_weight(name="extra")

    def update_state(self, values):
        self.first.update_state(values)
        self.second.update_state(values)
        self.extra.assign_add(1.0)

    def result(self):
        return ops.add(self.first.result(), self.second.result())


def test_custom_metric_accumulates_and_round_trips():
    batches = [(np.array([1.0, 3.0], "float32"),), (np.array([2.0], "float32"),)]
    metric = check_metric(Maximum, batches, lambda b: max(float(x[0].max()) for x in b))
    assert metric.name == "maximum"
    assert repr(metric) == "<Maximum name=maximum>"
    assert metric.get_config() == {"name": "maximum", "dtype": "float32"}


def test_call_updates_and_returns_the_result():
    metric = metrics.Mean()
    assert float(metric([1.0, 3.0])) == 2.0
    assert float(metric([5.0])) == 3.0


def test_held_metrics_contribute_their_variables():
    metric = MeanOfTwo()
    names = [v.path for v in metric.variables]
    assert names == ["mean_of_two/extra", "first/total", "first/count", "second/total"]
    state = [v.value for v in metric.variables]
    state = metric.stateless_update_state(state, [1.0, 3.0])
    assert_close(metric.stateless_result(state), 2.0 + 4.0)
    assert float(metric.result()) == 0.0
    metric.update_state([1.0, 3.0])
    metric.reset_state()
    assert all(not v.numpy().any() for v in metric.variables)


def test_stateless_reset_state_gives_zeros_and_writes_nothing():
    metric = metrics.Mean()
    metric.update_state([2.0, 4.0])
    values = metric.stateless_reset_state()
    assert [float(v) for v in values] == [0.0, 0.0]
    assert float(metric.result()) == 3.0


def test_dtype_policy_names_the_compute_dtype():
    assert metrics.Mean(dtype="float64").dtype == "float64"
    assert metrics.Mean().get_config() == {"name": "mean", "dtype": "float32"}


def test_rejects_a_non_string_name():
    with pytest.raises(TypeError, match="Mean expected a string name, received 3"):
        metrics.Mean(name=3)


def test_stateless_update_state_rejects_a_wrong_number_of_values():
    metric = metrics.Mean()
    with pytest.raises(ValueError, match=r"stateless_update_state expected .* \(2\), received 1"):
        metric.stateless_update_state([0.0], [1.0])


def test_stateless_result_rejects_a_wrong_number_of_values():
    with pytest.raises(ValueError, match=r"stateless_result expected .* \(1\), received 0"):
        metrics.Sum().stateless_result([])


def test_base_methods_must_be_implemented():
    metric = metrics.Metric()
    with pytest.raises(NotImplementedError, match="Metric does not implement update_state"):
        metric.update_state([1.0])
    with pytest.raises(NotImplementedError, match="Metric does not implement result"):
        metric.result()


def test_stateless_methods_need_lazily_built_state():
    metric = metrics.F1Score()
    with pytest.raises(ValueError, match="F1Score 'f1_score' creates its state from its first"):
        metric.stateless_update_state([], [[1.0, 0.0]], [[0.7, 0.3]])
