"""Joining, splitting, tiling, repeating and padding against NumPy."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)


def sample(shape, dtype="float32"):
    if dtype == "bool":
        return RNG.integers(0, 2, shape).astype(bool)
    return RNG.integers(0, 9, shape).astype(dtype)


@pytest.mark.parametrize("dtype", ["float32", "float16", "int32", "bool"])
@pytest.mark.parametrize(
    ("shapes", "axis"), [([(2, 3), (4, 3)], 0), ([(2, 3), (2, 1), (2, 0)], -1)]
)
def test_concatenate_matches_numpy(dtype, shapes, axis):
    xs = [sample(s, dtype) for s in shapes]
    check_op(
        ops.concatenate,
        [xs],
        lambda t, **k: np.concatenate(t, **k),
        {"axis": axis},
        check_none_dims=False,
    )


def test_concatenate_promotes_dtypes():
    xs = [sample((2,), "int8"), sample((3,), "uint8")]
    check_op(
        ops.concatenate, [xs], lambda t: np.concatenate(t).astype("int16"), expected_dtype="int16"
    )


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_stack_hstack_vstack_match_numpy(axis):
    xs = [sample((2, 3), "int32") for _ in range(3)]
    check_op(
        ops.stack, [xs], lambda t, **k: np.stack(t, **k), {"axis": axis}, check_none_dims=False
    )
    check_op(ops.hstack, [xs], np.hstack, check_none_dims=False)
    check_op(ops.vstack, [xs], np.vstack, check_none_dims=False)
    ones = [sample((3,), "float32"), sample((2,), "float32")]
    check_op(ops.hstack, [ones], np.hstack, check_none_dims=False)


@pytest.mark.parametrize(("sections", "axis"), [(2, 0), ([1, 3], 1), ([-1], 1), (1, -1)])
def test_split_matches_numpy(sections, axis):
    x = sample((4, 5), "int32")
    check_op(ops.split, [x, sections], lambda a, s, **k: np.split(a, s, **k), {"axis": axis})


@pytest.mark.parametrize(("sections", "axis"), [(3, 1), (2, 0), ([2, 9], 1)])
def test_array_split_matches_numpy(sections, axis):
    x = sample((4, 5), "float32")
    check_op(
        ops.array_split, [x, sections], lambda a, s, **k: np.array_split(a, s, **k), {"axis": axis}
    )


@pytest.mark.parametrize("repeats", [2, (2, 1), (1, 2, 3), (3, 1, 1, 2)])
def test_tile_matches_numpy(repeats):
    check_op(ops.tile, [sample((2, 3), "int32"), repeats], np.tile)


@pytest.mark.parametrize(("repeats", "axis"), [(2, None), (2, 1), ([1, 0, 2], 1), ([3], 0)])
def test_repeat_matches_numpy(repeats, axis):
    x = sample((2, 3), "float32")
    check_op(ops.repeat, [x, repeats], lambda a, r, **k: np.repeat(a, r, **k), {"axis": axis})


@pytest.mark.parametrize("dtype", ["float32", "uint8", "bool"])
@pytest.mark.parametrize("mode", ["constant", "edge", "reflect", "symmetric", "wrap"])
@pytest.mark.parametrize("pad_width", [1, ((0, 1), (2, 1))])
def test_pad_matches_numpy(dtype, mode, pad_width):
    x = sample((3, 4), dtype)
    check_op(ops.pad, [x, pad_width], lambda a, p, **k: np.pad(a, p, **k), {"mode": mode})


def test_pad_constant_values():
    x = sample((2, 3), "float32")
    check_op(
        ops.pad,
        [x, ((1, 0), (0, 2))],
        lambda a, p, **k: np.pad(a, p, **k),
        {"mode": "constant", "constant_values": 7.5},
    )


@pytest.mark.parametrize(
    "apply",
    [
        lambda x: ops.concatenate([x, x * 2.0], axis=1),
        lambda x: ops.stack([x, x], axis=1),
        lambda x: ops.split(x, [1], axis=1)[1],
        lambda x: ops.tile(x, (2, 1)),
        lambda x: ops.repeat(x, 2, axis=0),
        lambda x: ops.pad(x, ((1, 0), (1, 2))),
        lambda x: ops.pad(x, 1, mode="reflect"),
    ],
)
def test_joining_gradients(apply):
    check_gradient(apply, [RNG.normal(size=(2, 2))])


def test_concatenate_rejects_mismatched_shapes():
    with pytest.raises(
        ValueError,
        match=r"concatenate: inputs must agree on every axis but axis 0, received shapes \(2, 3\), \(2, 4\)",  # noqa: E501
    ):
        ops.concatenate([np.ones((2, 3)), np.ones((2, 4))])
    with pytest.raises(
        ValueError,
        match=r"concatenate: inputs must have the same rank, received shapes \(2, 3\), \(3,\)",
    ):
        ops.concatenate([lamina.SymbolicTensor((2, 3)), lamina.SymbolicTensor((3,))])


def test_concatenate_rejects_empty_list():
    with pytest.raises(ValueError, match=r"concatenate: expected a non-empty list of tensors"):
        ops.concatenate([])


def test_stack_rejects_mismatched_shapes():
    with pytest.raises(
        ValueError, match=r"stack: inputs must agree on every axis, received shapes \(2,\), \(3,\)"
    ):
        ops.stack([np.ones(2), np.ones(3)])


def test_split_rejects_unequal_sections():
    with pytest.raises(
        ValueError,
        match=r"split: axis 0 of size 5 \(input shape \(5,\)\) cannot be split into 2 equal sections",  # noqa: E501
    ):
        ops.split(np.ones(5), 2)


def test_split_rejects_non_positive_sections():
    with pytest.raises(
        ValueError, match=r"array_split: the number of sections must be > 0, received 0"
    ):
        ops.array_split(np.ones(5), 0)


def test_tile_rejects_negative_repeats():
    with pytest.raises(ValueError, match=r"tile: repeats must be >= 0, received \(-1,\)"):
        ops.tile(np.ones(2), -1)


def test_repeat_rejects_wrong_count_length():
    with pytest.raises(
        ValueError,
        match=r"repeat: repeats must be an int or hold one count per entry of axis 1 \(size 3\), received 2 counts",  # noqa: E501
    ):
        ops.repeat(np.ones((2, 3)), [1, 2], axis=1)


def test_pad_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"pad: mode must be one of"):
        ops.pad(np.ones(2), 1, mode="mirror")
    with pytest.raises(ValueError, match=r"pad: constant_values applies only to mode='constant'"):
        ops.pad(np.ones(2), 1, mode="edge", constant_values=1)
    with pytest.raises(
        ValueError, match=r"pad: pad_width \[1, 2, 3\] does not fit an input of rank 2"
    ):
        ops.pad(np.ones((2, 2)), [1, 2, 3])
    with pytest.raises(ValueError, match=r"pad: pad_width must be >= 0"):
        ops.pad(np.ones(2), -1)
    with pytest.raises(ValueError, match=r"pad: mode='reflect' cannot pad an empty axis"):
        ops.pad(np.ones((0,)), 1, mode="reflect")
