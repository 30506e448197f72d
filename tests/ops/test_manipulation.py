"""Reshaping, axis moves, squeezing, broadcasting, flips and rolls against NumPy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lamina
from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
DTYPES = ["float32", "float16", "int32", "uint8", "bool"]


def sample(shape, dtype="float32"):
    if dtype == "bool":
        return RNG.integers(0, 2, shape).astype(bool)
    return RNG.integers(0, 9, shape).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    ("shape", "newshape"),
    [((2, 3), (3, 2)), ((2, 3), (-1,)), ((2, 3, 4), (4, -1)), ((0, 3), (3, -1)), ((), (1, 1))],
)
def test_reshape_matches_numpy(dtype, shape, newshape):
    check_op(ops.reshape, [sample(shape, dtype), newshape], np.reshape, expected_dtype=dtype)


@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=4), st.data())
def test_reshape_and_transpose_specs_follow_numpy(shape, data):
    x = np.zeros(shape, "float32")
    newshape = data.draw(st.permutations(shape))
    assert (
        ops.reshape(lamina.SymbolicTensor(shape), newshape).shape == np.reshape(x, newshape).shape
    )
    axes = data.draw(st.permutations(range(len(shape))))
    check_op(ops.transpose, [x], lambda a, **k: np.transpose(a, **k), {"axes": tuple(axes)})


def test_reshape_spec_with_unknown_dims():
    x = lamina.SymbolicTensor((None, 3, 4))
    assert ops.reshape(x, (-1, 12)).shape == (None, 12)
    assert ops.reshape(x, (6, 8)).shape == (6, 8)


@pytest.mark.parametrize("dtype", ["float32", "int32", "bool"])
@pytest.mark.parametrize("axes", [None, (1, 0, 2), (2, 0, 1)])
def test_transpose_matches_numpy(dtype, axes):
    check_op(
        ops.transpose,
        [sample((2, 3, 4), dtype)],
        lambda a, **k: np.transpose(a, **k),
        {"axes": axes},
    )


@pytest.mark.parametrize(("source", "destination"), [(0, -1), ((0, 1), (2, 0)), (-1, 0)])
def test_moveaxis_matches_numpy(source, destination):
    check_op(ops.moveaxis, [sample((2, 3, 4)), source, destination], np.moveaxis)


def test_swapaxes_matches_numpy():
    check_op(ops.swapaxes, [sample((2, 3, 4), "int32"), 0, 2], np.swapaxes)


@pytest.mark.parametrize("axis", [0, -1, (0, 2), (1, -1)])
def test_expand_dims_matches_numpy(axis):
    check_op(ops.expand_dims, [sample((2, 3), "int32"), axis], np.expand_dims)


@pytest.mark.parametrize(
    ("shape", "axis"), [((1, 3, 1), None), ((1, 3, 1), 0), ((1, 3, 1), (0, -1)), ((1,), None)]
)
def test_squeeze_matches_numpy(shape, axis):
    # With axis=None an unknown dim may or may not be 1, so the spec keeps it: no None-dim check.
    check_op(
        ops.squeeze,
        [sample(shape, "float32")],
        lambda a, **k: np.squeeze(a, **k),
        {"axis": axis},
        check_none_dims=axis is not None,
    )


@pytest.mark.parametrize(
    ("shape", "target"), [((3,), (2, 3)), ((2, 1), (2, 4)), ((), (2,)), ((1, 0), (3, 0))]
)
def test_broadcast_to_matches_numpy(shape, target):
    check_op(
        ops.broadcast_to, [sample(shape, "int32"), target], np.broadcast_to, check_none_dims=False
    )


@pytest.mark.parametrize("dtype", ["float32", "int32", "bool"])
def test_ravel_flip_roll_copy_match_numpy(dtype):
    x = sample((2, 3, 4), dtype)
    check_op(ops.ravel, [x], np.ravel)
    check_op(ops.copy, [x], np.copy)
    for axis in [None, 1, (0, 2)]:
        check_op(ops.flip, [x], lambda a, **k: np.flip(a, **k), {"axis": axis})
    check_op(ops.roll, [x, 3], lambda a, s, **k: np.roll(a, s, **k))
    check_op(ops.roll, [x, 1], lambda a, s, **k: np.roll(a, s, **k), {"axis": 1})
    check_op(ops.roll, [x, (1, -2)], lambda a, s, **k: np.roll(a, s, **k), {"axis": (0, 2)})


def test_size_and_ndim():
    x = sample((2, 3, 4))
    assert ops.size(x) == 24 and ops.ndim(x) == 3
    assert ops.size(ops.convert_to_tensor(x)) == 24
    symbolic = ops.size(lamina.SymbolicTensor((None, 3)))
    assert symbolic.shape == () and symbolic.dtype == "int32"
    assert ops.ndim(lamina.SymbolicTensor((None, 3))).dtype == "int32"


@pytest.mark.parametrize(
    ("op", "args"),
    [
        (ops.reshape, [(3, 2)]),
        (ops.transpose, [(2, 0, 1)]),
        (ops.moveaxis, [0, 2]),
        (ops.swapaxes, [1, 2]),
        (ops.expand_dims, [1]),
        (ops.flip, [1]),
        (ops.roll, [2, 1]),
        (ops.broadcast_to, [(2, 1, 2, 3)]),
        (ops.ravel, []),
    ],
)
def test_manipulation_gradients(op, args):
    def apply(x):
        return op(x, *args)

    check_gradient(apply, [RNG.normal(size=(1, 2, 3))])


def test_squeeze_gradient():
    check_gradient(lambda x: ops.squeeze(x, 1), [RNG.normal(size=(2, 1, 3))])


def test_reshape_rejects_size_mismatch():
    with pytest.raises(
        ValueError, match=r"reshape: cannot reshape an input of shape \(2, 3\) into shape \(4,\)"
    ):
        ops.reshape(np.ones((2, 3)), (4,))
    with pytest.raises(
        ValueError, match=r"reshape: cannot reshape an input of shape \(None, 3\) into shape \(5,\)"
    ):
        ops.reshape(lamina.SymbolicTensor((None, 3)), (5,))
    with pytest.raises(
        ValueError, match=r"reshape: cannot reshape an input of shape \(2, 3\) into shape \(4, -1\)"
    ):
        ops.reshape(np.ones((2, 3)), (4, -1))


def test_reshape_rejects_two_unknown_dims():
    with pytest.raises(
        ValueError, match=r"reshape: the new shape \(-1, -1\) may hold at most one -1"
    ):
        ops.reshape(np.ones((2, 3)), (-1, -1))


def test_transpose_rejects_non_permutation():
    with pytest.raises(
        ValueError,
        match=r"transpose: axes \(0, 0\) is not a permutation of the 2 axes of an input of shape \(2, 3\)",  # noqa: E501
    ):
        ops.transpose(np.ones((2, 3)), (0, 0))


def test_moveaxis_rejects_unequal_lengths():
    with pytest.raises(
        ValueError, match=r"moveaxis: source \(0, 1\) and destination \(0,\) must name as many axes"
    ):
        ops.moveaxis(np.ones((2, 3)), (0, 1), 0)


def test_squeeze_rejects_axis_that_is_not_one():
    with pytest.raises(
        ValueError,
        match=r"squeeze: cannot squeeze axis 1 of an input of shape \(2, 3\): its size is 3, not 1",
    ):
        ops.squeeze(np.ones((2, 3)), 1)
    with pytest.raises(
        ValueError, match=r"squeeze: cannot squeeze axis 1 of an input of shape \(None, 3\)"
    ):
        ops.squeeze(lamina.SymbolicTensor((None, 3)), 1)


def test_broadcast_to_rejects_incompatible_shape():
    with pytest.raises(
        ValueError, match=r"broadcast_to: cannot broadcast shape \(3,\) to \(2, 4\)"
    ):
        ops.broadcast_to(np.ones(3), (2, 4))


def test_roll_rejects_unequal_shift_and_axis():
    with pytest.raises(
        ValueError, match=r"roll: shift \(1, 2\) and axis \(0, 1, 2\) must have the same length"
    ):
        ops.roll(np.ones((2, 3, 4)), (1, 2), (0, 1, 2))
