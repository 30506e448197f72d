"""check_metric: the shared test of a metric against a NumPy reference.

It runs, in order: eager `update_state` over several batches (accumulation) against the
reference of all batches, the result's dtype, `reset_state` then one batch, the stateless
methods (and, on jax, the same under `jax.jit`, once per class) against the eager result
with the metric's own variables untouched, and the config round trip through
`get_config`/`from_config` and `serialize`/`deserialize`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from lamina import metrics, ops
from lamina.metrics.registry import BUILTIN_METRICS
from tests.conftest import BACKEND

Batch = tuple[Any, ...]
_JITTED: set[type] = set()


def to_numpy(x: Any) -> np.ndarray:
    return np.asarray(ops.convert_to_numpy(x), dtype="float64")


def assert_close(got: Any, expected: Any, rtol: float = 1e-5, atol: float = 1e-6) -> None:
    np.testing.assert_allclose(to_numpy(got), np.asarray(expected, "float64"), rtol, atol)


def build_lazily(metric: metrics.Metric, batch: Batch) -> None:
    """Metrics whose state depends on the inputs build on their first batch: build them."""
    if getattr(metric, "_built", True) is False:
        metric.update_state(*batch)
        metric.reset_state()


def check_metric(
    make: Callable[[], metrics.Metric],
    batches: Sequence[Batch],
    reference: Callable[[Sequence[Batch]], Any],
    rtol: float = 1e-5,
    atol: float = 1e-6,
) -> metrics.Metric:
    """Checks `make()` on `batches` (tuples of update_state arguments) against `reference`,
    a function of a list of batches giving the expected result. Returns the eager metric."""
    expected = reference(batches)
    metric = make()
    for batch in batches:
        metric.update_state(*batch)
    result = metric.result()
    assert ops.dtype(result) == metric.dtype
    assert_close(result, expected, rtol, atol)
    assert_close(metric.result(), expected, rtol, atol)  # result() changes nothing

    metric.reset_state()
    for variable in metric.variables:
        assert not to_numpy(variable.value).any()
    metric.update_state(*batches[0])
    assert_close(metric.result(), reference(batches[:1]), rtol, atol)

    _check_stateless(make, batches, expected, rtol, atol)
    if BACKEND == "jax" and type(metric) not in _JITTED:
        # Once per class, on the first batch twice: each trace compiles for a while.
        _JITTED.add(type(metric))
        repeated = [batches[0], batches[0]]
        _check_jitted(make, repeated, reference(repeated), rtol, atol)
    _check_config(make(), batches, expected, rtol, atol)
    return metric


def _check_stateless(make, batches, expected, rtol, atol) -> None:
    metric = make()
    build_lazily(metric, batches[0])
    state = [variable.value for variable in metric.variables]
    for batch in batches:
        state = metric.stateless_update_state(state, *batch)
    assert_close(metric.stateless_result(state), expected, rtol, atol)
    for variable in metric.variables:
        assert not to_numpy(variable.value).any(), "stateless_update_state wrote a variable"
    for value in metric.stateless_reset_state():
        assert not to_numpy(value).any()


def _check_jitted(make, batches, expected, rtol, atol) -> None:
    import jax

    metric = make()
    build_lazily(metric, batches[0])

    def step(state, *batch):
        state = metric.stateless_update_state(state, *batch)
        return state, metric.stateless_result(state)

    step = jax.jit(step)
    state = [variable.value for variable in metric.variables]
    for batch in batches:
        state, result = step(state, *batch)
    assert_close(result, expected, rtol, atol)


def _check_config(metric, batches, expected, rtol, atol) -> None:
    config = metric.get_config()
    clone = type(metric).from_config(config)
    assert clone.get_config() == config
    saved = metrics.serialize(metric)
    json.dumps(saved)
    cls = type(metric)
    assert saved["class_name"] == cls.__name__
    builtin = cls in BUILTIN_METRICS.values()
    assert saved["module"] == ("keras.metrics" if builtin else cls.__module__)
    custom_objects = None if builtin else {cls.__name__: cls}
    restored = metrics.deserialize(json.loads(json.dumps(saved)), custom_objects)
    assert type(restored) is type(metric) and restored.get_config() == config
    for batch in batches:
        restored.update_state(*batch)
    assert_close(restored.result(), expected, rtol, atol)


def weighted_mean(values: Sequence[np.ndarray], weights: Sequence[Any]) -> float:
    """The Keras mean of per-sample values over batches: sum(w * v) / sum(w) (w = 1 when
    None)."""
    total, count = 0.0, 0.0
    for batch_values, batch_weights in zip(values, weights):
        batch_values = np.asarray(batch_values, "float64").reshape(len(batch_values), -1)
        per_sample = batch_values.mean(axis=1)
        if batch_weights is None:
            batch_weights = np.ones_like(per_sample)
        batch_weights = np.broadcast_to(np.asarray(batch_weights, "float64"), per_sample.shape)
        total += float((per_sample * batch_weights).sum())
        count += float(batch_weights.sum())
    return total / count if count else 0.0
