"""SimpleRNNCell and SimpleRNN against the NumPy equation, and their errors."""

from __future__ import annotations

import numpy as np
import pytest

from lamina import layers, ops
from tests.layers.rnn.rnn_reference import (
    MASKS,
    check_against_reference,
    layer_reference,
    simple_rnn_step,
)
from tests.support.layer_check import check_layer

RNG = np.random.default_rng(0)


def test_simple_rnn_basics():
    check_layer(
        layers.SimpleRNN,
        {"units": 3},
        input_shape=(2, 4, 5),
        expected_output_shape=(2, 3),
        expected_num_weights=3,
        expected_num_trainable_weights=3,
        reference=lambda x, w: layer_reference("simple", x, w)[0],
    )


def test_simple_rnn_linear_sequences_unrolled():
    check_layer(
        layers.SimpleRNN,
        {"units": 3, "activation": None, "return_sequences": True, "unroll": True},
        input_shape=(2, 4, 5),
        expected_output_shape=(2, 4, 3),
        reference=lambda x, w: layer_reference("simple", x, w, activation=lambda v: v)[1],
    )


def test_simple_rnn_cell_matches_equation():
    x = RNG.normal(size=(2, 5)).astype("float32")
    h = RNG.normal(size=(2, 3)).astype("float32")
    cell = layers.SimpleRNNCell(3, bias_initializer="uniform")
    output, states = cell(ops.convert_to_tensor(x), [ops.convert_to_tensor(h)])
    want, _ = simple_rnn_step(x, [h], {w.name: w.numpy() for w in cell.weights})
    np.testing.assert_allclose(ops.convert_to_numpy(output), want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(states[0]), want, rtol=1e-5, atol=1e-6)
    assert cell.state_size == 3 and cell.output_size == 3


@pytest.mark.parametrize("mask_name", ["right_padded", "arbitrary"])
def test_simple_rnn_matches_reference_backwards_with_masks(mask_name):
    x = RNG.normal(size=(4, 6, 3)).astype("float32")
    initial = [RNG.normal(size=(4, 5)).astype("float32")]
    layer = layers.SimpleRNN(
        5, return_sequences=True, return_state=True, go_backwards=True, bias_initializer="uniform"
    )
    check_against_reference(layer, "simple", x, MASKS[mask_name], initial)


def test_simple_rnn_weight_names_and_config():
    layer = layers.SimpleRNN(4, name="rnn_layer", recurrent_dropout=0.1)
    layer(ops.ones((2, 3, 5)))
    assert [w.path for w in layer.weights] == [
        "rnn_layer/simple_rnn_cell/kernel",
        "rnn_layer/simple_rnn_cell/recurrent_kernel",
        "rnn_layer/simple_rnn_cell/bias",
    ]
    config = layer.get_config()
    assert config["recurrent_dropout"] == 0.1 and config["activation"] == "tanh"
    assert layers.SimpleRNN.from_config(config).get_config() == config


def test_simple_rnn_rejects_two_dimensional_input():
    with pytest.raises(ValueError, match=r"SimpleRNN 'srnn' expects sequences.*\(4, 5\)"):
        layers.SimpleRNN(3, name="srnn")(ops.ones((4, 5)))


def test_simple_rnn_cell_rejects_bad_units():
    with pytest.raises(ValueError, match="SimpleRNNCell 'cell_units': units must be a positive"):
        layers.SimpleRNNCell(-2, name="cell_units")


def test_simple_rnn_cell_needs_a_known_feature_axis():
    with pytest.raises(ValueError, match=r"SimpleRNNCell 'cell_axis' needs a known feature axis"):
        layers.SimpleRNNCell(2, name="cell_axis").build((None, None))
