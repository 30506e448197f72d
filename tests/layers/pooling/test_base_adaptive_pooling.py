"""The adaptive bin rule and BaseAdaptivePooling's argument checks and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.layers.pooling.base_adaptive_pooling import adaptive_bins


def test_adaptive_bins_follow_the_floor_ceil_rule():
    assert adaptive_bins(5, 2) == [(0, 3), (2, 5)]
    assert adaptive_bins(6, 3) == [(0, 2), (2, 4), (4, 6)]
    assert adaptive_bins(2, 4) == [(0, 1), (0, 1), (1, 2), (1, 2)]
    for length in range(1, 12):
        for size in range(1, 9):
            bins = adaptive_bins(length, size)
            assert bins[0][0] == 0 and bins[-1][1] == length
            assert all(start < end for start, end in bins)


def test_adaptive_pooling_keeps_unknown_sizes_and_sets_the_output_size():
    y = layers.AdaptiveAveragePooling2D((3, 4))(lamina.SymbolicTensor((None, None, None, 5)))
    assert y.shape == (None, 3, 4, 5)
    layer = layers.AdaptiveMaxPooling1D(2, data_format="channels_first")
    assert layer.compute_output_shape((4, 5, 9)) == (4, 5, 2)


def test_adaptive_average_pooling_averages_integers_in_floatx():
    layer = layers.AdaptiveAveragePooling1D(2)
    y = layer(np.array([[[1], [2], [4], [7], [8]]], dtype="int32"))
    assert lamina.ops.dtype(y) == "float32"
    np.testing.assert_allclose(lamina.ops.convert_to_numpy(y)[0, :, 0], [7 / 3, 19 / 3], 1e-6)
    maxima = layers.AdaptiveMaxPooling1D(2)(np.array([[[1], [2], [4], [7], [8]]], "int32"))
    assert lamina.ops.dtype(maxima) == "int32"
    assert lamina.ops.convert_to_numpy(maxima)[0, :, 0].tolist() == [4, 8]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"output_size": 0}, r"output_size must be a positive int or a tuple of 2 .*=0"),
        ({"output_size": (2, 2, 2)}, r"output_size must be .*=\(2, 2, 2\)"),
        ({"output_size": 2, "data_format": "NHWC"}, r"data_format must be .*'NHWC'"),
    ],
)
def test_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=r"AdaptiveMaxPooling2D 'ada': " + match):
        layers.AdaptiveMaxPooling2D(name="ada", **kwargs)


def test_rejects_wrong_input_rank():
    with pytest.raises(ValueError, match=r"AdaptiveAveragePooling1D 'ada': expected rank 3, "):
        layers.AdaptiveAveragePooling1D(2, name="ada")(np.ones((2, 3, 4, 5), "float32"))


@pytest.mark.parametrize("mode", ["max", "average"])
def test_adaptive_pooling_agrees_with_torch(mode):
    if lamina.backend.backend() != "torch":
        pytest.skip("torch's own adaptive pooling is the comparison; it needs the torch backend")
    import torch

    x = np.random.default_rng(4).normal(size=(2, 3, 11, 7)).astype("float32")
    torch_pool = torch.nn.functional.adaptive_max_pool2d
    if mode == "average":
        torch_pool = torch.nn.functional.adaptive_avg_pool2d
    expected = torch_pool(torch.as_tensor(x), (4, 5)).numpy()
    cls = layers.AdaptiveMaxPooling2D if mode == "max" else layers.AdaptiveAveragePooling2D
    y = cls((4, 5), data_format="channels_first")(x)
    np.testing.assert_allclose(lamina.ops.convert_to_numpy(y), expected, rtol=1e-5, atol=1e-6)
