"""Comparisons, closeness, NaN tests, logical and bitwise ops against NumPy; specs and errors."""

from __future__ import annotations

import ml_dtypes  # noqa: F401 - registers the "bfloat16" dtype name with NumPy
import numpy as np
import pytest

import lamina
from lamina import ops
from tests.support.op_check import check_op

RNG = np.random.default_rng(0)
SHAPE_PAIRS = [((2, 1), (3,)), ((2, 3), (2, 3)), ((0, 3), (3,)), ((), (4,))]


def sample(shape, dtype):
    """Small integers of `dtype`, so that equal values occur."""
    return RNG.integers(0, 4, shape).astype(dtype)


COMPARISONS = [
    (ops.equal, np.equal),
    (ops.not_equal, np.not_equal),
    (ops.less, np.less),
    (ops.less_equal, np.less_equal),
    (ops.greater, np.greater),
    (ops.greater_equal, np.greater_equal),
]


@pytest.mark.parametrize(("op", "fn"), COMPARISONS)
def test_comparisons_match_numpy(op, fn):
    for dtype in ["float16", "bfloat16", "float32", "int8", "uint8", "int32", "uint32"]:
        x1, x2 = sample((2, 1), dtype), sample((3,), dtype)
        check_op(op, [x1, x2], fn, expected_dtype="bool")
    for shape1, shape2 in SHAPE_PAIRS:
        check_op(op, [sample(shape1, "float32"), sample(shape2, "float32")], fn)


def test_comparisons_promote_mixed_dtypes_and_scalars():
    x = ops.convert_to_tensor(np.array([1, 2, 3], "int8"))
    y = ops.convert_to_tensor(np.array([1.5, 2.0, 2.5], "float32"))
    assert ops.convert_to_numpy(ops.less(x, y)).tolist() == [True, False, False]
    assert ops.convert_to_numpy(ops.equal(x, 2)).tolist() == [False, True, False]


LOGICAL = [
    (ops.logical_and, np.logical_and),
    (ops.logical_or, np.logical_or),
    (ops.logical_xor, np.logical_xor),
]


@pytest.mark.parametrize(("op", "fn"), LOGICAL)
def test_logical_ops_match_numpy(op, fn):
    for dtype in ["bool", "int32", "float32"]:
        check_op(op, [sample((2, 1), dtype), sample((3,), dtype)], fn, expected_dtype="bool")
    for shape1, shape2 in SHAPE_PAIRS:
        check_op(op, [sample(shape1, "bool"), sample(shape2, "bool")], fn)


def test_logical_not_matches_numpy():
    for dtype in ["bool", "int32", "float32", "uint32"]:
        check_op(ops.logical_not, [sample((2, 3), dtype)], np.logical_not, expected_dtype="bool")


@pytest.mark.parametrize(
    ("op", "fn"), [(ops.isnan, np.isnan), (ops.isinf, np.isinf), (ops.isfinite, np.isfinite)]
)
def test_non_finite_tests_match_numpy(op, fn):
    for dtype in ["float16", "bfloat16", "float32", "float64"]:
        x = np.array([[np.nan, np.inf, -np.inf], [0.0, -1.5, 2.0]], dtype)
        check_op(op, [x], fn, expected_dtype="bool")
    check_op(op, [np.array([1, 2], "int32")], fn, expected_dtype="bool")
    check_op(op, [np.zeros((0, 2), "float32")], fn)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32"])
def test_isclose_matches_numpy(dtype):
    x1 = np.array([1.0, 2.0, 3.0, np.nan]).astype(dtype) if dtype != "int32" else sample(4, dtype)
    x2 = (x1.astype(np.float64) * 1.000001 + np.array([0.0, 1e-9, 0.1, 0.0])).astype(dtype)
    check_op(ops.isclose, [x1, x2], np.isclose, expected_dtype="bool")
    kwargs = {"rtol": 0.1, "atol": 0.0, "equal_nan": True}
    check_op(ops.isclose, [x1, x2], lambda a, b, **k: np.isclose(a, b, **k), kwargs=kwargs)


BITWISE = [
    (ops.bitwise_and, np.bitwise_and),
    (ops.bitwise_or, np.bitwise_or),
    (ops.bitwise_xor, np.bitwise_xor),
]


@pytest.mark.parametrize(("op", "fn"), BITWISE)
def test_bitwise_ops_match_numpy(op, fn):
    for dtype in ["bool", "int8", "uint8", "int32", "uint32", "int64"]:
        x1 = RNG.integers(0, 100, (2, 1)).astype(dtype)
        x2 = RNG.integers(0, 100, (3,)).astype(dtype)
        check_op(op, [x1, x2], fn, expected_dtype=dtype)
    check_op(op, [np.zeros((0, 3), "int32"), np.ones(3, "int32")], fn)


@pytest.mark.parametrize("op", [ops.bitwise_not, ops.bitwise_invert])
def test_bitwise_not_matches_numpy(op):
    for dtype in ["bool", "int8", "uint8", "int32", "uint16"]:
        x = RNG.integers(0, 100, (2, 3)).astype(dtype)
        check_op(op, [x], np.invert, expected_dtype=dtype)


def test_bitwise_ops_reject_floats():
    message = r"bitwise_and: expected integer or bool inputs, received dtypes \(float32, int32\)"
    with pytest.raises(TypeError, match=message):
        ops.bitwise_and(np.ones(2, "float32"), np.ones(2, "int32"))
    with pytest.raises(TypeError, match=r"bitwise_not: expected integer or bool inputs"):
        ops.bitwise_not(lamina.SymbolicTensor((2,), "float32"))


def test_comparison_rejects_incompatible_shapes():
    with pytest.raises(ValueError, match=r"less: shapes \(3,\), \(2,\) cannot be broadcast"):
        ops.less(np.ones(3), np.ones(2))
