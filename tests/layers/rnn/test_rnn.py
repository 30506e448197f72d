"""The generic RNN layer: user-written cells, stacked cells, masks, stateful RNNs, shapes,
config, and its errors."""

from __future__ import annotations

import re

import numpy as np
import pytest

import lamina
from lamina import layers, ops
from lamina.saving import keras_layout
from tests.layers.rnn.rnn_reference import MASKS, layer_reference, lstm_step, run_rnn
from tests.support.layer_check import check_layer

RNG = np.random.default_rng(0)


class MinimalRNNCell(layers.Layer):
    """The cell of Keras's RNN documentation: `h = x W + h U`."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units), name="recurrent_kernel"
        )

    def call(self, inputs, states):
        output = ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel)
        return output, [output]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class MinimalRNN(layers.RNN):
    """An RNN that knows how to rebuild its user-written cell from a config."""

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return super().from_config(config, custom_objects={"MinimalRNNCell": MinimalRNNCell})


class DoublingCell(layers.Layer):
    """Outputs `[h, 2 h]` (output_size != state_size) for `h = tanh(x W + h)`; no build."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.state_size = [2]
        self.output_size = 4
        self.kernel = lamina.Variable(RNG.normal(size=(3, 2)).astype("float32"), name="kernel")

    def call(self, inputs, states, training=None):
        h = ops.tanh(ops.matmul(inputs, self.kernel) + states[0])
        return ops.concatenate([h, 2.0 * h], axis=-1), [h]


def _minimal_reference(x, w):
    def step(x_t, states):
        h = x_t @ w["kernel"] + states[0] @ w["recurrent_kernel"]
        return h, [h]

    return run_rnn(step, x, [np.zeros((x.shape[0], w["kernel"].shape[1]))])


def test_rnn_with_user_cell_basics():
    check_layer(
        MinimalRNN,
        {"cell": MinimalRNNCell(3), "return_sequences": True},
        input_shape=(2, 4, 5),
        expected_output_shape=(2, 4, 3),
        expected_num_weights=2,
        reference=lambda x, w: _minimal_reference(x, w)[1],
    )


def test_rnn_with_builtin_cell_basics():
    check_layer(
        layers.RNN,
        {"cell": layers.LSTMCell(3), "go_backwards": True},
        input_shape=(2, 4, 5),
        expected_output_shape=(2, 3),
        expected_num_weights=3,
        reference=lambda x, w: layer_reference("lstm", x, w, go_backwards=True)[0],
    )


@pytest.mark.parametrize("zero_output_for_mask", [False, True])
def test_rnn_masks_track_outputs_that_differ_from_states(zero_output_for_mask):
    cell = DoublingCell()
    layer = layers.RNN(
        cell, return_sequences=True, return_state=True, zero_output_for_mask=zero_output_for_mask
    )
    x = RNG.normal(size=(4, 6, 3)).astype("float32")
    mask = MASKS["arbitrary"]
    output, state = layer(ops.convert_to_tensor(x), mask=ops.convert_to_tensor(mask))
    kernel = cell.kernel.numpy()

    def step(x_t, states):
        h = np.tanh(x_t @ kernel + states[0])
        return np.concatenate([h, 2 * h], axis=-1), [h]

    _, want, want_states = run_rnn(
        step, x, [np.zeros((4, 2))], mask, zero_output_for_mask=zero_output_for_mask
    )
    np.testing.assert_allclose(ops.convert_to_numpy(output), want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(state), want_states[0], rtol=1e-5, atol=1e-6)
    assert layer.compute_output_shape((4, 6, 3)) == ((4, 6, 4), (4, 2))


def test_rnn_over_a_list_of_cells_stacks_them():
    layer = layers.RNN([layers.LSTMCell(4), layers.LSTMCell(2)], return_state=True)
    x = RNG.normal(size=(3, 5, 6)).astype("float32")
    output, states_1, states_2 = layer(ops.convert_to_tensor(x))
    assert isinstance(layer.cell, layers.StackedRNNCells)
    first, second = layer.cell.cells
    w1 = {w.name: w.numpy() for w in first.weights}
    w2 = {w.name: w.numpy() for w in second.weights}

    def step(x_t, states):
        h1, s1 = lstm_step(x_t, states[:2], w1)
        h2, s2 = lstm_step(h1, states[2:], w2)
        return h2, s1 + s2

    zeros = [np.zeros((3, 4))] * 2 + [np.zeros((3, 2))] * 2
    want_last, _, want_states = run_rnn(step, x, zeros)
    np.testing.assert_allclose(ops.convert_to_numpy(output), want_last, rtol=1e-5, atol=1e-6)
    got = [ops.convert_to_numpy(s) for s in [*states_1, *states_2]]
    for value, expected in zip(got, want_states):
        np.testing.assert_allclose(value, expected, rtol=1e-5, atol=1e-6)
    path = r"rnn(_\d+)?/stacked_rnn_cells(_\d+)?/lstm_cell(_\d+)?/kernel"
    assert re.fullmatch(path, layer.weights[0].path), layer.weights[0].path


def test_rnn_stacked_cells_take_flat_initial_states():
    layer = layers.RNN([layers.LSTMCell(2), layers.LSTMCell(2)], return_state=True)
    x = ops.convert_to_tensor(RNG.normal(size=(3, 5, 4)).astype("float32"))
    flat = [ops.convert_to_tensor(RNG.normal(size=(3, 2)).astype("float32")) for _ in range(4)]
    from_flat = layer(x, initial_state=flat)
    from_nested = layer(x, initial_state=[flat[:2], flat[2:]])
    for a, b in zip(from_flat[1:], from_nested[1:]):
        for u, v in zip(a, b):
            np.testing.assert_allclose(ops.convert_to_numpy(u), ops.convert_to_numpy(v))


def test_rnn_symbolic_return_state_shapes_and_masks():
    inputs = lamina.Input((7, 3))
    output, h, c = layers.LSTM(5, return_sequences=True, return_state=True)(inputs)
    assert (output.shape, h.shape, c.shape) == ((None, 7, 5), (None, 5), (None, 5))
    layer = layers.GRU(4, return_sequences=True, return_state=True)
    mask = ops.ones((2, 7), dtype="bool")
    output_mask, state_mask = layer.compute_mask(ops.ones((2, 7, 3)), mask)
    assert output_mask is mask and state_mask is None
    assert layers.GRU(4).compute_mask(ops.ones((2, 7, 3)), mask) is None


def test_rnn_receives_embedding_mask_in_a_functional_model():
    inputs = lamina.Input((None,), dtype="int32")
    embedded = layers.Embedding(10, 3, mask_zero=True)(inputs)
    lstm = layers.LSTM(4)
    model = lamina.Model(inputs, lstm(embedded))
    tokens = np.array([[3, 1, 4, 0, 0], [2, 7, 1, 8, 2]], "int32")
    padded = ops.convert_to_numpy(model(tokens))
    unpadded = ops.convert_to_numpy(model(tokens[:1, :3]))
    np.testing.assert_allclose(padded[:1], unpadded, rtol=1e-5, atol=1e-6)


def test_stateful_rnn_carries_states_between_calls():
    layer = layers.LSTM(3, stateful=True, return_state=True)
    x = RNG.normal(size=(2, 4, 5)).astype("float32")
    _, h1, c1 = layer(ops.convert_to_tensor(x))
    output, h2, c2 = layer(ops.convert_to_tensor(x))
    weights = {w.name: w.numpy() for w in layer.weights}
    initial = [ops.convert_to_numpy(h1), ops.convert_to_numpy(c1)]
    want_last, _, _ = layer_reference("lstm", x, weights, initial_states=initial)
    np.testing.assert_allclose(ops.convert_to_numpy(output), want_last, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layer.states[0].numpy(), ops.convert_to_numpy(h2), atol=1e-6)
    layer.reset_states()
    assert not layer.states[0].numpy().any() and not layer.states[1].numpy().any()
    fresh, _, _ = layer(ops.convert_to_tensor(x))
    want_fresh = layer_reference("lstm", x, weights)[0]
    np.testing.assert_allclose(ops.convert_to_numpy(fresh), want_fresh, rtol=1e-5, atol=1e-5)


def test_stateful_states_are_variables_but_not_weights():
    model = lamina.Sequential(
        [lamina.Input((4, 5), batch_size=2), layers.GRU(3, stateful=True), layers.Dense(1)]
    )
    gru = model.layers[0]
    assert len(gru.states) == 1 and gru.states[0].shape == (2, 3)
    assert len(model.weights) == 5
    assert any(v is gru.states[0] for v in model.non_trainable_variables)
    assert not any(v is gru.states[0] for v in model.trainable_variables)
    saved = [p for p, _ in keras_layout.walk(model)]
    assert "layers/gru/cell" in saved
    assert keras_layout.own_variables(gru) == []


def test_stateful_rnn_errors():
    with pytest.raises(ValueError, match=r"LSTM 'stateful_lstm': a stateful RNN needs a fixed"):
        lamina.Sequential(
            [lamina.Input((4, 5)), layers.LSTM(3, stateful=True, name="stateful_lstm")]
        )
    layer = layers.LSTM(3, stateful=True, name="batch_lstm")
    layer(ops.ones((2, 4, 5)))
    with pytest.raises(ValueError, match=r"LSTM 'batch_lstm' is stateful with a batch size of 2"):
        layer(ops.ones((3, 4, 5)))


def test_rnn_config_round_trip_with_user_cell():
    layer = layers.RNN(MinimalRNNCell(3, name="minimal"), return_sequences=True, unroll=True)
    config = layer.get_config()
    assert config["cell"]["class_name"] == "MinimalRNNCell"
    clone = layers.RNN.from_config(config, custom_objects={"MinimalRNNCell": MinimalRNNCell})
    assert isinstance(clone.cell, MinimalRNNCell) and clone.cell.units == 3
    assert clone.unroll and clone.return_sequences


def test_rnn_rejects_objects_that_are_not_cells():
    with pytest.raises(ValueError, match=r"RNN 'not_a_cell': the cell must have a call"):
        layers.RNN(layers.Dense(3), name="not_a_cell")


def test_rnn_rejects_two_dimensional_input():
    layer = layers.RNN(layers.GRUCell(2), name="rnn_rank")
    with pytest.raises(ValueError, match=r"RNN 'rnn_rank' expects sequences.*\(3, 4\)"):
        layer(ops.ones((3, 4)))
    with pytest.raises(ValueError, match=r"RNN 'rnn_rank' expects sequences.*\(None, 4\)"):
        layer(lamina.Input((4,)))


def test_rnn_skips_steps_masked_by_a_masking_layer():
    x = RNG.normal(size=(2, 5, 3)).astype("float32")
    x[0, 3:] = 0.0
    x[1, 1] = 0.0
    model = lamina.Sequential(
        [lamina.Input((5, 3)), layers.Masking(0.0), layers.SimpleRNN(4, return_sequences=True)]
    )
    output = ops.convert_to_numpy(model(x))
    rnn = model.layers[-1]
    weights = {w.name: w.numpy() for w in rnn.weights}
    _, want, _ = layer_reference("simple", x, weights, mask=np.any(x != 0.0, axis=-1))
    np.testing.assert_allclose(output, want, rtol=1e-5, atol=1e-6)
    # A masked step repeats the previous output.
    np.testing.assert_array_equal(output[0, 4], output[0, 2])
    np.testing.assert_array_equal(output[1, 1], output[1, 0])
