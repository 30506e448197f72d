"""Bidirectional: merge modes, masks, states and a custom backward layer against the NumPy
reference of both directions, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from lamina.saving import keras_layout
from tests.layers.rnn.rnn_reference import MASKS, layer_reference
from tests.support.layer_check import check_layer

RNG = np.random.default_rng(0)


def _weights(layer):
    return {w.name: w.numpy() for w in layer.weights}


def _directions(bidirectional, x, mask=None, kind="lstm"):
    """Reference outputs of the forward and backward layers (masked steps give zeros when
    the layers return sequences)."""
    zeros = bidirectional.return_sequences
    forward = layer_reference(
        kind, x, _weights(bidirectional.forward_layer), mask=mask, zero_output_for_mask=zeros
    )
    backward = layer_reference(
        kind,
        x,
        _weights(bidirectional.backward_layer),
        mask=mask,
        go_backwards=True,
        zero_output_for_mask=zeros,
    )
    return forward, backward


MERGES = {
    "concat": lambda a, b: np.concatenate([a, b], axis=-1),
    "sum": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "ave": lambda a, b: (a + b) / 2,
}


def test_bidirectional_basics():
    # Both directions name their weights alike, so the values are checked in the tests below.
    layer = check_layer(
        layers.Bidirectional,
        {"layer": layers.GRU(3)},
        input_shape=(2, 4, 5),
        expected_output_shape=(2, 6),
        expected_num_weights=6,
    )
    assert layer.forward_layer.name.startswith("forward_gru")
    assert layer.backward_layer.name.startswith("backward_gru")
    assert layer.backward_layer.go_backwards and not layer.forward_layer.go_backwards


@pytest.mark.parametrize("merge_mode", sorted(MERGES))
def test_bidirectional_merge_modes_with_mask(merge_mode):
    x = RNG.normal(size=(4, 6, 3)).astype("float32")
    mask = MASKS["right_padded"]
    layer = layers.Bidirectional(layers.LSTM(5, return_sequences=True), merge_mode=merge_mode)
    output = layer(ops.convert_to_tensor(x), mask=ops.convert_to_tensor(mask))
    (_, forward, _), (_, backward, _) = _directions(layer, x, mask)
    want = MERGES[merge_mode](forward, backward[:, ::-1])
    np.testing.assert_allclose(ops.convert_to_numpy(output), want, rtol=1e-5, atol=1e-5)
    # Masked steps are zeros in both directions, so they line up after the flip.
    assert np.all(ops.convert_to_numpy(output)[~mask] == 0.0)


def test_bidirectional_without_merge_returns_states_of_both_directions():
    x = RNG.normal(size=(4, 6, 3)).astype("float32")
    mask = MASKS["arbitrary"]
    layer = layers.Bidirectional(layers.LSTM(3, return_state=True), merge_mode=None)
    forward, backward, h_f, c_f, h_b, c_b = layer(
        ops.convert_to_tensor(x), mask=ops.convert_to_tensor(mask)
    )
    (last_f, _, states_f), (last_b, _, states_b) = _directions(layer, x, mask)
    got = [forward, backward, h_f, c_f, h_b, c_b]
    want = [last_f, last_b, *states_f, *states_b]
    for value, expected in zip(got, want):
        np.testing.assert_allclose(ops.convert_to_numpy(value), expected, rtol=1e-5, atol=1e-5)
    assert layer.compute_output_shape((4, 6, 3)) == ((4, 3),) * 6


def test_bidirectional_initial_state_halves_and_custom_backward_layer():
    backward = layers.SimpleRNN(4, go_backwards=True, return_sequences=True, name="back")
    layer = layers.Bidirectional(layers.LSTM(4, return_sequences=True), backward_layer=backward)
    x = RNG.normal(size=(2, 5, 3)).astype("float32")
    states = [RNG.normal(size=(2, 4)).astype("float32") for _ in range(3)]
    output = layer(
        ops.convert_to_tensor(x), initial_state=[ops.convert_to_tensor(s) for s in states]
    )
    assert layer.backward_layer is backward
    want_f = layer_reference(
        "lstm", x, _weights(layer.forward_layer), initial_states=[states[0], states[1]]
    )[1]
    want_b = layer_reference(
        "simple", x, _weights(backward), initial_states=[states[2]], go_backwards=True
    )[1]
    want = np.concatenate([want_f, want_b[:, ::-1]], axis=-1)
    np.testing.assert_allclose(ops.convert_to_numpy(output), want, rtol=1e-5, atol=1e-5)


def test_bidirectional_symbolic_and_masks_and_saving_layout():
    inputs = lamina.Input((7, 3))
    layer = layers.Bidirectional(layers.GRU(4, return_sequences=True, name="gru"), name="bi")
    outputs = layer(inputs)
    assert outputs.shape == (None, 7, 8)
    mask = ops.ones((2, 7), dtype="bool")
    assert layer.compute_mask(ops.ones((2, 7, 3)), mask) is mask
    model = lamina.Sequential([lamina.Input((7, 3)), layer])
    paths = [p for p, _ in keras_layout.walk(model)]
    assert "layers/bidirectional/forward_layer/cell" in paths
    assert "layers/bidirectional/backward_layer/cell" in paths
    assert [w.path for w in layer.weights][0] == "bi/forward_gru/gru_cell/kernel"


def test_bidirectional_config_round_trip():
    layer = layers.Bidirectional(
        layers.LSTM(3, return_sequences=True),
        merge_mode="sum",
        backward_layer=layers.GRU(3, return_sequences=True, go_backwards=True),
    )
    config = layer.get_config()
    clone = layers.Bidirectional.from_config(config)
    assert clone.merge_mode == "sum"
    assert isinstance(clone.backward_layer, layers.GRU)
    assert clone.get_config()["layer"]["config"]["name"] == config["layer"]["config"]["name"]


def test_bidirectional_stateful_reset():
    layer = layers.Bidirectional(layers.LSTM(2, stateful=True))
    layer(ops.ones((3, 4, 2)))
    assert len(layer.states) == 4
    assert any(v.numpy().any() for v in layer.states)
    layer.reset_states()
    assert not any(v.numpy().any() for v in layer.states)
    with pytest.raises(AttributeError, match="Bidirectional 'not_stateful' wraps a layer"):
        layers.Bidirectional(layers.LSTM(2), name="not_stateful").reset_state()


def test_bidirectional_weights_argument():
    template = layers.Bidirectional(layers.LSTM(2))
    template(ops.ones((1, 3, 4)))
    weights = template.get_weights()
    layer = layers.Bidirectional(layers.LSTM(2), weights=weights)
    layer(ops.ones((1, 3, 4)))
    for a, b in zip(layer.get_weights(), weights):
        np.testing.assert_array_equal(a, b)


def test_bidirectional_errors():
    with pytest.raises(ValueError, match="Bidirectional 'bi_mode': merge_mode must be one of"):
        layers.Bidirectional(layers.LSTM(2), merge_mode="max", name="bi_mode")
    with pytest.raises(ValueError, match="Bidirectional 'bi_layer': layer must be a lamina"):
        layers.Bidirectional("lstm", name="bi_layer")
    with pytest.raises(ValueError, match="Bidirectional 'bi_dir': the forward and backward"):
        layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(2), name="bi_dir")
    with pytest.raises(ValueError, match="Bidirectional 'bi_seq'.*same return_sequences"):
        layers.Bidirectional(
            layers.LSTM(2, return_sequences=True),
            backward_layer=layers.LSTM(2, go_backwards=True),
            name="bi_seq",
        )


def test_bidirectional_rejects_a_backward_layer_that_is_not_a_layer():
    with pytest.raises(ValueError, match="Bidirectional 'bi_back': backward_layer must be"):
        layers.Bidirectional(layers.LSTM(2), backward_layer="lstm", name="bi_back")
