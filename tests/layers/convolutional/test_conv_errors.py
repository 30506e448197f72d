"""Every error the convolution layers raise: bad arguments when constructed, bad inputs when built
or called (eagerly and symbolically), each naming the layer and the shapes."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers


def _ones(*shape):
    return np.ones(shape, "float32")


# -- constructor arguments ------------------------------------------------------------------
def test_rejects_filters_not_divisible_by_groups():
    with pytest.raises(
        ValueError,
        match=r"Conv2D 'c': filters must be divisible by groups, received filters=6 and groups=4",
    ):
        layers.Conv2D(6, 3, groups=4, name="c")


@pytest.mark.parametrize("cls", [layers.Conv2D, layers.Conv2DTranspose, layers.SeparableConv2D])
def test_rejects_non_positive_filters(cls):
    with pytest.raises(ValueError, match=rf"{cls.__name__} '.*': filters must be a positive int"):
        cls(0, 3)


def test_rejects_non_positive_depth_multiplier():
    with pytest.raises(
        ValueError, match=r"DepthwiseConv1D 'd': depth_multiplier must be a positive int.*=0"
    ):
        layers.DepthwiseConv1D(3, depth_multiplier=0, name="d")


@pytest.mark.parametrize(
    "cls", [layers.Conv2D, layers.Conv2DTranspose, layers.DepthwiseConv2D, layers.SeparableConv2D]
)
def test_rejects_bad_padding(cls):
    args = (3,) if cls is layers.DepthwiseConv2D else (2, 3)
    with pytest.raises(
        ValueError,
        match=rf"{cls.__name__} 'p': padding must be one of \('valid', 'same'\).*'full'",
    ):
        cls(*args, padding="full", name="p")


def test_rejects_causal_padding_beyond_conv1d():
    with pytest.raises(ValueError, match=r"Conv2D 'c': padding must be .*'causal' exists only"):
        layers.Conv2D(2, 3, padding="causal", name="c")
    assert layers.Conv1D(2, 3, padding="CAUSAL").padding == "causal"


@pytest.mark.parametrize(
    "cls", [layers.Conv1D, layers.Conv3DTranspose, layers.DepthwiseConv2D, layers.SeparableConv1D]
)
def test_rejects_bad_data_format(cls):
    args = (3,) if cls is layers.DepthwiseConv2D else (2, 3)
    with pytest.raises(
        ValueError,
        match=rf"{cls.__name__} 'f': data_format must be one of \('channels_last', "
        r"'channels_first'\) or None, received data_format='NHWC'",
    ):
        cls(*args, data_format="NHWC", name="f")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kernel_size": (3, 0)}, r"kernel_size must be an int or a tuple of 2 ints, all positive"),
        ({"kernel_size": (3, 3, 3)}, r"kernel_size must be .* received kernel_size=\(3, 3, 3\)"),
        ({"kernel_size": 3, "strides": 0}, r"strides must be .* received strides=0"),
        ({"kernel_size": 3, "dilation_rate": "2"}, r"dilation_rate must be .*'2'"),
        ({"kernel_size": 3, "groups": 0}, r"groups must be a positive int"),
        (
            {"kernel_size": 3, "strides": 2, "dilation_rate": 2},
            r"strides > 1 cannot be combined with dilation_rate > 1, received strides=\(2, 2\)",
        ),
    ],
)
def test_rejects_bad_window_arguments(kwargs, message):
    with pytest.raises(ValueError, match=rf"Conv2D 'w': {message}"):
        layers.Conv2D(2, name="w", **kwargs)


def test_rejects_output_padding_not_below_strides():
    with pytest.raises(
        ValueError,
        match=r"Conv2DTranspose 't': each output_padding must be smaller than its stride, "
        r"received output_padding=\(1, 2\) and strides=\(2, 2\)",
    ):
        layers.Conv2DTranspose(2, 3, strides=2, output_padding=(1, 2), name="t")
    with pytest.raises(ValueError, match=r"output_padding must be an int or a tuple of 1 int"):
        layers.Conv1DTranspose(2, 3, output_padding=-1)


# -- inputs ---------------------------------------------------------------------------------
def test_rejects_kernel_larger_than_valid_input_on_first_call():
    layer = layers.Conv2D(2, (3, 5), name="big")
    with pytest.raises(
        ValueError,
        match=r"Conv2D 'big': the kernel's spatial extent \(3, 5\) \(kernel_size=\(3, 5\), "
        r"dilation_rate=\(1, 1\)\) is larger than the input's spatial size \(4, 4\) \(input "
        r"shape \(1, 4, 4, 1\), data_format='channels_last'\) with padding='valid'",
    ):
        layer(_ones(1, 4, 4, 1))
    assert not layer.built


def test_rejects_dilated_kernel_larger_than_valid_input_symbolically():
    layer = layers.DepthwiseConv1D(3, dilation_rate=3, name="d")
    with pytest.raises(
        ValueError, match=r"DepthwiseConv1D 'd': the kernel's spatial extent \(7,\)"
    ):
        layer(lamina.SymbolicTensor((None, 6, 2)))


@pytest.mark.parametrize("cls", [layers.Conv1D, layers.SeparableConv1D])
def test_rejects_input_shorter_than_kernel_after_build(cls):
    layer = cls(2, 4, name="late")
    layer(_ones(2, 8, 3))
    with pytest.raises(
        ValueError,
        match=rf"{cls.__name__} 'late': the kernel's spatial extent \(4,\) .* input's spatial "
        r"size \(3,\) \(input shape \(2, 3, 3\)",
    ):
        layer(_ones(2, 3, 3))
    with pytest.raises(ValueError, match=r"spatial size \(2,\)"):
        layer(lamina.SymbolicTensor((None, 2, 3)))


def test_accepts_input_shorter_than_kernel_with_same_padding():
    layer = layers.Conv2D(2, 5, padding="same")
    assert tuple(layer(_ones(1, 3, 2, 1)).shape) == (1, 3, 2, 2)


@pytest.mark.parametrize(
    ("cls", "args"),
    [
        (layers.Conv2D, (2, 3)),
        (layers.Conv2DTranspose, (2, 3)),
        (layers.DepthwiseConv2D, (3,)),
        (layers.SeparableConv2D, (2, 3)),
    ],
)
def test_rejects_wrong_input_rank(cls, args):
    layer = cls(*args, name="r")
    with pytest.raises(
        ValueError, match=rf"{cls.__name__} 'r': expected rank 4, .* input of shape \(2, 5, 3\)"
    ):
        layer(_ones(2, 5, 3))
    layer(_ones(2, 5, 5, 3))
    with pytest.raises(ValueError, match=r"expected rank 4, .* input of shape \(2, 5, 5, 5, 3\)"):
        layer(_ones(2, 5, 5, 5, 3))
    with pytest.raises(
        ValueError,
        match=rf"{cls.__name__} 'r' expects inputs of rank 4 \(batch, \*spatial, channels\) "
        r"with 2 spatial axes, received input shape \(None, 5\)",
    ):
        layer.compute_output_shape((None, 5))


@pytest.mark.parametrize(
    ("cls", "args", "kernel"),
    [
        (layers.Conv2D, (2, 3), r"kernel shape \(3, 3, 3, 2\)"),
        (layers.Conv2DTranspose, (2, 3), r"kernel shape \(3, 3, 2, 3\)"),
        (layers.DepthwiseConv2D, (3,), r"kernel shape \(3, 3, 3, 1\)"),
        (layers.SeparableConv2D, (2, 3), r"depthwise_kernel shape \(3, 3, 3, 1\)"),
    ],
)
def test_rejects_channel_count_that_does_not_match_the_kernel(cls, args, kernel):
    layer = cls(*args, name="ch")
    layer(_ones(2, 5, 5, 3))
    message = (
        rf"{cls.__name__} 'ch' was built for inputs with 3 channels \({kernel}\) but received an "
        r"input of shape \(2, 5, 5, {}\) with {} channels on axis -1"
    )
    # 6 channels would silently run as a 2-group convolution without the check.
    for channels in (4, 6):
        with pytest.raises(ValueError, match=message.format(channels, channels)):
            layer(_ones(2, 5, 5, channels))
    with pytest.raises(ValueError, match=r"3 channels .* shape \(None, 5, 5, 4\)"):
        layer(lamina.SymbolicTensor((None, 5, 5, 4)))


def test_rejects_channel_mismatch_channels_first():
    layer = layers.Conv1D(2, 3, data_format="channels_first", name="cf")
    layer(_ones(1, 4, 9))
    with pytest.raises(
        ValueError,
        match=r"Conv1D 'cf' was built for inputs with 4 channels .* shape \(1, 9, 4\) with 9 "
        r"channels on axis 1 \(data_format='channels_first'\)",
    ):
        layer(_ones(1, 9, 4))


def test_rejects_input_channels_not_divisible_by_groups():
    with pytest.raises(
        ValueError,
        match=r"Conv2D 'g': the input's 5 channels must be divisible by groups=2, received "
        r"input shape \(1, 4, 4, 5\)",
    ):
        layers.Conv2D(4, 3, groups=2, name="g")(_ones(1, 4, 4, 5))


def test_rejects_unknown_channel_axis():
    with pytest.raises(
        ValueError, match=r"Conv3D 'u' needs a known channel axis .* \(None, 4, 4, 4, None\)"
    ):
        layers.Conv3D(2, 2, name="u")(lamina.SymbolicTensor((None, 4, 4, 4, None)))
