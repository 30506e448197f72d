"""Every loss, as a function and as a class, against its NumPy reference: values, each
reduction, per-sample weights, symbolic output specs and config round trips."""

from __future__ import annotations

import json

import numpy as np
import pytest

import lamina
from lamina import losses, ops
from tests.losses.reference import CASES

RNG = np.random.default_rng(0)
REDUCTIONS = ["sum_over_batch_size", "mean", "sum", "mean_with_sample_weight", None, "none"]
NAMES = sorted(CASES)


def numpy_of(x):
    return np.asarray(ops.convert_to_numpy(x))


def reduce(values, weights, reduction):
    weighted = values * weights
    if reduction in (None, "none") or weighted.ndim == 0:
        return weighted
    if reduction == "sum":
        return weighted.sum()
    if reduction == "mean_with_sample_weight":
        return weighted.sum() / np.broadcast_to(weights, weighted.shape).sum()
    return weighted.sum() / weighted.size


def inputs_of(case):
    return case.inputs(RNG, case.shape)


@pytest.mark.parametrize("name", NAMES)
def test_function_matches_reference(name):
    case = CASES[name]
    y_true, y_pred = inputs_of(case)
    got = case.function(y_true, y_pred, **case.kwargs)
    want = case.reference(y_true.astype("float64"), y_pred.astype("float64"), **case.kwargs)
    assert ops.dtype(got) == "float32"
    assert tuple(ops.shape(got)) == np.shape(want)
    np.testing.assert_allclose(numpy_of(got), want, rtol=2e-5, atol=2e-5)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", NAMES)
def test_class_reduces_weighted_values(name, reduction):
    case = CASES[name]
    y_true, y_pred = inputs_of(case)
    loss = case.cls(reduction=reduction, **case.kwargs)
    values = case.reference(y_true.astype("float64"), y_pred.astype("float64"), **case.kwargs)
    weights = RNG.uniform(0.0, 2.0, size=case.shape[0]) if case.per_sample else np.float64(1.5)
    for sample_weight, expected_weights in [(None, 1.0), (weights, weights)]:
        got = loss(y_true, y_pred, sample_weight=sample_weight)
        want = reduce(values, expected_weights, reduction)
        assert ops.dtype(got) == "float32"
        assert tuple(ops.shape(got)) == np.shape(want)
        np.testing.assert_allclose(numpy_of(got), want, rtol=2e-5, atol=2e-5)


@pytest.mark.parametrize("name", NAMES)
def test_symbolic_inputs_give_the_eager_spec(name):
    case = CASES[name]
    y_true, y_pred = inputs_of(case)
    for reduction in ("sum_over_batch_size", None):
        loss = case.cls(reduction=reduction, **case.kwargs)
        eager = loss(y_true, y_pred)
        for batch in (case.shape[0], None):
            symbolic = loss(
                lamina.SymbolicTensor((batch, *y_true.shape[1:]), "float32"),
                lamina.SymbolicTensor((batch, *y_pred.shape[1:]), "float32"),
            )
            assert isinstance(symbolic, lamina.SymbolicTensor)
            assert symbolic.dtype == "float32"
            expected = tuple(ops.shape(eager))
            if expected and batch is None and case.per_sample:
                expected = (None, *expected[1:])
            assert symbolic.shape == expected


@pytest.mark.parametrize("name", NAMES)
def test_function_takes_symbolic_inputs(name):
    case = CASES[name]
    y_true, y_pred = inputs_of(case)
    eager = case.function(y_true, y_pred, **case.kwargs)
    symbolic = case.function(
        lamina.SymbolicTensor(y_true.shape, "float32"),
        lamina.SymbolicTensor(y_pred.shape, "float32"),
        **case.kwargs,
    )
    assert symbolic.shape == tuple(ops.shape(eager))
    assert symbolic.dtype == ops.dtype(eager)


@pytest.mark.parametrize("name", NAMES)
def test_config_round_trips_through_json(name):
    case = CASES[name]
    loss = case.cls(reduction="sum", name="custom_name", **case.kwargs)
    config = loss.get_config()
    assert config["name"] == "custom_name"
    assert config["reduction"] == "sum"
    for key, value in case.kwargs.items():
        assert config[key] == value
        assert getattr(loss, key) == value
    saved = json.loads(json.dumps(losses.serialize(loss)))
    assert saved["module"] == "keras.losses"
    assert saved["class_name"] == case.cls.__name__
    assert saved["registered_name"] is None
    rebuilt = losses.deserialize(saved)
    assert type(rebuilt) is case.cls
    rebuilt_config = rebuilt.get_config()
    assert json.loads(json.dumps(rebuilt_config)) == json.loads(json.dumps(config))
    y_true, y_pred = inputs_of(case)
    np.testing.assert_allclose(
        numpy_of(rebuilt(y_true, y_pred)), numpy_of(loss(y_true, y_pred)), rtol=1e-6
    )


@pytest.mark.parametrize("name", NAMES)
def test_class_default_name_is_the_keras_name(name):
    expected = {"huber": "huber_loss"}.get(name, name)
    assert CASES[name].cls().name == expected
    assert CASES[name].cls().reduction == "sum_over_batch_size"
