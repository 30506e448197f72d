"""lamina.ops.linalg against NumPy/SciPy; sign-ambiguous factors are checked by reconstruction."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg

import lamina
from lamina import ops
from lamina.backend.common.symbolic_tensor import map_structure
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
#: (rtol, atol) for identities rebuilt from the factors, per dtype.
REBUILD = {"float16": (2e-2, 2e-2), "float32": (1e-4, 1e-4), "float64": (1e-9, 1e-9)}
BATCHES = [(), (2,), (0,)]


def _matrices(batch, rows, cols, dtype):
    return RNG.normal(size=(*batch, rows, cols)).astype(dtype)


def _spd(batch, size, dtype):
    base = RNG.normal(size=(*batch, size, size))
    return (base @ np.swapaxes(base, -1, -2) + size * np.eye(size)).astype(dtype)


def _close(actual, expected, dtype):
    rtol, atol = REBUILD[dtype]
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


def _factors(op, x, **kwargs):
    """Runs `op` through check_op, which checks its spec, dtypes and None dims; the op is its
    own reference there, so each test then checks the factors by reconstruction."""

    def itself(*args, **kw):
        return map_structure(lambda t: np.asarray(ops.convert_to_numpy(t)), op(*args, **kw))

    result = check_op(op, [x], itself, kwargs=kwargs)
    return map_structure(lambda a: a.astype(np.float64), result)


def _transpose(x):
    return np.swapaxes(x, -1, -2)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("batch", BATCHES)
def test_cholesky_matches_numpy(dtype, batch):
    x = _spd(batch, 4, dtype)
    check_op(ops.cholesky, [x], np.linalg.cholesky, expected_dtype=dtype, rtol=1e-4, atol=1e-5)
    upper = _factors(ops.cholesky, x, upper=True)
    _close(_transpose(upper) @ upper, x, dtype)
    np.testing.assert_array_equal(np.tril(upper, -1), 0.0)


def test_cholesky_uses_the_symmetric_part():
    x = _spd((), 3, "float64")
    skewed = x + np.triu(np.ones((3, 3)), 1) - np.tril(np.ones((3, 3)), -1)
    lower = ops.convert_to_numpy(ops.cholesky(skewed))
    _close(lower @ lower.T, x, "float64")


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32"])
@pytest.mark.parametrize("batch", BATCHES)
def test_det_and_inv_match_numpy(dtype, batch):
    x = (_spd(batch, 3, "float64") * 2).astype(dtype)
    expected = "float32" if dtype == "int32" else dtype
    tolerance = {"rtol": 2e-2, "atol": 2e-2} if dtype == "float16" else {"rtol": 1e-4}
    wide = x.astype(np.float64)
    check_op(ops.det, [x], lambda a: np.linalg.det(wide), expected_dtype=expected, **tolerance)
    check_op(ops.inv, [x], lambda a: np.linalg.inv(wide), expected_dtype=expected, **tolerance)


@pytest.mark.parametrize(
    ("a_shape", "b_shape"),
    [
        ((3, 3), (3,)),
        ((3, 3), (3, 2)),
        ((2, 3, 3), (2, 3, 1)),
        ((2, 3, 3), (3, 4)),
        ((0, 3, 3), (3,)),
    ],
)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_solve_matches_numpy(a_shape, b_shape, dtype):
    a = (RNG.normal(size=a_shape) + 3 * np.eye(3)).astype(dtype)
    b = RNG.normal(size=b_shape).astype(dtype)

    def reference(a, b):
        vector = b.ndim == 1
        x = np.linalg.solve(a, b[..., None] if vector else b)
        return x[..., 0] if vector else x

    check_op(ops.solve, [a, b], reference, expected_dtype=dtype, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize(
    ("a_shape", "b_shape"), [((4, 4), (4,)), ((4, 4), (4, 2)), ((2, 4, 4), (4, 3))]
)
def test_solve_triangular_matches_scipy(lower, a_shape, b_shape):
    a = (RNG.normal(size=a_shape) + 4 * np.eye(4)).astype("float32")
    b = RNG.normal(size=b_shape).astype("float32")

    def reference(a, b, lower):
        if a.ndim == 2:
            return scipy.linalg.solve_triangular(a, b, lower=lower)
        return np.stack([scipy.linalg.solve_triangular(m, b, lower=lower) for m in a])

    check_op(ops.solve_triangular, [a, b], reference, kwargs={"lower": lower}, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(4, 4), (3, 5), (5, 3), (2, 4, 4)])
def test_lu_factor_matches_scipy(dtype, shape):
    x = RNG.normal(size=shape).astype(dtype)

    def reference(a):
        if a.ndim == 2:
            lu, pivots = scipy.linalg.lu_factor(a)
            return lu, pivots.astype("int32")
        parts = [reference(m) for m in a]
        return np.stack([p[0] for p in parts]), np.stack([p[1] for p in parts])

    check_op(ops.lu_factor, [x], reference, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("batch", BATCHES)
def test_eigh_solves_the_eigen_equation(dtype, batch):
    x = _spd(batch, 4, dtype)
    values, vectors = _factors(ops.eigh, x)
    _close(values, np.linalg.eigvalsh(x.astype(np.float64)), dtype)
    _close(x @ vectors, vectors * values[..., None, :], dtype)
    _close(_transpose(vectors) @ vectors, np.broadcast_to(np.eye(4), vectors.shape), dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("batch", BATCHES)
def test_eig_solves_the_eigen_equation(dtype, batch):
    x = _matrices(batch, 4, 4, dtype)  # Generic: complex eigenvalues in pairs.
    (values_real, values_imag), (vectors_real, vectors_imag) = _factors(ops.eig, x)
    values = values_real + 1j * values_imag
    vectors = vectors_real + 1j * vectors_imag
    _close(x @ vectors, vectors * values[..., None, :], dtype)
    _close(np.linalg.norm(vectors, axis=-2), np.ones(values.shape), dtype)


@pytest.mark.parametrize("mode", ["reduced", "complete"])
@pytest.mark.parametrize(
    ("shape", "dtype"),
    [((4, 3), "float32"), ((3, 4), "float64"), ((2, 5, 3), "float32"), ((0, 3, 3), "float64")],
)
def test_qr_rebuilds_the_input(mode, shape, dtype):
    x = RNG.normal(size=shape).astype(dtype)
    q, r = _factors(ops.qr, x, mode=mode)
    _close(q @ r, x, dtype)
    _close(
        _transpose(q) @ q,
        np.broadcast_to(np.eye(q.shape[-1]), (*shape[:-2], *[q.shape[-1]] * 2)),
        dtype,
    )
    np.testing.assert_array_equal(np.tril(r, -1), 0.0)


@pytest.mark.parametrize("full_matrices", [True, False])
@pytest.mark.parametrize(
    ("shape", "dtype"),
    [((4, 3), "float32"), ((3, 5), "float64"), ((2, 4, 4), "float32"), ((0, 2, 3), "float64")],
)
def test_svd_rebuilds_the_input(full_matrices, shape, dtype):
    x = RNG.normal(size=shape).astype(dtype)
    u, s, vh = _factors(ops.svd, x, full_matrices=full_matrices)
    inner = min(shape[-2:])
    _close((u[..., :, :inner] * s[..., None, :]) @ vh[..., :inner, :], x, dtype)
    _close(s, np.linalg.svd(x.astype(np.float64), compute_uv=False), dtype)
    check_op(
        ops.svd,
        [x],
        lambda a, compute_uv: np.linalg.svd(a, compute_uv=False),
        kwargs={"compute_uv": False},
        rtol=1e-4,
        atol=1e-5,
    )


NORM_CASES = [
    ((5,), None, None),
    ((5,), 1, None),
    ((5,), 0, None),
    ((5,), -np.inf, None),
    ((5,), 3.5, 0),
    ((3, 4), None, None),
    ((3, 4), "fro", None),
    ((3, 4), "nuc", None),
    ((3, 4), 2, None),
    ((3, 4), -1, None),
    ((3, 4), np.inf, (1, 0)),
    ((2, 3, 4), None, 1),
    ((2, 3, 4), 2, (0, 2)),
    ((2, 3, 4), None, None),
    ((0, 3), 2, 1),
]


@pytest.mark.parametrize(("shape", "ord", "axis"), NORM_CASES)
def test_norm_matches_numpy(shape, ord, axis):
    keepdims = len(shape) == 3  # Enough to cover keepdims on vector and matrix norms.
    x = RNG.normal(size=shape).astype("float32")
    check_op(
        ops.norm,
        [x],
        lambda a, ord, axis, keepdims: np.linalg.norm(
            a.astype(np.float64), ord=ord, axis=axis, keepdims=keepdims
        ),
        kwargs={"ord": ord, "axis": axis, "keepdims": keepdims},
        expected_dtype="float32",
        rtol=1e-4,
        atol=1e-5,
    )


def test_norm_of_ints_and_half_precision():
    check_op(ops.norm, [np.array([3, 4], "int32")], lambda a: 5.0, expected_dtype="float32")
    check_op(
        ops.norm,
        [np.array([[3, 4]], "float16")],
        lambda a, axis: np.array([5.0]),
        kwargs={"axis": 1},
        expected_dtype="float16",
    )


def test_linalg_gradients():
    spd = _spd((), 2, "float64")
    check_gradient(ops.det, [spd])
    check_gradient(ops.inv, [spd])
    check_gradient(ops.cholesky, [spd])
    check_gradient(ops.solve, [spd, RNG.normal(size=(2, 1))], argnums=(0, 1))
    check_gradient(ops.norm, [RNG.normal(size=(2, 3))], kwargs={"axis": 1})


@pytest.mark.parametrize("op", [ops.cholesky, ops.det, ops.inv, ops.eig, ops.eigh])
def test_square_ops_reject_non_square_matrices(op):
    name = op.__name__
    with pytest.raises(ValueError, match=rf"{name}: expected a square matrix .*\(2, 3\)"):
        op(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match=rf"{name}: expected a square matrix .*\(None, 2, 3\)"):
        op(lamina.SymbolicTensor((None, 2, 3)))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: ops.qr(np.ones(3)),
            r"qr: expected a matrix \(\.\.\., M, N\), received shape \(3,\)",
        ),
        (lambda: ops.qr(np.ones((3, 3)), mode="r"), "qr: mode must be 'reduced' or 'complete'"),
        (lambda: ops.svd(np.ones(3)), r"svd: expected a matrix .*\(3,\)"),
        (lambda: ops.lu_factor(np.ones(3)), r"lu_factor: expected a matrix .*\(3,\)"),
        (lambda: ops.solve(np.ones((2, 3)), np.ones(2)), r"solve: expected a square matrix"),
        (
            lambda: ops.solve(np.eye(3), np.ones((2, 2))),
            r"solve: a of shape \(3, 3\) needs b of shape \(3,\) or \(\.\.\., 3, K\), "
            r"received shape \(2, 2\)",
        ),
        (
            lambda: ops.solve_triangular(np.eye(3), np.ones(4)),
            r"solve_triangular: a of shape \(3, 3\) needs b",
        ),
        (
            lambda: ops.solve(np.ones((2, 3, 3)), np.ones((4, 3, 1))),
            r"solve: shapes \(2,\), \(4,\) cannot be broadcast",
        ),
        (
            lambda: ops.norm(np.ones((2, 3, 4)), ord=2),
            r"norm: ord=2 with axis=None needs a 1-D or 2-D input, received shape \(2, 3, 4\)",
        ),
        (lambda: ops.norm(np.ones((2, 3, 4)), axis=(0, 1, 2)), "norm: axis must name 1 or 2 axes"),
        (lambda: ops.norm(np.ones((2, 3)), ord=3, axis=(0, 1)), "norm: invalid ord 3 for a matrix"),
        (lambda: ops.norm(np.ones(3), ord="fro"), "norm: invalid ord 'fro' for a vector norm"),
        (lambda: ops.norm(np.ones(3), axis=1), "norm: axis 1 is out of range"),
    ],
)
def test_linalg_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_specs_keep_unknown_dims():
    x = lamina.SymbolicTensor((None, 4, 3))
    q, r = ops.qr(x)
    assert (q.shape, r.shape) == ((None, 4, 3), (None, 3, 3))
    u, s, vh = ops.svd(lamina.SymbolicTensor((2, None, 3)))
    assert (u.shape, s.shape, vh.shape) == ((2, None, None), (2, None), (2, 3, 3))
    lu, pivots = ops.lu_factor(lamina.SymbolicTensor((None, 5)))
    assert (lu.shape, pivots.shape, pivots.dtype) == ((None, 5), (None,), "int32")
