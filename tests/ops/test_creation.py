"""Creation ops against NumPy: values, default dtypes, specs and errors."""

from __future__ import annotations

import ml_dtypes  # noqa: F401 - registers the "bfloat16" dtype name with NumPy
import numpy as np
import pytest

import lamina
from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
DTYPES = ["float16", "bfloat16", "float32", "float64", "int8", "uint8", "int32", "bool"]


def check_created(op, args, expected, expected_dtype):
    """Checks a call without tensor inputs: values and dtype, then its spec on the same args."""
    check_op(
        op,
        [],
        lambda **_: expected,
        kwargs=args,
        expected_dtype=expected_dtype,
        check_symbolic=False,
    )
    out_spec = op.compute_output_spec(**args)
    assert out_spec.shape == expected.shape and out_spec.dtype == expected_dtype


@pytest.mark.parametrize("shape", [(2, 3), (0,), (), 4])
def test_constant_fills_default_to_floatx(shape):
    floatx = lamina.config.floatx()
    check_created(ops.zeros, {"shape": shape}, np.zeros(shape, floatx), floatx)
    check_created(ops.ones, {"shape": shape}, np.ones(shape, floatx), floatx)
    check_created(ops.full, {"shape": shape, "fill_value": 3}, np.full(shape, 3, floatx), floatx)
    result = ops.empty(shape)
    assert ops.shape(result) == np.zeros(shape).shape and ops.dtype(result) == floatx


@pytest.mark.parametrize("dtype", DTYPES)
def test_constant_fills_take_any_dtype(dtype):
    check_created(ops.zeros, {"shape": (2, 2), "dtype": dtype}, np.zeros((2, 2), dtype), dtype)
    check_created(ops.ones, {"shape": (3,), "dtype": dtype}, np.ones(3, dtype), dtype)
    full = np.full((2,), 1, dtype)
    check_created(ops.full, {"shape": (2,), "fill_value": 1, "dtype": dtype}, full, dtype)
    assert ops.dtype(ops.empty((1,), dtype=dtype)) == dtype


def test_full_broadcasts_a_tensor_fill_value():
    fill = np.array([1.0, 2.0, 3.0], "float32")
    result = ops.full((2, 3), ops.convert_to_tensor(fill))
    np.testing.assert_array_equal(ops.convert_to_numpy(result), np.broadcast_to(fill, (2, 3)))


@pytest.mark.parametrize("dtype", [None, "int32", "bfloat16"])
@pytest.mark.parametrize("x_dtype", ["float16", "float32", "int8", "uint32"])
def test_like_ops_keep_shape_and_dtype(x_dtype, dtype):
    x = RNG.integers(0, 5, (2, 3)).astype(x_dtype)
    want = x_dtype if dtype is None else dtype
    kwargs = {"dtype": dtype}
    check_op(
        ops.zeros_like,
        [x],
        lambda a, dtype: np.zeros(a.shape, want),
        kwargs=kwargs,
        expected_dtype=want,
    )
    check_op(
        ops.ones_like,
        [x],
        lambda a, dtype: np.ones(a.shape, want),
        kwargs=kwargs,
        expected_dtype=want,
    )
    check_op(
        ops.full_like,
        [x, 2],
        lambda a, v, dtype: np.full(a.shape, 2, want),
        kwargs=kwargs,
        expected_dtype=want,
    )


def test_like_ops_on_empty_inputs():
    x = np.zeros((0, 3), "float32")
    check_op(ops.ones_like, [x], np.ones_like)
    check_op(ops.full_like, [x, 7.0], np.full_like)


@pytest.mark.parametrize(
    ("n", "m", "k"), [(3, None, 0), (2, 4, 1), (4, 2, -1), (3, 3, 5), (0, 2, 0)]
)
@pytest.mark.parametrize("dtype", [None, "int32", "bool"])
def test_eye_and_tri_match_numpy(n, m, k, dtype):
    want = dtype or lamina.config.floatx()
    args = {"N": n, "M": m, "k": k, "dtype": dtype}
    check_created(ops.eye, args, np.eye(n, m, k, dtype=want), want)
    check_created(ops.tri, args, np.tri(n, m, k, dtype=want), want)


def test_identity_matches_numpy():
    check_created(ops.identity, {"n": 3}, np.eye(3, dtype="float32"), "float32")
    check_created(ops.identity, {"n": 2, "dtype": "int8"}, np.eye(2, dtype="int8"), "int8")


@pytest.mark.parametrize("k", [0, 1, -1])
@pytest.mark.parametrize("dtype", ["float16", "float32", "int32", "uint32", "bool"])
@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 3), (0, 2)])
def test_tril_and_triu_match_numpy(shape, dtype, k):
    x = RNG.integers(1, 5, shape).astype(dtype)
    check_op(ops.tril, [x], lambda a, k: np.tril(a, k), kwargs={"k": k}, expected_dtype=dtype)
    check_op(ops.triu, [x], lambda a, k: np.triu(a, k), kwargs={"k": k}, expected_dtype=dtype)


@pytest.mark.parametrize(
    ("args", "expected_dtype"),
    [
        ({"start": 5}, "int32"),
        ({"start": 1, "stop": 8, "step": 3}, "int32"),
        ({"start": 5, "stop": 1, "step": -2}, "int32"),
        ({"start": 3, "stop": 3}, "int32"),
        ({"start": 0.5, "stop": 3}, "float32"),
        ({"start": 0, "stop": 2, "step": 0.25}, "float32"),
        ({"start": 0, "stop": 4, "dtype": "float64"}, "float64"),
        ({"start": 0, "stop": 4, "dtype": "uint32"}, "uint32"),
    ],
)
def test_arange_matches_numpy(args, expected_dtype):
    bounds = [args[key] for key in ("start", "stop", "step") if key in args]
    expected = np.arange(*bounds).astype(expected_dtype)
    check_created(ops.arange, args, expected, expected_dtype)


@pytest.mark.parametrize(
    "args",
    [
        {"start": 0, "stop": 1, "num": 5},
        {"start": 2.0, "stop": -1.0, "num": 4, "endpoint": False},
        {"start": 0, "stop": 10, "num": 4, "dtype": "int32"},
        {"start": -3, "stop": 2, "num": 4, "dtype": "int32"},
        {"start": 0, "stop": 1, "num": 0},
        {"start": 0, "stop": 1, "num": 1},
        {"start": 0, "stop": 1, "num": 3, "dtype": "float64"},
    ],
)
def test_linspace_matches_numpy(args):
    dtype = args.get("dtype", "float32")
    numpy_args = {key: value for key, value in args.items() if key != "dtype"}
    expected = np.floor(np.linspace(**numpy_args)) if "int" in dtype else np.linspace(**numpy_args)
    check_created(ops.linspace, args, expected.astype(dtype), dtype)


def test_linspace_with_tensor_bounds_axis_and_retstep():
    start = np.array([0.0, 1.0], "float32")
    stop = np.array([[1.0, 3.0], [2.0, 5.0]], "float32")

    def reference(a, b, **kwargs):
        samples, step = np.linspace(a, b, **kwargs)
        return samples.astype("float32"), np.asarray(step, "float32")

    kwargs = {"num": 3, "retstep": True, "axis": -1}
    check_op(ops.linspace, [start, stop], reference, kwargs=kwargs, check_none_dims=False)
    check_op(
        ops.linspace,
        [start.astype("float16"), 4.0],
        lambda a, b, num: np.linspace(a.astype(np.float64), b, num).astype("float16"),
        kwargs={"num": 3},
        expected_dtype="float16",
        check_none_dims=False,
    )


def test_linspace_gradient():
    check_gradient(
        ops.linspace,
        [np.array([0.0, 1.0]), np.array([2.0, 5.0])],
        kwargs={"num": 4},
        argnums=(0, 1),
    )


def test_creation_follows_the_current_device():
    with lamina.backend.device("cpu"):
        for result in [ops.zeros(2), ops.eye(2), ops.arange(3), ops.linspace(0, 1, 3)]:
            device = getattr(result, "device", "cpu")
            assert "cpu" in str(device).lower()


def test_rejects_negative_shapes():
    with pytest.raises(
        ValueError, match=r"zeros: shape must hold non-negative ints, received \(2, -1\)"
    ):
        ops.zeros((2, -1))


def test_tril_rejects_vectors():
    with pytest.raises(
        ValueError, match=r"tril: expected an input of rank >= 2, received shape \(3,\)"
    ):
        ops.tril(lamina.SymbolicTensor((3,)))


def test_arange_rejects_zero_step():
    with pytest.raises(ValueError, match="arange: step must not be zero"):
        ops.arange(0, 5, 0)


def test_linspace_rejects_bad_num_and_axis():
    with pytest.raises(ValueError, match="linspace: num must be a non-negative int, received -1"):
        ops.linspace(0.0, 1.0, -1)
    with pytest.raises(ValueError, match="linspace: axis 2 is out of range for samples of rank 1"):
        ops.linspace(lamina.SymbolicTensor(()), 1.0, 3, axis=2)
