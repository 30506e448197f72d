"""Element-wise arithmetic and rounding ops against NumPy, their specs, gradients and errors."""

from __future__ import annotations

import ml_dtypes
import numpy as np
import pytest

import lamina
from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
FLOATS = ["float16", "bfloat16", "float32", "float64"]
INTS = ["int8", "uint8", "int32"]
SHAPE_PAIRS = [((2, 3), (2, 3)), ((2, 1), (3,)), ((0, 3), (3,)), ((), (4,))]


def sample(shape, dtype, low=-3.0, high=3.0):
    """Random values in [low, high) of `dtype` (integers for integer dtypes)."""
    if np.dtype(dtype).kind in "iu":
        return RNG.integers(int(np.ceil(low)), int(np.floor(high)) + 1, shape).astype(dtype)
    return RNG.uniform(low, high, shape).astype(dtype)


def in_float64(fn, dtype):
    """A reference that computes `fn` in float64 (ints as they are) and casts to `dtype`."""

    def reference(*arrays, **kwargs):
        arrays = [np.asarray(a) for a in arrays]
        wide = [
            a.astype(np.float64) if a.dtype.kind not in "iub" or dtype in FLOATS else a
            for a in arrays
        ]
        return np.asarray(fn(*wide, **kwargs)).astype(dtype)

    return reference


# (op, numpy function, low, high, dtypes): binary ops whose result has the inputs' dtype.
SAME_DTYPE_BINARY = [
    (ops.add, np.add, -5, 5, FLOATS + INTS),
    (ops.subtract, np.subtract, 0, 5, FLOATS + ["int8", "int32"]),
    (ops.multiply, np.multiply, -3, 3, FLOATS + INTS),
    (ops.maximum, np.maximum, -5, 5, FLOATS + INTS),
    (ops.minimum, np.minimum, -5, 5, FLOATS + INTS),
    (ops.power, np.power, 0.5, 3, FLOATS + INTS),
    (ops.floor_divide, np.floor_divide, 1, 9, ["float32", "float64", *INTS]),
    (ops.mod, np.mod, 1, 9, ["float32", "float64", *INTS]),
]


@pytest.mark.parametrize(("op", "fn", "low", "high", "dtypes"), SAME_DTYPE_BINARY)
def test_binary_ops_keep_dtype(op, fn, low, high, dtypes):
    for dtype in dtypes:
        x1, x2 = sample((2, 1), dtype, low, high), sample((3,), dtype, low, high)
        check_op(op, [x1, x2], in_float64(fn, dtype), expected_dtype=dtype)
    for shape1, shape2 in SHAPE_PAIRS:
        x1, x2 = sample(shape1, "float32", low, high), sample(shape2, "float32", low, high)
        check_op(op, [x1, x2], in_float64(fn, "float32"))


@pytest.mark.parametrize("op", [ops.divide, ops.true_divide])
@pytest.mark.parametrize("dtype", [*FLOATS, "int32", "uint8"])
def test_division_gives_floats(op, dtype):
    expected = dtype if dtype in FLOATS else "float32"
    x1, x2 = sample((2, 3), dtype, 1, 9), sample((3,), dtype, 1, 9)
    check_op(op, [x1, x2], in_float64(np.divide, expected), expected_dtype=expected)


def test_floor_divide_and_mod_round_toward_negative_infinity():
    x1, x2 = np.array([7, -7, 7, -7], "int32"), np.array([2, 2, -2, -2], "int32")
    check_op(ops.floor_divide, [x1, x2], np.floor_divide)
    check_op(ops.mod, [x1, x2], np.mod)


# (op, numpy function, low, high, dtypes): unary ops whose result has the input's dtype.
SAME_DTYPE_UNARY = [
    (ops.negative, np.negative, -5, 5, FLOATS + ["int8", "int32"]),
    (ops.square, np.square, -5, 5, FLOATS + INTS),
    (ops.abs, np.abs, -5, 5, FLOATS + INTS),
    (ops.absolute, np.abs, -5, 5, FLOATS + ["int32"]),
    (ops.sign, np.sign, -5, 5, FLOATS + ["int8", "int32"]),
    (ops.trunc, np.trunc, -5, 5, FLOATS + ["int32"]),
    (ops.conj, np.conj, -5, 5, ["float32", "int32"]),
    (ops.real, np.real, -5, 5, ["float32", "int32"]),
    (ops.imag, np.zeros_like, -5, 5, ["float32", "int32"]),
]
# Unary ops that compute in a float dtype (ints in float32).
FLOAT_UNARY = [
    (ops.reciprocal, np.reciprocal, 0.5, 4),
    (ops.sqrt, np.sqrt, 0, 9),
    (ops.floor, np.floor, -5, 5),
    (ops.ceil, np.ceil, -5, 5),
    (ops.exp, np.exp, -3, 3),
]
EDGE_SHAPES = [(0, 3), ()]


@pytest.mark.parametrize(("op", "fn", "low", "high", "dtypes"), SAME_DTYPE_UNARY)
def test_unary_ops_keep_dtype(op, fn, low, high, dtypes):
    for dtype in dtypes:
        x = sample((2, 3), dtype, low, high)
        check_op(op, [x], in_float64(fn, dtype), expected_dtype=dtype)
    for shape in EDGE_SHAPES:
        check_op(op, [sample(shape, "float32", low, high)], in_float64(fn, "float32"))


@pytest.mark.parametrize(("op", "fn", "low", "high"), FLOAT_UNARY)
def test_unary_ops_compute_in_float(op, fn, low, high):
    for dtype in [*FLOATS, "int32"]:
        expected = dtype if dtype in FLOATS else "float32"
        x = sample((2, 3), dtype, low, high)
        check_op(op, [x], in_float64(fn, expected), expected_dtype=expected)
    for shape in EDGE_SHAPES:
        check_op(op, [sample(shape, "float32", low, high)], in_float64(fn, "float32"))


@pytest.mark.parametrize("dtype", [*FLOATS, "int32", "uint8"])
def test_clip_keeps_dtype(dtype):
    x = sample((3, 4), dtype, 0, 9)
    check_op(ops.clip, [x, 2, 6], in_float64(lambda a, lo, hi: np.clip(a, lo, hi), dtype))


def test_clip_with_tensor_bounds_and_bool_input():
    x = sample((2, 3), "float32")
    low, high = np.full((3,), -1.0, "float32"), np.array([0.5, 1.0, 2.0], "float32")
    check_op(ops.clip, [x, low, high], np.clip)
    check_op(
        ops.clip,
        [np.array([True, False])],
        lambda a, x_min, x_max: np.array([1, 0], "int32"),
        kwargs={"x_min": 0, "x_max": 1},
        expected_dtype="int32",
    )


@pytest.mark.parametrize("dtype", FLOATS)
def test_nan_to_num_replaces_non_finite_values(dtype):
    x = np.array([np.nan, np.inf, -np.inf, 1.5], dtype)
    expected = np.array([0.0, 7.0, -7.0, 1.5], dtype)
    check_op(ops.nan_to_num, [x], lambda a, **_: expected, kwargs={"posinf": 7.0, "neginf": -7.0})
    default = ops.convert_to_numpy(ops.nan_to_num(ops.convert_to_tensor(x)))
    finfo = ml_dtypes.finfo(dtype)
    assert default.astype(np.float64).tolist() == [0.0, float(finfo.max), float(finfo.min), 1.5]


def test_nan_to_num_leaves_integers_alone():
    check_op(ops.nan_to_num, [np.array([1, 2], "int32")], lambda a: a, expected_dtype="int32")


@pytest.mark.parametrize("decimals", [0, 1, -1])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_round_matches_numpy(dtype, decimals):
    x = sample((4, 3), dtype, -50, 50)
    check_op(
        ops.round,
        [x],
        lambda a, decimals: np.round(a, decimals),
        kwargs={"decimals": decimals},
        expected_dtype=dtype,
        atol=1e-5,
    )


def test_round_halves_to_even():
    x = np.array([0.5, 1.5, 2.5, -0.5], "float32")
    check_op(ops.round, [x], np.round)


def test_wide_unsigned_ints_use_a_fallback_where_the_engine_lacks_kernels():
    x1, x2 = np.array([3, 9], "uint32"), np.array([2, 4], "uint32")
    for op, fn in [(ops.add, np.add), (ops.maximum, np.maximum), (ops.mod, np.mod)]:
        check_op(op, [x1, x2], fn, expected_dtype="uint32")
    check_op(ops.square, [np.array([3, 5], "uint16")], np.square, expected_dtype="uint16")


def test_python_scalars_are_weak():
    x = ops.convert_to_tensor(np.ones(2), "float16")
    assert ops.dtype(ops.add(x, 1.5)) == "float16"
    i = ops.convert_to_tensor(np.ones(2), "int8")
    assert ops.dtype(ops.add(i, 3)) == "int8"
    assert ops.dtype(ops.add(i, 3.0)) == lamina.config.floatx()
    assert ops.dtype(ops.divide(i, 2)) == lamina.config.floatx()
    assert ops.dtype(ops.divide(x, 2)) == "float16"


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("int8", "uint8", "int16"),
        ("int32", "float16", "float16"),
        ("float16", "bfloat16", "float32"),
    ],
)
def test_add_follows_promotion_table(left, right, expected):
    result = ops.add(
        ops.convert_to_tensor(np.ones(2), left), ops.convert_to_tensor(np.ones(2), right)
    )
    assert ops.dtype(result) == expected


def test_variable_and_symbolic_operators():
    v = lamina.Variable(np.array([4.0, 6.0], "float32"))
    values = {
        "add": v + 1,
        "sub": 1 - v,
        "mul": v * 2,
        "div": v / 4,
        "floordiv": v // 4,
        "mod": v % 4,
        "pow": v**2,
        "neg": -v,
        "abs": abs(v),
    }
    expected = {
        "add": [5, 7],
        "sub": [-3, -5],
        "mul": [8, 12],
        "div": [1, 1.5],
        "floordiv": [1, 1],
        "mod": [0, 2],
        "pow": [16, 36],
        "neg": [-4, -6],
        "abs": [4, 6],
    }
    for name, value in values.items():
        assert ops.convert_to_numpy(value).tolist() == expected[name], name
    assert ops.convert_to_numpy((v == 4.0) | (v > 5.0)).tolist() == [True, True]
    x = lamina.SymbolicTensor((None, 3), "int8")
    assert (x / 2).dtype == lamina.config.floatx()
    assert ((x // 2) % 3).shape == (None, 3)
    assert (-(abs(x) ** 2)).dtype == "int8"
    assert (x @ lamina.SymbolicTensor((3, 5), "int8")).dtype == "int32"


# (op, args, kwargs): a representative set of differentiable ops, in their smooth domains.
GRADIENT_CASES = [
    (ops.add, 2, {}, (-2, 2)),
    (ops.subtract, 2, {}, (-2, 2)),
    (ops.multiply, 2, {}, (-2, 2)),
    (ops.divide, 2, {}, (0.5, 2)),
    (ops.power, 2, {}, (0.5, 2)),
    (ops.maximum, 2, {}, (-2, 2)),
    (ops.negative, 1, {}, (-2, 2)),
    (ops.reciprocal, 1, {}, (0.5, 2)),
    (ops.square, 1, {}, (-2, 2)),
    (ops.sqrt, 1, {}, (0.5, 2)),
    (ops.abs, 1, {}, (0.5, 2)),
    (ops.exp, 1, {}, (-2, 2)),
    (ops.clip, 1, {"x_min": -1.0, "x_max": 1.0}, (-2, 2)),
]


@pytest.mark.parametrize(("op", "arity", "kwargs", "domain"), GRADIENT_CASES)
def test_gradients(op, arity, kwargs, domain):
    args = [sample((2, 3), "float64", *domain) for _ in range(arity)]
    check_gradient(op, args, kwargs=kwargs, argnums=tuple(range(arity)))


def test_add_rejects_incompatible_shapes():
    with pytest.raises(ValueError, match=r"add: shapes \(3,\), \(2,\) cannot be broadcast"):
        ops.add(np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match=r"add: shapes \(None, 3\), \(2,\)"):
        ops.add(lamina.SymbolicTensor((None, 3)), np.ones(2))


def test_clip_rejects_bounds_that_do_not_broadcast():
    with pytest.raises(ValueError, match=r"clip: shapes \(2, 3\), \(\), \(4,\) cannot be"):
        ops.clip(np.ones((2, 3)), 0.0, np.ones(4))
