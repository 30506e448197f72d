"""ConvLSTM2D against the NumPy ConvLSTM equations, in both data formats and paddings, and its
Keras weight layout, config and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.layers.rnn.test_conv_lstm_cell import conv_lstm_reference, weights_of
from tests.support.layer_check import check_layer

RNG = np.random.default_rng(0)


def test_conv_lstm2d_basics():
    check_layer(
        layers.ConvLSTM2D,
        {"filters": 2, "kernel_size": 3, "padding": "same", "bias_initializer": "uniform"},
        input_shape=(2, 3, 5, 4, 2),
        expected_output_shape=(2, 5, 4, 2),
        expected_num_weights=3,
        expected_num_trainable_weights=3,
        reference=lambda x, w: conv_lstm_reference(x, w, padding="same")[0],
    )


def test_conv_lstm2d_channels_first_valid_strided_sequences_backwards():
    check_layer(
        layers.ConvLSTM2D,
        {
            "filters": 2,
            "kernel_size": 3,
            "strides": (1, 2),
            "data_format": "channels_first",
            "return_sequences": True,
            "go_backwards": True,
            "use_bias": False,
        },
        input_shape=(2, 3, 2, 5, 5),
        expected_output_shape=(2, 3, 2, 3, 2),
        expected_num_weights=2,
        check_models=False,
        check_training_step=False,
        reference=lambda x, w: conv_lstm_reference(
            x, w, strides=(1, 2), channels_first=True, go_backwards=True
        )[1],
    )


def test_conv_lstm2d_backwards_with_mask_initial_state_and_states():
    x = RNG.normal(size=(2, 3, 5, 4, 2)).astype("float32")
    mask = np.array([[1, 0, 1], [0, 1, 1]], bool)
    initial = [RNG.normal(size=(2, 3, 2, 2)).astype("float32") for _ in range(2)]
    layer = layers.ConvLSTM2D(
        2,
        3,
        return_sequences=True,
        return_state=True,
        go_backwards=True,
        bias_initializer="uniform",
    )
    output, h, c = layer(
        ops.convert_to_tensor(x),
        initial_state=[ops.convert_to_tensor(s) for s in initial],
        mask=ops.convert_to_tensor(mask),
    )
    _, want, (want_h, want_c) = conv_lstm_reference(
        x, weights_of(layer), initial_states=initial, mask=mask, go_backwards=True
    )
    np.testing.assert_allclose(ops.convert_to_numpy(output), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(h), want_h, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(c), want_c, rtol=1e-5, atol=1e-5)


def test_conv_lstm2d_weights_have_keras_layout_and_names():
    layer = layers.ConvLSTM2D(2, 3, name="frames")
    layer.build((2, 3, 5, 4, 2))
    assert [(w.path, w.shape) for w in layer.weights] == [
        ("frames/conv_lstm_cell/kernel", (3, 3, 2, 8)),
        ("frames/conv_lstm_cell/recurrent_kernel", (3, 3, 2, 8)),
        ("frames/conv_lstm_cell/bias", (8,)),
    ]
    assert layer.cell.bias.numpy().tolist() == [0.0] * 2 + [1.0] * 2 + [0.0] * 4
    assert layer.filters == 2 and layer.kernel_size == (3, 3) and layer.strides == (1, 1)
    assert layers.ConvLSTM2D(1, 1).name.startswith("conv_lstm2d")


def test_conv_lstm2d_config_round_trip_keeps_arguments():
    layer = layers.ConvLSTM2D(
        4,
        (3, 2),
        strides=2,
        padding="same",
        data_format="channels_first",
        activation="relu",
        dropout=0.25,
        recurrent_dropout=0.5,
        unit_forget_bias=False,
        return_state=True,
        stateful=True,
        seed=7,
        kernel_regularizer="l2",
    )
    config = layer.get_config()
    assert "cell" not in config and "rank" not in config
    assert config["kernel_size"] == (3, 2) and config["strides"] == (2, 2)
    assert config["data_format"] == "channels_first" and config["recurrent_dropout"] == 0.5
    assert config["activity_regularizer"] is None and config["seed"] == 7
    assert layers.ConvLSTM2D.from_config(config).get_config() == config


def test_conv_lstm2d_symbolic_shapes_with_states():
    layer = layers.ConvLSTM2D(2, 3, strides=2, padding="same", return_state=True)
    output, h, c = layer(lamina.Input((4, 5, 6, 2)))
    assert tuple(output.shape) == tuple(h.shape) == tuple(c.shape) == (None, 3, 3, 2)
    assert layer.compute_output_shape((1, 4, 5, 6, 2)) == ((1, 3, 3, 2),) * 3


def test_conv_lstm2d_rejects_wrong_rank():
    layer = layers.ConvLSTM2D(2, 3, name="clstm_rank")
    with pytest.raises(
        ValueError, match=r"ConvLSTM2D 'clstm_rank' expects.*rank 5.*\(2, 4, 5, 3\)"
    ):
        layer(ops.ones((2, 4, 5, 3)))
    with pytest.raises(ValueError, match=r"ConvLSTM2D 'clstm_rank' expects.*\(None, 4, 5, 3\)"):
        layer(lamina.Input((4, 5, 3)))


def test_conv_lstm2d_rejects_other_step_shape_and_bad_initial_state():
    layer = layers.ConvLSTM2D(2, 3, name="clstm_shape")
    layer.build((2, 3, 5, 4, 2))
    with pytest.raises(ValueError, match=r"'clstm_shape' was built for steps of shape \(5, 4, 2\)"):
        layer(ops.ones((2, 3, 5, 5, 2)))
    wrong = [ops.zeros((2, 3, 2, 2)), ops.zeros((2, 3, 3, 2))]
    with pytest.raises(
        ValueError,
        match=r"'clstm_shape': initial_state must be \[h, c\].*\(2, 3, 2, 2\).*\(2, 3, 3, 2\)",
    ):
        layer(ops.ones((2, 3, 5, 4, 2)), initial_state=wrong)
    with pytest.raises(ValueError, match=r"'clstm_shape': initial_state must be \[h, c\]"):
        layer(lamina.Input((3, 5, 4, 2)), initial_state=[lamina.Input((3, 2, 2))])
