"""Conv1DTranspose, Conv2DTranspose and Conv3DTranspose through check_layer against a
scatter-add reference, as adjoints of the convolution, and their Keras-compatible configs."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.layers.convolutional.conv_reference import (
    conv_reference,
    layer_output,
    transpose_length,
    transpose_reference,
)
from tests.support.layer_check import check_layer

FORMATS = ["channels_last", "channels_first"]
CLASSES = {1: layers.Conv1DTranspose, 2: layers.Conv2DTranspose, 3: layers.Conv3DTranspose}


def _shape(spatial, channels, data_format, batch=2):
    if data_format == "channels_first":
        return (batch, channels, *spatial)
    return (batch, *spatial, channels)


def _as_tuple(value, rank):
    return (value,) * rank if value is None or isinstance(value, int) else tuple(value)


def _expected_spatial(spatial, kwargs):
    rank = len(spatial)
    return tuple(
        transpose_length(n, k, s, d, kwargs.get("padding", "valid"), e)
        for n, k, s, d, e in zip(
            spatial,
            _as_tuple(kwargs["kernel_size"], rank),
            _as_tuple(kwargs.get("strides", 1), rank),
            _as_tuple(kwargs.get("dilation_rate", 1), rank),
            _as_tuple(kwargs.get("output_padding"), rank),
        )
    )


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    ("spatial", "kwargs"),
    [
        ((5,), {"filters": 3, "kernel_size": 3, "strides": 2}),
        ((4,), {"filters": 2, "kernel_size": 4, "strides": 2, "padding": "same"}),
        ((5,), {"filters": 2, "kernel_size": 1, "strides": 3}),
        ((4,), {"filters": 2, "kernel_size": 3, "dilation_rate": 2, "padding": "same"}),
        ((4,), {"filters": 2, "kernel_size": 3, "strides": 3, "output_padding": 2}),
        ((3, 4), {"filters": 3, "kernel_size": (3, 2), "strides": (2, 1), "padding": "same"}),
        ((3, 3), {"filters": 2, "kernel_size": 2, "strides": 2, "activation": "relu"}),
        (
            (3, 4),
            {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 0},
        ),
        ((3, 3), {"filters": 2, "kernel_size": 3, "strides": (2, 3), "output_padding": (1, 2)}),
        ((2, 3, 2), {"filters": 2, "kernel_size": 2, "strides": (2, 1, 2), "padding": "same"}),
        ((2, 2, 3), {"filters": 3, "kernel_size": (2, 1, 3), "strides": 2, "output_padding": 1}),
    ],
)
def test_conv_transpose_matches_scatter_reference(data_format, spatial, kwargs):
    kwargs = {**kwargs, "data_format": data_format}

    def reference(x, w):
        result = transpose_reference(
            x,
            w["kernel"],
            kwargs.get("strides", 1),
            kwargs.get("padding", "valid"),
            kwargs.get("output_padding"),
            data_format,
            kwargs.get("dilation_rate", 1),
        )
        return layer_output(result, w["bias"], data_format, kwargs.get("activation"))

    layer = check_layer(
        CLASSES[len(spatial)],
        kwargs,
        input_shape=_shape(spatial, 4, data_format),
        expected_output_shape=_shape(
            _expected_spatial(spatial, kwargs), kwargs["filters"], data_format
        ),
        expected_num_weights=2,
        reference=reference,
        rtol=1e-4,
    )
    rank = len(spatial)
    assert tuple(layer.kernel.shape) == (
        *_as_tuple(kwargs["kernel_size"], rank),
        kwargs["filters"],
        4,
    )


@pytest.mark.parametrize(
    ("length", "kernel_size", "strides", "padding", "dilation_rate"),
    [(4, 3, 2, "same", 1), (5, 4, 2, "same", 1), (4, 3, 1, "same", 2), (3, 2, 3, "valid", 1)],
)
def test_conv_transpose_is_the_adjoint_of_conv(
    length, kernel_size, strides, padding, dilation_rate
):
    """<conv(u), v> == <u, conv_transpose(v)> for the forward convolution whose output length is
    the transposed layer's input length."""
    layer = layers.Conv1DTranspose(
        2, kernel_size, strides, padding, dilation_rate=dilation_rate, use_bias=False
    )
    rng = np.random.default_rng(1)
    v = rng.normal(size=(1, length, 3)).astype("float32")
    transposed = lamina.ops.convert_to_numpy(layer(v)).astype(np.float64)
    kernel = layer.kernel.numpy()  # (k, filters=2, in=3)
    u = rng.normal(size=transposed.shape)
    forward = conv_reference(u, kernel, strides, padding, "channels_last", dilation_rate)
    assert forward.shape == v.shape
    np.testing.assert_allclose(np.sum(forward * v), np.sum(u * transposed), rtol=1e-4)


def test_conv2d_transpose_with_hand_set_weights_spreads_each_pixel():
    layer = layers.Conv2DTranspose(1, 2, strides=2, use_bias=False)
    layer.build((None, 2, 2, 1))
    layer.set_weights([np.array([[1.0, 2.0], [3.0, 4.0]], "float32").reshape(2, 2, 1, 1)])
    x = np.array([[1.0, 10.0], [100.0, 1000.0]], "float32").reshape(1, 2, 2, 1)
    out = lamina.ops.convert_to_numpy(layer(x))[0, :, :, 0]
    np.testing.assert_allclose(out[:2, :2], [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(out[2:, 2:], [[1000.0, 2000.0], [3000.0, 4000.0]])


def test_conv_transpose_config_has_keras_keys_and_round_trips_output_padding():
    plain = layers.Conv2DTranspose(3, 3).get_config()
    expected_keys = {
        "name", "trainable", "dtype", "filters", "kernel_size", "strides", "padding",
        "data_format", "dilation_rate", "activation", "use_bias", "kernel_initializer",
        "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer",
        "kernel_constraint", "bias_constraint",
    }  # fmt: skip
    assert set(plain) == expected_keys  # what Keras 3 writes and accepts
    layer = layers.Conv2DTranspose(3, 3, strides=2, output_padding=(1, 0), padding="same")
    config = layer.get_config()
    assert config["output_padding"] == (1, 0)
    clone = layers.Conv2DTranspose.from_config(config)
    assert clone.output_padding == (1, 0)
    out = clone(np.ones((1, 4, 4, 2), "float32"))
    assert tuple(out.shape) == (1, 8, 7, 3)


def test_conv_transpose_positional_arguments_follow_keras_3():
    layer = layers.Conv2DTranspose(2, 3, 2, "same", "channels_first", 1, "relu")
    assert layer.data_format == "channels_first"
    assert layer.activation is lamina.activations.relu
    assert layer.output_padding is None


def test_conv_transpose_weights_have_keras_names_and_shapes():
    layer = layers.Conv3DTranspose(5, (1, 2, 3))
    layer.build((None, 4, 4, 4, 2))
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [
        ("kernel", (1, 2, 3, 5, 2)),
        ("bias", (5,)),
    ]


def test_conv_transpose_aliases_are_the_keras_ones():
    assert layers.Convolution1DTranspose is layers.Conv1DTranspose
    assert layers.Convolution2DTranspose is layers.Conv2DTranspose
    assert layers.Convolution3DTranspose is layers.Conv3DTranspose
