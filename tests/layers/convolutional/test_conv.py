"""Conv1D, Conv2D and Conv3D through check_layer against loop references, with hand-set weights,
and their Keras-compatible configs and weights."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers
from tests.layers.convolutional.conv_reference import (
    causal_conv_reference,
    conv_reference,
    layer_output,
)
from tests.support.layer_check import check_layer

FORMATS = ["channels_last", "channels_first"]
CLASSES = {1: layers.Conv1D, 2: layers.Conv2D, 3: layers.Conv3D}


def _shape(spatial, channels, data_format, batch=2):
    if data_format == "channels_first":
        return (batch, channels, *spatial)
    return (batch, *spatial, channels)


def _conv_reference(kwargs, data_format):
    def reference(x, w):
        result = conv_reference(
            x,
            w["kernel"],
            kwargs.get("strides", 1),
            kwargs.get("padding", "valid"),
            data_format,
            kwargs.get("dilation_rate", 1),
        )
        return layer_output(result, w.get("bias"), data_format, kwargs.get("activation"))

    return reference


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    ("spatial", "kwargs", "out_spatial"),
    [
        ((7,), {"filters": 4, "kernel_size": 3}, (5,)),
        ((8,), {"filters": 4, "kernel_size": 4, "strides": 2, "padding": "same"}, (4,)),
        ((9,), {"filters": 2, "kernel_size": 3, "dilation_rate": 2, "activation": "relu"}, (5,)),
        ((5, 6), {"filters": 3, "kernel_size": 2, "padding": "same"}, (5, 6)),
        ((7, 5), {"filters": 4, "kernel_size": (3, 2), "strides": (2, 1)}, (3, 4)),
        ((6, 7), {"filters": 2, "kernel_size": 3, "dilation_rate": (2, 1)}, (2, 5)),
        ((5, 5), {"filters": 6, "kernel_size": (4, 3), "strides": 3, "padding": "same"}, (2, 2)),
        ((4, 5, 3), {"filters": 2, "kernel_size": (2, 3, 2), "padding": "same"}, (4, 5, 3)),
        ((5, 4, 4), {"filters": 3, "kernel_size": 2, "strides": (1, 2, 1)}, (4, 2, 3)),
    ],
)
def test_conv_matches_loop_reference(data_format, spatial, kwargs, out_spatial):
    kwargs = {**kwargs, "data_format": data_format}
    check_layer(
        CLASSES[len(spatial)],
        kwargs,
        input_shape=_shape(spatial, 3, data_format),
        expected_output_shape=_shape(out_spatial, kwargs["filters"], data_format),
        expected_num_weights=2,
        expected_num_trainable_weights=2,
        reference=_conv_reference(kwargs, data_format),
        rtol=1e-4,
    )


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    ("rank", "groups", "filters"), [(1, 2, 4), (2, 3, 6), (2, 6, 6), (3, 2, 2)]
)
def test_grouped_conv_matches_loop_reference(data_format, rank, groups, filters):
    kwargs = {
        "filters": filters,
        "kernel_size": 2,
        "groups": groups,
        "use_bias": False,
        "padding": "same",
        "data_format": data_format,
    }
    spatial = (5, 4, 3)[:rank]
    layer = check_layer(
        CLASSES[rank],
        kwargs,
        input_shape=_shape(spatial, 6, data_format),
        expected_output_shape=_shape(spatial, filters, data_format),
        expected_num_weights=1,
        reference=_conv_reference(kwargs, data_format),
        rtol=1e-4,
    )
    assert tuple(layer.kernel.shape) == (2,) * rank + (6 // groups, filters)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize(
    ("kernel_size", "strides", "dilation_rate"), [(3, 1, 1), (2, 2, 1), (3, 1, 2)]
)
def test_causal_conv1d_matches_left_padded_reference(
    data_format, kernel_size, strides, dilation_rate
):
    kwargs = {
        "filters": 3,
        "kernel_size": kernel_size,
        "strides": strides,
        "dilation_rate": dilation_rate,
        "padding": "causal",
        "data_format": data_format,
    }

    def reference(x, w):
        result = causal_conv_reference(x, w["kernel"], strides, data_format, dilation_rate)
        return layer_output(result, w["bias"], data_format)

    check_layer(
        layers.Conv1D,
        kwargs,
        input_shape=_shape((7,), 2, data_format),
        expected_output_shape=_shape((-(-7 // strides),), 3, data_format),
        reference=reference,
        rtol=1e-4,
    )


def test_causal_conv1d_output_ignores_later_steps():
    layer = layers.Conv1D(2, 3, padding="causal", dilation_rate=2)
    x = np.random.default_rng(0).normal(size=(1, 9, 2)).astype("float32")
    changed = x.copy()
    changed[:, 5:] += 10.0
    before = lamina.ops.convert_to_numpy(layer(x))
    after = lamina.ops.convert_to_numpy(layer(changed))
    np.testing.assert_allclose(after[:, :5], before[:, :5], rtol=1e-6, atol=1e-6)
    assert not np.allclose(after[:, 5:], before[:, 5:])


def test_conv1d_with_hand_set_weights_takes_differences():
    layer = layers.Conv1D(1, 2)
    layer.build((None, 4, 1))
    layer.set_weights([np.array([[[-1.0]], [[1.0]]], "float32"), np.array([0.5], "float32")])
    x = np.array([[[1.0], [4.0], [9.0], [16.0]]], "float32")
    out = lamina.ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(out[0, :, 0], [3.5, 5.5, 7.5])


def test_conv2d_with_hand_set_weights_sums_windows_channels_first():
    layer = layers.Conv2D(2, 2, data_format="channels_first", use_bias=False)
    layer.build((None, 1, 3, 3))
    kernel = np.zeros((2, 2, 1, 2), "float32")
    kernel[..., 0, 0] = 1.0  # filter 0: window sum
    kernel[0, 0, 0, 1] = 1.0  # filter 1: top-left tap
    layer.set_weights([kernel])
    x = np.arange(9, dtype="float32").reshape(1, 1, 3, 3)
    out = lamina.ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(out[0, 0], [[8.0, 12.0], [20.0, 24.0]])
    np.testing.assert_allclose(out[0, 1], [[0.0, 1.0], [3.0, 4.0]])


def test_conv_weights_have_keras_names_shapes_and_order():
    layer = layers.Conv2D(8, (3, 2), groups=2)
    layer.build((None, 10, 10, 4))
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [
        ("kernel", (3, 2, 2, 8)),
        ("bias", (8,)),
    ]
    assert [w.path for w in layer.weights] == [f"{layer.name}/kernel", f"{layer.name}/bias"]
    assert layer.count_params() == 3 * 2 * 2 * 8 + 8


def test_conv_config_has_keras_keys_and_round_trips():
    layer = layers.Conv3D(
        4, 2, strides=(1, 2, 1), padding="SAME", activation="relu", kernel_regularizer="l2"
    )
    config = layer.get_config()
    expected_keys = {
        "name", "trainable", "dtype", "filters", "kernel_size", "strides", "padding",
        "data_format", "dilation_rate", "groups", "activation", "use_bias",
        "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "bias_constraint",
    }  # fmt: skip
    assert set(config) == expected_keys
    assert config["kernel_size"] == (2, 2, 2)
    assert config["strides"] == (1, 2, 1)
    assert config["padding"] == "same"
    assert config["data_format"] == "channels_last"
    clone = layers.Conv3D.from_config(
        {k: list(v) if isinstance(v, tuple) else v for k, v in config.items()}
    )
    assert clone.get_config() == config


def test_conv_defaults_match_keras():
    layer = layers.Conv2D(4, 3)
    assert layer.strides == (1, 1)
    assert layer.padding == "valid"
    assert layer.dilation_rate == (1, 1)
    assert layer.groups == 1
    assert layer.use_bias is True
    assert layer.get_config()["kernel_initializer"]["class_name"] == "GlorotUniform"
    assert layer.get_config()["bias_initializer"]["class_name"] == "Zeros"


def test_data_format_none_follows_global_setting():
    previous = lamina.config.image_data_format()
    lamina.config.set_image_data_format("channels_first")
    try:
        layer = layers.Conv2D(5, 3)
    finally:
        lamina.config.set_image_data_format(previous)
    assert layer.data_format == "channels_first"
    assert tuple(layer(np.ones((1, 2, 6, 6), "float32")).shape) == (1, 5, 4, 4)


def test_conv_aliases_are_the_keras_ones():
    assert layers.Convolution1D is layers.Conv1D
    assert layers.Convolution2D is layers.Conv2D
    assert layers.Convolution3D is layers.Conv3D


def test_conv_accepts_unknown_spatial_sizes_symbolically():
    layer = layers.Conv1D(4, 3, strides=2)
    out = layer(lamina.SymbolicTensor((None, None, 3)))
    assert tuple(out.shape) == (None, None, 4)
    assert tuple(layer(np.ones((2, 9, 3), "float32")).shape) == (2, 4, 4)
