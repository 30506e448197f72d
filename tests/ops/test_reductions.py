"""Reductions against NumPy: values, dtypes, symbolic specs, gradients and errors."""

from __future__ import annotations

import ml_dtypes
import numpy as np
import pytest

import lamina
from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
FLOATX = "float32"
SUM_DTYPES = {"bool": "int32", "int8": "int32", "uint8": "uint32", "int16": "int32"}
# (shape, axis, keepdims): full, kept, multi-axis, empty, negative and scalar reductions.
CASES = [
    ((2, 3), None, False),
    ((2, 3), 0, True),
    ((2, 3, 4), (0, 2), False),
    ((0, 3), 1, False),
    ((), None, True),
]


def sample(shape, dtype, low=-3, high=3):
    """Returns random values of `dtype`; ints in [low, high) clipped at 0 for unsigned types."""
    if dtype == "bool":
        return RNG.integers(0, 2, shape).astype(bool)
    if dtype.startswith("uint"):
        return RNG.integers(0, high, shape).astype(dtype)
    if dtype.startswith("int"):
        return RNG.integers(low, high, shape).astype(dtype)
    values = RNG.uniform(low, high, shape)
    return values.astype(ml_dtypes.bfloat16 if dtype == "bfloat16" else dtype)


def numpy_reference(fn, out_dtype, compute="float64"):
    """Computes `fn` in `compute` and casts to `out_dtype` (bfloat16 via ml_dtypes)."""

    def reference(a, **kwargs):
        result = np.asarray(fn(np.asarray(a).astype(compute), **kwargs))
        return result.astype(ml_dtypes.bfloat16 if out_dtype == "bfloat16" else out_dtype)

    return reference


@pytest.mark.parametrize("dtype", ["float32", "bfloat16", "int32", "uint8", "bool"])
@pytest.mark.parametrize(("shape", "axis", "keepdims"), CASES)
def test_sum_and_prod_match_numpy(dtype, shape, axis, keepdims):
    x = sample(shape, dtype, -2, 3)
    out = SUM_DTYPES.get(dtype, dtype)
    compute = "float64" if out in ("float16", "bfloat16", "float32") else "int64"
    kwargs = {"axis": axis, "keepdims": keepdims}
    check_op(ops.sum, [x], numpy_reference(np.sum, out, compute), kwargs, expected_dtype=out)
    check_op(ops.prod, [x], numpy_reference(np.prod, out, compute), kwargs, expected_dtype=out)


@pytest.mark.parametrize("dtype", ["float32", "bfloat16", "int32", "bool"])
@pytest.mark.parametrize(("shape", "axis", "keepdims"), CASES)
def test_extrema_and_logical_reductions_match_numpy(dtype, shape, axis, keepdims):
    x = sample(shape, dtype)
    kwargs = {"axis": axis, "keepdims": keepdims}
    if 0 not in shape:
        for op, fn in [(ops.max, np.max), (ops.min, np.min), (ops.amax, np.max)]:
            check_op(op, [x], lambda a, fn=fn, **k: fn(a, **k), kwargs, expected_dtype=dtype)
    check_op(ops.all, [x], lambda a, **k: np.all(a, **k), kwargs, expected_dtype="bool")
    check_op(ops.any, [x], lambda a, **k: np.any(a, **k), kwargs, expected_dtype="bool")


@pytest.mark.parametrize("dtype", ["float32", "bfloat16", "int32", "bool"])
@pytest.mark.parametrize(("shape", "axis", "keepdims"), CASES)
def test_mean_std_var_compute_in_float(dtype, shape, axis, keepdims):
    if 0 in shape:
        shape = (2, 0)  # Reduces the non-empty axis 1 of an input with an empty axis 0.
    x = sample(shape, dtype)
    out = dtype if dtype in ("float16", "bfloat16", "float32", "float64") else FLOATX
    kwargs = {"axis": axis, "keepdims": keepdims}
    if 0 in shape:
        kwargs = {"axis": 0, "keepdims": keepdims}
    for op, fn in [(ops.mean, np.mean), (ops.std, np.std), (ops.var, np.var)]:
        check_op(op, [x], numpy_reference(fn, out), kwargs, expected_dtype=out)


@pytest.mark.parametrize("dtype", ["float32", "int32", "uint8", "bool"])
@pytest.mark.parametrize(
    ("axis", "keepdims"), [(None, False), (None, True), (0, False), (-1, True)]
)
def test_argmax_argmin_return_int32_first_index(dtype, axis, keepdims):
    x = sample((3, 4), dtype)
    kwargs = {"axis": axis, "keepdims": keepdims}
    for op, fn in [(ops.argmax, np.argmax), (ops.argmin, np.argmin)]:
        check_op(
            op,
            [x],
            lambda a, fn=fn, **k: fn(a, **k).astype("int32"),
            kwargs,
            expected_dtype="int32",
        )


@pytest.mark.parametrize("dtype", ["float32", "float16", "int8", "uint8", "bool"])
@pytest.mark.parametrize("axis", [None, 0, -1])
def test_cumsum_cumprod_match_numpy(dtype, axis):
    x = sample((3, 4), dtype, -2, 3)
    out = SUM_DTYPES.get(dtype, dtype)
    compute = "float64" if out.startswith("float") else "int64"
    for op, fn in [(ops.cumsum, np.cumsum), (ops.cumprod, np.cumprod)]:
        check_op(op, [x], numpy_reference(fn, out, compute), {"axis": axis}, expected_dtype=out)


def test_cumsum_takes_a_dtype():
    x = sample((2, 3), "int32")
    check_op(
        ops.cumsum,
        [x],
        lambda a, **k: np.cumsum(a, axis=1).astype("float32"),
        {"axis": 1, "dtype": "float32"},
        expected_dtype="float32",
    )
    check_op(
        ops.prod,
        [x],
        lambda a, **k: np.prod(a, axis=0).astype("int64"),
        {"axis": 0, "dtype": "int64"},
        expected_dtype="int64",
    )


@pytest.mark.parametrize("dtype", ["float32", "int32", "bool"])
@pytest.mark.parametrize("axis", [None, 1, (0, 2)])
def test_count_nonzero_matches_numpy(dtype, axis):
    x = sample((2, 3, 2), dtype, -1, 2)
    check_op(
        ops.count_nonzero,
        [x],
        lambda a, **k: np.asarray(np.count_nonzero(a, **k)).astype("int32"),
        {"axis": axis},
        expected_dtype="int32",
    )


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
@pytest.mark.parametrize(
    ("shape", "axis", "keepdims"),
    [((5,), None, False), ((3, 4), 1, True), ((2, 3, 4), (0, 2), False)],
)
def test_median_averages_the_middle_values(dtype, shape, axis, keepdims):
    x = sample(shape, dtype)
    out = dtype if dtype.startswith("float") else FLOATX
    kwargs = {"axis": axis, "keepdims": keepdims}
    check_op(ops.median, [x], numpy_reference(np.median, out), kwargs, expected_dtype=out)


def test_average_with_and_without_weights():
    x = sample((3, 4), "float32")
    check_op(ops.average, [x], lambda a, **k: np.average(a, **k), {"axis": 1})
    full = RNG.uniform(0.5, 1.5, (3, 4)).astype("float32")
    check_op(ops.average, [x], lambda a, **k: np.average(a, **k), {"weights": full})
    row = RNG.uniform(0.5, 1.5, (3,)).astype("float32")
    check_op(
        ops.average,
        [x],
        lambda a, **k: np.average(a, axis=0, weights=row).astype("float32"),
        {"axis": 0, "weights": row},
    )
    ints = sample((2, 3), "int32")
    check_op(
        ops.average,
        [ints],
        lambda a, **k: np.average(a, axis=1).astype(FLOATX),
        {"axis": 1},
        expected_dtype=FLOATX,
    )


def test_max_min_with_initial_cover_empty_axes():
    x = sample((2, 3), "float32")
    check_op(ops.max, [x], lambda a, **k: np.max(a, **k), {"axis": 1, "initial": 1.0})
    check_op(ops.min, [x], lambda a, **k: np.min(a, **k), {"axis": 0, "initial": -1.0})
    empty = np.zeros((2, 0), "float32")
    check_op(ops.max, [empty], lambda a, **k: np.max(a, **k), {"axis": 1, "initial": 0.5})


@pytest.mark.parametrize(
    ("op", "axis"),
    [
        (ops.sum, None),
        (ops.mean, (0, 1)),
        (ops.max, 1),
        (ops.min, None),
        (ops.prod, 1),
        (ops.std, (0, 1)),
        (ops.var, 0),
    ],
)
def test_reduction_gradients(op, axis):
    # Distinct values keep max and min differentiable.
    x = RNG.permutation(6).reshape(2, 3) * 0.3 + 0.5
    check_gradient(op, [x], {"axis": axis})


@pytest.mark.parametrize("op", [ops.cumsum, ops.cumprod])
def test_scan_gradients(op):
    check_gradient(op, [RNG.uniform(0.5, 1.5, (2, 3))], {"axis": 1})


def test_median_and_average_gradients():
    x = RNG.permutation(8).reshape(2, 4) * 0.5
    check_gradient(ops.median, [x], {"axis": 1})

    def weighted_average(values, weights):
        return ops.average(values, axis=1, weights=weights)

    check_gradient(weighted_average, [x, RNG.uniform(0.5, 1.5, (2, 4))], argnums=(0, 1))


@pytest.mark.parametrize("op", [ops.max, ops.min, ops.argmax, ops.median])
def test_reducing_an_empty_axis_is_rejected(op):
    name = op.__name__
    with pytest.raises(
        ValueError,
        match=rf"{name}: cannot reduce over an empty axis: axis=1 of an input of shape \(2, 0\)",
    ):
        op(np.zeros((2, 0), "float32"), axis=1)
    with pytest.raises(ValueError, match=rf"{name}: cannot reduce over an empty axis"):
        op(lamina.SymbolicTensor((None, 0)), axis=1)


def test_average_rejects_mismatched_weights():
    with pytest.raises(ValueError, match=r"average: weights must have the shape of x \(2, 3\)"):
        ops.average(np.ones((2, 3)), axis=1, weights=np.ones(2))
    with pytest.raises(ValueError, match=r"received weights of shape \(4,\)"):
        ops.average(
            lamina.SymbolicTensor((None, 3)), axis=None, weights=lamina.SymbolicTensor((4,))
        )


def test_reductions_reject_out_of_range_axes():
    with pytest.raises(ValueError, match=r"mean: axis 2 is out of range for an input of rank 2"):
        ops.mean(np.ones((2, 3)), axis=2)
    with pytest.raises(ValueError, match=r"cumsum: axis -3 is out of range"):
        ops.cumsum(lamina.SymbolicTensor((None, 3)), axis=-3)
