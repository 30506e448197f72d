"""SeparableConv1D and SeparableConv2D through check_layer against a loop reference, with
hand-set weights, and their Keras-compatible configs and weights."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.layers.convolutional.conv_reference import layer_output, separable_reference
from tests.support.layer_check import check_layer

FORMATS = ["channels_last", "channels_first"]
CLASSES = {1: layers.SeparableConv1D, 2: layers.SeparableConv2D}


def _shape(spatial, channels, data_format, batch=2):
    if data_format == "channels_first":
        return (batch, channels, *spatial)
    return (batch, *spatial, channels)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    ("spatial", "kwargs", "out_spatial"),
    [
        ((7,), {"filters": 4, "kernel_size": 3, "depth_multiplier": 2}, (5,)),
        ((8,), {"filters": 2, "kernel_size": 2, "strides": 2, "padding": "same"}, (4,)),
        ((6, 5), {"filters": 4, "kernel_size": 2, "padding": "same", "activation": "relu"}, (6, 5)),
        (
            (7, 7),
            {"filters": 3, "kernel_size": 3, "dilation_rate": 2, "depth_multiplier": 2},
            (3, 3),
        ),
    ],
)
def test_separable_conv_matches_loop_reference(data_format, spatial, kwargs, out_spatial):
    kwargs = {**kwargs, "data_format": data_format}

    def reference(x, w):
        result = separable_reference(
            x,
            w["depthwise_kernel"],
            w["pointwise_kernel"],
            kwargs.get("strides", 1),
            kwargs.get("padding", "valid"),
            data_format,
            kwargs.get("dilation_rate", 1),
        )
        return layer_output(result, w["bias"], data_format, kwargs.get("activation"))

    check_layer(
        CLASSES[len(spatial)],
        kwargs,
        input_shape=_shape(spatial, 3, data_format),
        expected_output_shape=_shape(out_spatial, kwargs["filters"], data_format),
        expected_num_weights=3,
        expected_num_trainable_weights=3,
        reference=reference,
        rtol=1e-4,
    )


def test_separable_conv1d_with_hand_set_weights_sums_then_mixes():
    layer = layers.SeparableConv1D(1, 2, use_bias=False)
    layer.build((None, 3, 2))
    depthwise = np.ones((2, 2, 1), "float32")
    pointwise = np.array([[[1.0], [0.5]]], "float32")
    layer.set_weights([depthwise, pointwise])
    x = np.array([[[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]]], "float32")
    out = lamina.ops.convert_to_numpy(layer(x))[0, :, 0]
    np.testing.assert_allclose(out, [3.0 + 15.0, 5.0 + 25.0])


def test_separable_conv_weights_and_config_match_keras():
    layer = layers.SeparableConv2D(6, (3, 2), depth_multiplier=2)
    layer.build((None, 8, 8, 4))
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [
        ("depthwise_kernel", (3, 2, 4, 2)),
        ("pointwise_kernel", (1, 1, 8, 6)),
        ("bias", (6,)),
    ]
    config = layer.get_config()
    expected = {
        "depth_multiplier", "filters", "depthwise_initializer", "pointwise_initializer",
        "depthwise_regularizer", "pointwise_regularizer", "depthwise_constraint",
        "pointwise_constraint", "bias_initializer", "bias_regularizer", "bias_constraint",
    }  # fmt: skip
    assert expected <= set(config)
    assert layers.SeparableConv2D.from_config(config).get_config() == config


def test_separable_conv_aliases_are_the_keras_ones():
    assert layers.SeparableConvolution1D is layers.SeparableConv1D
    assert layers.SeparableConvolution2D is layers.SeparableConv2D
