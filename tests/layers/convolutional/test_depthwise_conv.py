"""DepthwiseConv1D and DepthwiseConv2D through check_layer against a loop reference, with
hand-set weights, and their Keras-compatible configs and weights."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.layers.convolutional.conv_reference import depthwise_reference, layer_output
from tests.support.layer_check import check_layer

FORMATS = ["channels_last", "channels_first"]
CLASSES = {1: layers.DepthwiseConv1D, 2: layers.DepthwiseConv2D}


def _shape(spatial, channels, data_format, batch=2):
    if data_format == "channels_first":
        return (batch, channels, *spatial)
    return (batch, *spatial, channels)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    ("spatial", "kwargs", "out_spatial"),
    [
        ((7,), {"kernel_size": 3, "depth_multiplier": 2}, (5,)),
        ((8,), {"kernel_size": 4, "strides": 3, "padding": "same"}, (3,)),
        ((5, 6), {"kernel_size": 2, "padding": "same", "depth_multiplier": 3}, (5, 6)),
        ((7, 6), {"kernel_size": (3, 2), "dilation_rate": (2, 1), "activation": "relu"}, (3, 5)),
        ((6, 5), {"kernel_size": 3, "strides": (2, 1), "use_bias": False}, (2, 3)),
    ],
)
def test_depthwise_conv_matches_loop_reference(data_format, spatial, kwargs, out_spatial):
    kwargs = {**kwargs, "data_format": data_format}
    multiplier = kwargs.get("depth_multiplier", 1)

    def reference(x, w):
        result = depthwise_reference(
            x,
            w["kernel"],
            kwargs.get("strides", 1),
            kwargs.get("padding", "valid"),
            data_format,
            kwargs.get("dilation_rate", 1),
        )
        return layer_output(result, w.get("bias"), data_format, kwargs.get("activation"))

    layer = check_layer(
        CLASSES[len(spatial)],
        kwargs,
        input_shape=_shape(spatial, 3, data_format),
        expected_output_shape=_shape(out_spatial, 3 * multiplier, data_format),
        expected_num_weights=1 if kwargs.get("use_bias") is False else 2,
        reference=reference,
        rtol=1e-4,
    )
    assert tuple(layer.kernel.shape)[-2:] == (3, multiplier)


def test_depthwise_conv1d_with_hand_set_weights_keeps_channels_apart():
    layer = layers.DepthwiseConv1D(2, depth_multiplier=2, use_bias=False)
    layer.build((None, 3, 2))
    kernel = np.array([[[1.0, 0.0], [1.0, 1.0]], [[1.0, 1.0], [0.0, -1.0]]], "float32")
    layer.set_weights([kernel])  # (k=2, channels=2, multiplier=2)
    x = np.array([[[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]]], "float32")
    out = lamina.ops.convert_to_numpy(layer(x))[0]
    # Output channel c * 2 + m is channel c filtered by kernel[:, c, m].
    np.testing.assert_allclose(out[:, 0], [3.0, 5.0])
    np.testing.assert_allclose(out[:, 1], [2.0, 3.0])
    np.testing.assert_allclose(out[:, 2], [10.0, 20.0])
    np.testing.assert_allclose(out[:, 3], [-10.0, -10.0])


def test_depthwise_conv_weights_and_config_match_keras():
    layer = layers.DepthwiseConv2D(3, depth_multiplier=2, depthwise_regularizer="l1")
    layer.build((None, 8, 8, 4))
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [
        ("kernel", (3, 3, 4, 2)),
        ("bias", (8,)),
    ]
    config = layer.get_config()
    assert config["depth_multiplier"] == 2
    assert config["depthwise_regularizer"]["class_name"] == "L1"
    assert {"depthwise_initializer", "depthwise_constraint", "bias_initializer"} <= set(config)
    assert "filters" not in config and "kernel_initializer" not in config
    clone = layers.DepthwiseConv2D.from_config(config)
    assert clone.get_config() == config
    assert len(layer.losses) == 1
