"""The argument forms, checks and errors shared by ZeroPadding, Cropping and UpSampling."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers


def test_forms_of_padding_become_pairs():
    assert layers.ZeroPadding2D(2).padding == ((2, 2), (2, 2))
    assert layers.ZeroPadding2D((1, 3)).padding == ((1, 1), (3, 3))
    assert layers.ZeroPadding2D([[1, 0], [0, 2]]).padding == ((1, 0), (0, 2))
    assert layers.ZeroPadding1D((0, 2)).padding == ((0, 2),)
    assert layers.Cropping3D(0).cropping == ((0, 0),) * 3


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (-1, r"-1"),
        ((1, 2, 3), r"\(1, 2, 3\)"),
        (((1, 2), (3,)), r"\(\(1, 2\), \(3,\)\)"),
        (True, r"True"),
        ("1", r"'1'"),
    ],
)
def test_rejects_bad_padding(value, shown):
    match = (
        r"ZeroPadding2D 'zp': padding must be an int, a tuple of 2 ints, or a tuple of 2 "
        r"\(before, after\) pairs of ints, all >= 0, received padding=" + shown
    )
    with pytest.raises(ValueError, match=match):
        layers.ZeroPadding2D(value, name="zp")


def test_rejects_bad_cropping_of_rank_1():
    match = r"Cropping1D 'c': cropping must be an int or a \(before, after\) pair of ints"
    with pytest.raises(ValueError, match=match):
        layers.Cropping1D((1, 2, 3), name="c")


def test_rejects_cropping_that_removes_everything():
    match = (
        r"Cropping2D 'crop': cropping \(\(2, 2\), \(0, 0\)\) removes every position of the "
        r"spatial sizes \(4, 5\) of the input of shape \(1, 4, 5, 3\)"
    )
    with pytest.raises(ValueError, match=match):
        layers.Cropping2D(((2, 2), (0, 0)), name="crop")(np.ones((1, 4, 5, 3), "float32"))
    with pytest.raises(ValueError, match=r"Cropping2D 'crop': cropping .* \(None, 4, 5, 3\)"):
        layers.Cropping2D(((2, 2), (0, 0)), name="crop")(lamina.SymbolicTensor((None, 4, 5, 3)))
    layer = layers.Cropping1D((1, 2), name="late")
    assert lamina.ops.shape(layer(np.ones((1, 4, 2), "float32"))) == (1, 1, 2)
    with pytest.raises(ValueError, match=r"Cropping1D 'late': cropping .* \(1, 3, 2\)"):
        layer(np.ones((1, 3, 2), "float32"))


def test_rejects_wrong_input_rank():
    with pytest.raises(ValueError, match=r"UpSampling3D 'up': expected rank 5, .*\(1, 2, 3, 4\)"):
        layers.UpSampling3D(name="up")(np.ones((1, 2, 3, 4), "float32"))
    with pytest.raises(ValueError, match=r"ZeroPadding1D 'zp': expected rank 3, .*\(None, 4\)"):
        layers.ZeroPadding1D(name="zp")(lamina.SymbolicTensor((None, 4)))


def test_rejects_bad_data_format():
    with pytest.raises(ValueError, match=r"Cropping3D 'c': data_format must be 'channels_last'"):
        layers.Cropping3D(data_format="channels", name="c")


def test_unknown_sizes_stay_unknown():
    x = lamina.SymbolicTensor((None, None, 6, 2))
    assert layers.ZeroPadding2D(1)(x).shape == (None, None, 8, 2)
    assert layers.Cropping2D(1)(x).shape == (None, None, 4, 2)
    assert layers.UpSampling2D(3)(x).shape == (None, None, 18, 2)
