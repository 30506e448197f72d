"""Exponentials, logarithms and trigonometry against NumPy, their specs and gradients."""

from __future__ import annotations

import ml_dtypes  # noqa: F401 - registers the "bfloat16" dtype name with NumPy
import numpy as np
import pytest

from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
FLOATS = ["float16", "bfloat16", "float32", "float64"]


def sample(shape, dtype, low, high):
    """Random values in [low, high] of `dtype` (integers for integer dtypes)."""
    if np.dtype(dtype).kind in "iu":
        return RNG.integers(int(np.ceil(low)), int(np.floor(high)) + 1, shape).astype(dtype)
    return RNG.uniform(low, high, shape).astype(dtype)


def in_float64(fn, dtype):
    """A reference that computes `fn` in float64 and casts to `dtype`."""
    return lambda *arrays: np.asarray(fn(*(a.astype(np.float64) for a in arrays))).astype(dtype)


# (op, numpy function, low, high): each computes in float (ints in float32).
UNARY = [
    (ops.exp2, np.exp2, -3, 3),
    (ops.expm1, np.expm1, -2, 2),
    (ops.log, np.log, 0.5, 5),
    (ops.log2, np.log2, 0.5, 5),
    (ops.log10, np.log10, 0.5, 5),
    (ops.log1p, np.log1p, 0, 3),
    (ops.sin, np.sin, -3, 3),
    (ops.cos, np.cos, -3, 3),
    (ops.tan, np.tan, -1, 1),
    (ops.arcsin, np.arcsin, -0.9, 0.9),
    (ops.arccos, np.arccos, -0.9, 0.9),
    (ops.arctan, np.arctan, -3, 3),
    (ops.sinh, np.sinh, -2, 2),
    (ops.cosh, np.cosh, -2, 2),
    (ops.tanh, np.tanh, -2, 2),
    (ops.arcsinh, np.arcsinh, -3, 3),
    (ops.arccosh, np.arccosh, 1, 3),
    (ops.arctanh, np.arctanh, -0.9, 0.9),
    (ops.deg2rad, np.deg2rad, -180, 180),
]
BINARY = [
    (ops.logaddexp, np.logaddexp, -3, 3),
    (ops.hypot, np.hypot, -3, 3),
    (ops.copysign, np.copysign, -3, 3),
    (ops.arctan2, np.arctan2, -3, 3),
]


@pytest.mark.parametrize(("op", "fn", "low", "high"), UNARY)
def test_unary_ops_match_numpy(op, fn, low, high):
    for dtype in [*FLOATS, "int32"]:
        expected = dtype if dtype in FLOATS else "float32"
        x = sample((2, 3), dtype, low, high)
        check_op(op, [x], in_float64(fn, expected), expected_dtype=expected)
    for shape in [(0, 3), ()]:
        check_op(op, [sample(shape, "float32", low, high)], in_float64(fn, "float32"))


@pytest.mark.parametrize(("op", "fn", "low", "high"), BINARY)
def test_binary_ops_match_numpy(op, fn, low, high):
    for dtype in [*FLOATS, "int8"]:
        expected = dtype if dtype in FLOATS else "float32"
        x1, x2 = sample((2, 1), dtype, low, high), sample((3,), dtype, low, high)
        check_op(op, [x1, x2], in_float64(fn, expected), expected_dtype=expected)
    for shape1, shape2 in [((0, 3), (3,)), ((), (4,))]:
        x1, x2 = sample(shape1, "float32", low, high), sample(shape2, "float32", low, high)
        check_op(op, [x1, x2], in_float64(fn, "float32"))


def test_mixed_dtypes_promote_before_computing():
    x1 = ops.convert_to_tensor(np.ones(2), "float16")
    assert ops.dtype(ops.arctan2(x1, ops.convert_to_tensor(np.ones(2), "int32"))) == "float16"
    assert ops.dtype(ops.hypot(x1, ops.convert_to_tensor(np.ones(2), "float64"))) == "float64"
    assert ops.dtype(ops.logaddexp(ops.convert_to_tensor([1, 2]), 1.0)) == "float32"


GRADIENT_CASES = [
    (ops.exp2, (-2, 2)),
    (ops.expm1, (-2, 2)),
    (ops.log, (0.5, 3)),
    (ops.log1p, (0.0, 3)),
    (ops.sin, (-3, 3)),
    (ops.cos, (-3, 3)),
    (ops.tan, (-1, 1)),
    (ops.arcsin, (-0.8, 0.8)),
    (ops.tanh, (-2, 2)),
    (ops.arcsinh, (-2, 2)),
]


@pytest.mark.parametrize(("op", "domain"), GRADIENT_CASES)
def test_unary_gradients(op, domain):
    check_gradient(op, [sample((2, 3), "float64", *domain)])


@pytest.mark.parametrize("op", [ops.logaddexp, ops.hypot, ops.arctan2])
def test_binary_gradients(op):
    x1, x2 = sample((2, 3), "float64", 0.5, 2), sample((3,), "float64", -2, -0.5)
    check_gradient(op, [x1, x2], argnums=(0, 1))


def test_rejects_incompatible_shapes():
    with pytest.raises(ValueError, match=r"hypot: shapes \(3,\), \(2,\) cannot be broadcast"):
        ops.hypot(np.ones(3), np.ones(2))
