"""Rank matching of targets and predictions, as Keras does it."""

from __future__ import annotations

import pytest

from lamina import ops
from lamina.losses.shape_checks import broadcastable, squeeze_or_expand_to_same_rank


@pytest.mark.parametrize(
    ("shape1", "shape2", "expected1", "expected2"),
    [
        ((4,), (4, 1), (4, 1), (4, 1)),
        ((4, 1), (4,), (4, 1), (4, 1)),
        ((4, 3, 1), (4, 3), (4, 3), (4, 3)),
        ((4, 3), (4, 3, 1), (4, 3), (4, 3)),
        ((4, 3), (4, 3), (4, 3), (4, 3)),
        ((4,), (4, 3), (4,), (4, 3)),
        ((4, 2, 1), (4,), (4, 2, 1), (4,)),
    ],
)
def test_squeeze_or_expand_to_same_rank(shape1, shape2, expected1, expected2):
    x1, x2 = squeeze_or_expand_to_same_rank(ops.zeros(shape1), ops.zeros(shape2))
    assert (tuple(ops.shape(x1)), tuple(ops.shape(x2))) == (expected1, expected2)


def test_without_expanding_rank_one_the_other_side_is_squeezed():
    x1, x2 = squeeze_or_expand_to_same_rank(ops.zeros((4,)), ops.zeros((4, 1)), expand_rank_1=False)
    assert (tuple(ops.shape(x1)), tuple(ops.shape(x2))) == ((4,), (4,))


def test_broadcastable():
    assert broadcastable((2, 3), (1, 3))
    assert broadcastable((None, 3), (2, 3))
    assert broadcastable((3,), (2, 3))
    assert not broadcastable((2, 3), (2, 4))
