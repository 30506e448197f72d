"""LSTMCell and LSTM against the NumPy step-by-step equations, their weight layout and errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from tests.layers.rnn.rnn_reference import (
    MASKS,
    check_against_reference,
    layer_reference,
    lstm_step,
)
from tests.support.layer_check import check_layer

RNG = np.random.default_rng(0)


def test_lstm_basics():
    check_layer(
        layers.LSTM,
        {"units": 3},
        input_shape=(2, 4, 5),
        expected_output_shape=(2, 3),
        expected_num_weights=3,
        expected_num_trainable_weights=3,
        reference=lambda x, w: layer_reference("lstm", x, w)[0],
    )


def test_lstm_sequences_backwards_without_bias():
    check_layer(
        layers.LSTM,
        {"units": 3, "return_sequences": True, "go_backwards": True, "use_bias": False},
        input_shape=(2, 4, 5),
        expected_output_shape=(2, 4, 3),
        expected_num_weights=2,
        reference=lambda x, w: layer_reference("lstm", x, w, go_backwards=True)[1],
    )


def test_lstm_cell_basics():
    x = RNG.normal(size=(2, 5)).astype("float32")
    states = [RNG.normal(size=(2, 3)).astype("float32") for _ in range(2)]
    cell = layers.LSTMCell(3, bias_initializer="uniform", unit_forget_bias=False)
    h, (h2, c) = cell(ops.convert_to_tensor(x), [ops.convert_to_tensor(s) for s in states])
    want_h, (_, want_c) = lstm_step(x, states, {w.name: w.numpy() for w in cell.weights})
    np.testing.assert_allclose(ops.convert_to_numpy(h), want_h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(c), want_c, rtol=1e-5, atol=1e-6)
    assert cell.state_size == [3, 3] and cell.output_size == 3


@pytest.mark.parametrize("mask_name", sorted(MASKS))
@pytest.mark.parametrize("go_backwards", [False, True])
def test_lstm_matches_reference_with_masks(mask_name, go_backwards):
    x = RNG.normal(size=(4, 6, 3)).astype("float32")
    initial = [RNG.normal(size=(4, 5)).astype("float32") for _ in range(2)]
    layer = layers.LSTM(
        5,
        return_sequences=True,
        return_state=True,
        go_backwards=go_backwards,
        bias_initializer="uniform",
    )
    check_against_reference(layer, "lstm", x, MASKS[mask_name], initial)


def test_lstm_zero_output_for_mask_and_custom_activations():
    x = RNG.normal(size=(4, 6, 3)).astype("float32")
    layer = layers.LSTM(
        4,
        activation="relu",
        recurrent_activation="hard_sigmoid",
        return_sequences=True,
        return_state=True,
        zero_output_for_mask=True,
    )
    hard_sigmoid = lambda v: np.clip(v / 6.0 + 0.5, 0.0, 1.0)  # noqa: E731
    check_against_reference(
        layer,
        "lstm",
        x,
        MASKS["right_padded"],
        activation=lambda v: np.maximum(v, 0.0),
        recurrent_activation=hard_sigmoid,
    )


def test_lstm_weights_have_keras_layout_and_names():
    layer = layers.LSTM(4, name="encoder")
    layer(ops.ones((2, 3, 5)))
    assert [(w.path, w.shape) for w in layer.weights] == [
        ("encoder/lstm_cell/kernel", (5, 16)),
        ("encoder/lstm_cell/recurrent_kernel", (4, 16)),
        ("encoder/lstm_cell/bias", (16,)),
    ]
    # unit_forget_bias: the forget gate (second block of i, f, c, o) starts at 1.
    assert layer.cell.bias.numpy().tolist() == [0.0] * 4 + [1.0] * 4 + [0.0] * 8
    assert layer.cell is layer.layers[0]
    assert layer.units == 4 and layer.unit_forget_bias


def test_lstm_config_round_trip_keeps_arguments():
    layer = layers.LSTM(
        3,
        activation="relu",
        dropout=0.25,
        recurrent_dropout=0.5,
        unit_forget_bias=False,
        return_state=True,
        go_backwards=True,
        seed=7,
        kernel_regularizer="l2",
    )
    config = layer.get_config()
    assert "cell" not in config
    clone = layers.LSTM.from_config(config)
    assert clone.get_config() == config
    assert config["units"] == 3 and config["recurrent_dropout"] == 0.5 and config["seed"] == 7


def test_lstm_dropout_only_while_training():
    x = ops.convert_to_tensor(RNG.normal(size=(3, 5, 4)).astype("float32"))
    layer = layers.LSTM(6, dropout=0.5, recurrent_dropout=0.3, seed=1)
    inference = ops.convert_to_numpy(layer(x))
    weights = {w.name: w.numpy() for w in layer.weights}
    np.testing.assert_allclose(
        inference, layer_reference("lstm", ops.convert_to_numpy(x), weights)[0], atol=1e-5
    )
    trained = ops.convert_to_numpy(layer(x, training=True))
    assert not np.allclose(trained, inference)
    assert np.all(np.isfinite(trained))
    # Masks are drawn per call, and cleared after it.
    assert layer.cell._dropout_mask is None and layer.cell._recurrent_dropout_mask is None


def test_lstm_rejects_two_dimensional_input():
    layer = layers.LSTM(3, name="lstm_2d")
    with pytest.raises(ValueError, match=r"LSTM 'lstm_2d' expects sequences.*shape \(4, 5\)"):
        layer(ops.ones((4, 5)))


def test_lstm_rejects_initial_state_of_wrong_shape():
    layer = layers.LSTM(3, name="lstm_state")
    x = ops.ones((2, 4, 5))
    wrong = [ops.zeros((2, 3)), ops.zeros((2, 4))]
    with pytest.raises(
        ValueError, match=r"LSTM 'lstm_state': initial_state.*\[\(2, 3\), \(2, 3\)\].*\(2, 4\)"
    ):
        layer(x, initial_state=wrong)
    with pytest.raises(ValueError, match=r"LSTM 'lstm_state': initial_state.*received shapes"):
        layer(x, initial_state=[ops.zeros((2, 3))])


def test_lstm_rejects_symbolic_initial_state_of_wrong_shape():
    layer = layers.LSTM(3, name="lstm_symbolic")
    x = lamina.Input((4, 5))
    wrong = [lamina.Input((3,)), lamina.Input((7,))]
    with pytest.raises(ValueError, match=r"LSTM 'lstm_symbolic': initial_state.*\(None, 7\)"):
        layer(x, initial_state=wrong)


def test_lstm_rejects_bad_use_cudnn_and_impossible_fused_kernel():
    with pytest.raises(ValueError, match="LSTM 'lstm_cudnn': use_cudnn must be"):
        layers.LSTM(3, use_cudnn="yes", name="lstm_cudnn")
    layer = layers.LSTM(3, recurrent_dropout=0.5, use_cudnn=True, name="lstm_forced")
    with pytest.raises(ValueError, match="LSTM 'lstm_forced': use_cudnn=True, but the fused"):
        layer(ops.ones((2, 4, 5)))


def test_lstm_cell_rejects_bad_units():
    with pytest.raises(ValueError, match="LSTMCell 'bad_cell': units must be a positive int"):
        layers.LSTMCell(0, name="bad_cell")


def test_lstm_regularizers_add_losses_and_constraints_are_kept():
    layer = layers.LSTM(
        3,
        kernel_regularizer=lamina.regularizers.L2(0.1),
        recurrent_regularizer=lamina.regularizers.L1(0.2),
        kernel_constraint="non_neg",
    )
    layer(ops.ones((2, 4, 5)))
    kernel, recurrent = layer.cell.kernel.numpy(), layer.cell.recurrent_kernel.numpy()
    losses = sorted(float(ops.convert_to_numpy(loss)) for loss in layer.losses)
    want = sorted([0.1 * float(np.sum(kernel**2)), 0.2 * float(np.sum(np.abs(recurrent)))])
    np.testing.assert_allclose(losses, want, rtol=1e-5)
    assert layer.cell.kernel.constraint is layer.kernel_constraint
