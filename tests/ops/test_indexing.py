"""Gathers, where/select, sorting, searchsorted and get_item against NumPy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lamina
from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)


def sample(shape, dtype="float32"):
    if dtype == "bool":
        return RNG.integers(0, 2, shape).astype(bool)
    return RNG.integers(0, 9, shape).astype(dtype)


@pytest.mark.parametrize("dtype", ["float32", "int32", "bool"])
@pytest.mark.parametrize(
    ("indices", "axis"),
    [([[0, -1], [2, 1]], 1), ([1], 0), ([], 2), (5, None), ([[3, -2]], None)],
)
def test_take_matches_numpy(dtype, indices, axis):
    x = sample((2, 3, 4), dtype)
    idx = np.asarray(indices, "int32")
    check_op(ops.take, [x, idx], lambda a, i, **k: np.take(a, i, **k), {"axis": axis})


@pytest.mark.parametrize(
    ("index_shape", "axis"), [((2, 2, 4), 1), ((2, 3, 1), 2), ((1, 3, 4), 0), ((5,), None)]
)
def test_take_along_axis_matches_numpy(index_shape, axis):
    x = sample((2, 3, 4), "float32")
    high = x.size if axis is None else x.shape[axis]
    idx = RNG.integers(-high, high, index_shape).astype("int64")
    check_op(
        ops.take_along_axis,
        [x, idx],
        lambda a, i, **k: np.take_along_axis(a, i, **k),
        {"axis": axis},
        check_none_dims=axis not in (0, None),
    )


def test_take_along_axis_broadcasts_other_axes():
    x = sample((1, 3), "int32")
    idx = np.array([[0], [2]])
    check_op(
        ops.take_along_axis, [x, idx], lambda a, i, **k: np.take_along_axis(a, i, **k), {"axis": 1}
    )


@pytest.mark.parametrize(
    ("x1", "x2", "expected"),
    [
        (np.ones((2, 3), "float32"), np.zeros((3,), "float32"), "float32"),
        (np.ones((2, 1), "int8"), np.zeros((3,), "uint8"), "int16"),
        (np.ones((3,), "float16"), 2.5, "float16"),
        (np.ones((3,), "int32"), 0, "int32"),
    ],
)
def test_where_broadcasts_and_promotes(x1, x2, expected):
    condition = sample((2, 3), "bool")
    reference = lambda c, a, b: np.where(c, a, b).astype(expected)  # noqa: E731
    check_op(ops.where, [condition, x1, x2], reference, expected_dtype=expected)


def test_where_accepts_non_bool_conditions():
    condition = sample((4,), "int32")
    check_op(
        ops.where,
        [condition, np.arange(4.0, dtype="float32"), -1.0],
        lambda c, a, b: np.where(c != 0, a, b).astype("float32"),
    )


def test_select_matches_numpy():
    x = np.arange(6, dtype="int32").reshape(2, 3)
    conditions = [x < 2, x > 4]
    choices = [x, x * 10]
    check_op(
        ops.select,
        [conditions, choices],
        lambda c, ch, **k: np.select(c, ch, **k),
        {"default": -1},
        check_none_dims=False,
    )


@pytest.mark.parametrize("dtype", ["float32", "float16", "int32", "uint8", "bool"])
@pytest.mark.parametrize("axis", [-1, 0, None])
def test_sort_and_argsort_match_numpy(dtype, axis):
    x = sample((3, 5), dtype)
    check_op(ops.sort, [x], lambda a, **k: np.sort(a, **k), {"axis": axis}, expected_dtype=dtype)
    check_op(
        ops.argsort,
        [x],
        lambda a, **k: np.argsort(a, kind="stable", **k).astype("int32"),
        {"axis": axis},
        expected_dtype="int32",
    )


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_searchsorted_matches_numpy(side, dtype):
    sequence = np.array([0, 1, 1, 3, 7], dtype)
    values = np.array([[-1, 1], [3, 9]], dtype)
    check_op(
        ops.searchsorted,
        [sequence, values],
        lambda s, v, **k: np.searchsorted(s, v, **k).astype("int32"),
        {"side": side},
        expected_dtype="int32",
        check_none_dims=False,
    )


KEYS = [
    1,
    -1,
    slice(None, None, -1),
    (slice(1, None), slice(None, None, 2)),
    (Ellipsis, 0),
    (None, 1, Ellipsis, None),
    (slice(None, None, -2), Ellipsis, slice(3, 0, -1)),
    np.array([0, 2, -1]),
    (slice(None), np.array([[0], [2]]), np.array([1, 3])),
    (np.array([0, 1]), slice(None), np.array([1, 3])),
    (0, slice(None), np.array([0, 1])),
    (Ellipsis, np.array([3, 0])),
    (slice(5, 9),),
    (),
]


@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_get_item_matches_numpy(key):
    x = sample((3, 4, 5), "float32")
    check_op(ops.get_item, [x, key], lambda a, k: a[k], check_none_dims=False)
    symbolic = lamina.SymbolicTensor((3, 4, 5))[key]
    assert symbolic.shape == x[key].shape


def test_get_item_with_tensor_indices_and_masks():
    x = sample((3, 4), "int32")
    idx = ops.convert_to_tensor(np.array([2, 0], "int32"))
    assert ops.convert_to_numpy(ops.get_item(x, idx)).tolist() == x[[2, 0]].tolist()
    index_uint8 = ops.convert_to_tensor(np.array([1, 1], "uint8"))
    assert ops.convert_to_numpy(ops.get_item(x, index_uint8)).tolist() == x[[1, 1]].tolist()
    mask = x > 4
    assert (
        ops.convert_to_numpy(ops.get_item(x, ops.convert_to_tensor(mask))).tolist()
        == x[mask].tolist()
    )
    assert lamina.SymbolicTensor((None, 4))[lamina.SymbolicTensor((None, 4), "bool")].shape == (
        None,
    )
    assert lamina.SymbolicTensor((3, 4))[mask].shape == x[mask].shape


def test_get_item_spec_keeps_unknown_dims():
    x = lamina.SymbolicTensor((None, 4, 5))
    assert x[:, 1].shape == (None, 5)
    assert x[1:].shape == (None, 4, 5)
    assert x[..., None, ::2].shape == (None, 4, 1, 3)
    assert x[lamina.SymbolicTensor((2, 3), "int32")].shape == (2, 3, 4, 5)


@settings(max_examples=10, deadline=None)
@given(st.data())
def test_get_item_spec_follows_numpy_for_slices(data):
    shape = data.draw(st.lists(st.integers(0, 4), min_size=1, max_size=3))
    # Steps beyond the axis length act like the length itself; hypothesis may draw steps of
    # 2**63 for empty axes, which the engines cannot represent (not a user's slice).
    slices = [st.slices(d).filter(lambda s: s.step is None or abs(s.step) <= 8) for d in shape]
    key = tuple(
        data.draw(st.one_of(sl, st.integers(-d, d - 1)) if d else sl)
        for d, sl in zip(shape, slices)
    )
    if data.draw(st.booleans()):
        key = (None, *key)
    x = np.zeros(shape, "float32")
    assert lamina.SymbolicTensor(shape)[key].shape == x[key].shape
    check_op(ops.get_item, [x, key], lambda a, k: a[k], check_none_dims=False)


def test_gradients_of_gathers_and_selections():
    x = RNG.normal(size=(3, 2))
    check_gradient(lambda a: ops.take(a, np.array([2, 0, 2]), axis=0), [x])
    check_gradient(lambda a: ops.take_along_axis(a, np.array([[1], [0], [1]]), axis=1), [x])
    check_gradient(lambda a: ops.get_item(a, (slice(None, None, -1), np.array([1, 1]))), [x])
    check_gradient(lambda a: ops.get_item(a, (slice(3, None, -2), Ellipsis)), [x])
    condition = np.array([True, False])
    check_gradient(
        lambda a, b: ops.where(condition, a, b), [x, RNG.normal(size=(2,))], argnums=(0, 1)
    )
    check_gradient(lambda a: ops.sort(a, axis=0), [RNG.permutation(6).reshape(3, 2) * 0.5])


def test_take_rejects_float_indices():
    with pytest.raises(TypeError, match=r"take: indices must be integers, received dtype float32"):
        ops.take(lamina.SymbolicTensor((3,)), lamina.SymbolicTensor((2,), "float32"))


def test_take_along_axis_rejects_rank_mismatch():
    with pytest.raises(
        ValueError,
        match=r"take_along_axis: x and indices must have the same rank, received shapes \(2, 3\) and \(3,\)",  # noqa: E501
    ):
        ops.take_along_axis(np.ones((2, 3)), np.zeros(3, "int32"), axis=1)
    with pytest.raises(ValueError, match=r"take_along_axis: with axis=None, indices must be 1-D"):
        ops.take_along_axis(lamina.SymbolicTensor((2, 3)), lamina.SymbolicTensor((2, 3), "int32"))


def test_where_rejects_one_argument_forms():
    with pytest.raises(
        NotImplementedError, match=r"where: the one-argument form .* data-dependent shape"
    ):
        ops.where(np.array([True, False]))
    with pytest.raises(ValueError, match=r"where: pass both x1 and x2, or neither"):
        ops.where(np.array([True, False]), 1)


def test_select_rejects_mismatched_lists():
    with pytest.raises(
        ValueError,
        match=r"select: condlist and choicelist must be non-empty and of the same length, received 1 conditions and 2 choices",  # noqa: E501
    ):
        ops.select([np.array([True])], [np.array([1]), np.array([2])])


def test_searchsorted_rejects_bad_arguments():
    with pytest.raises(
        ValueError, match=r"searchsorted: sorted_sequence must be 1-D, received shape \(2, 2\)"
    ):
        ops.searchsorted(lamina.SymbolicTensor((2, 2)), lamina.SymbolicTensor((3,)))
    with pytest.raises(
        ValueError, match=r"searchsorted: side must be 'left' or 'right', received 'middle'"
    ):
        ops.searchsorted(lamina.SymbolicTensor((2,)), lamina.SymbolicTensor((3,)), side="middle")


def test_get_item_rejects_bad_keys():
    x = lamina.SymbolicTensor((2, 3))
    with pytest.raises(
        ValueError, match=r"get_item: too many indices for an input of shape \(2, 3\)"
    ):
        x[0, 0, 0]
    with pytest.raises(ValueError, match=r"get_item: an index can hold at most one Ellipsis"):
        x[..., ...]
    with pytest.raises(
        ValueError, match=r"get_item: index 5 is out of bounds for axis 1 of size 3"
    ):
        x[:, 5]
    with pytest.raises(ValueError, match=r"get_item: a slice step cannot be zero"):
        x[::0]
    with pytest.raises(
        ValueError,
        match=r"get_item: a boolean mask of shape \(3,\) does not match the input of shape \(2, 3\)",  # noqa: E501
    ):
        x[np.array([True, False, True])]
    with pytest.raises(TypeError, match=r"get_item: unsupported key entry 'a'"):
        x["a"]
    with pytest.raises(TypeError, match=r"get_item: a bare bool key"):
        x[True]
    with pytest.raises(
        TypeError, match=r"get_item: array indices must be integers or bools, received float32"
    ):
        x[lamina.SymbolicTensor((2,), "float32")]
    with pytest.raises(ValueError, match=r"get_item: shapes \(2,\), \(3,\) cannot be broadcast"):
        x[np.array([0, 1]), np.array([0, 1, 2])]
    with pytest.raises(ValueError, match=r"get_item: index 4 is out of bounds"):
        ops.get_item(np.ones((2, 3)), (0, 4))
