"""Products, traces and diagonals against NumPy: values, dtypes, specs, gradients and errors."""

from __future__ import annotations

import ml_dtypes  # noqa: F401 - registers the "bfloat16" dtype name with NumPy
import numpy as np
import pytest

import lamina
from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
DTYPES = ["float16", "bfloat16", "float32", "float64", "int32", "uint8", "int64"]


def sample(shape, dtype="float32"):
    return (
        RNG.integers(-3, 4, shape).astype(dtype)
        if dtype != "uint8"
        else RNG.integers(0, 4, shape).astype(dtype)
    )


def in_float64(fn, dtype):
    """A reference computed in float64 (exact for the small integers used) and cast to `dtype`."""
    return lambda *arrays, **kwargs: np.asarray(
        fn(*(a.astype(np.float64) for a in arrays), **kwargs)
    ).astype(dtype)


MATMUL_SHAPES = [
    ((2, 3), (3, 4)),
    ((3,), (3, 4)),
    ((2, 3), (3,)),
    ((3,), (3,)),
    ((5, 2, 3), (3, 4)),
    ((2, 1, 2, 3), (4, 3, 2)),
    ((0, 3), (3, 2)),
    ((2, 0), (0, 2)),
]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES)
def test_matmul_shapes_match_numpy(shapes):
    check_op(ops.matmul, [sample(shapes[0]), sample(shapes[1])], in_float64(np.matmul, "float32"))


@pytest.mark.parametrize("dtype", [*DTYPES, "bool"])
def test_matmul_dtypes(dtype):
    x1, x2 = sample((2, 3), dtype), sample((3, 4), dtype)
    reference = np.matmul if dtype == "bool" else in_float64(np.matmul, dtype)
    check_op(ops.matmul, [x1, x2], reference, expected_dtype=dtype)


def test_matmul_int8_accumulates_in_int32():
    x1, x2 = np.full((2, 40), 100, "int8"), np.full((40, 1), 100, "int8")
    check_op(ops.matmul, [x1, x2], in_float64(np.matmul, "int32"), expected_dtype="int32")
    check_op(ops.matmul, [x1, x2.astype("int16")], in_float64(np.matmul, "int16"))


@pytest.mark.parametrize(
    "shapes", [((2, 3), (3, 4)), ((3,), (3,)), ((2, 3), (3,)), ((2, 3, 4), (5, 4, 2)), ((), (3,))]
)
@pytest.mark.parametrize("dtype", ["float32", "int32", "bfloat16"])
def test_dot_matches_numpy(shapes, dtype):
    x1, x2 = sample(shapes[0], dtype), sample(shapes[1], dtype)
    check_op(ops.dot, [x1, x2], in_float64(np.dot, dtype), expected_dtype=dtype)


@pytest.mark.parametrize(
    ("shapes", "axes"),
    [
        (((2, 3, 4), (3, 4, 5)), 2),
        (((2, 3), (3, 4)), 1),
        (((2, 3), (4, 5)), 0),
        (((2, 3, 4), (4, 3, 5)), ([1, 2], [1, 0])),
        (((2, 3), (5, 3)), (1, -1)),
        (((0, 3), (3, 2)), 1),
    ],
)
@pytest.mark.parametrize("dtype", ["float32", "float16", "int32"])
def test_tensordot_matches_numpy(shapes, axes, dtype):
    x1, x2 = sample(shapes[0], dtype), sample(shapes[1], dtype)
    check_op(
        ops.tensordot,
        [x1, x2],
        in_float64(np.tensordot, dtype),
        kwargs={"axes": axes},
        expected_dtype=dtype,
    )


EINSUM_CASES = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ij,jk", [(2, 3), (3, 4)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
    ("...ij,...jk->...ik", [(5, 2, 3), (1, 3, 4)]),
    ("ii->i", [(3, 3)]),
    ("ij->", [(2, 3)]),
    ("i,j->ij", [(2,), (3,)]),
    ("ij,ij->i", [(0, 3), (0, 3)]),
    ("abc,cd,de->abe", [(2, 2, 3), (3, 4), (4, 2)]),
]


@pytest.mark.parametrize(("subscripts", "shapes"), EINSUM_CASES)
def test_einsum_matches_numpy(subscripts, shapes):
    operands = [sample(s) for s in shapes]
    check_op(
        lambda *xs: ops.einsum(subscripts, *xs),
        operands,
        in_float64(lambda *xs: np.einsum(subscripts, *xs), "float32"),
        check_symbolic=False,
    )
    symbolic = ops.einsum(subscripts, *(lamina.SymbolicTensor(s) for s in shapes))
    assert symbolic.shape == np.einsum(subscripts, *operands).shape


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float64", "int32", "int8"])
def test_einsum_dtypes(dtype):
    x1, x2 = sample((2, 3), dtype), sample((3, 2), dtype)
    expected = "int32" if dtype == "int8" else dtype
    result = ops.einsum("ij,jk->ik", ops.convert_to_tensor(x1), ops.convert_to_tensor(x2))
    assert ops.dtype(result) == expected
    want = np.einsum("ij,jk->ik", x1.astype(np.float64), x2.astype(np.float64))
    np.testing.assert_allclose(ops.convert_to_numpy(result).astype(np.float64), want, rtol=2e-2)
    symbolic = lamina.SymbolicTensor((2, 3), dtype)
    assert ops.einsum("ij,jk->ik", symbolic, lamina.SymbolicTensor((3, 2), dtype)).dtype == expected


@pytest.mark.parametrize("dtype", ["float32", "int32", "uint8"])
def test_outer_inner_vdot_match_numpy(dtype):
    x1, x2 = sample((2, 3), dtype), sample((4,), dtype)
    check_op(ops.outer, [x1, x2], in_float64(np.outer, dtype), expected_dtype=dtype)
    check_op(ops.inner, [x1, sample((5, 3), dtype)], in_float64(np.inner, dtype))
    check_op(ops.inner, [sample((3,), dtype), sample((3,), dtype)], in_float64(np.inner, dtype))
    check_op(
        ops.vdot, [x1, sample((3, 2), dtype)], in_float64(np.vdot, dtype), expected_dtype=dtype
    )
    check_op(ops.outer, [np.zeros((0,), dtype), x2], in_float64(np.outer, dtype))


@pytest.mark.parametrize(
    ("shape", "kwargs"),
    [
        ((3, 4), {}),
        ((3, 4), {"offset": 1}),
        ((4, 3), {"offset": -2}),
        ((2, 3, 4), {"axis1": 1, "axis2": 2}),
        ((2, 3, 4), {"axis1": -1, "axis2": 0, "offset": 1}),
        ((2, 2), {"offset": 5}),
    ],
)
def test_trace_and_diagonal_match_numpy(shape, kwargs):
    x = sample(shape)
    check_op(ops.diagonal, [x], np.diagonal, kwargs=kwargs)
    check_op(ops.trace, [x], np.trace, kwargs=kwargs)


@pytest.mark.parametrize(
    ("dtype", "expected"),
    [
        ("bool", "int32"),
        ("int8", "int32"),
        ("uint8", "int32"),
        ("int32", "int32"),
        ("uint32", "uint32"),
        ("int64", "int64"),
        ("float16", "float16"),
        ("float32", "float32"),
    ],
)
def test_trace_dtypes(dtype, expected):
    x = RNG.integers(0, 3, (3, 3)).astype(dtype)
    check_op(
        ops.trace,
        [x],
        lambda a: np.trace(a.astype(np.float64)).astype(expected),
        expected_dtype=expected,
    )


@pytest.mark.parametrize(
    ("shape", "k"),
    [((3,), 0), ((3,), 1), ((2,), -2), ((3, 4), 0), ((3, 4), 1), ((4, 3), -1), ((0,), 0)],
)
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_diag_matches_numpy(shape, k, dtype):
    check_op(
        ops.diag,
        [sample(shape, dtype)],
        lambda a, k: np.diag(a, k),
        kwargs={"k": k},
        expected_dtype=dtype,
    )


GRADIENT_CASES = [
    (ops.matmul, [(2, 3), (3, 2)], {}),
    (ops.dot, [(2, 3), (3,)], {}),
    (ops.tensordot, [(2, 3), (3, 2)], {"axes": 1}),
    (ops.outer, [(2,), (3,)], {}),
    (ops.inner, [(2, 3), (3,)], {}),
    (ops.vdot, [(2, 2), (4,)], {}),
]


@pytest.mark.parametrize(("op", "shapes", "kwargs"), GRADIENT_CASES)
def test_product_gradients(op, shapes, kwargs):
    args = [RNG.normal(size=s) for s in shapes]
    check_gradient(op, args, kwargs=kwargs, argnums=(0, 1))


def test_einsum_trace_and_diagonal_gradients():
    check_gradient(
        lambda a, b: ops.einsum("ij,jk->ik", a, b),
        [RNG.normal(size=(2, 3)), RNG.normal(size=(3, 2))],
        argnums=(0, 1),
    )
    check_gradient(ops.trace, [RNG.normal(size=(3, 3))])
    check_gradient(ops.diagonal, [RNG.normal(size=(3, 4))], kwargs={"offset": 1})
    check_gradient(ops.diag, [RNG.normal(size=(3,))])


def test_matmul_rejects_mismatched_inner_dims():
    message = (
        r"matmul: the last dim of x1 and the contracted dim of x2 must match, received 3 and 4 "
        r"\(shapes \(2, 3\) and \(4, 5\)\)"
    )
    with pytest.raises(ValueError, match=message):
        ops.matmul(np.ones((2, 3)), np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"matmul: .* \(shapes \(None, 3\) and \(4,\)\)"):
        ops.matmul(lamina.SymbolicTensor((None, 3)), lamina.SymbolicTensor((4,)))


def test_matmul_rejects_scalars():
    with pytest.raises(
        ValueError, match=r"matmul: inputs must have rank >= 1, received shapes \(\) and \(3,\)"
    ):
        ops.matmul(np.float32(2.0), np.ones(3))


def test_dot_rejects_mismatched_dims():
    with pytest.raises(
        ValueError, match=r"dot: .* received 3 and 2 \(shapes \(2, 3\) and \(2, 4\)\)"
    ):
        ops.dot(np.ones((2, 3)), np.ones((2, 4)))


def test_tensordot_rejects_bad_axes():
    with pytest.raises(ValueError, match=r"tensordot: dims of x1 axis 1 and x2 axis 0 must match"):
        ops.tensordot(np.ones((2, 3)), np.ones((4, 5)), axes=1)
    with pytest.raises(
        ValueError, match=r"tensordot: axes \(0, 1\) and \(0,\) must have the same length"
    ):
        ops.tensordot(np.ones((2, 3)), np.ones((2, 5)), axes=([0, 1], [0]))
    with pytest.raises(ValueError, match=r"tensordot: axes=3 needs both inputs of rank >= 3"):
        ops.tensordot(lamina.SymbolicTensor((2, 3)), lamina.SymbolicTensor((3, 2)), axes=3)


def test_einsum_rejects_bad_subscripts():
    with pytest.raises(
        ValueError, match=r"einsum: label 'j' has size 3 in one operand and 4 in operand 1"
    ):
        ops.einsum("ij,jk->ik", np.ones((2, 3)), np.ones((4, 5)))
    with pytest.raises(
        ValueError, match=r"einsum: subscripts 'ij,jk' name 2 operand\(s\), received 1"
    ):
        ops.einsum("ij,jk", np.ones((2, 3)))
    with pytest.raises(
        ValueError, match=r"einsum: operand 0 has shape \(2,\), but its subscripts 'ij'"
    ):
        ops.einsum("ij->i", lamina.SymbolicTensor((2,)))
    with pytest.raises(
        ValueError, match=r"einsum: output label 'z' in 'ij->z' is not in any input"
    ):
        ops.einsum("ij->z", lamina.SymbolicTensor((2, 3)))


def test_inner_and_vdot_reject_mismatched_sizes():
    with pytest.raises(ValueError, match=r"inner: the last dims of x1 and x2 must match"):
        ops.inner(np.ones((2, 3)), np.ones((2,)))
    with pytest.raises(
        ValueError, match=r"vdot: the sizes of x1 and x2 must match, received 6 and 4"
    ):
        ops.vdot(np.ones((2, 3)), np.ones((4,)))


def test_diagonal_ops_reject_bad_ranks_and_axes():
    with pytest.raises(
        ValueError, match=r"diagonal: expected an input of rank >= 2, received shape \(3,\)"
    ):
        ops.diagonal(np.ones(3))
    with pytest.raises(ValueError, match=r"trace: axis1 and axis2 must differ, received 0, 0"):
        ops.trace(np.ones((2, 2)), axis1=0, axis2=0)
    with pytest.raises(
        ValueError, match=r"diag: expected a 1-D or 2-D input, received shape \(2, 2, 2\)"
    ):
        ops.diag(np.ones((2, 2, 2)))
