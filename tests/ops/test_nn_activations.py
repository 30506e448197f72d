"""Activations and softmax of `lamina.ops.nn` against SciPy/NumPy formulas: values, dtypes,
extreme inputs, symbolic specs, gradients and errors."""

from __future__ import annotations

import math

import ml_dtypes
import numpy as np
import pytest
from scipy import special

import lamina
from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
FLOAT_DTYPES = ["float16", "bfloat16", "float32", "float64"]


def _f64(x):
    return np.asarray(x).astype(np.float64)


def _gelu_reference(x, approximate=True):
    x = _f64(x)
    if approximate:
        inner = math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)
        return 0.5 * x * (1 + np.tanh(inner))
    return 0.5 * x * (1 + special.erf(x / math.sqrt(2)))


def _hard_sigmoid_reference(x):
    return np.clip(_f64(x) / 6 + 0.5, 0, 1)


# name -> (reference on float64, keyword arguments of the call)
REFERENCES = {
    "relu": (lambda x: np.maximum(_f64(x), 0), {}),
    "relu6": (lambda x: np.clip(_f64(x), 0, 6), {}),
    "sigmoid": (lambda x: special.expit(_f64(x)), {}),
    "log_sigmoid": (lambda x: special.log_expit(_f64(x)), {}),
    "softplus": (lambda x: np.logaddexp(0, _f64(x)), {}),
    "softsign": (lambda x: _f64(x) / (1 + np.abs(_f64(x))), {}),
    "silu": (lambda x: _f64(x) * special.expit(_f64(x)), {}),
    "hard_sigmoid": (_hard_sigmoid_reference, {}),
    "hard_silu": (lambda x: _f64(x) * _hard_sigmoid_reference(x), {}),
    "leaky_relu": (
        lambda x, negative_slope=0.2: np.where(_f64(x) >= 0, _f64(x), negative_slope * _f64(x)),
        {"negative_slope": 0.3},
    ),
    "elu": (
        lambda x, alpha=1.0: np.where(
            _f64(x) > 0, _f64(x), alpha * np.expm1(np.minimum(_f64(x), 0))
        ),
        {"alpha": 1.5},
    ),
    "selu": (
        lambda x: (
            SELU_SCALE
            * np.where(_f64(x) > 0, _f64(x), SELU_ALPHA * np.expm1(np.minimum(_f64(x), 0)))
        ),
        {},
    ),
    "celu": (
        lambda x, alpha=1.0: (
            np.maximum(_f64(x), 0) + alpha * np.expm1(np.minimum(_f64(x), 0) / alpha)
        ),
        {"alpha": 0.7},
    ),
    "gelu": (_gelu_reference, {}),
    "mish": (lambda x: _f64(x) * np.tanh(np.logaddexp(0, _f64(x))), {}),
    "tanh_shrink": (lambda x: _f64(x) - np.tanh(_f64(x)), {}),
    "softmax": (lambda x, axis=-1: special.softmax(_f64(x), axis=axis), {}),
    "log_softmax": (lambda x, axis=-1: special.log_softmax(_f64(x), axis=axis), {}),
}


def _sample(shape, dtype, low=-5.0, high=5.0):
    x = RNG.uniform(low, high, shape)
    return x.astype(ml_dtypes.bfloat16) if dtype == "bfloat16" else x.astype(dtype)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_activation_matches_reference(name, dtype):
    reference, kwargs = REFERENCES[name]
    check_op(getattr(ops, name), [_sample((2, 4), dtype)], reference, kwargs, dtype)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_activation_handles_empty_scalar_and_3d_inputs(name):
    # Shapes are dtype-independent: float32 only keeps jax's per-shape compiles few.
    reference, kwargs = REFERENCES[name]
    for shape in [(0, 3), (), (2, 3, 4)]:
        if shape == () and name in ("softmax", "log_softmax"):
            continue
        check_op(getattr(ops, name), [_sample(shape, "float32")], reference, kwargs, "float32")


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_exact_gelu_matches_erf_form(dtype):
    check_op(ops.gelu, [_sample((2, 4), dtype)], _gelu_reference, {"approximate": False}, dtype)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_activation_is_finite_and_exact_for_huge_inputs(name):
    reference, kwargs = REFERENCES[name]
    # Shaped (2, 4), like the other float32 cases, so jax compiles nothing new.
    x = np.array([[-1e4, -100.0, -30.0, -1.0], [1.0, 30.0, 100.0, 1e4]], dtype="float32")
    result = check_op(getattr(ops, name), [x], reference, kwargs, "float32", rtol=1e-6, atol=1e-6)
    assert np.all(np.isfinite(result)), f"{name} gave {result}"


def test_half_precision_stays_finite_at_its_range_limit():
    x = np.array([-6e4, -20.0, 20.0, 6e4], dtype="float16")
    for name in ("sigmoid", "log_sigmoid", "softplus", "silu", "mish", "gelu", "softmax"):
        result = ops.convert_to_numpy(getattr(ops, name)(x))
        assert result.dtype == np.float16
        assert np.all(np.isfinite(result[1:3])), f"{name} gave {result}"
        assert not np.any(np.isnan(result)), f"{name} gave {result}"


@pytest.mark.parametrize("dtype", ["int32", "int64", "uint8"])
def test_relu_keeps_integer_dtypes(dtype):
    x = np.array([0, 3, 7, 9], dtype=dtype) if dtype == "uint8" else np.arange(-3, 9, dtype=dtype)
    check_op(ops.relu, [x], lambda a: np.maximum(a, 0), expected_dtype=dtype)
    check_op(ops.relu6, [x], lambda a: np.clip(a, 0, 6).astype(dtype), expected_dtype=dtype)


def test_float_activations_compute_integers_in_floatx():
    x = np.arange(-3, 4, dtype="int32")
    check_op(ops.sigmoid, [x], lambda a: special.expit(a), expected_dtype="float32")
    check_op(ops.gelu, [x], _gelu_reference, expected_dtype="float32")
    check_op(ops.relu, [np.array([True, False])], lambda a: a.astype("float32"), None, "float32")


def test_softmax_over_other_and_several_axes():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    for axis in (0, 1, (1, 2), (0, 2)):
        for op, reference in (
            (ops.softmax, special.softmax),
            (ops.log_softmax, special.log_softmax),
        ):
            check_op(op, [x], lambda a, axis, f=reference: f(_f64(a), axis=axis), {"axis": axis})


def test_softmax_of_an_empty_axis_is_empty():
    result = ops.softmax(np.zeros((3, 0), "float32"))
    assert ops.shape(result) == (3, 0)


def test_glu_splits_along_axis():
    x = RNG.normal(size=(2, 4, 6)).astype("float32")

    def reference(a, axis=-1):
        first, second = np.split(_f64(a), 2, axis=axis)
        return first * special.expit(second)

    check_op(ops.glu, [x], reference, expected_dtype="float32")
    check_op(ops.glu, [x], reference, {"axis": 1}, "float32")
    check_op(ops.glu, [x.astype("float16")], reference, {"axis": 0}, "float16")


def test_swish_and_hard_swish_are_aliases():
    assert ops.swish is ops.silu
    assert ops.hard_swish is ops.hard_silu
    assert ops.nn.relu is ops.relu


GRADIENT_CASES = [
    *[(name, kwargs) for name, (_, kwargs) in sorted(REFERENCES.items())],
    ("gelu", {"approximate": False}),
    ("softmax", {"axis": 0}),
    ("log_softmax", {"axis": (0, 1)}),
    ("glu", {"axis": 0}),
]


@pytest.mark.parametrize(("name", "kwargs"), GRADIENT_CASES)
def test_activation_gradient(name, kwargs):
    # Values away from the kinks (0, +-3, 6) so finite differences are valid.
    x = np.array([[-4.1, -2.2, -0.7, 0.4], [1.3, 2.6, 4.2, 7.1]])
    check_gradient(getattr(ops, name), [x], kwargs=kwargs)


def test_symbolic_activation_keeps_none_dims():
    x = lamina.SymbolicTensor((None, 6), "bfloat16")
    assert ops.gelu(x).shape == (None, 6)
    assert ops.gelu(x).dtype == "bfloat16"
    assert ops.glu(x).shape == (None, 3)
    assert ops.relu(lamina.SymbolicTensor((None,), "int8")).dtype == "int8"


def test_glu_rejects_odd_split_axis():
    with pytest.raises(ValueError, match=r"glu: x.shape\[-1\] must be even .* \(2, 5\)"):
        ops.glu(np.ones((2, 5), "float32"))
    with pytest.raises(ValueError, match=r"glu: x.shape\[1\] must be even .* \(None, 3\)"):
        ops.glu(lamina.SymbolicTensor((None, 3)), axis=1)


def test_glu_rejects_scalars():
    with pytest.raises(ValueError, match=r"glu: x must have rank >= 1"):
        ops.glu(lamina.SymbolicTensor(()))


def test_softmax_rejects_out_of_range_axis():
    with pytest.raises(ValueError, match=r"softmax: axis 2 is out of range for an input of rank 2"):
        ops.softmax(lamina.SymbolicTensor((None, 3)), axis=2)
    with pytest.raises(ValueError, match=r"log_softmax: axis 3 is out of range"):
        ops.log_softmax(np.ones((2, 3), "float32"), axis=3)
